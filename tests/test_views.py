"""What the pages show depends on the data and the as-of date, not on the day the build runs."""

from __future__ import annotations

import datetime

import pytest

from conftest import ROOT
from privacy_notices.data.loader import load_project
from privacy_notices.data.rights import applicable_rights
from privacy_notices.site.views import plan_site


@pytest.fixture(scope="module")
def project():
    project, errors = load_project(ROOT / "data")
    assert project is not None, [e.format() for e in errors.sorted()]
    return project


def stable_version(project, as_of: datetime.date, uri: str) -> datetime.date:
    spec = next(p for p in plan_site(project, as_of) if p.uri == uri)
    return spec.context.version.effective


def test_as_of_date_decides_which_version_the_stable_page_shows(project) -> None:
    uri = "lumo-advisory/privacy/index.md"
    assert stable_version(project, datetime.date(2025, 8, 31), uri) == datetime.date(2024, 1, 15)
    assert stable_version(project, datetime.date(2025, 9, 1), uri) == datetime.date(2025, 9, 1)


def test_notice_not_yet_in_force_shows_its_first_version_as_upcoming(project) -> None:
    spec = next(p for p in plan_site(project, datetime.date(2025, 1, 1)) if p.uri == "arctic-code/privacy/index.md")
    assert spec.context.version.status == "upcoming"


def test_every_version_gets_its_own_page(project) -> None:
    uris = {p.uri for p in plan_site(project, datetime.date(2026, 6, 1))}
    assert {"lumo-advisory/privacy/2024-01-15/index.md", "lumo-advisory/privacy/2025-09-01/index.md", "lumo-advisory/privacy/index.md"} <= uris


def test_rights_depend_on_kind_and_bases(project) -> None:
    kinds = {}
    for record in project.entities.values():
        for series in record.notices.values():
            kinds[(record.id, series.id)] = {key for key, _ in applicable_rights(series.versions[-1].data)}
    assert kinds[("pilvio", "customer-data")] == {"complaint"}
    assert kinds[("lumo-advisory", "cookies")] == {"withdraw_consent", "complaint"}
    assert "portability" in kinds[("pilvio", "privacy")]
    assert "withdraw_consent" not in kinds[("pilvio", "privacy")]
    assert "automated_decisions" in kinds[("arctic-code", "privacy")]
