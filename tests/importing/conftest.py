"""A small organisation to import into, and helpers to run an import and compare the database.

Dates are fixed (TODAY) so "in the future" means the same thing on every day the tests run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_model.importing import ImportReport, import_file
from tests.builders import Org
from tests.checksums import table_checksums

TODAY = date(2026, 2, 1)
HR = "hr@example.com"

# (code, name, email, team, hired, exited)
PEOPLE = (
    ("E001", "Ada Lovelace", "ada@example.com", "Cloud", "2019-03-01", None),
    ("E002", "Alan Turing", "alan@example.com", "Cloud", "2020-06-15", None),
    ("E003", "Grace Hopper", "grace@example.com", "Platform", "2021-01-04", "2025-10-31"),
    ("E004", "Edsger Dijkstra", "edsger@example.com", "Platform", "2022-09-01", None),
)


def build_org(session: Session) -> Org:
    """Teams Cloud and Platform; four people (E003 left on 2025-10-31); skills with framework ids;
    credentials K8S-101 (Kubernetes 3), TF-201 (Terraform 2) and the retired OLD-1."""
    org = Org(session)
    org.team("Cloud")
    org.team("Platform")
    for code, name, email, team, hired, exited in PEOPLE:
        person = org.employee(code, team=team, hired=hired, exited=exited, name=name)
        person.email = email
        session.add(person)
    org.people["E002"].manager_id = org.people["E001"].id
    org.people["E004"].manager_id = org.people["E003"].id
    session.flush()
    for name, framework, external in (
        ("Kubernetes", "ESCO", "http://data.europa.eu/esco/skill/k8s"),
        ("Terraform", "SFIA", "IACO"),
        ("Python", None, None),
    ):
        org.skill_id(name)
        org.skills[name].framework = framework
        org.skills[name].external_id = external
        session.add(org.skills[name])
    org.credential("K8S-101", grants={"Kubernetes": 3}, validity_months=24)
    org.credential("TF-201", grants={"Terraform": 2})
    org.credential("OLD-1", active=False)
    org.credentials["K8S-101"].url = "https://lms.example.com/courses/k8s-101"
    session.add(org.credentials["K8S-101"])
    return org.commit()


@pytest.fixture
def org(session: Session) -> Org:
    return build_org(session)


Run = Callable[..., ImportReport]


@pytest.fixture
def run(engine: Engine) -> Run:
    """Import `data` as `kind` in a fresh session, as HR, on TODAY."""

    def go(kind: str, data, *, file_name: str = "upload.csv", **options) -> ImportReport:
        options.setdefault("today", TODAY)
        with Session(engine) as session:
            return import_file(session, kind, data, file_name=file_name, who=HR, role="hr", **options)

    return go


@pytest.fixture
def checksums(engine: Engine) -> Callable[[], dict[str, str]]:
    return lambda: table_checksums(engine)


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def where(report: ImportReport) -> list[tuple]:
    """Each error as (file, row or JSON path, field): what a person needs to find it."""
    return [(e.file, e.path if e.path is not None else e.row, e.field) for e in report.errors]


def messages(report: ImportReport) -> str:
    return "\n".join(report.error_lines())


def counts(report: ImportReport) -> dict[str, tuple[int, int, int, int]]:
    """table -> (created, updated, unchanged, deleted)."""
    return {
        row["table"]: (row["created"], row["updated"], row["unchanged"], row["deleted"])
        for row in report.count_rows()
    }


# Keys are made once per run by the parser tests' fixtures; the import tests sign with the same ones.
from tests.formats.conftest import ed_key, other_rsa_key, rsa_key  # noqa: E402, F401
