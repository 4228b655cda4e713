import base64

import ipywidgets as widgets
import numpy as np
import pytest

from helpers.widgets import InteractiveFigure, log_slider, new_figure


def _line_explorer():
    fig, ax = new_figure()
    x = np.linspace(-3, 3, 50)
    (line,) = ax.plot(x, x)
    ax.set_ylim(-10, 10)

    def update(values):
        line.set_ydata(values["w"] * x + values["b"])
        return f"w = {values['w']:.2f}"

    controls = {"w": widgets.FloatSlider(value=1.0, min=-3, max=3), "b": widgets.FloatSlider(value=0, min=-3, max=3)}
    return InteractiveFigure(fig, controls, update), line


def test_first_render_happens_at_construction_and_shows_in_static_bundle():
    explorer, _ = _line_explorer()
    assert explorer.png[:4] == b"\x89PNG"
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == explorer.png
    assert explorer.status.value == "w = 1.00"


def test_moving_a_slider_changes_the_line_the_image_and_the_status():
    explorer, line = _line_explorer()
    before = explorer.png
    explorer.controls["w"].value = -2.0  # as the student drags it
    np.testing.assert_allclose(line.get_ydata()[-1], -6.0)
    assert explorer.png != before
    assert explorer.status.value == "w = -2.00"


def test_set_changes_several_controls_with_one_redraw():
    explorer, line = _line_explorer()
    n = len(explorer.redraw_seconds)
    explorer.set(w=2.0, b=1.0)
    assert len(explorer.redraw_seconds) == n + 1
    np.testing.assert_allclose(line.get_ydata()[0], 2.0 * -3 + 1)
    assert explorer.values == {"w": 2.0, "b": 1.0}
    with pytest.raises(ValueError, match="no control named"):
        explorer.set(slope=1)
    stats = explorer.redraw_stats_ms()
    assert stats["n"] == len(explorer.redraw_seconds) and stats["p50"] > 0


def test_log_slider_validates_range():
    slider = log_slider("T", 1.0, 0.05, 20)
    assert slider.min == pytest.approx(np.log10(0.05)) and slider.value == 1.0
    with pytest.raises(ValueError, match="0 < min < max"):
        log_slider("T", 1.0, 0, 20)


def test_update_must_be_callable():
    fig, _ = new_figure()
    with pytest.raises(ValueError, match="update must be a function"):
        InteractiveFigure(fig, {}, update=None)


