"""A table longer than a page reaches the browser a page at a time."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def big_table_script() -> None:
    import pandas as pd

    from ui import tables

    rows = pd.DataFrame({"n": range(1, 1_201), "name": [f"person {i}" for i in range(1, 1_201)]})
    tables.show_table(rows, title="everyone", key="everyone")


def test_a_long_table_pages_and_the_download_keeps_every_row():
    at = AppTest.from_function(big_table_script, default_timeout=60).run()
    assert not at.exception
    [shown] = at.dataframe
    assert shown.value["n"].tolist() == list(range(1, 501))  # ROWS_PER_PAGE = 500
    assert at.number_input(key="table_page_everyone").max == 3  # 1,200 rows: 500, 500, 200
    assert "Rows 1 to 500 of 1,200" in at.caption[0].value

    at.number_input(key="table_page_everyone").set_value(3).run()
    [shown] = at.dataframe
    assert shown.value["n"].tolist() == list(range(1_001, 1_201))
    assert "Rows 1,001 to 1,200 of 1,200" in at.caption[0].value


def test_a_short_table_has_no_pages():
    def short_script() -> None:
        import pandas as pd

        from ui import tables

        tables.show_table(pd.DataFrame({"n": range(10)}), title="few", key="few")

    at = AppTest.from_function(short_script, default_timeout=60).run()
    assert len(at.dataframe[0].value) == 10
    assert not at.number_input
