"""The pairs file of `strategic-ties batch`: defaults shared by all pairs, then the pairs.

```yaml
title: South Caucasus            # optional: the portfolio page's title
defaults:                        # optional: any report parameter, for every pair
  start_year: 1992
pairs:
  - {partner: Israel, country: Azerbaijan}
  - partner: Russia
    country: Armenia
    rivals: [Azerbaijan, Turkey]  # a pair's own values win over the defaults
```

The whole file is checked before anything runs (`load`): every bad entry is reported with its
line number in one `UserError` (exit 2), not only the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from strategic_ties.errors import UserError
from strategic_ties.params import ReportParams, validate

MAX_REPORTED = 20  # errors listed in full; the rest are counted
MAX_BYTES = 1_000_000  # as a parameter file (`run -f`)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: a 1 MB file in ~1 s, not ~8
MAX_PAIRS = 1000  # each is checked against the data (~5 ms): the check stays within seconds


class PairsFile(BaseModel):
    """The file's shape; each pair's values are then checked by the report parameter schema."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, description="Title of the portfolio page.")
    defaults: dict[str, Any] = Field(default_factory=dict)
    pairs: list[Any] = Field(min_length=1)


@dataclass(frozen=True)
class Pair:
    """One validated pair: its parameters, the values as given (for workers), its line."""

    params: ReportParams
    values: dict[str, Any]
    line: int

    @property
    def slug(self) -> str:
        return self.params.slug

    @property
    def label(self) -> str:
        return f"{self.params.partner}–{self.params.country}"


@dataclass(frozen=True)
class Batch:
    path: Path
    title: str
    defaults: dict[str, Any]
    pairs: list[Pair]


