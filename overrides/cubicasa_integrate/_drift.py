"""The drift radar: what CubiCasa sent that the spec this client was generated from does not describe.

Responses are decoded in C, straight into the typed models (_decode), which tells nobody anything: the open
enums take a value the spec does not list, and the decode skips keys a model does not declare. What the API sent
that the spec does not describe the client's request loop finds by auditing the whole JSON document of a response
against the spec, at every level it describes (`audit`), with the tables tools/drift_paths.py writes from the spec
(_drift_paths). Nothing is hooked into the generated code: the raw generated client records nothing, and building
a client changes nothing in the process. The audit records four kinds of finding (the format is
`cubicasa-drift/1`, see DriftReport.as_dict):

- unknown_field: a key the schema does not list (`info.floor_count`), with the JSON types of its values (the
  typed decode skips it);
- unknown_enum_value: a value an enum does not list (`OrderStatus: Failed`; the decode keeps it as a member equal
  to its string);
- type_conflict: a documented field of another JSON type than the spec says (the decode fails: its types are
  strict);
- missing_field: a required field that was absent (the decode fails; the finding is recorded first).

What it keeps, and for how long: one process-wide recorder, shared by every client and thread (a lock guards it),
created with this module (what responses held is the process's report, README "DRIFT"),
holding at most MAX_FINDINGS findings, each unique per (kind, schema, field or enum value); later new findings
only count in `dropped`. It never holds a field's value (values may be personal data): only JSON keys, JSON
types, enum values, and for each a first-seen time and a count. A key or enum value longer than MAX_NAME
characters is cut. Each new finding is logged once per process, at WARNING, on the `cubicasa_integrate.drift`
logger (api-keys redacted like every record of the package).

Webhook bodies are kept apart: nothing signs them, so anyone who can reach a receiver could otherwise invent
findings (and, through them, spec proposals). What `webhooks.parse` audits (`audit(..., webhook=True)`) goes to a
second recorder of its own, MAX_WEBHOOK_FINDINGS at most, reported by `webhook_report()` (source "webhooks") and
logged as "An unsigned webhook body sent ...", never into `report()` / `client.drift` (source "api").

Every name in a log line is escaped (cubicasa_integrate._text): a field name holding a line feed, ESC or U+202E
is shown as `\\n`, `\\x1b`, `\\u202e`, and the report keeps the name exactly as it came.

When it looks: a response whose decode failed, always; a webhook body, always (they are small and rare); of the
successful responses, the first AUDIT_FIRST of each operation in a process, then one in AUDIT_EVERY
(`should_audit`): a change of the API shows in the first responses, and the cost, one more parse and a walk, is
spread thin. An unknown field, enum value or type conflict that only a rare response carries may be missed.
"""

from __future__ import annotations

import datetime
import json
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._drift_paths import CHILDREN, ENUM_FIELDS, ENUM_PATHS, ENUMS, SCHEMAS
from ._provenance import SPEC_SHA256
from ._text import escape, escape_in_json
from ._version import __version__

__all__ = [
    "AUDIT_EVERY",
    "AUDIT_FIRST",
    "FORMAT",
    "MAX_FINDINGS",
    "MAX_NAME",
    "MAX_WEBHOOK_FINDINGS",
    "DriftReport",
    "Finding",
    "audit",
    "report",
    "should_audit",
    "webhook_report",
]

logger = logging.getLogger("cubicasa_integrate.drift")
FORMAT = "cubicasa-drift/1"
MAX_FINDINGS = 1000
MAX_WEBHOOK_FINDINGS = 100
"""Findings kept from webhook bodies: anyone who reaches a receiver can invent them, so fewer are kept."""
MAX_NAME = 200
"""Longest key or enum value kept: a hostile server must not fill memory through the names it invents."""
_JSON_TYPES: dict[type, str] = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
    dict: "object",
    list: "array",
}
_SEE = "see DRIFT in the README"
AUDIT_FIRST = 8
"""Successful responses of each operation audited in full before sampling starts."""
AUDIT_EVERY = 64
"""After the first ones, one response in this many is audited."""
_AUDIT_OBJECTS = 100_000
"""Most JSON objects one audit visits: a hostile body must not turn the audit into the slow part."""


