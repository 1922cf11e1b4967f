"""charts.png: the figure cropped to its drawn extent plus padding, as savefig(bbox_inches='tight')
would show it, stored losslessly as an RGB PNG."""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import PIL.Image
import pytest

from strategic_ties import charts

PAD = matplotlib.rcParams["savefig.pad_inches"]


def _bar_chart():
    charts.apply_style()
    fig, ax = charts.subplots(figsize=(charts.FIG_WIDTH, 3.0))
    ax.bar([2019, 2020, 2021], [3, 5, 2], color=charts.PALETTE[0], label="Deliveries")
    ax.set_xlabel("Year")
    ax.set_ylabel("TIV millions")
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def _decoded(data: bytes) -> PIL.Image.Image:
    image = PIL.Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image


def test_png_is_the_padded_extent_with_white_edges():
    fig = _bar_chart()
    extent = fig.get_tightbbox(fig.canvas.get_renderer())
    assert charts.on_canvas(fig, extent)
    image = _decoded(charts.png(fig))
    assert image.mode == "RGB"  # opaque: no alpha channel to compress
    width, height = (extent.width + 2 * PAD) * charts.DPI, (extent.height + 2 * PAD) * charts.DPI
    assert abs(image.width - width) <= 1 and abs(image.height - height) <= 1
    rgb = np.asarray(image.convert("RGB"))
    for corner in (rgb[0, 0], rgb[0, -1], rgb[-1, 0], rgb[-1, -1]):
        assert tuple(corner) == (255, 255, 255)  # the page's white, exactly
    # the padding is blank and the drawing starts right after it
    pad = round(PAD * charts.DPI)
    assert (rgb[: pad - 1] == 255).all() and (rgb[:, : pad - 1] == 255).all()
    assert not (rgb[:, pad + 2 : pad + 40] == 255).all()  # the y-axis label


def test_png_holds_the_drawn_pixels_exactly():
    fig = _bar_chart()
    drawn = _decoded(charts.png(fig))
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(PAD, PAD)
    exact = charts._crop(np.asarray(fig.canvas.buffer_rgba()), box)
    assert drawn.size == exact.size
    assert (np.asarray(drawn) == np.asarray(exact)).all()


@pytest.mark.parametrize("y", [-0.3, 1.2])
def test_png_takes_in_text_beyond_the_canvas(y):
    """A text placed off the canvas (a key under the chart, a note above) is in the picture."""
    fig = _bar_chart()
    fig.text(0.5, y, "A note outside the axes", va="top" if y < 0 else "bottom", fontsize=12)
    extent = fig.get_tightbbox(fig.canvas.get_renderer())
    assert not charts.on_canvas(fig, extent)
    image = np.asarray(_decoded(charts.png(fig)).convert("RGB"))
    assert image.shape[0] > (fig.get_figheight() + 0.3) * charts.DPI
    edge = image[-image.shape[0] // 8 :] if y < 0 else image[: image.shape[0] // 8]
    assert (edge < 128).any()  # the note's dark glyphs


def test_png_of_a_bare_figure():
    """A Figure made without `charts.subplots` (the locator map) gets the PNG canvas."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1))
    fig.add_axes((0.1, 0.1, 0.8, 0.8)).plot([0, 1], [0, 1])
    image = _decoded(charts.png(fig))
    assert image.width > 2 * charts.DPI  # two inches and the padding


def test_wrap_fits_the_width_as_drawn():
    """charts.wrap breaks at spaces, keeps every word, and no line drawn is wider than asked."""
    charts.apply_style()
    text = (
        "Dotted red lines: (1) 2 April 2016: Four-day war in Nagorno-Karabakh; (2) 27 September "
        "2020: Second Karabakh War (44-day war); (3) 13 September 2022: border clashes; "
        "(4) WWWW MMMM 19 September 2023: one-day offensive"
    )
    lines = charts.wrap(text, 5.0, 7)
    assert len(lines) >= 3 and " ".join(lines) == text
    fig, _ax = charts.subplots()
    renderer = fig.canvas.get_renderer()
    prop = matplotlib.font_manager.FontProperties(size=7)
    widths = [renderer.get_text_width_height_descent(line, prop, False)[0] for line in lines]
    assert max(widths) <= 5.0 * fig.dpi
    assert max(widths) > 4.5 * fig.dpi  # and the lines are filled
    assert charts.wrap("one\ntwo words", 10, 7) == ["one", "two words"]


@pytest.mark.parametrize("horizontal", [False, True])
def test_bar_is_ax_bar_with_the_same_limits(horizontal):
    """charts.bar: the same bars and autoscaled limits as ax.bar, stacked, with a zero and a NaN."""
    charts.apply_style()
    fig, (mine, theirs) = charts.subplots(1, 2)
    x, first, second = [2019, 2020, 2021], [3.0, 0.0, float("nan")], [1.0, 2.0, 0.5]
    side = "left" if horizontal else "bottom"
    draw = theirs.barh if horizontal else theirs.bar
    for heights, base in ((first, None), (second, np.nan_to_num(first))):
        ours = charts.bar(mine, x, heights, **{side: base}, horizontal=horizontal)
        draw(x, heights, **{side: base})
    assert len(ours.patches) == 3 and len(mine.patches) == len(theirs.patches) == 6
    assert mine.get_xlim() == theirs.get_xlim() and mine.get_ylim() == theirs.get_ylim()
    assert (mine.dataLim.get_points() == theirs.dataLim.get_points()).all()
    np.testing.assert_array_equal(  # NaN where the NaN bar is
        [p.get_bbox().bounds for p in mine.patches], [p.get_bbox().bounds for p in theirs.patches]
    )


def test_tight_layout_leaves_clipped_data_out_and_lays_out_as_matplotlib():
    charts.apply_style()
    figs = []
    for ours in (True, False):
        fig = _bar_chart()  # laid out by fig.tight_layout
        if ours:
            charts.tight_layout(fig, rect=(0, 0.1, 1, 1))
        else:
            fig.tight_layout(rect=(0, 0.1, 1, 1))
        figs.append(fig)
    assert figs[0].axes[0].get_position().bounds == figs[1].axes[0].get_position().bounds
    assert not any(p.get_in_layout() for p in figs[0].axes[0].patches)  # the bars
    assert figs[0].axes[0].get_legend().get_in_layout()  # decorations are still measured


def test_title_sits_where_matplotlib_puts_it():
    """charts.title gives y = 1 outright; matplotlib's own placement gives the same here."""
    charts.apply_style()
    fig, (mine, theirs) = charts.subplots(1, 2)
    charts.title(mine, "Share of exports")
    theirs.set_title("Share of exports")
    for ax in (mine, theirs):
        ax.plot([1990, 2020], [0, 3500])
    charts.tight_layout(fig)
    fig.canvas.draw()
    assert mine.title.get_position()[1] == theirs.title.get_position()[1] == 1.0
    renderer = fig.canvas.get_renderer()
    assert mine.title.get_window_extent(renderer).y0 == theirs.title.get_window_extent(renderer).y0
