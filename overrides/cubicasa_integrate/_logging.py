"""The package logger, and the redaction of api-keys from everything the package logs or raises.

Every record of the package's loggers (and of httpx's and httpcore's) is also escaped: a control or bidi
character that a server or webhook sender chose, and that a call site let through, is shown as its escape
(`\\x1b`, see cubicasa_integrate._text), so no record can forge another line or act on a terminal.

The logger is silent unless the application configures logging or CUBICASA_LOG=debug|info is set. Messages
never contain request headers; as a second line of defence, every api-key a client was constructed with is
scrubbed from every record this package's logger and httpx's and httpcore's loggers emit (httpcore's DEBUG log
prints response headers, and a server may echo the key in one).

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
import weakref
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ._constants import LOG_ENV
from ._text import escape

__all__ = ["logger", "redact", "redact_json", "redact_mapping", "remember_secret", "setup_from_environment"]

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
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None
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


def remember_secret(secret: str) -> None:
    global _pattern
    if secret and secret not in _secrets:
        _secrets.add(secret)
        # Longest first, so a key is replaced whole before a shorter key inside it could split it.
        forms = sorted({(form, known) for known in _secrets for form in _forms(known)}, key=lambda f: -len(f[0]))
        _pattern = re.compile("|".join(_pattern_for(form, known) for form, known in forms))


def redact(text: str) -> str:
    """`text` with every known api-key replaced by <redacted>. Redact before truncating: a cut can split a key."""
    return text if _pattern is None else _pattern.sub(REDACTED, text)


def redact_json(value: Any) -> Any:
    """A copy of a decoded JSON value with every string (keys included) redacted.

    Iterative, not recursive: a hostile body nested 100,000 levels deep must not raise RecursionError here.
    """
    if _pattern is None:
        return value
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


def redact_mapping(headers: Mapping[str, str]) -> dict[str, str]:
    return {redact(name): redact(value) for name, value in headers.items()}


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _pattern is not None:
            message = redact(record.getMessage())
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


def setup_from_environment(environ: Any = os.environ) -> None:
    """CUBICASA_LOG=debug|info (like OPENAI_LOG) prints this package's log to stderr."""
    global _handler
    level = str(environ.get(LOG_ENV, "")).strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING"):
        return
    logger.setLevel(level)
    if _handler is None or _handler() not in logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        _handler = weakref.ref(handler)