def _node_at(node: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """The YAML node at a key path (mapping keys as text, list indices as int); a key's own
    node when the path ends on a key."""
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            found = None
            for key, value in node.value:
                if str(key.value) == str(step):
                    found = value if step is not loc[-1] else key
                    break
            if found is None:
                return node
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                return node
            node = node.value[step]
        else:
            return node
    return node


def _line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    node = _node_at(root, loc)
    return node.start_mark.line + 1 if node is not None else 1


def _duplicate_keys(node: yaml.Node | None, found: list[tuple[int, str]]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if str(key.value) in seen:
                found.append(
                    (key.start_mark.line + 1, f"the key {key.value!r} is given twice in a mapping")
                )
            seen.add(str(key.value))
            _duplicate_keys(value, found)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicate_keys(item, found)


def _parameter_named(message: str) -> str | None:
    match = re.search(r"[Pp]arameters? '(\w+)'", message)
    return match.group(1) if match else None


def _where(name: str, entry: dict[str, Any], defaults: dict[str, Any], index: int) -> tuple:
    """The YAML path of the value a parameter error is about: the pair's own key, else the
    default's, else the pair."""
    if name in entry:
        return ("pairs", index, name)
    if name in defaults:
        return ("defaults", name)
    return ("pairs", index)


def _describe(entry: dict[str, Any], index: int) -> str:
    names = [
        str(entry[k]).strip()
        for k in ("partner", "country")
        if isinstance(entry.get(k), str | int) and str(entry[k]).strip()
    ]
    return f"pair {index + 1}" + (f" ({' and '.join(names)})" if names else "")


def _unknown(key: str, where: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(ReportParams.model_fields), n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    return (
        f"{where}: unknown parameter {key!r}.{hint} Accepted: "
        f"{', '.join(ReportParams.model_fields)}"
    )


def _fail(path: Path, errors: list[tuple[int, str]]) -> UserError:
    errors = sorted(set(errors))
    lines = [f"{path}, line {line}: {text}" for line, text in errors[:MAX_REPORTED]]
    if len(errors) > MAX_REPORTED:
        lines.append(f"... and {len(errors) - MAX_REPORTED} more problems.")
    head = f"The pairs file {path} has {len(errors)} problem{'s' if len(errors) > 1 else ''}; nothing was built:"
    return UserError("\n".join([head, *lines]))


def _refuse_aliases(path: Path, text: str) -> None:
    """No YAML anchors or aliases (as in a parameter file): an alias bomb expands to millions
    of values, and a repeated pair would be named at its anchor's line."""
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise UserError(
                f"{path}, line {event.start_mark.line + 1}: YAML anchors and aliases are not "
                "accepted in a pairs file; write each value out; nothing was built."
            )


def load(path: Path | str) -> Batch:
    """Read and check the whole pairs file, or raise one UserError listing every problem."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        text = raw.decode("utf-8")
    except OSError as exc:
        raise UserError(f"The pairs file {path} cannot be read ({exc.strerror or exc}).") from None
    except UnicodeDecodeError:
        raise UserError(f"The pairs file {path} is not UTF-8 text.") from None
    if len(raw) > MAX_BYTES:
        raise UserError(
            f"The pairs file {path} is larger than 1 MB; split it into smaller pairs files."
        )
    try:
        _refuse_aliases(path, text)
        root = yaml.compose(text, Loader=LOADER)
        data = yaml.load(text, Loader=LOADER)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise UserError(f"{path}{where}: not valid YAML ({problem}); nothing was built.") from None
    if not isinstance(data, dict):
        raise UserError(
            f"The pairs file {path} must be a mapping with a 'pairs' list (and optional "
            "'defaults' and 'title'); see examples/caucasus.yaml."
        )
    listed = data.get("pairs")
    if isinstance(listed, list) and len(listed) > MAX_PAIRS:
        raise UserError(
            f"The pairs file {path} lists {len(listed)} pairs; at most {MAX_PAIRS} are accepted "
            "in one batch, split it into several pairs files."
        )
    errors: list[tuple[int, str]] = []
    _duplicate_keys(root, errors)
    try:
        shape = PairsFile.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            name = ".".join(str(p) for p in loc) or "file"
            if error["type"] == "extra_forbidden":
                text = (
                    f"unknown section {loc[-1]!r}; a pairs file has 'title', 'defaults' and 'pairs'"
                )
            elif error["type"] == "missing":
                text = f"the section {name!r} is missing; list the pairs under 'pairs:'"
            elif loc == ("pairs",):
                text = "'pairs' must be a list with at least one pair"
            else:
                text = f"{name!r}: {error['msg']}"
            errors.append((_line(root, loc), text))
        raise _fail(path, errors) from None

    accepted = set(ReportParams.model_fields)
    defaults = {str(k): v for k, v in shape.defaults.items()}
    for key in sorted(set(defaults) - accepted):
        errors.append((_line(root, ("defaults", key)), _unknown(key, "defaults")))
        defaults.pop(key)
    pairs: list[Pair] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(shape.pairs):
        line = _line(root, ("pairs", index))
        if not isinstance(entry, dict):
            errors.append(
                (
                    line,
                    f"pair {index + 1} must be a mapping such as "
                    "{partner: Israel, country: Azerbaijan}",
                )
            )
            continue
        entry = {str(k): v for k, v in entry.items()}
        unknown = sorted(set(entry) - accepted)
        for key in unknown:
            errors.append(
                (_line(root, ("pairs", index, key)), _unknown(key, _describe(entry, index)))
            )
        if unknown:
            continue
        missing = [k for k in ("partner", "country") if k not in entry and k not in defaults]
        if missing:
            errors.append(
                (line, f"{_describe(entry, index)} has no {' and no '.join(missing)}; give both")
            )
            continue
        values = {**defaults, **entry}
        try:
            params = validate(values)
        except UserError as exc:
            name = (
                _parameter_named(str(exc)) or (re.search(r"'(\w+)'", str(exc)) or [None, None])[1]
            )
            loc = _where(name, entry, defaults, index) if name else ("pairs", index)
            errors.append((_line(root, loc), f"{_describe(entry, index)}: {exc}"))
            continue
        if params.slug in seen:
            errors.append(
                (
                    line,
                    f"{_describe(entry, index)} repeats the pair on line {seen[params.slug]} "
                    f"(both build reports/{params.slug}/); list each pair once",
                )
            )
            continue
        seen[params.slug] = line
        pairs.append(Pair(params=params, values=values, line=line))
    if errors:
        raise _fail(path, errors)
    title = shape.title or f"Portfolio: {len(pairs)} pairs from {path.name}"
    return Batch(path=path, title=title, defaults=defaults, pairs=pairs)
