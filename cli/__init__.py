"""The `upskill` command: database, demo data, imports, exports, reports and users, headless."""
