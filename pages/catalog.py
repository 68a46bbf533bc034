"""Catalog: the learning offer. Providers, micro-credentials with the skills they grant, pathways as stacks.

Everyone reads it; admin and HR also add and change micro-credentials and providers.
"""

import streamlit as st

from data_model.metrics import catalog
from ui import charts, db, format, page, tables
from ui.catalog_form import credential_editor, provider_adder

reader = page.start("catalog")
scope = reader.scope
editor = catalog.can_edit(scope)

st.title("Catalog")
st.caption(
    "The micro-credentials the organisation offers, who provides them, the skills each one grants "
    "(level 1 Awareness to 5 Expert) and the pathways they stack into. Hours are the provider's "
    "expected study hours; cost is the list price per person in the provider's currency."
)

ALL_PROVIDERS, ALL_SKILLS = "All providers", "All skills"
CREDENTIAL_ORDER = [
    "code",
    "title",
    "provider",
    "expected_hours",
    "price",
    "delivery",
    "validity",
    "skills",
    "url",
]
PATHWAY_ORDER = [
    "pathway",
    "provider",
    "credentials",
    "required_credentials",
    "total_hours",
    "required_hours",
]
PATHWAY_ORDER += ["total_price", "required_price", "qualification"]
all_providers = db.cached(catalog.providers, scope, include_inactive=editor)
search_col, provider_col, skill_col = st.columns([3, 2, 2])
search = search_col.text_input("Search", placeholder="Title or code, e.g. Kubernetes", key="catalog_search")
provider = provider_col.selectbox(
    "Provider", [ALL_PROVIDERS, *all_providers["provider"]], key="catalog_provider"
)
skill = skill_col.selectbox(
    "Skill granted", [ALL_SKILLS, *db.cached(catalog.granted_skill_names, scope)], key="catalog_skill"
)
provider = None if provider == ALL_PROVIDERS else provider
skill = None if skill == ALL_SKILLS else skill
retired = editor and st.toggle("Show retired micro-credentials too", key="catalog_retired")

credentials = db.cached(
    catalog.credential_catalog, scope, skill=skill, provider=provider, search=search, include_inactive=retired
)
pathways = db.cached(catalog.pathway_summary, scope, skill=skill, provider=provider)
stacks = db.cached(catalog.pathway_stacks, scope, skill=skill, provider=provider)

shown_credentials, shown_providers, shown_pathways = st.columns(3)
shown_credentials.metric("Micro-credentials", format.count(len(credentials)))
shown_providers.metric("Providers", format.count(credentials["provider"].nunique()))
shown_pathways.metric("Pathways", format.count(len(pathways)))

tab_names = ["Micro-credentials", "Pathways", "Providers"] + (["Edit the catalog"] if editor else [])
tabs = st.tabs(tab_names, key="catalog_tab", on_change="rerun")  # a save keeps the editor open

with tabs[0]:
    shown = format.with_money(credentials, {"cost": "price"}).assign(
        delivery=credentials["delivery"].map(format.DELIVERY_LABELS),
        validity=credentials["validity_months"].map(format.validity),
    )
    tables.show_table(
        shown[CREDENTIAL_ORDER + (["active"] if retired else [])],
        title="micro-credentials",
        key="credentials",
        empty=(
            "No micro-credential matches. Clear the search or pick another provider or skill."
            if search or provider or skill
            else "The catalog is empty. "
            + (
                "Add micro-credentials in Edit the catalog, or import a catalog file on the Data page."
                if editor
                else "HR or an admin adds micro-credentials to it."
            )
        ),
        column_config={
            "code": st.column_config.TextColumn("Code"),
            "title": st.column_config.TextColumn("Micro-credential", width="large"),
            "provider": st.column_config.TextColumn("Provider"),
            "skills": st.column_config.TextColumn("Skills granted (level)", width="large"),
            "expected_hours": tables.hours_column("Hours", help="Expected study hours"),
            "price": st.column_config.TextColumn("Cost", help="List price per person"),
            "delivery": st.column_config.TextColumn("Delivery"),
            "validity": st.column_config.TextColumn("Badge valid for"),
            "url": st.column_config.LinkColumn("Link", display_text="Open"),
            "active": st.column_config.CheckboxColumn("Offered"),
        },
        download_frame=credentials.drop(columns=["credential_id"]),
        height=600,
    )

