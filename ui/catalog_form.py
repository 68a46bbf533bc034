"""The catalog editor for admin and HR: create or change a micro-credential, add a provider."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data_model import actions
from data_model.access import Scope
from data_model.metrics import catalog
from data_model.metrics.catalog import skill_options
from data_model.vocab import DELIVERY_MODES, PROFICIENCY, PROVIDER_KINDS

from . import db, format

NEW = 0
CURRENCIES = ["EUR", "GBP", "USD", "CHF"]
_PICK = "edit_pick"
_JUST_SAVED = "_catalog_just_saved"


def _level_label(level: int) -> str:
    return f"{level} {PROFICIENCY[level]}"


def _remember(credential_id: int, message: str) -> str:
    """After a save, open the saved credential in the editor (set before the picker is drawn)."""
    st.session_state[_JUST_SAVED] = credential_id
    return message


def credential_editor(scope: Scope, providers: pd.DataFrame) -> None:
    """Pick a micro-credential (or "new"), change its fields and skills, save. Admin and HR only."""
    st.subheader("Add or change a micro-credential")
    if providers.empty:
        st.info(
            "Add a provider first (below): every micro-credential names its provider.", icon=":material/info:"
        )
        return
    if _JUST_SAVED in st.session_state:
        st.session_state[_PICK] = st.session_state.pop(_JUST_SAVED)
    everything = db.cached(catalog.credential_catalog, scope, include_inactive=True)
    labels = {NEW: "New micro-credential (empty form)"} | {
        int(credential_id): f"{title} ({code})" + ("" if active else " · retired")
        for credential_id, title, code, active in zip(
            everything["credential_id"],
            everything["title"],
            everything["code"],
            everything["active"],
            strict=True,
        )
    }
    chosen = st.selectbox("Micro-credential", list(labels), format_func=labels.__getitem__, key=_PICK)
    detail = db.cached(catalog.credential_detail, scope, credential_id=chosen) if chosen != NEW else None
    skills = db.cached(skill_options)
    skill_names = dict(zip(skills["id"].astype(int), skills["name"], strict=True))
    provider_names = dict(zip(providers["provider_id"].astype(int), providers["provider"], strict=True))
    currencies = CURRENCIES + ([detail.currency] if detail and detail.currency not in CURRENCIES else [])
    key = f"edit_{chosen}_"  # fields start afresh when another credential is picked

    title_col, code_col = st.columns([3, 1])
    title = title_col.text_input("Title", value=detail.title if detail else "", key=key + "title")
    code = code_col.text_input(
        "Code", value=detail.code if detail else "", key=key + "code", help="Unique; imports match on it"
    )
    provider_col, delivery_col = st.columns(2)
    provider_id = provider_col.selectbox(
        "Provider",
        list(provider_names),
        index=list(provider_names).index(detail.provider_id) if detail else 0,
        format_func=provider_names.__getitem__,
        key=key + "provider",
    )
    delivery = delivery_col.selectbox(
        "Delivery",
        DELIVERY_MODES,
        index=DELIVERY_MODES.index(detail.delivery) if detail else 0,
        format_func=format.DELIVERY_LABELS.__getitem__,
        key=key + "delivery",
    )
    hours_col, cost_col, currency_col, validity_col = st.columns(4)
    hours = hours_col.number_input(
        "Expected hours",
        min_value=0.5,
        step=0.5,
        value=detail.expected_hours if detail else 10.0,
        key=key + "hours",
    )
    cost = cost_col.number_input(
        "Cost per person", min_value=0.0, step=10.0, value=detail.cost if detail else 0.0, key=key + "cost"
    )
    currency = currency_col.selectbox(
        "Currency", currencies, index=currencies.index(detail.currency) if detail else 0, key=key + "currency"
    )
    validity = validity_col.number_input(
        "Badge valid for (months)",
        min_value=0,
        max_value=600,
        step=6,
        value=(detail.validity_months or 0) if detail else 0,
        help="0 = the badge never expires",
        key=key + "validity",
    )
    url = st.text_input("Link", value=(detail.url or "") if detail else "", key=key + "url")
    active = st.checkbox(
        "Offered (people can enrol and be assigned)",
        value=detail.active if detail else True,
        key=key + "active",
    )
    granted = st.multiselect(
        "Skills granted",
        list(skill_names),
        default=list(detail.skills) if detail else [],
        format_func=skill_names.__getitem__,
        placeholder="Choose the skills a badge for it gives",
        key=key + "skills",
    )
    levels = {}
    for column, skill_id in zip(st.columns(3) * len(granted), granted, strict=False):
        levels[skill_id] = column.select_slider(
            f"{format.literal(skill_names[skill_id])}: level granted",
            options=list(PROFICIENCY),
            value=detail.skills.get(skill_id, 3) if detail else 3,
            format_func=_level_label,
            key=f"{key}level_{skill_id}",
        )
    if st.button(
        "Save changes" if detail else "Create", type="primary", icon=":material/save:", key="edit_save"
    ):
        draft = actions.CredentialDraft(
            code=code,
            title=title,
            provider_id=provider_id,
            expected_hours=hours,
            cost=cost,
            currency=currency,
            delivery=delivery,
            validity_months=int(validity) or None,
            url=url,
            active=active,
            skills=levels,
        )
        db.write(
            actions.save_credential,
            scope,
            draft=draft,
            credential_id=detail.credential_id if detail else None,
            success=lambda saved_id: _remember(
                saved_id,
                f"{'Saved' if detail else 'Created'} {format.literal(draft.code.strip())}: "
                f"{format.literal(draft.title.strip())}.",
            ),
        )


def provider_adder(scope: Scope) -> None:
    """A small form to add a provider."""
    with st.expander("Add a provider"), st.form("add_provider", clear_on_submit=True):
        name = st.text_input("Name", key="provider_name")
        kind = st.selectbox(
            "Kind",
            PROVIDER_KINDS,
            format_func=format.PROVIDER_KIND_LABELS.__getitem__,
            key="provider_kind",
        )
        url = st.text_input("Website", placeholder="https://…", key="provider_url")
        if st.form_submit_button("Add provider", icon=":material/add_business:"):
            db.write(
                actions.add_provider,
                scope,
                name=name,
                kind=kind,
                url=url,
                success=f"Added the provider {format.literal(name.strip())}.",
            )
