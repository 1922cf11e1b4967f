"""House style for the report: figures, tables and narrative, as notebooks display them.

Every figure and table is shown as an HTML block with a caption and a source note. The caption's
number is left blank here (`<span class="st-label">Figure</span>`) and stamped at render time,
so figures and tables are numbered through the whole combined briefing. The data behind each
figure or table travels in the output's metadata under ``strategic_ties`` and is written by the
pipeline to ``chart-data/<notebook>/<key>.csv``.

Text from data is always escaped: a deal comment such as ``<script>`` shows as text.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import io
import re
import string
import sys
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # only sets the backend's name: pyplot is not imported here
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import PIL.Image  # noqa: E402
from IPython.display import HTML, Markdown, display  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from strategic_ties.csvsafe import neutral_csv  # noqa: E402
from strategic_ties.fmt import UNIT_SPACE  # noqa: E402

METADATA_KEY = "strategic_ties"
PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5", "#bf9000"]
# One colour per country for the whole document: the country studied, the partner and the rivals
# take the first colours in that order (`set_countries`, called by `notebook.setup` with the
# parameters, so every notebook agrees); any other country gets a fixed colour from the rest,
# chosen by its name. Neighbouring colours differ in hue and lightness.
COUNTRY_COLOURS = [
    "#1f4e79",  # dark blue
    "#d55e00",  # vermilion
    "#009e73",  # bluish green
    "#7030a0",  # purple
    "#56b4e9",  # sky blue (not orange: the fifth country, e.g. Russia, sat beside the partner's vermilion)
    "#e69f00",  # orange
    "#a6192e",  # crimson
    "#4d4d00",  # olive
    "#cc79a7",  # pink
]
OTHER_GREY = "#a5a5a5"
_ROLE_ORDER: list[str] = []
FIG_WIDTH = 7.2  # inches: the A4 text width at the report's margins
DPI = 200


def apply_style() -> None:
    """Seaborn/matplotlib defaults for every chart: readable at print size, no chart junk.

    Seaborn's theme (``set_theme(context="paper", style="whitegrid", palette=PALETTE,
    font="DejaVu Sans")``) is applied from `strategic_ties._seaborn_theme`, the same settings
    stored without importing seaborn (see strategic_ties.theme_table).
    """
    from cycler import cycler
    from matplotlib.colors import to_rgb

    from strategic_ties import _seaborn_theme as theme

    if theme.CMAP_NAME not in matplotlib.colormaps:
        matplotlib.colormaps.register(
            matplotlib.colors.ListedColormap(theme.CMAP_COLORS, theme.CMAP_NAME)
        )
    matplotlib.rcParams.update(theme.RC)
    # seaborn's palette from a list of colours: each as an RGB tuple, cycled
    matplotlib.rcParams["axes.prop_cycle"] = cycler("color", [to_rgb(c) for c in PALETTE])
    matplotlib.rcParams.update(
        {
            "figure.figsize": (FIG_WIDTH, 3.4),
            "figure.dpi": 100,
            "axes.titlesize": 10,
            "axes.labelsize": 9,
            "xtick.labelsize": 8,
            "ytick.labelsize": 8,
            "legend.fontsize": 8,
            "legend.frameon": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            # Data text (event titles with '$1.6 billion ... $5 billion') is drawn literally,
            # never parsed as mathtext.
            "text.parse_math": False,
        }
    )


def subplots(nrows: int = 1, ncols: int = 1, *, figsize=None, **grid: Any):
    """``plt.subplots`` without pyplot: a Figure on the PNG canvas and its axes.

    Not importing pyplot saves ~0.3 s per kernel, and a figure pyplot does not know cannot be
    shown twice by the inline backend or be left open: `show_figure` is its only output.
    """
    fig = Figure(figsize=figsize, dpi=DPI)
    FigureCanvasAgg(fig)
    return fig, fig.subplots(nrows, ncols, **grid)


def title(ax, text: str, **style: Any) -> None:
    """``ax.set_title(text)`` at the height matplotlib would choose for the house style: y = 1,
    given rather than worked out. Left to itself, matplotlib measures the tick labels of the x
    axis (its tick marks are hidden, so it cannot tell which side they are on) and of the y
    axis each time it lays out, measures or draws the figure, only to keep the title at 1."""
    ax.set_title(text, y=1.0, **style)


def bar(ax, *args: Any, horizontal: bool = False, **kwargs: Any):
    """``ax.bar(...)`` (``ax.barh`` if `horizontal`): the same bars and data limits, the limits
    taken once from all the bars' corners instead of bar by bar (for each bar matplotlib walks
    its outline's Bezier segments through two transforms: most of the time a bar costs)."""
    ax._update_patch_limits = _no_limits  # an instance attribute: ax.bar's add_patch calls it
    try:
        container = (ax.barh if horizontal else ax.bar)(*args, **kwargs)
    finally:
        del ax._update_patch_limits
    corners = np.array(
        [
            xy
            for r in container.patches
            if r.get_width() or r.get_height()  # as matplotlib: an empty bar leaves no limit
            for xy in (
                (r.get_x(), r.get_y()),
                (r.get_x() + r.get_width(), r.get_y() + r.get_height()),
            )
        ],
        dtype=float,
    ).reshape(-1, 2)
    finite = corners[np.isfinite(corners).all(axis=1)]
    if len(finite):
        ax.update_datalim(finite)
    return container


