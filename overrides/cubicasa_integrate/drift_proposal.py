"""A spec change proposed from a drift report: `cubicasa drift propose --from REPORT.json`.

The radar (`client.drift`) reports what the API sent that the spec does not describe; this module turns its
report (format `cubicasa-drift/1`) into a unified diff of `openapi/cubicasa-integrate-v3.yaml` for a human to
review, apply (`git apply`), regenerate from and release (RELEASING.md):

* `unknown_field`: a new optional property of the component, typed as observed (3.1 type lists, `null` in the
  list, objects open, arrays of anything), described as observed, with `x-evidence: observed`;
* `unknown_enum_value`: the value appended to the enum component (its `x-enum-varnames` too, when it has them),
  and recorded in the component's `x-evidence-values` map as `observed`;
* `type_conflict` and `missing_field`: no change, only a note: widening a type or dropping a requirement changes
  what every generated client promises, and a human must decide (maybe CubiCasa has a bug).

Never a removal, never a new requirement, never a value (the report holds none: only keys, types, enum values).
The spec is hand-written YAML, so it is edited as text, in its own conventions (openapi/README.md), without a
YAML library: the client has none at run time. Output is deterministic: the same report and spec give the same
patch, and proposing again against the patched spec gives an empty one.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ._text import _ABOVE_C0, escape

__all__ = [
    "JSON_TYPES",
    "REPORT_FORMAT",
    "Finding",
    "Proposal",
    "ReportError",
    "parse_report",
    "propose",
]

REPORT_FORMAT = "cubicasa-drift/1"
JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "null", "object", "array"})
_KINDS = ("unknown_field", "unknown_enum_value", "type_conflict", "missing_field")
Kind = Literal["unknown_field", "unknown_enum_value", "type_conflict", "missing_field"]


class ReportError(ValueError):
    """The input is not a drift report this version understands (one line, for the command's error)."""


@dataclass(frozen=True)
class Finding:
    kind: Kind
    schema: str
    name: str
    """The field (JSON key), or the enum value for unknown_enum_value."""
    path: str = ""
    types: tuple[str, ...] = ()
    expected: tuple[str, ...] = ()
    count: int = 0
    first_seen: str = ""


@dataclass(frozen=True)
class Proposal:
    patch: str
    """A unified diff (`a/<label>`, `b/<label>`) for `git apply` / `patch -p1`; empty when nothing is proposed."""
    notes: tuple[str, ...]
    """What a human must decide, and what was skipped and why (sorted)."""
    patched: str
    """The spec text with the patch applied."""


# ------------------------------------------------------------------------------------------------ the report
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(item: Mapping[str, Any], key: str, index: int, *, required: bool = True) -> str:
    value = item.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value):
        raise _Unusable(f"finding {index}: {key!r} must be a non-empty string")
    if _SURROGATE.search(value):  # JSON can carry one as \\ud800; no spec written as UTF-8 can hold it
        raise _Unusable(f"finding {index}: {key!r} holds a lone surrogate, which is no Unicode character")
    return value


class _Unusable(ReportError):
    """One finding that cannot be proposed: it is noted and skipped, and the rest are proposed."""


def _types(item: Mapping[str, Any], key: str, index: int) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(t, str) and t in JSON_TYPES for t in value):
        raise _Unusable(f"finding {index}: {key!r} must be a list of JSON types ({', '.join(sorted(JSON_TYPES))})")
    return tuple(sorted(set(value)))


def parse_report(data: str | bytes) -> tuple[list[Finding], dict[str, Any]]:
    """The findings of a `cubicasa-drift/1` report and its header (`spec_sha256`, `client_version`, `dropped`,
    `source`: "api" unless the report says "webhooks").

    Raises ReportError, with one line saying why, for anything else."""
    try:
        report = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ReportError(f"not a drift report: not JSON ({type(error).__name__})") from None
    if not isinstance(report, dict) or report.get("format") != REPORT_FORMAT:
        found = report.get("format") if isinstance(report, dict) else type(report).__name__
        raise ReportError(f"not a drift report: format must be {REPORT_FORMAT!r}, found {found!r}")
    items = report.get("findings")
    if not isinstance(items, list):
        raise ReportError("not a drift report: 'findings' must be a list")
    findings, skipped = [], []
    for index, item in enumerate(items):
        try:
            findings.append(_finding(index, item))
        except _Unusable as unusable:
            skipped.append(f"{unusable}; skipped, nothing proposed for it.")
    dropped = report.get("dropped", 0)
    header = {
        "spec_sha256": report.get("spec_sha256") if isinstance(report.get("spec_sha256"), str) else "",
        "client_version": report.get("client_version") if isinstance(report.get("client_version"), str) else "",
        "dropped": dropped if isinstance(dropped, int) and not isinstance(dropped, bool) else 0,
        "skipped": skipped,
        "source": report.get("source") if isinstance(report.get("source"), str) else "api",
    }
    return findings, header


