"""A few published deep-learning milestones, with their sources, and the ImageNet error chart of notebook 01.

Every number here is quoted from a publication named next to it; nothing is estimated.

``IMAGENET_WINNERS`` holds the winning classification entry of each ImageNet Large Scale Visual
Recognition Challenge (ILSVRC) from 2010 to 2015, with its top-5 error on the test set: the share of
test images whose true label is not among the five labels the entry names. The challenge and its
results are described by Russakovsky et al. (2015), *ImageNet Large Scale Visual Recognition
Challenge*, International Journal of Computer Vision 115(3), 211-252. The errors are those of the
entries trained on the challenge's own training images only, as in the years before and after; in
2012 and 2013 the winners also submitted entries trained with extra images (``with_extra_data``).

``HUMAN_TOP5_ERROR`` is the top-5 error of the better of two trained human annotators on a sample of
the test images (Russakovsky et al. 2015, section 6.4; that annotator was Andrej Karpathy).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImageNetWinner:
    """One year's winning ILSVRC classification entry.

    Attributes
    ----------
    year : int
    team : str
        The team's name in the challenge results.
    model : str
        The name the network is known by ("" for the entries before deep networks).
    top5_error : float
        Top-5 test error in percent, trained on the challenge's training images only.
    deep : bool
        Whether the entry was a deep (convolutional) network.
    source : str
        Where the number is published.
    with_extra_data : float or None
        The same team's top-5 error when trained with extra images, if it submitted such an entry.
    """

    year: int
    team: str
    model: str
    top5_error: float
    deep: bool
    source: str
    with_extra_data: float | None = None


IMAGENET_WINNERS = (
    ImageNetWinner(2010, "NEC-UIUC", "", 28.2, False, "Russakovsky et al. 2015, IJCV"),
    ImageNetWinner(2011, "XRCE", "", 25.8, False, "Russakovsky et al. 2015, IJCV"),
    ImageNetWinner(2012, "SuperVision", "AlexNet", 16.4, True,
                   "Krizhevsky, Sutskever & Hinton 2012, NeurIPS; Russakovsky et al. 2015, IJCV", 15.3),
    ImageNetWinner(2013, "Clarifai", "", 11.7, True, "Zeiler & Fergus 2014, ECCV; Russakovsky et al. 2015, IJCV",
                   11.2),
    ImageNetWinner(2014, "GoogLeNet", "GoogLeNet", 6.7, True,
                   "Szegedy et al. 2015, CVPR; Russakovsky et al. 2015, IJCV"),
    ImageNetWinner(2015, "MSRA", "ResNet", 3.57, True, "He, Zhang, Ren & Sun 2016, CVPR"),
)

#: Top-5 error (percent) of the better trained human annotator, Russakovsky et al. 2015, IJCV, section 6.4.
HUMAN_TOP5_ERROR = 5.1

#: Other milestones the lecture lists, each with the publication that reports it.
OTHER_MILESTONES = (
    ("speech", "Deep networks replace Gaussian mixtures in the acoustic models of speech recognisers and "
               "lower the word error rate on several benchmarks, reported by four research groups together",
     "Hinton et al. 2012, IEEE Signal Processing Magazine 29(6)"),
    ("image captions", "A network writes a sentence about a photo, e.g. \"man in black shirt is playing guitar.\"",
     "Karpathy & Fei-Fei 2015, CVPR"),
    ("translation", "Google's neural translation system (GNMT, 8 + 8 LSTM layers) makes on average 60% fewer "
                    "translation errors than the phrase-based system it replaced, in a side-by-side human "
                    "evaluation",
     "Wu et al. 2016, arXiv:1609.08144"),
    ("game play", "AlphaGo, deep networks plus tree search, beats the European Go champion Fan Hui 5 games to 0, "
                  "the first program to beat a human professional at full-size Go",
     "Silver et al. 2016, Nature 529"),
)


def plot_imagenet_errors(ax=None, winners=IMAGENET_WINNERS, human: float = HUMAN_TOP5_ERROR):
    """Bar chart of the winning ILSVRC top-5 error by year, with the human estimate as a line.

    Bars of deep networks are filled, the others hatched; each bar is labelled with its error, and the
    year's tick with the winning model (or team).

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw; a new figure if None.
    winners : sequence of ImageNetWinner
    human : float
        The human top-5 error in percent, drawn as a horizontal line.

    Returns
    -------
    dict
        ``"bars"`` (the BarContainer), ``"human"`` (the Line2D), ``"labels"`` (the bar labels' Text artists,
        the errors in percent).
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from helpers.colors import LINE_COLORS

    if not winners:
        raise ValueError("winners is empty: give at least one ImageNetWinner")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.8))
    years = [w.year for w in winners]
    colors = [LINE_COLORS[0] if w.deep else "white" for w in winners]
    bars = ax.bar(years, [w.top5_error for w in winners], color=colors, edgecolor=LINE_COLORS[0], linewidth=1.5,
                  width=0.7, zorder=2)
    for bar, w in zip(bars, winners):
        if not w.deep:
            bar.set_hatch("//")
    human_line = ax.axhline(human, color=LINE_COLORS[3], linestyle="--", linewidth=2, zorder=3,
                            label=f"a trained human: {human:g}%")
    labels = ax.bar_label(bars, labels=[f"{w.top5_error:g}%" for w in winners], padding=3, fontsize=12, zorder=4,
                          bbox=dict(facecolor="white", edgecolor="none", pad=1.0))
    ax.set_xticks(years, [f"{w.year}\n{w.model or w.team}" for w in winners])
    ax.set_xlabel("ILSVRC year and winner")
    ax.set_ylabel("top-5 error of the winner (%)")
    ax.set_ylim(0, max(w.top5_error for w in winners) * 1.25)
    ax.set_title("ImageNet classification: the winning entry's error")
    ax.legend(handles=[Patch(facecolor="white", edgecolor=LINE_COLORS[0], hatch="//", label="hand-designed features"),
                       Patch(facecolor=LINE_COLORS[0], edgecolor=LINE_COLORS[0], label="deep network"), human_line],
              loc="upper right")
    return {"bars": bars, "human": human_line, "labels": labels}


__all__ = ["ImageNetWinner", "IMAGENET_WINNERS", "HUMAN_TOP5_ERROR", "OTHER_MILESTONES", "plot_imagenet_errors"]
