"""The one parameter schema, shared by the CLI, the notebooks and the tests.

Every value is checked before any kernel starts. Errors name the parameter, the bad value and
what is accepted, as one sentence (`ParameterError`).
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from strategic_ties import countries
from strategic_ties.countries import excerpt
from strategic_ties.errors import ParameterError, UnknownCountryError

EARLIEST_YEAR = 1950
RIVALS_FROM_DATA = "chosen from the data"
FALLBACK_LATEST_YEAR = 2024


def latest_data_year() -> int:
    """The last year the processed data cover (the default `end_year`)."""
    try:
        from strategic_ties.catalog import latest_year

        return latest_year()
    except Exception:  # no catalogue yet (fresh data build): fall back to the known edition
        return FALLBACK_LATEST_YEAR


class ReportParams(BaseModel):
    """Parameters every notebook accepts; a notebook ignores what it does not use."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    _rivals_from_data: bool = PrivateAttr(default=False)

    partner: str = Field(
        "Israel", description="Partner country (arms supplier of interest): name or ISO3."
    )
    country: str = Field(
        "Azerbaijan", description="Country studied (arms recipient): name or ISO3."
    )
    rivals: list[str] | None = Field(
        None,
        description="Rivals of the country, compared in the threat picture: names or ISO3, "
        "comma-separated; left out, at most three are chosen from the data "
        "(strategic_ties.analysis.rivals).",
    )
    start_year: int = Field(1992, description="First year analysed.")
    end_year: int | None = Field(
        None, description="Last year analysed (default: the latest year in the data)."
    )
    period_years: int = Field(
        5, description="Length of the periods arms imports are summed over (SIPRI uses 5)."
    )

    @field_validator("partner", "country", mode="before")
    @classmethod
    def _country_name(cls, value: Any, info) -> str:
        return countries.resolve(value, parameter=info.field_name).name

    @field_validator("rivals", mode="before")
    @classmethod
    def _rival_names(cls, value: Any) -> list[str] | None:
        if value is None:
            return None
        given = value
        if isinstance(value, str):
            value = [part for part in (p.strip() for p in value.split(",")) if part]
        if not isinstance(value, list | tuple):
            raise ParameterError(
                f"Parameter 'rivals': {excerpt(value)} is not a list; give comma-separated names, e.g. 'Iran,Armenia'."
            )
        if not [v for v in value if not (isinstance(v, str) and not v.strip())]:
            raise ParameterError(
                f"Parameter 'rivals': {excerpt(given)} names no country; give comma-separated names, "
                "e.g. 'Iran,Armenia', or leave the parameter out to have the rivals chosen from "
                "the data."
            )
        names: list[str] = []
        for item in value:
            resolved = countries.resolve(item, parameter="rivals").name
            if resolved not in names:
                names.append(resolved)
        return names

    @field_validator("start_year", "end_year", "period_years", mode="before")
    @classmethod
    def _whole_number(cls, value: Any, info) -> Any:
        if info.field_name == "end_year" and (
            value is None or (isinstance(value, str) and value.strip().lower() in LATEST_WORDS)
        ):
            return None  # 'latest' means the default in -f files as with -p
        if isinstance(value, bool):
            raise ParameterError(
                f"Parameter '{info.field_name}': {excerpt(value)} is not a whole number."
            )
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if isinstance(value, int):
            return value
        raise ParameterError(
            f"Parameter '{info.field_name}': {excerpt(value)} is not a whole number; give a year such as 2010."
            if "year" in info.field_name and info.field_name != "period_years"
            else f"Parameter '{info.field_name}': {excerpt(value)} is not a whole number; give e.g. 5."
        )

    @model_validator(mode="after")
    def _consistent(self) -> ReportParams:
        latest = latest_data_year()
        end = self.end_year if self.end_year is not None else latest
        for field, year in (("start_year", self.start_year), ("end_year", end)):
            if not EARLIEST_YEAR <= year <= latest:
                raise ParameterError(
                    f"Parameter '{field}': {year} is outside the years the data cover; "
                    f"give a year from {EARLIEST_YEAR} to {latest}."
                )
        if self.start_year > end:
            raise ParameterError(
                f"Parameters 'start_year' and 'end_year' are reversed ({self.start_year} > {end}); "
                "start_year must not be after end_year."
            )
        if not 1 <= self.period_years <= 25:
            raise ParameterError(
                f"Parameter 'period_years': {self.period_years} is not accepted; give 1 to 25 (SIPRI uses 5)."
            )
        if self.partner == self.country:
            raise ParameterError(
                f"Parameters 'partner' and 'country' are both {self.country}; give two different countries."
            )
        if self.end_year is None:
            object.__setattr__(self, "end_year", end)
        if self.rivals is None:
            chosen = _chosen_rivals(self.country, self.partner, self.start_year, end, _data_key())
            object.__setattr__(self, "rivals", list(chosen))
            self._rivals_from_data = True
            return self
        if self.country in self.rivals:
            raise ParameterError(
                f"Parameter 'rivals': {self.country} is the country itself; list only its rivals."
            )
        if self.partner in self.rivals:
            raise ParameterError(
                f"Parameter 'rivals': {self.partner} is the partner; the partner is never one of "
                "the rivals."
            )
        return self

    # Derived values the notebooks use.
    @property
    def rivals_from_data(self) -> bool:
        """True when the user gave no rivals and `rivals` holds the ones chosen from the data."""
        return self._rivals_from_data

    @property
    def partner_iso3(self) -> str:
        return countries.resolve(self.partner).iso3

    @property
    def country_iso3(self) -> str:
        return countries.resolve(self.country).iso3

    @property
    def rivals_iso3(self) -> list[str]:
        return [countries.resolve(r).iso3 for r in self.rivals]

    @property
    def slug(self) -> str:
        """Output folder name: '<partner>-<country>' in lower case for the default parameters;
        other years add '-<start_year>-<end_year>', other rivals or periods add '-p<6 hex>'
        (a hash of those values), so different parameters never share a folder."""
        slug = f"{countries.slugify(self.partner)}-{countries.slugify(self.country)}"
        defaults = _defaults_for(self.partner, self.country)
        if (self.start_year, self.end_year) != (defaults.start_year, defaults.end_year):
            slug += f"-{self.start_year}-{self.end_year}"
        rest = {k: getattr(self, k) for k in ("rivals", "period_years")}
        if self.rivals_from_data:  # chosen from the data: the default, whatever the years
            rest["rivals"] = defaults.rivals
        if rest != {k: getattr(defaults, k) for k in rest}:
            digest = hashlib.sha256(json.dumps(rest, sort_keys=True).encode()).hexdigest()
            slug += f"-p{digest[:6]}"
        return slug

    @property
    def title(self) -> str:
        return f"Strategic ties: {self.partner} and {self.country}"

    def for_papermill(self) -> dict[str, Any]:
        """Native-typed values to inject (ints stay ints, the list stays a list); rivals chosen
        from the data are injected as None, so each notebook chooses them the same way."""
        values = self.model_dump()
        if self.rivals_from_data:
            values["rivals"] = None
        return values


