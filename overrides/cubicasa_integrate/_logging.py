"""The package logger, and the redaction of api-keys from everything the package logs or raises.

Every record of the package's loggers (and of httpx's and httpcore's) is also escaped: a control or bidi
character that a server or webhook sender chose, and that a call site let through, is shown as its escape
(`\\x1b`, see cubicasa_integrate._text), so no record can forge another line or act on a terminal.

The logger is silent unless the application configures logging, or asks for the package's log on stderr with
`setup_logging()` (CUBICASA_LOG=debug|info is read there and by the `cubicasa` command, never by building a
client). Messages never contain request headers; as a second line of defence, the credentials of every client
that is open, and of every call in flight, are scrubbed from every record this package's logger and httpx's and
httpcore's loggers emit (httpcore's DEBUG log prints response headers, and a server may echo the key in one).

Whose secrets: a client owns its credentials (its api-key and any credential header it sends, a Redactor), and
the errors and raw responses of its calls are redacted with them. What the logging filters see is the live set:
a client holds its credentials there from construction until close() (or until it is garbage collected), and each
call holds the credentials of its own request while it runs (`hold`, `release`); the set never keeps a key longer. The
filters themselves are added to the loggers once, when this module is imported, never by building a client.

A key of SHORT_KEY characters or more is replaced wherever it appears, glued to other text or not: a server may
echo it as `key=<key>x`, and a string that long never occurs in ordinary text by chance. A shorter key (never a
real CubiCasa key, but a test key like "n") is replaced only as a whole token - not inside a longer run of
letters and digits - so it cannot mangle ordinary words ("unknown"). Either way the key is also found in the forms
a server may echo it in: JSON-escaped (`\\"`, `\\\\`, `\\/`, `\\u0041`), percent-encoded and HTML-escaped.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import threading
import weakref
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from ._constants import LOG_ENV
from ._text import escape

__all__ = [
    "Redactor",
    "hold",
    "live",
    "logger",
    "redact",
    "redact_json",
    "redact_mapping",
    "release",
    "release_when_collected",
    "setup_logging",
]

logger = logging.getLogger("cubicasa_integrate")
REDACTED = "<redacted>"
SHORT_KEY = 12
# Loggers of the HTTP stack that may print what a server sent (httpcore logs response headers at DEBUG). A
# logging.Filter only sees records created on its own logger, so each is named.
THIRD_PARTY_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
LEVELS = ("DEBUG", "INFO", "WARNING")
"""What setup_logging and CUBICASA_LOG accept (any case)."""
_handler: weakref.ReferenceType[logging.Handler] | None = None


def _forms(secret: str) -> set[str]:
    """The secret as a server may echo it: as is, JSON-escaped (three styles), percent-encoded, HTML-escaped."""
    json_escaped = json.dumps(secret)[1:-1]
    return {
        secret,
        json_escaped,
        json_escaped.replace("/", "\\/"),
        "".join(f"\\u{ord(char):04x}" for char in secret),
        "".join(f"\\u{ord(char):04X}" for char in secret),
        quote(secret, safe=""),
        quote(secret, safe="").lower(),
        html.escape(secret),
    }


def _pattern_for(form: str, secret: str) -> str:
    """A regex for one form of a secret: anywhere for a long key; for a short one, only as a whole token (not
    glued to letters or digits on a side where the form has one itself)."""
    if len(secret) >= SHORT_KEY:
        return re.escape(form)
    before = r"(?<![A-Za-z0-9])" if form[:1].isalnum() else ""
    after = r"(?![A-Za-z0-9])" if form[-1:].isalnum() else ""
    return before + re.escape(form) + after


def _compiled(secrets: frozenset[str]) -> re.Pattern[str] | None:
    """One regex for every form of these secrets (None for none). Not cached: a cache would keep keys alive."""
    if not secrets:
        return None
    # Longest first, so a key is replaced whole before a shorter key inside it could split it.
    forms = sorted({(form, known) for known in secrets for form in _forms(known)}, key=lambda f: (-len(f[0]), f))
    return re.compile("|".join(_pattern_for(form, known) for form, known in forms))


class Redactor:
    """Redaction of a fixed set of secrets: a client's credentials, a call's, or the live set. Immutable."""

    __slots__ = ("_pattern", "secrets")

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = frozenset(secret for secret in secrets if secret)
        self._pattern = _compiled(self.secrets)

    def with_secrets(self, secrets: Iterable[str]) -> Redactor:
        """A redactor of these secrets too (this one when they are known already)."""
        more = frozenset(secret for secret in secrets if secret)
        return self if more <= self.secrets else Redactor(self.secrets | more)

    def redact(self, text: str) -> str:
        """`text` with every secret replaced by <redacted>. Redact before truncating: a cut can split a key."""
        return text if self._pattern is None else self._pattern.sub(REDACTED, text)

    def redact_json(self, value: Any) -> Any:
        """A copy of a decoded JSON value with every string (keys included) redacted.

        Iterative, not recursive: a hostile body nested 100,000 levels deep must not raise RecursionError here.
        """
        if self._pattern is None:
            return value
        redact = self.redact
        root: list[Any] = [None]
        pending: list[tuple[Any, Any, Any]] = [(value, root, 0)]
        while pending:
            current, parent, slot = pending.pop()
            if isinstance(current, str):
                parent[slot] = redact(current)
            elif isinstance(current, Mapping):
                copy: dict[str, Any] = {}
                parent[slot] = copy
                for key, item in current.items():
                    safe_key = redact(key) if isinstance(key, str) else key
                    copy[safe_key] = None
                    pending.append((item, copy, safe_key))
            elif isinstance(current, list):
                items: list[Any] = [None] * len(current)
                parent[slot] = items
                pending.extend((item, items, index) for index, item in enumerate(current))
            else:
                parent[slot] = current
        return root[0]

    def redact_mapping(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {self.redact(name): self.redact(value) for name, value in headers.items()}


# The live set: the secrets of every open client and of every call in flight, each counted by its holders.
_lock = threading.Lock()
_held: dict[str, int] = {}
_live = Redactor()
# Secrets of clients garbage collected unclosed, released by the next change or read. A finalizer may run inside
# any allocation, also while this thread holds _lock (compiling a pattern): it only appends here, never locks.
_collected: list[frozenset[str]] = []


def _count(secrets: frozenset[str], step: int) -> None:
    """Change the counts (the caller holds _lock), take in what collected clients released, and rebuild the live
    redactor if the set of secrets changed."""
    global _live
    changes = [(secrets, step)]
    while _collected:
        changes.append((_collected.pop(), -1))
    changed = False
    for held, by in changes:
        for secret in held:
            count = _held.get(secret, 0) + by
            if count > 0:
                changed = changed or secret not in _live.secrets
                _held[secret] = count
            else:
                _held.pop(secret, None)
                changed = True
    if changed:
        _live = Redactor(_held)


def hold(secrets: frozenset[str]) -> None:
    """Add `secrets` to the live set until `release(secrets)`: one release for each hold (try/finally, or
    `release_when_collected`). Cheap when they are held already (a call of an open client): counts change,
    nothing is compiled."""
    with _lock:
        _count(secrets, 1)


def release(secrets: frozenset[str]) -> None:
    """Undo one `hold(secrets)`: a secret no one holds any more leaves the live set."""
    with _lock:
        _count(secrets, -1)


def release_when_collected(owner: object, secrets: frozenset[str]) -> weakref.finalize[[frozenset[str]], object]:
    """Release `secrets` (held for `owner`) when `owner` is garbage collected, unless the returned finalizer's
    `detach()` is called first (close(): then release them yourself)."""
    return weakref.finalize(owner, _collected.append, secrets)


def live() -> Redactor:
    """The redactor of the live set (see the module docstring): what the logging filters and errors apply."""
    if _collected and _lock.acquire(blocking=False):  # held elsewhere: a collected client's key stays a moment
        try:
            _count(frozenset(), 0)
        finally:
            _lock.release()
    return _live


def redact(text: str) -> str:
    """`text` with every live secret replaced by <redacted>."""
    return live().redact(text)


def redact_json(value: Any) -> Any:
    """A copy of a decoded JSON value with every live secret redacted (Redactor.redact_json)."""
    return live().redact_json(value)


def redact_mapping(headers: Mapping[str, str]) -> dict[str, str]:
    return live().redact_mapping(headers)


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        redactor = live()
        if redactor.secrets:
            message = redactor.redact(record.getMessage())
            record.msg, record.args = message, None
        return True


class _EscapingFilter(logging.Filter):
    """Defence in depth: a record's message with control and bidi characters escaped (cubicasa_integrate._text),
    whatever a call site forgot. The package escapes server text where it goes into a message already; this only
    changes a record that still holds such a character, so one record stays one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        escaped = escape(message)
        if escaped != message:
            record.msg, record.args = escaped, None
        return True


