"""Text chosen by a server or a network peer, made safe for a log record or a terminal: the one escaper.

Field names, enum values, order ids, URLs, file names and error messages come from CubiCasa's responses or from
whoever POSTs to a webhook receiver. Shown raw, a line feed or carriage return forges a log line, ESC starts
colour, cursor, screen-clearing, title and OSC 8 hyperlink sequences (0x9b is an 8-bit CSI), BEL rings, and the
bidirectional overrides and isolates make a text read differently from what it is. `escape` shows each such
character as its Python escape (`\\n`, `\\x1b`, `\\x9b`, `\\u202e`), so the text stays on one line and reads as what
it is. A lone surrogate (JSON may carry one as `\\ud800`) is shown the same way: as is, it cannot be written as
UTF-8 and a log handler would fail on it. Every other character, any script or emoji, is kept as it is.

The escaped text holds none of these characters, so escaping twice changes nothing: the package escapes where a
server's text goes into a message, and its loggers escape every record again (cubicasa_integrate._logging).
"""

from __future__ import annotations

import re

__all__ = ["escape", "escape_in_json"]

_ABOVE_C0 = r"\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(r"[\x00-\x1f" + _ABOVE_C0 + "]")
# What json.dumps(ensure_ascii=False) leaves raw: it escapes only C0 controls, '"' and '\\'.
_UNSAFE_IN_JSON = re.compile("[" + _ABOVE_C0 + "]")


def _visible(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def escape(text: str) -> str:
    """`text` with every control, bidi-control and lone-surrogate character shown as its escape (`\\x1b`)."""
    return _UNSAFE.sub(_visible, text)


def escape_in_json(document: str) -> str:
    """A JSON text (from json.dumps(..., ensure_ascii=False)) with the same characters as JSON escapes
    (`\\u001b`, `\\u202e`): still valid JSON that loads to the same value, and safe on a terminal."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
