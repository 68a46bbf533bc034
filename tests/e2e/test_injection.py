"""Names imported with markdown, HTML and JavaScript URLs are shown as typed and fetch nothing.

A person's, a team's, a credential's, a provider's and a pathway's names come in through the
HRIS and catalog importers carrying image links to a local HTTP server that records every
request. Every persona then opens every page of their role in Chromium: the server must see
no request at all, and where the name is drawn as text (sidebar, headings, captions, expander
labels) it must read exactly as typed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from data_model.accounts import personas_of_the_demo
from data_model.actions.accounts import hash_password
from data_model.db import make_engine
from data_model.importing import import_file
from data_model.models import Account, Employee, Pathway
from tests.e2e.conftest import (
    RunningApp,
    assert_no_exception,
    screenshot,
    seeded_database,
    start_app,
    stop_app,
    wait_until_idle,
)
from tests.e2e.test_personas import PERSONAS, _page_titles

PASSWORD = "injection-test-password"
EMAILS: dict[str, str] = {}


def sign_in_with_password(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url)
    wait_until_idle(page)
    expect(page.get_by_text("Try the demo")).to_have_count(0)  # not after an import
    page.get_by_role("textbox", name="Work email").fill(email)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=30_000)


class Listener:
    """A local web server that only records what is asked of it."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


def hostile_names(listener: Listener) -> dict[str, str]:
    return {
        "hr": f'![hr]({listener.url("hr.png")}) <img src="{listener.url("hr2.png")}"> *Hana*',
        "employee": f"[Ed](javascript:alert(1)) <b>Ed</b> ![e]({listener.url('employee.png')}) :red[E] $x$",
        "team": f"![t]({listener.url('team.png')}) # Ops &amp; co",
        "credential": f"<img src={listener.url('credential.png')}> **Cloud** `x`",
        "provider": f"![v]({listener.url('provider.png')}) Vendor",
        "pathway": f"![w]({listener.url('pathway.png')}) _Stack_",
        "qualification": f"<img src='{listener.url('qualification.png')}'> Diploma",
    }


def shown(locator) -> str:
    """The text a person reads (the invisible word joiners that stop autolinks left out)."""
    return locator.inner_text().replace("\u2060", "")


def _import(session: Session, kind: str, text: str, name: str) -> None:
    report = import_file(session, kind, text.encode("utf-8"), file_name=name, who="hr@test", role="hr")
    assert report.ok, [e.message for e in report.errors]


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    served = Listener()
    yield served
    served.server.shutdown()


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory, listener: Listener) -> Iterator[RunningApp]:
    names = hostile_names(listener)
    path: Path = tmp_path_factory.mktemp("injection") / "demo.db"
    database_url = seeded_database(path)
    engine = make_engine(database_url)
    with Session(engine) as session:
        people = {p.role: p.email for p in personas_of_the_demo(session)}
        rows = ["employee_id,email,name,team,hire date"]
        for role in ("hr", "employee"):
            person = session.exec(select(Employee).where(Employee.email == people[role])).one()
            team = names["team"] if role == "employee" else ""
            cells = [person.employee_code, person.email, _csv_cell(names[role]), _csv_cell(team)]
            rows.append(",".join([*cells, person.hire_date.isoformat()]))
        _import(session, "employees", "\n".join(rows) + "\n", "hris.csv")
        catalog = (
            "code,title,provider,expected_hours,cost,currency\n"
            f"EVIL-1,{_csv_cell(names['credential'])},{_csv_cell(names['provider'])},3,10,EUR\n"
        )
        _import(session, "catalog", catalog, "catalog.csv")
        pathway = session.exec(select(Pathway).order_by(Pathway.id)).first()
        assert pathway is not None
        pathway.title, pathway.qualification = names["pathway"], names["qualification"]
        session.add(pathway)
        # Imports end the password-less demo picker: the personas sign in with a password.
        for account in session.exec(select(Account).where(Account.email.in_(list(people.values())))):
            account.password_hash = hash_password(PASSWORD)
            session.add(account)
        session.commit()
        EMAILS.update(people)
    engine.dispose()
    app = start_app(database_url)
    yield app
    stop_app(app)


def test_the_listener_hears_a_real_fetch(page: Page, listener: Listener):
    """The control: a page that does load an image from the listener is heard."""
    before = len(listener.requests)
    page.set_content(f'<img src="{listener.url("control.png")}">')
    page.wait_for_timeout(500)
    assert listener.requests[before:] == ["/control.png"]
    listener.requests.clear()


@pytest.mark.parametrize("role", list(PERSONAS))
def test_every_page_shows_hostile_names_as_text_and_fetches_nothing(
    page: Page, hostile_app: RunningApp, listener: Listener, role: str
):
    names = hostile_names(listener)
    listener.requests.clear()
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in_with_password(page, hostile_app.url, EMAILS[role])
    sidebar = page.get_by_test_id("stSidebar")
    if role in ("hr", "employee"):
        assert names[role] in shown(sidebar)
    for title in _page_titles(role):
        sidebar.get_by_role("link", name=title, exact=True).click()
        wait_until_idle(page)
        assert_no_exception(page)
        if title == "Catalog":
            page.get_by_role("tab", name="Pathways").click()
            pathway = page.get_by_test_id("stExpander").filter(has_text="_Stack_")
            expect(pathway).to_have_count(1)
            pathway.locator("summary").click()
            assert f"{names['pathway']}: " in shown(pathway.locator("summary"))
            assert f"{names['qualification']} · " in shown(pathway)
        if title == "Person" and role == "employee":
            heading = page.get_by_test_id("stHeading").filter(has_text="<b>Ed</b>")
            assert shown(heading).strip() == names["employee"]
            assert names["team"] in shown(page.get_by_test_id("stCaptionContainer").first)
        page.wait_for_timeout(300)
        assert listener.requests == [], f"{role} on {title}: the browser fetched {listener.requests}"
        assert page.locator("a[href^='javascript:']").count() == 0
        assert page.locator(f"a[href*=':{listener.port}']").count() == 0  # no link made of a name
        assert page.locator(f"img[src*='127.0.0.1:{listener.port}']").count() == 0
    screenshot(page, f"injection-{role}")
