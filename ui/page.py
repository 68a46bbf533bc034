"""What every page does first: who is reading, may their role open this page, and the last write's news."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data_model.access import Scope
from data_model.accounts import SignedIn

from . import auth, db
from .navigation import role_may_open


@dataclass(frozen=True)
class Reader:
    user: SignedIn
    scope: Scope

    @property
    def own_scope(self) -> Scope | None:
        """The reader as themselves: only their own learning, whatever their role (None when the
        account is not linked to an employee). "My learning" reads and writes through it, so a lead
        or HR manager logging their own time acts exactly as an employee would."""
        if self.user.employee_id is None:
            return None
        return Scope.for_employee(self.user.employee_id, email=self.user.email)


def start(page_key: str) -> Reader:
    """Stop the page unless someone signed in whose role includes it; then show any confirmation.

    Navigation already hides pages a role does not get; this is the second lock, for a page
    script run any other way.
    """
    user = auth.user_for_page()
    if user is None:
        st.error("Please sign in.")
        st.stop()
    if not role_may_open(user.role, page_key):
        st.error("This page is not available to your role.", icon=":material/lock:")
        st.stop()
    db.show_flash()
    return Reader(user=user, scope=auth.current_scope())
