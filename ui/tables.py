"""Tables people can read and take away: every table a page shows has a CSV download beside it."""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Literal

import pandas as pd
import streamlit as st

from data_model import clock, spreadsheets
from data_model.formats.values import is_web_link

if TYPE_CHECKING:  # what st.column_config's column functions return (a TypedDict)
    from collections.abc import Callable

    from streamlit.elements.lib.column_types import ColumnConfig


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """What a table shows instead of "None": dates become real datetimes (an empty one is blank)
    and an empty text cell (a person with no job role, say) is blank."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            values = out[column].dropna()
            if not values.empty and all(isinstance(v, date) for v in values):
                out[column] = pd.to_datetime(out[column])
            elif not values.empty and all(isinstance(v, str) for v in values):
                out[column] = out[column].fillna("")
    return out


def only_web_links(frame: pd.DataFrame, column_config: dict | None) -> pd.DataFrame:
    """Link columns keep only http(s) links: a stored `javascript:` link is never made clickable
    (the importers refuse them now; this guards rows stored before)."""
    links = [
        name
        for name, config in (column_config or {}).items()
        if isinstance(config, dict) and (config.get("type_config") or {}).get("type") == "link"
    ]
    if not any(name in frame.columns for name in links):
        return frame
    out = frame.copy()
    for name in links:
        if name in out.columns:
            out[name] = out[name].map(lambda v: v if is_web_link(v) else None)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The one CSV writer's bytes (formulas neutralised, ISO dates), for a download button."""
    return spreadsheets.csv_bytes(frame)


def _file_stem(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "table"


ROWS_PER_PAGE = 500


def page_of(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """`frame` itself when it fits one page; past ROWS_PER_PAGE rows, the page the reader picks
    with a narrow page number drawn here (state `table_page_{key}`), beside a caption saying
    which rows these are. Callers offer the whole frame as a download."""
    if len(frame) <= ROWS_PER_PAGE:
        return frame
    pages = -(-len(frame) // ROWS_PER_PAGE)
    state = f"table_page_{key}"
    if st.session_state.get(state, 1) > pages:  # fewer rows after a filter change
        st.session_state[state] = pages
    pager, about = st.columns([1, 4], vertical_alignment="bottom")
    number = pager.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=state)
    first = (int(number) - 1) * ROWS_PER_PAGE
    shown = frame.iloc[first : first + ROWS_PER_PAGE]
    about.caption(
        f"Rows {first + 1:,} to {first + len(shown):,} of {len(frame):,}; the CSV below has them all."
    )
    return shown


def show_table(
    frame: pd.DataFrame,
    *,
    title: str,
    key: str,
    column_config: dict | None = None,
    empty: str = "Nothing to show for these filters.",
    height: int | Literal["auto", "stretch", "content"] = "auto",
    download_frame: pd.DataFrame | None = None,
    download_all: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """A table with a CSV download of the same rows (or of `download_frame`, the raw figures).

    The CSV is written when the button is clicked, not on every rerun: writing every table's
    file on every click of every session was a fifth of a page's time, and each session kept
    all those files in memory until its next rerun. A table showing one page of many passes
    `download_all`: the full set, read only when the button is clicked.

    Past ROWS_PER_PAGE rows the browser gets one page at a time (a page number above the
    table); the download still holds every row. 10,000 accounts were 1.4 MB on every rerun.
    """
    if frame.empty:
        st.info(empty, icon=":material/info:")
        return
    shown = page_of(frame, key)
    st.dataframe(
        for_display(only_web_links(shown, column_config)),
        hide_index=True,
        column_config=column_config,
        width="stretch",
        height=height,
    )
    st.download_button(
        "Download CSV",
        data=(
            partial(csv_bytes, frame if download_frame is None else download_frame)
            if download_all is None
            else lambda: csv_bytes(download_all())
        ),
        file_name=f"{_file_stem(title)}-{clock.today():%Y-%m-%d}.csv",
        mime="text/csv",
        key=f"download_{key}",
        icon=":material/download:",
    )


def hours_column(label: str, help: str | None = None) -> ColumnConfig:
    return st.column_config.NumberColumn(label, format="%.1f h", help=help)


def percent_column(label: str, help: str | None = None) -> ColumnConfig:
    return st.column_config.ProgressColumn(label, format="percent", min_value=0.0, max_value=1.0, help=help)


def date_column(label: str) -> ColumnConfig:
    return st.column_config.DateColumn(label, format="YYYY-MM-DD")
