"""Who is signed in: OIDC (`st.login`) when configured, else local accounts, plus the demo picker."""

from __future__ import annotations

import streamlit as st

from data_model.access import Scope
from data_model.accounts import SignedIn, account_for_email, authenticate, demo_personas, scope_of

from . import db, format

_KEY = "signed_in"


def oidc_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def current_user() -> SignedIn | None:
    """The signed-in account, or None. Kept in session state as a plain value."""
    if oidc_configured():
        if not st.user.is_logged_in:
            st.session_state.pop(_KEY, None)
            return None
        email = str(st.user.get("email") or "")
        cached = st.session_state.get(_KEY)
        if cached is not None and cached.email == email.lower():
            return cached
        user = db.run(account_for_email, email)
        st.session_state[_KEY] = user
        return user
    return st.session_state.get(_KEY)


def current_scope() -> Scope:
    """The signed-in person's scope; every read and write a page makes goes through it."""
    user = current_user()
    if user is None:
        raise RuntimeError("no one is signed in")
    key = ("scope", user.account_id)
    if st.session_state.get("_scope_key") != key:
        st.session_state["_scope"] = db.run(scope_of, user)
        st.session_state["_scope_key"] = key
    return st.session_state["_scope"]


def sign_out() -> None:
    for key in (_KEY, "_scope", "_scope_key"):
        st.session_state.pop(key, None)
    db.clear_cached_figures()
    if oidc_configured() and st.user.is_logged_in:
        st.logout()


def sign_in_screen() -> None:
    """The only screen a signed-out visitor sees."""
    st.title("Upskill")
    st.caption("Learning time, assignments, skills and spend for the whole organisation.")
    if oidc_configured():
        if st.user.is_logged_in:
            st.error(
                f"You are signed in as {format.literal(st.user.get('email'))}, but there is no active "
                "Upskill account "
                "for that email. Ask HR or an admin to add one (`upskill users add`)."
            )
            st.button("Sign out", on_click=st.logout)
        else:
            st.button("Sign in with your company account", type="primary", on_click=st.login)
        return

    personas = db.run(demo_personas)
    if personas:
        st.subheader("Try the demo")
        st.caption("This is the demo organisation: sign in as one of its people to see their pages.")
        labels = {p.label: p for p in personas}
        choice = st.selectbox("Sign in as", list(labels), key="demo_persona")
        if st.button("Sign in as this person", type="primary", key="demo_sign_in"):
            user = db.run(account_for_email, labels[choice].email)
            if user is not None:
                st.session_state[_KEY] = user
                st.rerun()
        st.divider()

    with st.form("sign_in"):
        st.subheader("Sign in")
        email = st.text_input("Work email", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="secondary" if personas else "primary")
    if submitted:
        user = db.run(authenticate, email, password)
        if user is None:
            st.error("That email and password do not match an active account.")
        else:
            st.session_state[_KEY] = user
            st.rerun()