def test_layout_is_computed_once_then_frozen():
    explorer, _ = _line_explorer()
    assert explorer.figure.get_layout_engine() is None or type(explorer.figure.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    position = explorer.figure.axes[0].get_position().bounds
    explorer.set(w=-3.0)
    assert explorer.figure.axes[0].get_position().bounds == position


def _blitted_explorer():
    fig, ax = new_figure()
    x = np.linspace(-3, 3, 50)
    (line,) = ax.plot(x, x)
    ax.set_ylim(-10, 10)
    ax.set_title("static title")

    def update(values):
        line.set_ydata(values["w"] * x)
        ax.set_ylim(-10 * values["zoom"], 10 * values["zoom"])

    controls = {"w": widgets.FloatSlider(value=1.0, min=-3, max=3), "zoom": widgets.FloatSlider(value=1, min=1, max=2)}
    return InteractiveFigure(fig, controls, update, dynamic_artists=[line]), line


def test_blitting_redraws_only_the_dynamic_artists_and_matches_a_full_draw():
    import io

    from PIL import Image

    explorer, line = _blitted_explorer()
    explorer.set(w=-2.0)
    assert explorer.last_background is None, "a move that keeps the axes must not redraw the background"
    blitted = np.asarray(Image.open(io.BytesIO(explorer.png)).convert("RGB"), dtype=int)
    full = np.asarray(Image.open(io.BytesIO(explorer.full_draw_png())).convert("RGB"), dtype=int)
    assert np.abs(blitted - full).mean() < 0.5  # the same picture as a full draw
    explorer.set(zoom=2.0)  # new axis limits: the background (tick labels) must be drawn again
    assert explorer.last_background == (0,)
    assert np.abs(np.asarray(Image.open(io.BytesIO(explorer.png)).convert("RGB"), dtype=int)
                  - np.asarray(Image.open(io.BytesIO(explorer.full_draw_png())).convert("RGB"), dtype=int)).mean() < 0.5


def _static_artists_explorer():
    """One panel whose update changes static artists (not listed as dynamic) but no limits or titles."""
    fig, ax = new_figure()
    x = np.linspace(-3, 3, 50)
    (moving,) = ax.plot(x, 0 * x, color="k", zorder=3)  # on top, as blitting draws it
    shapes = {"sine": ax.plot(x, np.sin(x))[0], "cosine": ax.plot(x, np.cos(x))[0]}
    note = ax.text(0, -0.8, "a note", fontsize=12)
    image = ax.imshow(np.outer(np.sin(x), np.cos(x)), extent=(-3, 3, -1, 1), aspect="auto", cmap="RdBu_r", zorder=0)
    ax.set(xlim=(-3, 3), ylim=(-1, 1), title="same title throughout")

    def update(values):
        moving.set_ydata(values["w"] * x / 3)
        for name, line in shapes.items():
            line.set_visible(name == values["shape"])
        shapes["sine"].set_color(values["color"])
        note.set_fontsize(values["size"])     # changes the text's font properties in place
        image.set_clim(-values["clim"], values["clim"])  # changes the image's norm in place

    controls = {"w": widgets.FloatSlider(value=1.0, min=-3, max=3),
                "shape": widgets.Dropdown(options=["sine", "cosine"], value="sine"),
                "color": widgets.Dropdown(options=["C0", "C3"], value="C0"),
                "size": widgets.IntSlider(value=12, min=8, max=20),
                "clim": widgets.FloatSlider(value=1.0, min=0.5, max=2)}
    return InteractiveFigure(fig, controls, update, dynamic_artists=[moving])


@pytest.mark.parametrize("move", [{"shape": "cosine"}, {"color": "C3"}, {"size": 20}, {"clim": 2.0}])
def test_a_change_to_a_static_artist_redraws_its_panel_and_the_earlier_picture_is_kept(move):
    explorer = _static_artists_explorer()
    start = {name: explorer.values[name] for name in move}
    explorer.set(w=0.5)
    assert explorer.last_background is None
    explorer.set(**move)  # same limits and title: only the artist's content tells the pictures apart
    assert explorer.last_background == (0,)
    assert np.abs(_rgb(explorer.png) - _rgb(explorer.full_draw_png())).max() <= 2
    explorer.set(**start)
    assert explorer.last_background == (), "the earlier picture's layer is kept"
    assert np.abs(_rgb(explorer.png) - _rgb(explorer.full_draw_png())).max() <= 2
    explorer.set(**move)
    assert explorer.last_background == ()
    explorer.set(w=-1.0)
    assert explorer.last_background is None


def test_panel_keys_follow_every_change_and_clear_the_stale_flag():
    from helpers.widgets.content import PanelContent

    fig, ax = new_figure()
    a, b = ax.plot([0, 1], [0, 1])[0], ax.plot([0, 1], [0, 1])[0]
    content = PanelContent()

    def key():
        return content.panel_key(ax, ax.get_children())

    before, fingerprint = key(), content.fingerprint(a)
    assert content.identity(a) != content.identity(b)
    assert not a.stale  # taken: a later change marks it stale again
    a.set_ydata([0, 2])
    assert a.stale and content.fingerprint(a) != fingerprint and key() != before
    a.set_ydata([0, 1])  # back to what it showed: the earlier fingerprint and key
    assert content.fingerprint(a) == fingerprint and key() == before
    b.set_visible(False)
    assert key() != before
    b.set_visible(True)
    ax.legend(["a", "b"])  # a new static artist
    assert key() != before
    ax.get_legend().get_texts()[0].set_text("renamed")  # an artist the legend holds
    with_legend = key()
    ax.get_legend().get_texts()[0].set_text("renamed again")
    assert key() != with_legend
    ax.get_legend().get_texts()[0].set_text("renamed")
    assert key() == with_legend


# -- the per-axes background cache ---------------------------------------------------------
def _rgb(png):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def _two_panel_explorer(positions=((0.08, 0.12, 0.38, 0.78), (0.58, 0.12, 0.38, 0.78))):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 4), dpi=80, layout="none")  # panels placed by hand
    axes = [fig.add_axes(p) for p in positions]
    x = np.linspace(0, 1, 30)
    lines = [ax.plot(x, x)[0] for ax in axes]

    def update(values):
        for ax, line, name in zip(axes, lines, ("left", "right")):
            line.set_ydata(values[name] * x)
            ax.set_ylim(0, max(1.0, values[name]))
            ax.set_title(f"{name} top {ax.get_ylim()[1]:.0f}")

    controls = {name: widgets.FloatSlider(value=1.0, min=0.5, max=20) for name in ("left", "right")}
    return InteractiveFigure(fig, controls, update, dynamic_artists=lines), axes


def test_a_change_in_one_axes_redraws_only_that_axes_and_keeps_earlier_backgrounds():
    explorer, _axes = _two_panel_explorer()
    explorer.set(left=0.8)  # both limits stay
    assert explorer.last_background is None
    explorer.set(right=5.0)  # new y range and title on the right only
    assert explorer.last_background == (1,)
    assert np.abs(_rgb(explorer.png) - _rgb(explorer.full_draw_png())).mean() < 0.5
    explorer.set(left=12.0)
    assert explorer.last_background == (0,)
    explorer.set(right=1.0)  # the right panel's first background is still kept: nothing is drawn
    assert explorer.last_background == ()
    assert np.abs(_rgb(explorer.png) - _rgb(explorer.full_draw_png())).mean() < 0.5
    # a cleared panel leaves nothing behind: the old tick labels ("5") are gone
    fresh, _ = _two_panel_explorer()
    fresh.set(left=12.0)
    assert np.abs(_rgb(explorer.png) - _rgb(fresh.png)).max() == 0