with tabs[1]:
    if pathways.empty:
        st.info("No pathway matches this provider or skill.", icon=":material/info:")
    else:
        st.caption(
            "Each bar is a pathway: its micro-credentials stacked in the order they are taken, "
            "as wide as their expected hours. Pale steps are optional. Hover a step for its details."
        )
        charts.draw(charts.pathway_stacks, stacks)
        tables.show_table(
            format.with_money(pathways, {"total_cost": "total_price", "required_cost": "required_price"})[
                PATHWAY_ORDER
            ],
            title="pathways",
            key="pathways",
            column_config={
                "pathway": st.column_config.TextColumn("Pathway", width="medium"),
                "qualification": st.column_config.TextColumn("Qualification", width="medium"),
                "provider": st.column_config.TextColumn("Provider"),
                "credentials": st.column_config.NumberColumn("Steps"),
                "required_credentials": st.column_config.NumberColumn("Required steps"),
                "total_hours": tables.hours_column("All hours"),
                "required_hours": tables.hours_column("Required hours"),
                "total_price": st.column_config.TextColumn("All costs"),
                "required_price": st.column_config.TextColumn("Required costs"),
            },
            download_frame=pathways.drop(columns=["pathway_id"]),
        )
        for row in pathways.itertuples():
            steps = stacks[stacks["pathway_id"] == row.pathway_id]
            cost = (
                "prices in several currencies"
                if row.currency == "mixed"
                else format.money(row.total_cost, row.currency)
            )
            with st.expander(
                f"{format.literal(row.pathway)}: {row.credentials} steps, "
                f"{format.hours_value(row.total_hours)}, {cost}"
            ):
                st.caption(f"{format.literal(row.qualification)} · {format.literal(row.provider)}")
                tables.show_table(
                    format.with_money(steps, {"cost": "price"}).assign(
                        required=steps["required"].map({True: "Required", False: "Optional"})
                    )[["position", "code", "title", "required", "expected_hours", "hours_so_far", "price"]],
                    title=f"pathway-{row.pathway}",
                    key=f"pathway_{row.pathway_id}",
                    column_config={
                        "position": st.column_config.NumberColumn("Step"),
                        "code": st.column_config.TextColumn("Code"),
                        "title": st.column_config.TextColumn("Micro-credential", width="large"),
                        "required": st.column_config.TextColumn("Required?"),
                        "expected_hours": tables.hours_column("Hours"),
                        "hours_so_far": tables.hours_column("Hours up to here"),
                        "price": st.column_config.TextColumn("Cost"),
                    },
                    download_frame=steps,
                )

with tabs[2]:
    tables.show_table(
        all_providers.assign(kind=all_providers["kind"].map(format.PROVIDER_KIND_LABELS)),
        title="providers",
        key="providers",
        empty="No providers yet." + (" Add one in Edit the catalog." if editor else ""),
        column_config={
            "provider_id": None,
            "provider": st.column_config.TextColumn("Provider", width="medium"),
            "kind": st.column_config.TextColumn("Kind"),
            "url": st.column_config.LinkColumn("Website"),
            "credentials": st.column_config.NumberColumn("Micro-credentials"),
            "pathways": st.column_config.NumberColumn("Pathways"),
        },
        download_frame=all_providers.drop(columns=["provider_id"]),
    )

if editor:
    with tabs[3]:
        credential_editor(scope, all_providers)
        st.divider()
        provider_adder(scope)
