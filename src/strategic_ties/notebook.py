"""What the first code cell of every notebook calls: check the parameters, set the house style."""

from __future__ import annotations

import gc
import logging
import warnings
from typing import Any

from strategic_ties.charts import apply_style, set_countries
from strategic_ties.params import ReportParams, validate


def setup(**parameters: Any) -> ReportParams:
    """Validate the notebook's parameters (a plain papermill run gets the same checks as the CLI),
    keep warnings out of the report, and apply the chart style."""
    warnings.filterwarnings("ignore")
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    import pandas as pd

    pd.set_option("display.max_rows", 500)
    pd.set_option("display.precision", 1)
    apply_style()
    params = validate(parameters)
    from strategic_ties import reuse

    reuse.clear()  # a new run: results reused within it are computed afresh
    # the same colour per country in every notebook: country, partner, rivals in that order
    set_countries([params.country, params.partner, *(getattr(params, "rivals", None) or [])])
    _freeze_imports()
    return params


_frozen: list[bool] = []


def _freeze_imports() -> None:
    """Leave what the imports made out of the garbage collector's full collections, once per
    process (`gc.freeze`): the modules, classes and functions of pandas, matplotlib and the
    package (~120,000 objects) live as long as the kernel, yet each full collection of a run
    walked them all (80-180 ms of a notebook's CPU). Objects made later are collected as usual.
    """
    if not _frozen:
        gc.freeze()
        _frozen.append(True)