def test_axes_whose_pixels_touch_are_redrawn_together():
    # overlapping panels: clearing one would erase part of the other
    explorer, _ = _two_panel_explorer(positions=((0.08, 0.12, 0.5, 0.78), (0.45, 0.12, 0.5, 0.78)))
    explorer.set(right=5.0)
    assert explorer.last_background == (1,)  # the left panel's layer is kept, but composited again
    assert np.abs(_rgb(explorer.png) - _rgb(explorer.full_draw_png())).mean() < 0.5
    explorer.set(left=5.0)
    assert explorer.last_background == (0,)
    assert np.abs(_rgb(explorer.png) - _rgb(explorer.full_draw_png())).mean() < 0.5


def test_a_figure_level_text_is_kept_like_a_panel():
    explorer, _ = _two_panel_explorer()
    explorer.figure.suptitle("a figure title")
    explorer.set(left=3.0)
    assert explorer.last_background == (0,)
    assert np.abs(_rgb(explorer.png) - _rgb(explorer.full_draw_png())).max() <= 2
    explorer.set(right=0.8)  # the same limits and titles
    assert explorer.last_background is None
    explorer.figure.suptitle("another figure title")
    explorer.set(right=0.9)
    assert explorer.last_background == ()
    assert np.abs(_rgb(explorer.png) - _rgb(explorer.full_draw_png())).max() <= 2


def _surface_explorer():
    """A moving image under static points, a legend and the spines: what a full draw puts above it."""
    fig, ax = new_figure()
    x = np.linspace(-3, 3, 60)
    image = ax.imshow(np.zeros((60, 60)), extent=(-3, 3, -3, 3), origin="lower", cmap="RdBu_r", vmin=-1, vmax=1)
    ax.scatter([-2, 0, 2], [1, -1, 2], s=80, c=["C0", "C1", "C2"], edgecolor="white", label="points")
    (boundary,) = ax.plot(x, 0 * x, color="k", lw=2, label="boundary")
    ax.legend(loc="upper right", framealpha=0.9)
    ax.set_title("a surface")

    def update(values):
        image.set_data(np.tanh(values["w"] * np.add.outer(x, x)))
        boundary.set_ydata(-x / max(values["w"], 0.1))

    controls = {"w": widgets.FloatSlider(value=1.0, min=0.2, max=3)}
    return InteractiveFigure(fig, controls, update, dynamic_artists=[image, boundary])


def test_static_artists_above_a_moving_one_are_composited_above_it():
    explorer = _surface_explorer()
    for w in (0.5, 2.0, 3.0):
        explorer.set(w=w)
        assert explorer.last_background is None, "nothing static changed"
        assert np.abs(_rgb(explorer.png) - _rgb(explorer.full_draw_png())).max() <= 2


def test_background_cache_rejects_a_size_below_one():
    from helpers.widgets.layers import BackgroundCache

    fig, _ = new_figure()
    with pytest.raises(ValueError, match="size must be at least 1"):
        BackgroundCache(fig, size=0)


def test_png_encoder_round_trips_and_rejects_other_arrays():
    import io

    from PIL import Image

    from helpers.widgets.png import rgb_to_png

    rgb = np.random.default_rng(0).integers(0, 256, size=(7, 11, 3), dtype=np.uint8)
    assert (np.asarray(Image.open(io.BytesIO(rgb_to_png(rgb)))) == rgb).all()
    for bad in (np.zeros((4, 4)), np.zeros((4, 4, 4), np.uint8), np.zeros((4, 4, 3)), np.zeros((0, 4, 3), np.uint8)):
        with pytest.raises(ValueError, match=r"shape \(height, width, 3\)"):
            rgb_to_png(bad)


def test_figure_to_png_draws_once_and_matches_savefig():
    import io

    from PIL import Image

    from helpers.widgets.png import figure_to_png

    fig, ax = new_figure(figsize=(4, 3), dpi=50)
    ax.plot([0, 1], [1, 0])
    draws = []
    fig.canvas.mpl_connect("draw_event", lambda event: draws.append(1))
    png = figure_to_png(fig)
    reference = io.BytesIO()
    fig.savefig(reference, format="png")
    assert Image.open(io.BytesIO(png)).size == (200, 150)
    fast = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    slow = np.asarray(Image.open(reference).convert("RGB"), dtype=int)
    assert np.abs(fast - slow).mean() < 1.0  # the same picture
    draws.clear()
    figure_to_png(fig)
    assert len(draws) == 1
    assert Image.open(io.BytesIO(figure_to_png(fig, dpi=100))).size == (400, 300)
