"""Structured log lines: ``logfmt`` (default) or JSON, one event per line.

Example:
    >>> import logging
    >>> record = logging.LogRecord("bazaar.indexer", logging.INFO, "", 0, "batch", None, None)
    >>> record.fields = {"start": 1, "end": 9, "events": 3}
    >>> StructuredFormatter("logfmt", clock=lambda: 0.0).format(record)
    'ts=1970-01-01T00:00:00.000Z level=info event=batch start=1 end=9 events=3'
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

LOGGER_NAME = "bazaar.indexer"
log = logging.getLogger(LOGGER_NAME)


def emit(name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log the event ``name`` with ``fields`` as structured data."""
    log.log(level, name, extra={"fields": fields})


def _logfmt_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    text = str(value)
    if text == "" or any(c in text for c in ' "=\n'):
        return json.dumps(text)
    return text


class StructuredFormatter(logging.Formatter):
    """Formats records as ``key=value`` pairs or as JSON objects."""

    def __init__(
        self, style: Literal["logfmt", "json"] = "logfmt", clock: Callable[[], float] = time.time
    ) -> None:
        """Choose the output ``style``; ``clock`` gives the timestamp (tests fix it)."""
        super().__init__()
        self.style_name = style
        self.clock = clock

    def format(self, record: logging.LogRecord) -> str:
        """One line for ``record``."""
        stamp = datetime.fromtimestamp(self.clock(), UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
        data: dict[str, Any] = {
            "ts": stamp[:-3] + "Z",
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        data.update(getattr(record, "fields", {}))
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info).splitlines()[-1]
        if self.style_name == "json":
            return json.dumps(data, default=str)
        return " ".join(f"{key}={_logfmt_value(value)}" for key, value in data.items())


def configure(style: Literal["logfmt", "json"] = "logfmt", level: int = logging.INFO) -> None:
    """Send the indexer's logs to stderr in ``style``, replacing earlier handlers."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(StructuredFormatter(style))
    root = logging.getLogger("bazaar")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
