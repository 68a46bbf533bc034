"""Logging, configured in one place: `configure_logging()`, called by dashboard.py and the CLI.

Modules log to `logging.getLogger(__name__)`: imports, sign-in, migrations and the UI's
database failures. This puts one stderr handler on the project's own packages at the level
`UPSKILL_LOG_LEVEL` names (see `data_model.db.Settings`), and leaves other libraries' loggers,
and Streamlit's, as they are. Records still propagate, so a deployment that configures the
root logger (or pytest's caplog) sees them too.
"""

from __future__ import annotations

import logging
import sys

from .db import get_settings

PACKAGES = ("data_model", "ui", "cli", "seed")
FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_HANDLER_NAME = "upskill"

log = logging.getLogger(__name__)


class _Stderr(logging.StreamHandler):
    """Writes to `sys.stderr` as it is at each record, not as it was when configured: Streamlit and
    pytest swap it, and a handler holding an old one would write into a closed stream."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr  # emit runs under the handler's lock
        super().emit(record)


def configure_logging(default: str = "INFO") -> None:
    """Send the project's log records to stderr at UPSKILL_LOG_LEVEL (DEBUG, INFO, WARNING, ERROR or
    CRITICAL), or at `default` when it is unset.

    A level that is none of those is logged as a warning and `default` is used: a typo in the
    logging setting never stops the dashboard. Safe to call on every Streamlit rerun: the handler
    is added once per logger, the level re-read.
    """
    wanted = get_settings().log_level
    name = (wanted or default).strip().upper()
    level = logging.getLevelName(name if name in LEVELS else default.upper())
    first_call = False
    for package in PACKAGES:
        logger = logging.getLogger(package)
        logger.setLevel(level)
        if not any(handler.get_name() == _HANDLER_NAME for handler in logger.handlers):
            handler = _Stderr()
            handler.set_name(_HANDLER_NAME)
            handler.setFormatter(logging.Formatter(FORMAT))
            logger.addHandler(handler)
            first_call = True
    if first_call and name not in LEVELS:
        log.warning("UPSKILL_LOG_LEVEL=%r is none of %s: logging at %s", wanted, ", ".join(LEVELS), default)