def _finding(index: int, item: object) -> Finding:
    if not isinstance(item, dict):
        raise _Unusable(f"finding {index}: not an object")
    kind = item.get("kind")
    if kind not in _KINDS:
        raise _Unusable(f"finding {index}: unknown kind {kind!r} (known: {', '.join(_KINDS)})")
    name_key = "value" if kind == "unknown_enum_value" else "field"
    count = item.get("count", 0)
    return Finding(
        kind=kind,
        schema=_text(item, "schema", index),
        name=_text(item, name_key, index),
        path=_text(item, "path", index, required=False),
        types=_types(item, "types", index),
        expected=_types(item, "expected", index),
        count=count if isinstance(count, int) and not isinstance(count, bool) else 0,
        first_seen=_text(item, "first_seen", index, required=False),
    )


# ------------------------------------------------------------------------------------------------ the spec, as text
_YAML_WORDS = frozenset({"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"})
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*|[0-9][A-Za-z0-9_.\-]*[A-Za-z_][A-Za-z0-9_.\-]*")
_NUMBER_LIKE = re.compile(r"[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0[xXoObB][0-9A-Fa-f_]+")


def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain where YAML reads it back as that same string, else JSON-quoted (valid
    YAML, and it escapes anything that could break the line)."""
    plain = _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS and not _NUMBER_LIKE.fullmatch(text)
    return text if plain else _quoted(text)


# What a YAML reader refuses or a terminal acts on, beyond the C0 controls json.dumps escapes: written as a
# \\uXXXX escape. Any other character, outside the BMP too, is written as itself: a JSON surrogate-pair escape
# (json.dumps' ensure_ascii) is read by YAML as two lone surrogates, not the character.
_YAML_ESCAPED = re.compile("[" + _ABOVE_C0 + "\ufffe\uffff]")


def _quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar that reads back as exactly `text`, on one line."""
    return _YAML_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _unscalar(text: str) -> str:
    text = text.strip()
    if text.startswith('"'):
        loaded = json.loads(text)
        return str(loaded)
    if text.startswith("'") and text.endswith("'"):
        return text[1:-1].replace("''", "'")
    return text