def _data_key() -> tuple[str, float]:
    """Where the processed data are and when they last changed (keys the rivals' cache)."""
    from strategic_ties import paths

    folder = paths.processed_dir()
    try:
        return str(folder), folder.stat().st_mtime
    except OSError:
        return str(folder), 0.0


@functools.lru_cache(maxsize=64)
def _chosen_rivals(
    country: str, partner: str, start_year: int, end_year: int, data: tuple[str, float]
) -> tuple[str, ...]:
    """The rivals chosen from the data, computed once per process for the same inputs (a run
    validates the parameters more than once) and remembered on disk for the same data and code
    (`strategic_ties.rivals_cache`: a cached rebuild imports no pandas)."""
    from strategic_ties.rivals_cache import chosen_rivals

    return tuple(chosen_rivals(country, partner, start_year, end_year))


@functools.lru_cache(maxsize=64)
def _defaults_for(partner: str, country: str) -> ReportParams:
    """The parameters a run for this pair gets when nothing else is given."""
    return ReportParams(partner=partner, country=country)


LATEST_WORDS = {"", "none", "latest"}
MAX_VALUE = 200  # characters of one value
MAX_ITEMS = 50  # items of a list value


def _check_size(name: str, value: Any) -> None:
    """Refuse floods before any parsing: long text, long lists, nested structures."""
    if len(name) > 40:
        raise ParameterError(f"Unknown parameter {excerpt(name)}; parameter names are short.")
    items = value if isinstance(value, list | tuple) else [value]
    if len(items) > MAX_ITEMS:
        raise ParameterError(
            f"Parameter '{name}': {len(items)} values are too many; give at most {MAX_ITEMS}."
        )
    for item in items:
        if isinstance(item, dict | list | tuple | set):
            raise ParameterError(
                f"Parameter '{name}': {excerpt(item)} is not accepted; give a plain value."
            )
        if isinstance(item, str) and len(item) > MAX_VALUE:
            raise ParameterError(
                f"Parameter '{name}': {excerpt(item)} is too long ({len(item)} characters; "
                f"at most {MAX_VALUE})."
            )


def validate(values: dict[str, Any] | None = None, **more: Any) -> ReportParams:
    """Build ReportParams from loose values, turning every failure into one ParameterError."""
    merged = {**(values or {}), **more}
    for name, value in merged.items():
        _check_size(str(name), value)
    unknown = sorted(set(merged) - set(ReportParams.model_fields))
    if unknown:
        accepted = ", ".join(ReportParams.model_fields)
        raise ParameterError(
            f"Unknown parameter {excerpt(unknown[0])}; accepted parameters are {accepted}."
        )
    try:
        return ReportParams(**merged)
    except ValidationError as exc:
        raise _one_sentence(exc) from None


def _one_sentence(exc: ValidationError) -> ParameterError:
    error = exc.errors()[0]
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, ParameterError | UnknownCountryError):
        return cause if isinstance(cause, ParameterError) else ParameterError(str(cause))
    field = ".".join(str(p) for p in error.get("loc", ())) or "parameters"
    return ParameterError(
        f"Parameter '{field}': {excerpt(error.get('input'))} is not accepted ({error['msg']})."
    )


def describe() -> list[dict[str, str]]:
    """Name, type, default and help of each parameter (for `strategic-ties params`)."""
    rows = []
    for name, field in ReportParams.model_fields.items():
        default = field.get_default(call_default_factory=True)
        type_name = {"rivals": "list[str]", "end_year": "int"}.get(
            name, getattr(field.annotation, "__name__", str(field.annotation))
        )
        rows.append(
            {
                "name": name,
                "type": type_name,
                "default": {"end_year": "latest year in the data", "rivals": RIVALS_FROM_DATA}.get(
                    name, repr(default)
                ),
                "help": field.description or "",
            }
        )
    return rows
