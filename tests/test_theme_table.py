"""The chart theme applied without seaborn is seaborn's theme, setting for setting."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

from strategic_ties import _seaborn_theme, charts, theme_table


def test_stored_theme_is_what_seaborn_builds() -> None:
    assert theme_table.build_theme() == {
        "SEABORN_VERSION": _seaborn_theme.SEABORN_VERSION,
        "RC": _seaborn_theme.RC,
        "CMAP_NAME": _seaborn_theme.CMAP_NAME,
        "CMAP_COLORS": _seaborn_theme.CMAP_COLORS,
    }, "seaborn changed: regenerate with `python -m strategic_ties.theme_table`"


def test_apply_style_sets_what_seaborn_set_theme_did() -> None:
    with mpl.rc_context():
        mpl.rcdefaults()
        expected = theme_table.seaborn_rc(charts.PALETTE)
    with mpl.rc_context():
        mpl.rcdefaults()
        charts.apply_style()
        applied = dict(plt.rcParams)
        assert plt.get_cmap().name == "rocket"  # registered although seaborn is not imported
    with mpl.rc_context():  # the old apply_style: seaborn, then the same overrides
        mpl.rcdefaults()
        mpl.rcParams.update(expected)
        charts.apply_style()
        assert dict(plt.rcParams) == applied
    assert applied["image.cmap"] == "rocket"
    changed = {k for k in expected if expected[k] != applied[k]}
    overridden = {
        "figure.figsize", "figure.dpi", "axes.titlesize", "axes.labelsize", "xtick.labelsize",
        "ytick.labelsize", "legend.fontsize", "legend.frameon", "axes.spines.top",
        "axes.spines.right", "text.parse_math",
    }  # fmt: skip
    assert changed <= overridden