def _no_limits(patch) -> None:
    """Stands in for Axes._update_patch_limits while `bar` adds its bars."""


def tight_layout(fig, rect: tuple[float, float, float, float] = (0, 0, 1, 1)) -> None:
    """``fig.tight_layout(rect=rect)`` with less measuring, the same layout.

    Data drawn clipped to its Axes (bars, lines, markers) cannot reach beyond the Axes, which
    are measured anyway, so it is left out of the measurement (`only_decorations`); matplotlib
    would measure each bar whenever the clip box and the Axes' box differ in the last bit. With
    a `rect`, matplotlib measures every Axes twice with nothing changed between (once for the
    margins, once within the rect): the first measurement is reused.
    """
    only_decorations(fig)
    measured: dict[tuple, Any] = {}
    for ax in fig.axes:

        def once(renderer=None, *args, _ax=ax, _get=ax.get_tightbbox, **kwargs):
            key = (id(_ax), id(renderer), args, tuple(sorted(kwargs.items())))
            if key not in measured:
                measured[key] = _get(renderer, *args, **kwargs)
            return measured[key]

        ax.get_tightbbox = once
    try:
        with ticks_once(fig):
            fig.tight_layout(rect=rect)
    finally:
        for ax in fig.axes:
            del ax.get_tightbbox


@contextlib.contextmanager
def ticks_once(fig):
    """Within the block, each axis of `fig` works out its ticks (positions, labels) once.

    Matplotlib updates an axis' ticks from its locator and formatter whenever the axis, its
    spines or a neighbouring axis is measured or drawn: several times per axis for one
    measurement. Nothing the ticks depend on (limits, sizes, resolution) may change inside the
    block: it serves a layout's measurements or one measure-and-draw of a finished figure.
    """
    axes = [axis for ax in fig.axes for axis in getattr(ax, "_axis_map", {}).values() if axis]
    done: dict[int, list] = {}
    for key, axis in enumerate(axes):

        def once(_key=key, _update=axis._update_ticks):
            if _key not in done:
                done[_key] = _update()
            return done[_key]

        axis._update_ticks = once
    try:
        yield
    finally:
        for axis in axes:
            del axis._update_ticks


def only_decorations(fig) -> None:
    """Leave the data artists clipped to their Axes out of layout measurements (the Axes,
    their ticks, labels, titles, legends and texts are still measured)."""
    for ax in fig.axes:
        for artist in (*ax.patches, *ax.lines, *ax.collections, *ax.images):
            clipped = artist.get_clip_box() is not None or artist.get_clip_path() is not None
            if artist.get_clip_on() and clipped:
                artist.set_in_layout(False)


def make_room(fig, *, below: float = 0.0, above: float = 0.0) -> None:
    """Add `below` and `above` inches of canvas under and over a figure placed by its subplot
    parameters (no ``tight_layout``), each Axes keeping its size and place.

    For a key or labels drawn beyond the Axes' margins: with them on the canvas, `png` draws the
    figure with the renderer that measured it. Room to spare costs nothing in the picture, which
    is cropped to what is drawn.
    """
    height = fig.get_figheight()
    bottom, top = fig.subplotpars.bottom, fig.subplotpars.top
    grown = height + below + above
    fig.set_figheight(grown)
    fig.subplots_adjust(
        bottom=(bottom * height + below) / grown, top=(top * height + below) / grown
    )