def json_type(kind: type) -> str:
    """The JSON type a decoded value of this Python type had ("integer", not "number", for an int)."""
    found = _JSON_TYPES.get(kind)
    if found is not None:
        return found
    for python, name in _JSON_TYPES.items():  # a subclass (an OrderedDict a caller decoded into, a str enum, ...)
        if issubclass(kind, python):
            return name
    return "object" if issubclass(kind, Mapping) else "unknown"


def _accepts(expected: tuple[str, ...], found: str) -> bool:
    return found in expected or (found == "integer" and "number" in expected)


@dataclass(frozen=True, slots=True)
class Finding:
    """One kind of drift seen in this process. `field` is None for an unknown_enum_value, `value` for the rest."""

    kind: str
    """unknown_field, unknown_enum_value, type_conflict or missing_field."""
    schema: str
    """The components/schemas name in the spec (the enum's, for an unknown_enum_value)."""
    field: str | None
    value: str | None
    """The enum value the spec does not list (never a field's value)."""
    path: str
    """Dotted path for humans, relative to the resource the schema belongs to, e.g. `info.floor_count`."""
    types: tuple[str, ...]
    """JSON types seen (unknown_field, type_conflict), sorted."""
    expected: tuple[str, ...]
    """JSON types the spec allows (type_conflict), sorted."""
    first_seen: str
    """UTC, ISO 8601 to the second, e.g. 2026-12-01T18:40:00Z."""
    count: int
    """Times seen in this process."""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "schema": self.schema}
        if self.kind == "unknown_enum_value":
            data["value"] = self.value
        else:
            data["field"] = self.field
        data["path"] = self.path
        if self.kind == "type_conflict":
            data["expected"] = list(self.expected)
        if self.kind in ("unknown_field", "type_conflict"):
            data["types"] = list(self.types)
        data["first_seen"] = self.first_seen
        data["count"] = self.count
        return data