_FILTER = _RedactingFilter()
_ESCAPE = _EscapingFilter()
# A filter does not see its logger's children's records: the drift radar's logger is named too. Redaction first:
# the escaping filter then sees the message that will be shown.
for _name in (logger.name, f"{logger.name}.drift", *THIRD_PARTY_LOGGERS):
    logging.getLogger(_name).addFilter(_FILTER)
    logging.getLogger(_name).addFilter(_ESCAPE)


def setup_logging(level: str | None = None, *, environ: Mapping[str, str] = os.environ) -> None:
    """Print this package's log (`cubicasa_integrate` and its children) on stderr, redacted and escaped.

    `level` is "debug", "info" or "warning"; None reads CUBICASA_LOG (like OPENAI_LOG), and an unset or other
    value does nothing. Call it once at the start of a script; calling it again changes the level and never adds a
    second handler. Nothing else reads CUBICASA_LOG but the `cubicasa` command: building a client never
    configures logging."""
    global _handler
    chosen = str(environ.get(LOG_ENV, "") if level is None else level).strip().upper()
    if chosen not in LEVELS:
        if level is not None:
            raise ValueError(f"level must be one of {', '.join(name.lower() for name in LEVELS)}, got {level!r}")
        return
    logger.setLevel(chosen)
    if _handler is None or _handler() not in logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        _handler = weakref.ref(handler)
