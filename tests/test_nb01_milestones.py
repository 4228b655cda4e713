"""The milestones of notebook 01's opening: the published numbers as quoted, and the chart that shows them."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import milestones


def test_the_imagenet_winners_are_the_published_numbers():
    errors = {w.year: w.top5_error for w in milestones.IMAGENET_WINNERS}
    assert errors == {2010: 28.2, 2011: 25.8, 2012: 16.4, 2013: 11.7, 2014: 6.7, 2015: 3.57}
    extra = {w.year: w.with_extra_data for w in milestones.IMAGENET_WINNERS if w.with_extra_data}
    assert extra == {2012: 15.3, 2013: 11.2}
    assert milestones.HUMAN_TOP5_ERROR == 5.1


def test_every_number_has_a_source_and_the_story_holds():
    winners = milestones.IMAGENET_WINNERS
    assert all(w.source and w.team for w in winners)
    assert all(source and text for _, text, source in milestones.OTHER_MILESTONES)
    years = [w.year for w in winners]
    assert years == sorted(years) and years == list(range(2010, 2016))
    assert np.all(np.diff([w.top5_error for w in winners]) < 0), "the error falls every year"
    first_deep = next(w for w in winners if w.deep)
    assert first_deep.year == 2012 and all(w.deep for w in winners if w.year >= 2012)
    below_human = [w.year for w in winners if w.top5_error < milestones.HUMAN_TOP5_ERROR]
    assert below_human == [2015], "only ResNet is below the human estimate"


def test_the_chart_draws_one_bar_per_year_and_the_human_line():
    fig, ax = plt.subplots()
    artists = milestones.plot_imagenet_errors(ax=ax)
    heights = [bar.get_height() for bar in artists["bars"]]
    assert heights == [w.top5_error for w in milestones.IMAGENET_WINNERS]
    assert artists["human"].get_ydata()[0] == pytest.approx(5.1)
    assert [label.get_text() for label in artists["labels"]] == ["28.2%", "25.8%", "16.4%", "11.7%", "6.7%", "3.57%"]
    assert "ResNet" in ax.get_xticklabels()[-1].get_text() and "AlexNet" in ax.get_xticklabels()[2].get_text()
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title() and ax.get_legend() is not None
    plt.close(fig)


def test_the_chart_makes_its_own_axes_and_refuses_nothing_to_draw():
    artists = milestones.plot_imagenet_errors()
    assert artists["bars"][0].axes is not None
    plt.close("all")
    with pytest.raises(ValueError, match="empty"):
        milestones.plot_imagenet_errors(winners=())