def wrap(text: str, width: float, fontsize: float) -> list[str]:
    """`text` broken at spaces into lines at most `width` inches wide at `fontsize` points in the
    house font, as matplotlib's ``wrap=True`` would, without laying out each candidate line.

    A line's width is the sum of its glyphs' advances (no kerning: a little wider than drawn, so
    a line never overruns the width, and breaks at most one word earlier than matplotlib).
    """
    from matplotlib.font_manager import FontProperties, findfont, get_font
    from matplotlib.ft2font import LoadFlags

    font = get_font(findfont(FontProperties(size=fontsize)))
    font.set_size(fontsize, 72)  # one pixel per point
    advances: dict[str, float] = {}

    def advance(char: str) -> float:
        if char not in advances:
            glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
            advances[char] = glyph.linearHoriAdvance / 65536
        return advances[char]

    limit, space = width * 72, advance(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            size = sum(advance(c) for c in word)
            if line and used + space + size > limit:
                lines.append(line)
                line, used = "", 0.0
            line, used = (f"{line} {word}", used + space + size) if line else (word, size)
        lines.append(line)
    return lines


def text_box(text, renderer=None):
    """The display box a text covers: its frame (`bbox=`, e.g. the event numbers' circles) when
    it has one, else its glyphs."""
    renderer = renderer or text.figure.canvas.get_renderer()
    glyphs = text.get_window_extent(renderer)  # an annotation's place is worked out here
    patch = text.get_bbox_patch()
    if patch is None:
        return glyphs
    text.update_bbox_position_size(renderer)
    return patch.get_window_extent(renderer)


def event_number(ax, number: Any, x: float, edge: str, colour: str | None = None):
    """An event's number circled just above the Axes at data position `x` (the charts' key
    numbers: on the axes they lay on tall bars); `unstack` keeps such numbers apart."""
    text = {"color": colour} if colour else {}
    return ax.annotate(
        str(number),
        (x, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=7,
        bbox={"boxstyle": "circle,pad=0.25", "fc": "white", "ec": edge, "lw": 0.7},
        **text,
    )


def unstack(texts: Sequence[Any], step: float, gap: float = 1.0) -> int:
    """Move each annotation (placed with an offset in points) `step` points at a time until its
    box keeps `gap` points clear of those placed before it; returns the most steps taken.

    Measured with the figure's renderer as it stands: call it once the Axes have their final
    width (a later change of height alone keeps the numbers apart).
    """
    placed: list[Any] = []
    most = 0
    for text in texts:
        renderer = text.figure.canvas.get_renderer()
        pad = gap * text.figure.dpi / 72
        x0, y0 = text.xyann
        level = 0
        box = text_box(text, renderer).padded(pad / 2)
        while any(box.overlaps(other) for other in placed) and level < 20:
            level += 1
            text.xyann = (x0, y0 + step * level)
            box = text_box(text, renderer).padded(pad / 2)
        placed.append(box)
        most = max(most, level)
    return most


def set_countries(names: Sequence[str]) -> None:
    """Fix the document's colour order: country studied, partner, rivals (in that order)."""
    _ROLE_ORDER[:] = list(dict.fromkeys(str(n) for n in names))


def document_colours() -> set[str]:
    """The colours the document's countries (set_countries) wear."""
    return {country_colour(name) for name in _ROLE_ORDER}


def country_colour(name: str) -> str:
    """The document colour of a country (by display name); 'Others' and 'Other' are grey."""
    name = str(name)
    if name.lower() in {"others", "other", "all others", "rest of world"}:
        return OTHER_GREY
    if name in _ROLE_ORDER:
        return COUNTRY_COLOURS[_ROLE_ORDER.index(name) % len(COUNTRY_COLOURS)]
    free = COUNTRY_COLOURS[len(_ROLE_ORDER) :] or COUNTRY_COLOURS
    digest = int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16)
    return free[digest % len(free)]


def country_colours(names: Sequence[str]) -> dict[str, str]:
    """`country_colour` for each name, two neighbours never the same: a clash among the extra
    countries moves the later one to the next free colour."""
    out: dict[str, str] = {}
    for name in names:
        colour = country_colour(name)
        if colour in out.values() and colour != OTHER_GREY and name not in _ROLE_ORDER:
            taken = set(out.values())
            colour = next((c for c in COUNTRY_COLOURS if c not in taken), colour)
        out[name] = colour
    return out


def _key(key: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", key):
        raise ValueError(f"figure key {key!r} must be lower-case letters, digits, '-' or '_'")
    return key


def _metadata(kind: str, key: str, caption: str, source: str, data: pd.DataFrame | None) -> dict:
    payload: dict[str, Any] = {"kind": kind, "key": key, "caption": caption, "source": source}
    if data is not None:
        # Data files keep plain spaces: the no-break space between a number and its unit
        # (fmt.UNIT_SPACE) is for the page, where a line must not break inside "US$628 m".
        payload["csv"] = neutral_csv(data.to_csv(index=False).replace(UNIT_SPACE, " "))
    return {METADATA_KEY: payload}


def _caption_html(kind: str, caption: str, source: str) -> tuple[str, str]:
    label = f'<span class="st-label">{kind}</span> <span class="st-caption">{html.escape(caption)}</span>'
    note = f'<p class="st-source">Source: {html.escape(source)}</p>'
    return label, note


def png(fig) -> bytes:
    """The figure as PNG at `DPI`, cropped to its drawn extent plus ``savefig.pad_inches``.

    What ``savefig(bbox_inches="tight")`` shows, with less work. The extent is measured with the
    renderer the figure's layout (``tight_layout``) already used, so no text is measured twice.
    When the extent lies on the canvas (the figure functions make room for legends and keys
    below the axes), the canvas is drawn by that same renderer and the extent cut out of its
    pixels, white padding added where it reaches beyond the edge; otherwise the figure is drawn
    onto a canvas of the padded extent, as savefig does. The pixels are stored by `encode`.
    """
    if not hasattr(fig.canvas, "get_renderer"):  # a bare Figure(): give it the PNG canvas
        FigureCanvasAgg(fig)
    fig.dpi = DPI  # measure and draw at the output resolution, as savefig does
    fig.set_layout_engine(None)  # the layout was done once by the figure function
    only_decorations(fig)
    with ticks_once(fig):
        extent = fig.get_tightbbox(fig.canvas.get_renderer())
        box = extent.padded(*[matplotlib.rcParams["savefig.pad_inches"]] * 2)
        if on_canvas(fig, extent):
            fig.canvas.draw()
            return encode(_crop(np.asarray(fig.canvas.buffer_rgba()), box))
    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=DPI, bbox_inches=box)
    columns = int(box.width * DPI)  # the canvas' width, as the Agg renderer rounds it
    pixels = np.frombuffer(raw.getbuffer(), np.uint8).reshape(-1, columns, 4)
    return encode(PIL.Image.fromarray(pixels, "RGBA").convert("RGB"))


def encode(image: PIL.Image.Image) -> bytes:
    """An opaque RGB image as PNG, losslessly.

    RGB rather than matplotlib's RGBA (the figures are opaque): a quarter less to compress. zlib
    level 3 rather than 6: a third less CPU for 7% more bytes, still fewer than the RGBA files
    at level 6 that savefig wrote. (A 256-colour palette would be a third the size, but Pillow's
    quantisers move colours by up to 23 levels in 255 and merged a pale sea into white.)
    """
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=3, dpi=(DPI, DPI))
    return buffer.getvalue()


