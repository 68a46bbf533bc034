"""Who is signed in: OIDC (`st.login`) when configured, else local accounts, plus the demo picker.

The signed-in account is re-read from the database on every rerun (`refresh_signed_in`), so a
deactivated, demoted or deleted account, or a lead moved off a team, changes at the next click;
a tab idle for `UPSKILL_SESSION_IDLE_MINUTES` is signed out.
"""

from __future__ import annotations

import time

import streamlit as st

from data_model.access import Scope
from data_model.accounts import (
    AttemptLimiter,
    SignedIn,
    SignInRefused,
    account_for_email,
    authenticate,
    demo_personas,
    refresh_signed_in,
    sign_in_recorded,
    sign_out_recorded,
)
from data_model.db import get_settings
from data_model.models.base import utc_now

from . import db, format

_KEY = "signed_in"
_SCOPE = "_scope"
_LAST_SEEN = "_last_seen"
_SIGNED_OUT_BECAUSE = "_signed_out_because"
_CHECKED = "_checked_this_run"  # set by dashboard.py's check, taken by the page it runs


@st.cache_resource
def _client_attempts() -> AttemptLimiter:
    """Wrong passwords per client address, shared by every session of this server process."""
    return AttemptLimiter()


def oidc_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _forget(because: str | None = None) -> None:
    for key in (_KEY, _SCOPE, _LAST_SEEN, _CHECKED):
        st.session_state.pop(key, None)
    if because:
        st.session_state[_SIGNED_OUT_BECAUSE] = because


def _oidc_account() -> SignedIn | None:
    """The account of the provider's signed-in email, once per browser session."""
    email = str(st.user.get("email") or "").strip().lower()
    if not email or st.user.get("email_verified") is not True:
        return None  # only an address the provider vouches for
    cached = st.session_state.get(_KEY)
    if cached is not None and cached.email == email:
        return cached
    user = db.run(account_for_email, email)
    if user is not None:
        db.run(sign_in_recorded, user.account_id, how="oidc")
        st.session_state[_LAST_SEEN] = time.monotonic()
    st.session_state[_KEY] = user
    return user


def current_user() -> SignedIn | None:
    """The signed-in account as the database has it now, or None. Kept in session state as a
    plain value, re-read on every rerun with its scope."""
    if oidc_configured():
        if not st.user.is_logged_in:
            _forget()
            return None
        user = _oidc_account()
    else:
        user = st.session_state.get(_KEY)
    if user is None:
        return None
    idle_limit = get_settings().session_idle_minutes * 60
    last_seen = st.session_state.get(_LAST_SEEN)
    now = time.monotonic()
    if last_seen is not None and now - last_seen > idle_limit:
        db.run(sign_out_recorded, user.account_id, why="signed out after being idle")
        _forget(f"You were signed out after {get_settings().session_idle_minutes} minutes without activity.")
        if oidc_configured():
            st.logout()
        return None
    fresh = db.run(refresh_signed_in, user.account_id)
    if fresh is None:
        _forget("Your account is no longer active. Ask HR or an admin if you think this is a mistake.")
        return None
    st.session_state[_KEY], st.session_state[_SCOPE] = fresh
    st.session_state[_LAST_SEEN] = now
    st.session_state[_CHECKED] = True
    return fresh[0]


def user_for_page() -> SignedIn | None:
    """`current_user()` for a page script: the entry point has just re-read the account on this
    rerun, so the page takes that answer instead of asking the database a second time; a page
    script run on its own (no entry point before it) re-reads it here."""
    if st.session_state.pop(_CHECKED, False):
        return st.session_state.get(_KEY)
    user = current_user()
    st.session_state.pop(_CHECKED, None)
    return user


def current_scope() -> Scope:
    """The signed-in person's scope as `current_user` rebuilt it on this rerun; every read and
    write goes through it."""
    scope = st.session_state.get(_SCOPE)
    if scope is None:
        raise RuntimeError("no one is signed in")
    return scope


def sign_out() -> None:
    user = st.session_state.get(_KEY)
    if user is not None:
        db.run(sign_out_recorded, user.account_id)
    _forget()  # cached figures are keyed by scope: other people's stay warm
    if oidc_configured() and st.user.is_logged_in:
        st.logout()


def _signed_in(user: SignedIn) -> None:
    st.session_state[_KEY] = user
    st.session_state[_LAST_SEEN] = time.monotonic()
    st.session_state.pop(_SIGNED_OUT_BECAUSE, None)
    st.rerun()


def sign_in_screen() -> None:
    """The only screen a signed-out visitor sees."""
    st.title("Upskill")
    st.caption("Learning time, assignments, skills and spend for the whole organisation.")
    because = st.session_state.get(_SIGNED_OUT_BECAUSE)
    if because:
        st.info(because, icon=":material/logout:")
    if oidc_configured():
        if st.user.is_logged_in:
            email = format.literal(st.user.get("email"))
            if st.user.get("email_verified") is not True:
                st.error(
                    f"Your sign-in provider has not verified the email {email}, so Upskill cannot use it."
                )
            else:
                st.error(
                    f"You are signed in as {email}, but there is no active Upskill account for that email. "
                    "Ask HR or an admin to add one (`upskill users add`)."
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
                db.run(sign_in_recorded, user.account_id, how="demo")
                _signed_in(user)
        st.divider()

    with st.form("sign_in"):
        st.subheader("Sign in")
        email = st.text_input("Work email", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="secondary" if personas else "primary")
    if submitted:
        client = st.context.ip_address or "unknown"
        attempts = _client_attempts()
        try:
            attempts.check(client, utc_now())
            user = db.run(authenticate, email, password)
        except SignInRefused as refused:
            st.error(str(refused), icon=":material/timer:")
            return
        if user is None:
            attempts.failed(client, utc_now())
            st.error("That email and password do not match an active account.")
        else:
            attempts.succeeded(client)
            _signed_in(user)