@dataclass(frozen=True, slots=True)
class DriftReport:
    """What this process has seen of drift so far (`client.drift`): a snapshot, which later decodes do not change."""

    spec_sha256: str
    client_version: str
    findings: tuple[Finding, ...]
    dropped: int
    """Sightings of findings that were not kept: MAX_FINDINGS were kept already."""
    source: str = "api"
    """Where the findings come from: "api" (responses of the API, to this client's requests) or "webhooks"
    (webhook bodies, which nothing signs: anyone who can reach a receiver can send one)."""

    def __bool__(self) -> bool:
        return bool(self.findings) or self.dropped > 0

    def as_dict(self) -> dict[str, Any]:
        """The report in the `cubicasa-drift/1` format (what `cubicasa drift propose` reads)."""
        return {
            "format": FORMAT,
            "source": self.source,
            "spec_sha256": self.spec_sha256,
            "client_version": self.client_version,
            "findings": [finding.as_dict() for finding in self.findings],
            "dropped": self.dropped,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON text. Names keep every character, but control and bidi characters are written as
        JSON escapes (`\\u001b`), so printing the report cannot act on a terminal; it loads to the same report."""
        return escape_in_json(json.dumps(self.as_dict(), indent=indent, ensure_ascii=False))


class _Entry:
    __slots__ = ("count", "expected", "field", "first_seen", "kind", "path", "schema", "types", "value")

    def __init__(self, kind: str, schema: str, name: str, path: str, expected: tuple[str, ...]) -> None:
        self.kind, self.schema, self.path, self.expected = kind, schema, path, expected
        enum = kind == "unknown_enum_value"
        self.field: str | None = None if enum else name
        self.value: str | None = name if enum else None
        self.types: set[str] = set()
        self.first_seen = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.count = 0

    def finding(self) -> Finding:
        return Finding(
            self.kind,
            self.schema,
            self.field,
            self.value,
            self.path,
            tuple(sorted(self.types)),
            self.expected,
            self.first_seen,
            self.count,
        )


def _path(schema: str, field: str) -> str:
    prefix = SCHEMAS[schema][0] if schema in SCHEMAS else ""
    return f"{prefix}.{field}" if prefix else field


class _Radar:
    def __init__(self, limit: int = MAX_FINDINGS, source: str = "api", webhooks: _Radar | None = None) -> None:
        self.limit = limit
        self.source = source
        self.webhooks = webhooks
        """The radar that hears what audits of webhook bodies find, in this one's place."""
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str, str], _Entry] = {}
        self._dropped = 0
        self._full_logged = False

    def hear(self, event: str, schema: str, detail: Any) -> None:
        """Record what an audit found: ("enum", enum schema, the value), or ("audit" | "invalid", object
        schema, {key: Python type of its value}). Never raises: drift must not fail a call that succeeded."""
        try:
            self._hear(event, schema, detail)
        except Exception:
            logger.debug("the drift radar could not record a %s finding of %s", event, schema, exc_info=True)

    def _hear(self, event: str, schema: str, detail: Any) -> None:
        sightings: list[tuple[str, str, str, str, tuple[str, ...]]] = []  # kind, name, path, type seen, expected
        if event == "enum":
            value = str(detail)[:MAX_NAME]
            sightings.append(("unknown_enum_value", value, ENUM_PATHS.get(schema, ""), "", ()))
        else:
            documented = SCHEMAS.get(schema, ("", {}))[1]
            seen = {str(key)[:MAX_NAME]: json_type(kind) for key, kind in detail.items()}
            for key, found in seen.items():
                if key not in documented:
                    sightings.append(("unknown_field", key, _path(schema, key), found, ()))
                    continue
                expected = documented[key][0]
                if expected is not None and not _accepts(expected, found):
                    sightings.append(("type_conflict", key, _path(schema, key), found, expected))
            if event == "invalid":
                sightings += [
                    ("missing_field", key, _path(schema, key), "", ())
                    for key, (_types, required) in documented.items()
                    if required and key not in seen
                ]
        new: list[_Entry] = []
        with self._lock:
            for kind, name, path, found, expected in sightings:
                entry = self._entries.get((kind, schema, name))
                if entry is None:
                    if len(self._entries) >= self.limit:
                        self._dropped += 1
                        continue
                    entry = self._entries[(kind, schema, name)] = _Entry(kind, schema, name, path, expected)
                    new.append(entry)
                entry.count += 1
                if found:
                    entry.types.add(found)
            full = self._dropped > 0 and not self._full_logged
            self._full_logged = self._full_logged or full
        for entry in new:  # outside the lock: a slow log handler must not hold up other threads' decodes
            _log(entry, self.source)
        if full:
            logger.warning(
                "the %s drift radar keeps %d findings; later ones are only counted (dropped); %s",
                self.source,
                self.limit,
                _SEE,
            )

    def report(self) -> DriftReport:
        with self._lock:
            findings = tuple(entry.finding() for entry in self._entries.values())
            dropped = self._dropped
        return DriftReport(SPEC_SHA256, __version__, findings, dropped, self.source)

    def reset(self) -> None:
        """Forget everything (for tests): the next sighting of each finding is new, and logged again."""
        with self._lock:
            self._entries.clear()
            self._dropped = 0
            self._full_logged = False
        if self.webhooks is not None:
            self.webhooks.reset()


_SENDER = {"api": "API", "webhooks": "An unsigned webhook body"}


def _log(entry: _Entry, source: str) -> None:
    """The finding's one WARNING line. Field names and enum values are the server's (or a webhook sender's)
    choice: escaped here, so none can forge a line or act on a terminal (the logger escapes again, see _logging)."""
    sender, spec, path = _SENDER[source], SPEC_SHA256[:12], escape(entry.path)
    types = ", ".join(sorted(entry.types))
    if entry.kind == "unknown_field":
        logger.warning("%s sent field %s (%s) that spec %s does not know; %s", sender, path, types, spec, _SEE)
    elif entry.kind == "unknown_enum_value":
        logger.warning(
            "%s sent %s value '%s'%s that spec %s does not know; %s",
            sender,
            entry.schema,
            escape(entry.value or ""),
            f" in {path}" if path else "",
            spec,
            _SEE,
        )
    elif entry.kind == "type_conflict":
        logger.warning(
            "%s sent field %s as %s where spec %s says %s; %s",
            sender,
            path,
            types,
            spec,
            " or ".join(entry.expected),
            _SEE,
        )
    else:
        logger.warning("%s left out field %s, which spec %s requires; %s", sender, path, spec, _SEE)


_RADAR = _Radar(webhooks=_Radar(MAX_WEBHOOK_FINDINGS, "webhooks"))


def report() -> DriftReport:
    """The drift this process has seen so far in API responses (every client and thread together)."""
    return _RADAR.report()


