"""The package logger. Silent unless the application configures logging or CUBICASA_LOG=debug|info is set.

Messages never contain request headers; as a second line of defence, every api-key a client was constructed
with is scrubbed from every record this logger emits.
"""

from __future__ import annotations

import logging
import os
import weakref
from typing import Any

from ._constants import LOG_ENV

__all__ = ["logger", "redact", "remember_secret", "setup_from_environment"]

logger = logging.getLogger("cubicasa_integrate")
REDACTED = "<redacted>"
_secrets: set[str] = set()
_handler: weakref.ReferenceType[logging.Handler] | None = None


def remember_secret(secret: str) -> None:
    if secret:
        _secrets.add(secret)


def redact(text: str) -> str:
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            message = redact(record.getMessage())
            record.msg, record.args = message, None
        return True


logger.addFilter(_RedactingFilter())


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
