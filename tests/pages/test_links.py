"""A stored link that is not a web link is never drawn as a clickable link."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.tables import only_web_links


def test_link_columns_keep_only_web_links():
    frame = pd.DataFrame(
        {
            "url": ["https://learn.example/k8s", "javascript:alert(1)", "data:text/html,x", None],
            "note": ["javascript:alert(1)"] * 4,  # not a link column: shown as text, untouched
        }
    )
    shown = only_web_links(frame, {"url": st.column_config.LinkColumn("Link"), "note": None})
    assert shown["url"].tolist()[0] == "https://learn.example/k8s"
    assert shown["url"].iloc[1:].isna().all()
    assert shown["note"].tolist() == frame["note"].tolist()