def _flow_items(inner: str) -> list[str]:
    """The items of a one-line flow sequence or mapping body (quoted items may hold commas)."""
    return [item.strip() for item in re.findall(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|[^,]+', inner) if item.strip()]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    return not line.strip()


@dataclass
class _Schema:
    name: str
    start: int
    """The index of its `    Name:` line."""
    end: int
    """One past its last non-blank line."""


def _block_end(lines: Sequence[str], start: int, indent: int) -> int:
    """One past the last non-blank line of the block opened at `start` (lines indented more than `indent`)."""
    end = start + 1
    while end < len(lines) and (_blank(lines[end]) or _indent(lines[end]) > indent):
        end += 1
    while end > start + 1 and _blank(lines[end - 1]):
        end -= 1
    return end


def _schemas(lines: Sequence[str]) -> dict[str, _Schema]:
    try:
        components = lines.index("components:\n")
        section = next(i for i in range(components + 1, len(lines)) if lines[i] == "  schemas:\n")
    except (ValueError, StopIteration):
        raise ReportError("the spec has no components/schemas section where expected") from None
    found: dict[str, _Schema] = {}
    end = _block_end(lines, section, 2)
    for index in range(section + 1, end):
        match = re.fullmatch(r" {4}([A-Za-z0-9_.\-]+):\s*", lines[index])
        if match:
            found[match.group(1)] = _Schema(match.group(1), index, _block_end(lines, index, 4))
    return found


def _key_line(lines: Sequence[str], schema: _Schema, key: str) -> int | None:
    for index in range(schema.start + 1, schema.end):
        if lines[index].startswith(f"      {key}:"):
            return index
    return None


def _property_names(lines: Sequence[str], schema: _Schema, properties: int) -> set[str]:
    names = set()
    for index in range(properties + 1, _block_end(lines, properties, 6)):
        match = re.match(r" {8}(\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^\s#'\"][^:]*):", lines[index])
        if match:
            names.add(_unscalar(match.group(1)))
    return names


# ------------------------------------------------------------------------------------------------ the proposal
def _property_lines(finding: Finding, client_version: str) -> list[str]:
    types = set(finding.types)
    if "number" in types:
        types.discard("integer")  # an integer is a number: the wider type alone
    concrete = sorted(types - {"null"})
    listed = [*concrete, *(['"null"'] if "null" in types else [])]
    lines = [f"        {_scalar(finding.name)}:\n"]
    if "object" in concrete:
        lines.append("          additionalProperties: true\n")
    if len(listed) == 1:
        lines.append(f"          type: {listed[0]}\n")
    elif listed:
        lines.append(f"          type: [{', '.join(listed)}]\n")
    if "array" in concrete:
        lines.append("          items: {}\n")
    seen = re.match(r"\d{4}-\d{2}-\d{2}", finding.first_seen)
    radar = "drift radar" + (f" of {client_version}" if re.fullmatch(r"[0-9A-Za-z.+\-]+", client_version) else "")
    when = f", first seen {seen.group(0)}" if seen else ""
    description = f"Observed in API responses ({radar}{when}); not documented, meaning unknown."
    lines.append(f"          description: {json.dumps(description)}\n")
    lines.append("          x-evidence: observed\n")
    return lines


def _varname(value: str, taken: set[str]) -> str:
    """An `x-enum-varnames` entry in the spec's style: upper case, and a leading digit part moved to the end
    (`3d_cad_files` is `CAD_FILES_3D`), unique."""
    parts = [part for part in re.split(r"[^A-Z0-9]+", value.upper()) if part]
    while parts and parts[0][0].isdigit() and len(parts) > 1:
        parts = [*parts[1:], parts[0]]
    name = "_".join(parts) or "VALUE"
    if name[0].isdigit():
        name = f"V_{name}"
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    return candidate


@dataclass
class _Edits:
    replace: dict[int, list[str]] = field(default_factory=dict)
    """Lines replaced (by index) with these lines."""
    after: dict[int, list[str]] = field(default_factory=dict)
    """Lines inserted after the line of this index."""
    notes: list[str] = field(default_factory=list)


def _count(finding: Finding) -> str:
    return f"seen {finding.count} time{'s' if finding.count != 1 else ''}" if finding.count else "seen"


def _where(finding: Finding) -> str:
    return f"{finding.schema}.{finding.name}" + (f" ({finding.path})" if finding.path else "")


def _add_fields(
    lines: Sequence[str], schema: _Schema, findings: list[Finding], client_version: str, edits: _Edits
) -> None:
    type_line = _key_line(lines, schema, "type")
    if type_line is None or lines[type_line].strip() != "type: object":
        edits.notes.extend(f"{_where(f)}: {schema.name} is not an object schema; nothing proposed." for f in findings)
        return
    properties = _key_line(lines, schema, "properties")
    existing = _property_names(lines, schema, properties) if properties is not None else set()
    new: list[str] = []
    for finding in sorted(findings, key=lambda f: f.name):
        if finding.name in existing:
            edits.notes.append(f"{_where(finding)}: already in the spec; nothing proposed.")
            continue
        new += _property_lines(finding, client_version)
    if not new:
        return
    if properties is None:
        edits.after.setdefault(schema.end - 1, []).extend(["      properties:\n", *new])
    else:
        edits.after.setdefault(_block_end(lines, properties, 6) - 1, []).extend(new)


def _add_values(lines: Sequence[str], schema: _Schema, findings: list[Finding], edits: _Edits) -> None:
    enum = _key_line(lines, schema, "enum")
    match = re.fullmatch(r"( {6}enum: )\[(.*)\](\s*)", lines[enum]) if enum is not None else None
    if enum is None or match is None:
        edits.notes.extend(
            f"{_where(f)}: {schema.name} has no one-line `enum: [...]` to extend; nothing proposed." for f in findings
        )
        return
    values = [_unscalar(item) for item in _flow_items(match.group(2))]
    wanted = []
    for finding in sorted(findings, key=lambda f: f.name):
        if finding.name in values:
            edits.notes.append(f"{_where(finding)}: already in the spec; nothing proposed.")
        elif finding.name not in wanted:
            wanted.append(finding.name)
    if not wanted:
        return
    items = [item for item in _flow_items(match.group(2))] + [_scalar(value) for value in wanted]
    edits.replace[enum] = [f"{match.group(1)}[{', '.join(items)}]{match.group(3)}"]
    last = enum
    varnames = _key_line(lines, schema, "x-enum-varnames")
    names = re.fullmatch(r"( {6}x-enum-varnames: )\[(.*)\](\s*)", lines[varnames]) if varnames is not None else None
    if varnames is not None and names is not None:
        taken = {_unscalar(item) for item in _flow_items(names.group(2))}
        added = []
        for value in wanted:
            added.append(_varname(value, taken))
            taken.add(added[-1])
        joined = ", ".join([*_flow_items(names.group(2)), *added])
        edits.replace[varnames] = [f"{names.group(1)}[{joined}]{names.group(3)}"]
        last = max(last, varnames)
    evidence = _key_line(lines, schema, "x-evidence-values")
    levels = {value: "observed" for value in wanted}
    if evidence is not None:
        mapping = re.fullmatch(r" {6}x-evidence-values: \{(.*)\}\s*", lines[evidence])
        if mapping is None:
            edits.notes.append(f"{schema.name}: `x-evidence-values` is not a one-line map; values not marked.")
            return
        for item in _flow_items(mapping.group(1)):
            key, _, level = item.partition(":")
            levels.setdefault(_unscalar(key), _unscalar(level))
    body = ", ".join(f"{_scalar(value)}: {_scalar(level)}" for value, level in sorted(levels.items()))
    line = f"      x-evidence-values: {{{body}}}\n"
    if evidence is not None:
        edits.replace[evidence] = [line]
    else:
        edits.after.setdefault(last, []).append(line)


def _human_notes(findings: Sequence[Finding]) -> list[str]:
    notes = []
    for finding in findings:
        if finding.kind == "type_conflict":
            expected = "|".join(finding.expected) or "?"
            notes.append(
                f"{_where(finding)}: the spec says {expected}, the API sent {'|'.join(finding.types) or '?'} "
                f"({_count(finding)}). A human must decide: widen the type (a breaking change for clients that "
                "read it) or report it to CubiCasa. Nothing proposed."
            )
        elif finding.kind == "missing_field":
            notes.append(
                f"{_where(finding)}: required by the spec but absent ({_count(finding)}). A human must decide: make "
                "it optional (a breaking change for clients that read it) or report it to CubiCasa. Nothing proposed."
            )
    return notes


def propose(data: str | bytes, spec_text: str, label: str = "openapi/cubicasa-integrate-v3.yaml") -> Proposal:
    """The spec change a drift report (`data`, its JSON text) suggests for `spec_text`, as a patch of `label`.

    Raises ReportError when `data` is not a `cubicasa-drift/1` report."""
    findings, header = parse_report(data)
    lines = spec_text.splitlines(keepends=True)
    schemas = _schemas(lines)
    edits = _Edits()
    if header["spec_sha256"] and header["spec_sha256"] != hashlib.sha256(spec_text.encode()).hexdigest():
        edits.notes.append(
            "The report was made against another version of the spec (its spec_sha256 differs): check that each "
            "finding still applies."
        )
    if header["source"] == "webhooks":
        edits.notes.append(
            "The report comes from webhook bodies, which nothing signs: anyone who reached the receiver could have "
            "sent these names. Apply it only if you trust every sender."
        )
    if header["dropped"]:
        edits.notes.append(
            f"The radar dropped {header['dropped']} findings over its limit: apply this, regenerate, and run it again."
        )
    edits.notes += header["skipped"]
    edits.notes += _human_notes(findings)
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.kind in ("unknown_field", "unknown_enum_value"):
            grouped.setdefault((finding.kind, finding.schema), []).append(finding)
    for (kind, name), group in sorted(grouped.items()):
        schema = schemas.get(name)
        if schema is None:
            edits.notes.extend(f"{_where(f)}: no schema {name!r} in the spec; nothing proposed." for f in group)
        elif kind == "unknown_field":
            _add_fields(lines, schema, group, header["client_version"], edits)
        else:
            _add_values(lines, schema, group, edits)
    patched_lines: list[str] = []
    for index, line in enumerate(lines):
        patched_lines += edits.replace.get(index, [line])
        patched_lines += edits.after.get(index, [])
    patched = "".join(patched_lines)
    patch = "".join(difflib.unified_diff(lines, patched_lines, f"a/{label}", f"b/{label}"))
    # Notes quote names from the network: shown escaped, wherever they are printed.
    return Proposal(patch=patch, notes=tuple(sorted({escape(note) for note in edits.notes})), patched=patched)
