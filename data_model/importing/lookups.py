"""Credentials, skills and teams by the names files use for them, loaded once per import.

Names are matched ignoring case, since a spreadsheet's "kubernetes" and the
catalog's "Kubernetes" are the same skill; codes and framework ids exactly
first, then ignoring case.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from data_model.models import MicroCredential, Provider, Skill, Team


@dataclass(frozen=True, slots=True)
class CredentialInfo:
    id: int
    code: str
    title: str
    url: str | None
    active: bool
    provider: str


class Credentials:
    def __init__(self, session: Session) -> None:
        credential, provider = MicroCredential.__table__, Provider.__table__
        rows = session.execute(
            sa.select(
                credential.c.id,
                credential.c.code,
                credential.c.title,
                credential.c.url,
                credential.c.active,
                provider.c.name,
            ).join(provider, provider.c.id == credential.c.provider_id)
        ).all()
        infos = [CredentialInfo(*row) for row in rows]
        self.by_code = {c.code: c for c in infos}
        self._by_folded_code = {c.code.casefold(): c for c in infos}
        self._by_title = {c.title.casefold(): c for c in infos}
        self._by_url = {c.url.rstrip("/"): c for c in infos if c.url}

    def find_code(self, code: str) -> CredentialInfo | None:
        code = code.strip()
        return self.by_code.get(code) or self._by_folded_code.get(code.casefold())

    def find_badge(self, *names: str | None) -> CredentialInfo | None:
        """The credential a badge is for: a BadgeClass / Achievement id or a template id equal to a
        credential's url or code (or ending in `/code`), else a badge name equal to a code or title."""
        for name in names:
            if not name:
                continue
            text = name.strip()
            found = (
                self._by_url.get(text.rstrip("/"))
                or self.find_code(text)
                or self.find_code(text.rstrip("/").rsplit("/", 1)[-1])
                or self._by_title.get(text.casefold())
            )
            if found is not None:
                return found
        return None

    def find_activity(self, iri: str | None) -> CredentialInfo | None:
        """The credential an xAPI activity is about: its url, or a last path segment equal to a code."""
        if not iri:
            return None
        text = iri.strip().rstrip("/")
        return self._by_url.get(text) or self.find_code(text.rsplit("/", 1)[-1])


class Skills:
    def __init__(self, session: Session) -> None:
        skill = Skill.__table__
        rows = session.execute(sa.select(skill.c.id, skill.c.name, skill.c.external_id)).all()
        self.by_name = {name.casefold(): (skill_id, name) for skill_id, name, _ in rows}
        self._by_external = {ext.strip().rstrip("/"): skill_id for skill_id, _, ext in rows if ext}
        self._by_folded_external = {k.casefold(): v for k, v in self._by_external.items()}

    def find_name(self, name: str) -> int | None:
        found = self.by_name.get(name.strip().casefold())
        return found[0] if found else None

    def find_external(self, value: str | None) -> int | None:
        if not value:
            return None
        text = value.strip().rstrip("/")
        return self._by_external.get(text) or self._by_folded_external.get(text.casefold())


class Teams:
    def __init__(self, session: Session) -> None:
        team = Team.__table__
        rows = session.execute(sa.select(team.c.id, team.c.name)).all()
        self.by_name = {name.casefold(): (team_id, name) for team_id, name in rows}

    def find(self, name: str) -> int | None:
        found = self.by_name.get(name.strip().casefold())
        return found[0] if found else None
