"""Read functions for the figures pages and reports show.

Every public function takes `(session, scope, *, filters...)` and returns a small pandas
DataFrame with documented columns, or plain values. Aggregation happens in SQL on both SQLite
and PostgreSQL; nothing loads a whole fact table into Python.

Modules: `calendar` (ISO weeks), `targets` (weekly target resolution), `learning`,
`assignments`, `skills`, `recommendations`, `retention`, `spend`, `pathways`, `headline`.
"""
