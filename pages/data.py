"""Data: bring files in (all or nothing, after a preview) and take every table out as CSV.

Admin and HR only. A file is checked in full first (a dry run: every error, and what would change);
only a file without errors can be imported, in one transaction, and importing the same file twice
writes nothing the second time.
"""

from functools import partial

import pandas as pd
import streamlit as st

from data_model.db import get_settings
from data_model.importing import KINDS, ImportReport, exports, import_file
from ui import db, page, runs, tables

KIND_LABELS = {
    "employees": "People (HRIS export, CSV)",
    "learning": "Learning sessions (CSV)",
    "enrollments": "Enrollments (CSV)",
    "badges": "Badges (Credly CSV; Open Badges JSON, JWS, PNG, SVG or a zip)",
    "xapi": "xAPI statements (LRS export, JSON)",
    "skills": "Skills (CSV)",
    "targets": "Team skill targets (CSV)",
    "catalog": "Catalog: credentials and pathways (CSV or JSON)",
    "onboarding": "Onboarding plans (CSV or JSON)",
}
DATE_FORMATS = {"iso": "ISO only (YYYY-MM-DD)", "dmy": "day/month/year", "mdy": "month/day/year"}

reader = page.start("data")
user = reader.user
limit_mb = get_settings().max_upload_mb


def show_counts(report: ImportReport) -> None:
    counts = pd.DataFrame(
        report.count_rows(), columns=["table", "created", "updated", "unchanged", "deleted"]
    )
    st.dataframe(counts, hide_index=True, width="content")
    for note in report.notes:
        st.caption(note)


def show_errors(report: ImportReport) -> None:
    st.error(report.summary(), icon=":material/error:")
    errors = pd.DataFrame(report.error_rows(), columns=["file", "row", "field", "message"])
    tables.show_table(errors, title="import-errors", key="import_errors")
    if report.error_count > len(report.errors):
        st.caption(f"… and {report.error_count - len(report.errors):,} more errors.")


def run_import(upload, kind: str, date_format: str | None, key: bytes | None, dry_run: bool) -> ImportReport:
    bar = st.progress(0.0, text="Reading the file…")

    def progress(step: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / total) if total else 1.0, text=step)

    upload.seek(0)
    with runs.released():  # a long import must not hold up other people's clicks
        report = db.run(
            import_file, kind, upload, file_name=upload.name, who=user.email, role=user.role,
            dry_run=dry_run, date_format=date_format, issuer_key=key, progress=progress,
        )  # fmt: skip
    bar.empty()
    return report


st.title("Data")
import_tab, export_tab = st.tabs(["Import", "Export"])

with import_tab:
    last = st.session_state.pop("data_last_import", None)
    if last is not None and last.ok:
        st.success(last.summary(), icon=":material/check_circle:")
        show_counts(last)
    elif last is not None:
        show_errors(last)

    kind = st.selectbox("What the file holds", KINDS, format_func=KIND_LABELS.get, key="data_kind")
    uploads = st.session_state.setdefault("data_uploads", 0)
    upload = st.file_uploader(
        f"File (up to {limit_mb} MB)",
        key=f"data_file_{uploads}",
        help="Nothing is written until you press Import.",
    )
    date_col, key_col = st.columns(2)
    dates = date_col.selectbox(
        "Dates with slashes read as", list(DATE_FORMATS), format_func=DATE_FORMATS.get, key="data_dates"
    )
    date_format = None if dates == "iso" else dates
    key_file = None
    if kind == "badges":
        key_file = key_col.file_uploader("Issuer public key (PEM), to verify signed badges", key="data_key")

    if upload is None:
        st.info("Choose a file to see what it would change.", icon=":material/upload_file:")
    elif upload.size > limit_mb << 20:
        st.error(
            f"{upload.name} is {upload.size / (1 << 20):,.1f} MB; the largest file accepted is "
            f"{limit_mb} MB. Split it into smaller files.",
            icon=":material/block:",
        )
    else:
        key = key_file.getvalue() if key_file is not None else None
        signature = (upload.file_id, kind, date_format, hash(key))
        if st.session_state.get("data_preview_of") != signature:
            st.session_state["data_preview"] = run_import(upload, kind, date_format, key, dry_run=True)
            st.session_state["data_preview_of"] = signature
        preview: ImportReport = st.session_state["data_preview"]
        st.subheader("Preview")
        if not preview.ok:
            show_errors(preview)
        elif preview.already_imported or preview.rows_written == 0:
            st.info(preview.summary(), icon=":material/info:")
        else:
            st.write(preview.summary())
            show_counts(preview)
            if preview.preview:
                st.caption("First rows read")
                st.dataframe(pd.DataFrame(preview.preview).astype("string"), hide_index=True, width="stretch")
            if st.button("Import", type="primary", icon=":material/download_done:", key="data_import"):
                report = run_import(upload, kind, date_format, key, dry_run=False)
                db.clear_cached_figures()
                st.session_state["data_last_import"] = report
                st.session_state.pop("data_preview_of", None)
                if report.ok:
                    st.session_state["data_uploads"] = uploads + 1  # a fresh, empty uploader
                st.rerun()

with export_tab:
    st.caption("Every table as CSV (UTF-8, ISO dates). Password hashes are never exported.")
    table = st.selectbox("Table", exports.table_names(), key="data_export_table")
    st.download_button(
        f"Download {table}.csv",
        data=partial(exports.table_csv_bytes, db.engine(), table),
        file_name=f"{table}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="data_export_download",
    )
    st.subheader("Onboarding plans")
    st.caption("In the onboarding import's own layout: edit the file and import it back.")
    st.download_button(
        "Download onboarding-plans.csv",
        data=partial(exports.onboarding_csv_bytes, db.engine()),
        file_name="onboarding-plans.csv",
        mime="text/csv",
        icon=":material/download:",
        key="data_export_onboarding",
    )
    st.subheader("A badge as received")
    badges = dict(db.cached(exports.badge_assertions))
    if not badges:
        st.info("No Open Badges 2.0 badge is held yet.", icon=":material/info:")
    else:
        assertion = st.selectbox(
            "Open Badges 2.0 badge", list(badges), format_func=badges.get, key="data_badge"
        )
        name, data = db.cached(exports.export_badge, assertion)
        st.download_button(
            "Download the badge (JSON or JWS)", data=data, file_name=name, mime="application/json",
            icon=":material/verified:", key="data_badge_download",
        )  # fmt: skip