def webhook_report() -> DriftReport:
    """The drift this process has seen so far in webhook bodies (`webhooks.parse`), kept apart from `report()`:
    nothing signs a webhook body, so its names are only as trustworthy as whoever could reach the receiver."""
    assert _RADAR.webhooks is not None
    return _RADAR.webhooks.report()


_audited: dict[str, int] = {}


def should_audit(operation: str) -> bool:
    """Whether the request loop should audit this successful response of `operation` (see the module docstring).
    Counting races between threads only move which response is sampled."""
    seen = _audited[operation] = _audited.get(operation, 0) + 1
    return seen <= AUDIT_FIRST or seen % AUDIT_EVERY == 0


_PYTHON_TYPES: dict[str, frozenset[type]] = {
    "string": frozenset({str}),
    "boolean": frozenset({bool}),
    "integer": frozenset({int}),
    "number": frozenset({int, float}),
    "null": frozenset({type(None)}),
    "object": frozenset({dict}),
    "array": frozenset({list}),
}


def _allowed(types: tuple[str, ...] | None) -> frozenset[type] | None:
    return None if types is None else frozenset().union(*(_PYTHON_TYPES[t] for t in types))


_UNKNOWN: Any = object()  # a key the schema does not list (a sentinel: no frozenset can be it)
_ENUM_VALUES = {name: frozenset(values) for name, values in ENUMS.items()}
_Known = tuple[
    dict[str, frozenset[type] | None],
    tuple[tuple[str, str, bool], ...],
    tuple[tuple[str, str, frozenset[str], bool], ...],
]
# Per schema: for each documented key the Python types its JSON value may have (None: any), the keys an audit
# descends into (key, schema of the value, as list items?), and the keys that hold an enum (key, enum schema, the
# values it lists, as list items?).
_AUDITED: dict[str, _Known] = {
    name: (
        {field: _allowed(types) for field, (types, _required) in fields.items()},
        tuple((field, child, items) for field, (child, items) in CHILDREN.get(name, {}).items()),
        tuple((field, enum, _ENUM_VALUES[enum], items) for field, (enum, items) in ENUM_FIELDS.get(name, {}).items()),
    )
    for name, (_prefix, fields) in SCHEMAS.items()
}


_REQUIRED: dict[str, frozenset[str]] = {
    name: frozenset(field for field, (_types, required) in fields.items() if required)
    for name, (_prefix, fields) in SCHEMAS.items()
}


def audit(schema: str, document: Any, *, failed: bool = False, webhook: bool = False) -> None:
    """Record the drift in a whole JSON document of `schema` (a response body, parsed): unknown fields, enum values
    the spec does not list and values of another JSON type, in every object the spec describes, however deep; with
    `failed` (its typed decode failed) also the required fields it lacks. `webhook`: the document is a webhook body,
    its findings go to `webhook_report()`. Never raises. The radar hears only of objects with something off, so a
    clean document costs a walk."""
    radar = _RADAR.webhooks if webhook and _RADAR.webhooks is not None else _RADAR
    try:
        pending: list[tuple[str, Any]] = [(schema, document)]
        visited = 0
        while pending and visited < _AUDIT_OBJECTS:
            name, value = pending.pop()
            known = _AUDITED.get(name)
            if known is None or not isinstance(value, dict):
                continue
            visited += 1
            allowed, children, enums = known
            if failed and not _REQUIRED[name].issubset(value):
                radar.hear("invalid", name, {key: type(item) for key, item in value.items()})
            for key, item in value.items():
                types = allowed.get(key, _UNKNOWN)
                if types is _UNKNOWN or (types is not None and type(item) not in types):
                    radar.hear("audit", name, {key: type(item) for key, item in value.items()})
                    break
            for field, enum, listed, items in enums:
                held = value.get(field)
                if type(held) is str:  # of another type: a type conflict, found above
                    if held not in listed:
                        radar.hear("enum", enum, held)
                elif items and type(held) is list:
                    for item in held:
                        if type(item) is str and item not in listed:
                            radar.hear("enum", enum, item)
            for field, child, items in children:
                held = value.get(field)
                if items:
                    if type(held) is list:
                        pending.extend((child, item) for item in held)
                elif type(held) is dict:
                    pending.append((child, held))
    except Exception:  # the radar must never fail a call that succeeded
        logger.debug("the drift radar could not audit a %s", schema, exc_info=True)