def on_canvas(fig, extent) -> bool:
    """Whether a drawn extent (a Bbox in inches) lies within the figure's canvas."""
    width, height = fig.get_size_inches()
    slack = 0.5 / fig.dpi  # half a pixel of rounding
    return (
        extent.x0 >= -slack
        and extent.y0 >= -slack
        and extent.x1 <= width + slack
        and extent.y1 <= height + slack
    )


def _crop(pixels: np.ndarray, box) -> PIL.Image.Image:
    """The part `box` (inches from the bottom left) of an RGBA canvas as an RGB image, white
    where the box reaches beyond the canvas."""
    rows, columns = pixels.shape[:2]
    x0, x1 = round(box.x0 * DPI), round(box.x1 * DPI)
    y0, y1 = rows - round(box.y1 * DPI), rows - round(box.y0 * DPI)  # rows count from the top
    top, left = max(y0, 0), max(x0, 0)
    inner = PIL.Image.fromarray(pixels[top : min(y1, rows), left : min(x1, columns)], "RGBA")
    out = PIL.Image.new("RGB", (x1 - x0, y1 - y0), "white")
    out.paste(inner.convert("RGB"), (left - x0, top - y0))
    return out


def show_figure(fig, *, key: str, caption: str, source: str, data: pd.DataFrame) -> None:
    """Display a matplotlib figure as a numbered, captioned, sourced figure; close it."""
    encoded = base64.b64encode(png(fig)).decode("ascii")
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # a figure made with pyplot: close it (bare Figures need nothing)
        pyplot.close(fig)
    label, note = _caption_html("Figure", caption, source)
    block = (
        f'<figure class="st-figure" id="fig-{_key(key)}">'
        f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(caption)}">'
        f"<figcaption>{label}{note}</figcaption></figure>"
    )
    display(HTML(block), metadata=_metadata("figure", key, caption, source, data))


