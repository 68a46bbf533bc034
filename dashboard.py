"""Upskill's entry point: who is signed in, which pages their role gets, and run the chosen one."""

import streamlit as st

from data_model.accounts import role_label
from data_model.logs import configure_logging
from ui import auth, db, format, runs
from ui.navigation import pages_for

configure_logging()  # UPSKILL_LOG_LEVEL, default INFO: imports, sign-ins, migrations to stderr
st.set_page_config(page_title="Upskill", page_icon=":material/school:", layout="wide")

with runs.slot():  # a few page runs at a time per process: see ui/runs.py
    db.engine()  # migrate (and seed the demo on first start) before anything reads
    user = auth.current_user()
    if user is None:
        st.navigation([st.Page(auth.sign_in_screen, title="Sign in", icon=":material/login:")]).run()
        st.stop()

    with st.sidebar:
        st.markdown(f"**{format.literal(user.display_name)}**  \n{role_label(user.role)}")
        st.button("Sign out", icon=":material/logout:", on_click=auth.sign_out)

    st.navigation(pages_for(user.role)).run()