NO_VALUE = "–"  # a table cell without a value (no code, no figure for that year)


def show_table(
    df: pd.DataFrame,
    *,
    key: str,
    caption: str,
    source: str,
    formatters: dict[str, Any] | None = None,
    data: pd.DataFrame | None = None,
) -> None:
    """Display a DataFrame as a numbered table; long tables continue across pages with their header.

    `formatters` maps column -> format string ('{:,.0f}') or callable. `data` is what goes to the
    CSV (defaults to `df`).
    """
    shown = df.copy()
    for column, fmt in (formatters or {}).items():
        func = fmt.format if isinstance(fmt, str) else fmt
        shown[column] = shown[column].map(lambda v, f=func: "" if pd.isna(v) else f(v))
    # pandas ignores na_rep for nullable columns (Int64, string) and prints '<NA>', e.g. the
    # ISO3 code of a historical state (USSR): every missing value is shown as a dash instead.
    shown = shown.astype(object).where(shown.notna(), NO_VALUE)
    table = shown.to_html(index=False, escape=True, border=0, classes="st-data", na_rep=NO_VALUE)
    label, note = _caption_html("Table", caption, source)
    block = (
        f'<div class="st-table" id="tab-{_key(key)}"><p class="st-table-caption">{label}</p>'
        f"{table}{note}</div>"
    )
    display(
        HTML(block), metadata=_metadata("table", key, caption, source, df if data is None else data)
    )


# Characters that mean something to Markdown (links, images, emphasis, code, headings, tables,
# math, autolinks): a value carries them as numeric entities, so data text stays literal text.
# HTML's own specials are replaced in the same single pass (escaping them first and the entities'
# '#' afterwards would show "&#x27;" to the reader).
_MARKDOWN_ACTIVE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]()!#|~:$+-=@^&<>\"'"})


def markdown_literal(value: Any) -> str:
    """`value` as text that HTML and Markdown both show literally (one line, no markup)."""
    return " ".join(str(value).split("\n")).translate(_MARKDOWN_ACTIVE)


class _EscapingFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        # Entities for '$' (two in one paragraph would open a LaTeX math span), '[', '(' and
        # the rest: a data title such as '[x](https://evil)' is shown, never made a link.
        return markdown_literal(super().format_field(value, format_spec))


def say(template: str, /, **values: Any) -> None:
    """Display narrative Markdown with computed values; the values are escaped, the template is not."""
    display(Markdown(_EscapingFormatter().format(template, **values)))


# What a wording module's Markdown may use is emphasis and lists; links, images, raw HTML, math
# and code spans never come from it, so their characters are shown literally.
_PROSE_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "[]!<>$`&\\:"})


def prose(text: str) -> None:
    """Display Markdown sentences composed by a wording module (emphasis and lists kept; any
    link, image, HTML, math or code markup, e.g. from data text inside it, shown literally)."""
    display(Markdown(_inert(text)))


def _inert(text: str, one_line: bool = False) -> str:
    shown = str(text).translate(_PROSE_INERT)
    return " ".join(shown.split("\n")) if one_line else shown


def bullets(items: Sequence[tuple[str, str]]) -> None:
    """A Markdown list of (topic, text) pairs, the topic in bold and escaped like `say`; the text
    is a wording module's sentence, shown like `prose`."""
    lines = [
        f"- **{markdown_literal(topic)}.** {_inert(text, one_line=True)}" for topic, text in items
    ]
    display(Markdown("\n".join(lines)))


def html_block(block: str) -> None:
    """Display HTML built by a wording module, which escapes every value it puts in."""
    display(HTML(block))


def note(text: str, /, **values: Any) -> None:
    """A caveat box (escaped like `say`)."""
    body = _EscapingFormatter().format(text, **values)
    display(HTML(f'<div class="st-note">{body}</div>'))


def empty(message: str) -> None:
    """Say plainly that there is nothing to show (instead of an empty chart)."""
    display(HTML(f'<p class="st-empty">{html.escape(message)}</p>'))
