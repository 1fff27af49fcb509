"""in-force.json and `notices which`: the version in force at a moment, right at every boundary and in every time zone.

The example data put lumo-advisory in Europe/Helsinki (site.yml) and pilvio in
Europe/London (its entity.yml); a copy moves versions onto the days summer
time begins and ends. The README's example client runs here on the built files.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from conftest import AS_OF, ROOT, run_cli
from privacy_notices.cli.schema import schemas
from privacy_notices.data import inforce
from privacy_notices.data.loader import load_project

HELSINKI = ZoneInfo("Europe/Helsinki")
UTC = datetime.timezone.utc


def which(*args: str, data: Path | None = None) -> tuple[int, str, str]:
    """`notices which … --format json` on the example data (or ``data``) as of the tests' day."""
    return run_cli("which", *args, "--format", "json", "--as-of", AS_OF, "--data", str(data or ROOT / "data"), cwd=ROOT)


def effective(*args: str, data: Path | None = None) -> str:
    """The date of the version `notices which` finds; the command must succeed."""
    rc, out, err = which(*args, data=data)
    assert rc == 0, err
    return str(json.loads(out)["version"]["effective"])


# lumo-advisory/privacy: 2024-01-15 (winter, +02:00) and 2025-09-01 (summer, +03:00), in Helsinki.
@pytest.mark.parametrize(
    "when, expected",
    [
        ("2024-01-15T00:00", "2024-01-15"),  # the first instant of the first version, local time
        ("2024-01-14T22:00Z", "2024-01-15"),  # in UTC still the 14th; in Helsinki already the 15th
        ("2025-08-31T23:59:59", "2024-01-15"),  # the last second of the first version, local time
        ("2025-08-31T20:59:59Z", "2024-01-15"),  # the same second in UTC: summer time, +03:00
        ("2025-09-01T00:00", "2025-09-01"),  # the next version's first instant
        ("2025-08-31T21:00:00Z", "2025-09-01"),  # the same instant in UTC
        ("2025-08-31T23:30+02:00", "2025-09-01"),  # an offset other than the zone's: 00:30 in Helsinki
        ("2025-08-31", "2024-01-15"),  # a date is that whole day
        ("2025-09-01", "2025-09-01"),
        ("2199-12-31T23:59", "2025-09-01"),  # the last version is open-ended
    ],
)
def test_helsinki_boundaries(when: str, expected: str) -> None:
    assert effective("lumo-advisory", "privacy", when) == expected


@pytest.mark.parametrize(
    "when, expected",
    [
        ("2025-02-28T23:59:59Z", None),  # London is on GMT in winter: the day before, still
        ("2025-03-01T00:00:00Z", "2025-03-01"),
        ("2025-02-28T23:30:00-01:00", "2025-03-01"),  # 00:30 GMT
        ("2025-03-01T01:59:59+02:00", None),  # 23:59:59 in London: an hour after Helsinki's midnight
        ("2025-03-01T02:00:00+02:00", "2025-03-01"),
    ],
)
def test_an_entitys_own_time_zone(when: str, expected: str | None) -> None:
    """pilvio/privacy takes effect on 2025-03-01 at midnight in London (its entity.yml), not in Helsinki (the site's)."""
    rc, out, err = which("pilvio", "privacy", when)
    if expected is None:
        assert rc == 2 and out == ""
        assert err == f"notices which: no version of pilvio/privacy was in force on {datetime.datetime.fromisoformat(when.replace('Z', '+00:00')).astimezone(ZoneInfo('Europe/London')).isoformat()} (Europe/London): the first took effect on 2025-03-01T00:00:00+00:00\n"
    else:
        assert rc == 0, err
        assert json.loads(out)["version"]["effective"] == expected


@pytest.fixture(scope="module")
def dst_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example data with lumo-advisory's later versions moved onto days Helsinki's clocks change (their
    publication and correction dates moved along): privacy on 2024-10-27 (back from +03:00 to +02:00 at 04:00),
    cookies on 2027-03-28 (forward from +02:00 to +03:00 at 03:00)."""
    data = tmp_path_factory.mktemp("dst") / "data"
    shutil.copytree(ROOT / "data", data)
    folder = data / "entities" / "lumo-advisory" / "notices"
    for old, new, edits in (
        ("privacy/2025-09-01.yml", "privacy/2024-10-27.yml", (("published: 2025-08-15", "published: 2024-10-01"), ("date: 2025-09-10", "date: 2024-11-01"))),
        ("cookies/2027-01-01.yml", "cookies/2027-03-28.yml", (("published: 2026-11-15", "published: 2027-02-01"),)),
    ):
        text = (folder / old).read_text("utf-8")
        for before, after in edits:
            assert before in text
            text = text.replace(before, after)
        (folder / new).write_text(text, "utf-8")
        (folder / old).unlink()
    return data


@pytest.mark.parametrize(
    "notice, when, expected",
    [
        ("privacy", "2024-10-26T20:59:59Z", "2024-01-15"),
        ("privacy", "2024-10-26T21:00:00Z", "2024-10-27"),  # 00:00 of the 27th is still summer time, +03:00
        ("privacy", "2024-10-27T00:00", "2024-10-27"),
        ("privacy", "2024-10-27T03:30", "2024-10-27"),  # an hour that comes twice that night: the new version either way
        ("privacy", "2024-10-26T23:59:59", "2024-01-15"),
        ("cookies", "2027-03-27T21:59:59Z", "2024-01-15"),
        ("cookies", "2027-03-27T22:00:00Z", "2027-03-28"),  # 00:00 of the 28th is still winter time, +02:00
        ("cookies", "2027-03-28T03:30", "2027-03-28"),  # an hour that never comes: read with the offset before the change
        ("cookies", "2027-03-27T23:59:59", "2024-01-15"),
    ],
)
def test_boundaries_on_the_days_clocks_change(dst_data: Path, notice: str, when: str, expected: str) -> None:
    assert effective("lumo-advisory", notice, when, data=dst_data) == expected


def test_intervals_carry_the_offset_of_their_own_instant(dst_data: Path) -> None:
    rc, out, err = which("lumo-advisory", "privacy", "2024-10-27", data=dst_data)
    assert rc == 0, err
    assert (json.loads(out)["version"]["from"], json.loads(out)["version"]["until"]) == ("2024-10-27T00:00:00+03:00", None)
    rc, out, err = which("lumo-advisory", "privacy", "2024-10-26", data=dst_data)
    assert json.loads(out)["version"]["until"] == "2024-10-27T00:00:00+03:00"
    rc, out, err = which("lumo-advisory", "cookies", "2027-01-01", data=dst_data)
    assert json.loads(out)["version"]["until"] == "2027-03-28T00:00:00+02:00"
    assert json.loads(out)["moment"] == "2027-01-01T00:00:00+02:00"
    rc, out, err = which("lumo-advisory", "cookies", "2027-03-28T03:30", data=dst_data)
    assert json.loads(out)["moment"] == "2027-03-28T04:30:00+03:00"


@pytest.mark.parametrize(
    "args, message",
    [
        (("lumo-advisory", "privacy", "2024-01-14T23:59:59"), "no version of lumo-advisory/privacy was in force on 2024-01-14T23:59:59+02:00 (Europe/Helsinki): the first took effect on 2024-01-15T00:00:00+02:00"),
        (("lumo-advisory", "privacy", "2024-01-14"), "no version of lumo-advisory/privacy was in force on 2024-01-14T00:00:00+02:00 (Europe/Helsinki): the first took effect on 2024-01-15T00:00:00+02:00"),
        (("lumo", "privacy", "2025-01-01"), "no company 'lumo'; the companies are: arctic-code, kuura, lumo-advisory, pilvio, skargard"),
        (("lumo-advisory", "policy", "2025-01-01"), "lumo-advisory has no notice 'policy'; its notices are: cookies, privacy"),
        (("lumo-advisory", "privacy", "4.3.2025"), "WHEN: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (local time) or either with an offset (+02:00 or Z), found '4.3.2025'"),
        (("lumo-advisory", "privacy", "2025-02-30"), "WHEN: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (local time) or either with an offset (+02:00 or Z), found '2025-02-30'"),
        (("lumo-advisory", "privacy", "2025-03-04T12:00+24:00"), "WHEN: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (local time) or either with an offset (+02:00 or Z), found '2025-03-04T12:00+24:00'"),
        (("lumo-advisory", "privacy", "0001-01-01"), "WHEN: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (local time) or either with an offset (+02:00 or Z), found '0001-01-01'"),
        (("lumo-advisory", "privacy", "2025-01-01\x1b[31m"), "WHEN: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (local time) or either with an offset (+02:00 or Z), found '2025-01-01\\x1b[31m'"),
        (("lumo\x1b[2J", "privacy", "2025-01-01"), "no company 'lumo\\x1b[2J'; the companies are: arctic-code, kuura, lumo-advisory, pilvio, skargard"),
        (("lumo-advisory", "privacy", "2025-01-01", "--language", "de"), "lumo-advisory does not publish in 'de'; it publishes in: en, fi, sv"),
    ],
)
def test_bad_questions_end_with_one_line(args: tuple[str, ...], message: str) -> None:
    rc, out, err = which(*args)
    assert (rc, out, err) == (2, "", f"notices which: {message}\n")


def test_the_text_answer_names_version_interval_hash_and_addresses() -> None:
    rc, out, err = run_cli("which", "lumo-advisory", "privacy", "2025-03-04T12:00", "--language", "fi", "--as-of", AS_OF, cwd=ROOT)
    assert rc == 0, err
    lines = out.splitlines()
    assert lines[0] == "lumo-advisory/privacy at 2025-03-04T12:00:00+02:00 (Europe/Helsinki): the version of 2024-01-15"
    assert lines[1] == f"  in force from 2024-01-15T00:00:00+02:00 until 2025-09-01T00:00:00+03:00; archived as of {AS_OF}"
    assert re.fullmatch(r"  fi: sha256 [0-9a-f]{64}", lines[2])
    assert lines[3:] == ["      https://privacy.example.com/fi/lumo-advisory/privacy/2024-01-15/", "      https://privacy.example.com/fi/lumo-advisory/privacy/2024-01-15/notice.json"]


def _indexes(site: Path) -> dict[str, Any]:
    found = {path.relative_to(site).as_posix(): json.loads(path.read_text("utf-8")) for path in site.rglob("in-force.json")}
    assert found
    return found


def test_every_notice_and_entity_has_an_index_that_validates(site: Path) -> None:
    project, errors = load_project(ROOT / "data")
    assert project is not None and not errors
    expected = {f"{e}/in-force.json" for e in project.entities} | {f"{e}/{n}/in-force.json" for e, r in project.entities.items() for n in r.notices}
    indexes = _indexes(site)
    assert set(indexes) == expected
    schema = json.loads(schemas()["in-force.schema.json"])
    assert json.loads((site / "schema" / "in-force.schema.json").read_text("utf-8")) == schema
    for path, index in indexes.items():
        jsonschema.validate(index, schema)
        assert index["$schema"] == "https://privacy.example.com/schema/in-force.schema.json"
        days = sorted(v["effective"] for n in index["notices"] for v in n["versions"])
        assert index["statuses_from"] == max((d for d in days if d <= AS_OF), default=None), path
        assert index["statuses_until"] == min((d for d in days if d > AS_OF), default=None), path
        assert index["time_zone"] == ("Europe/London" if index["entity"] == "pilvio" else "Europe/Helsinki")
    for entity, record in project.entities.items():
        assert indexes[f"{entity}/in-force.json"]["notices"] == [indexes[f"{entity}/{n}/in-force.json"]["notices"][0] for n in record.notices]


def test_hashes_and_addresses_are_those_of_each_notice_json(site: Path) -> None:
    project, _ = load_project(ROOT / "data")
    assert project is not None
    for path, index in _indexes(site).items():
        for notice in index["notices"]:
            assert list(notice["urls"]) == project.languages_of(index["entity"])
            for version in notice["versions"]:
                assert list(version["languages"]) == project.languages_of(index["entity"]), path
                for language, shown in version["languages"].items():
                    prefix = "" if language == "en" else f"{language}/"
                    assert shown["url"] == f"https://privacy.example.com/{prefix}{index['entity']}/{notice['notice']}/{version['effective']}/"
                    export = json.loads((site / shown["notice_json"].removeprefix("https://privacy.example.com/")).read_text("utf-8"))
                    assert (export["sha256"], export["translation"]["complete"], export["status"]) == (shown["sha256"], shown["complete"], version["status"])


def test_upcoming_versions_are_listed_and_marked(site: Path) -> None:
    index = _indexes(site)["lumo-advisory/cookies/in-force.json"]
    assert (index["statuses_from"], index["statuses_until"]) == ("2024-01-15", "2027-01-01")
    cookies = index["notices"][0]["versions"]
    assert [(v["effective"], v["status"], v["until"]) for v in cookies] == [
        ("2024-01-15", "current", "2027-01-01T00:00:00+02:00"),
        ("2027-01-01", "upcoming", None),
    ]


def test_the_command_and_the_index_agree_on_every_version(site: Path) -> None:
    """At the first instant and the last second of every version of the example data, in the zone and in UTC."""
    for path, index in _indexes(site).items():
        if path.count("/") != 2:
            continue
        entity, notice = index["entity"], index["notices"][0]["notice"]
        for version in index["notices"][0]["versions"]:
            start = datetime.datetime.fromisoformat(version["from"])
            moments = [start, start.astimezone(UTC)]
            if version["until"]:
                moments.append(datetime.datetime.fromisoformat(version["until"]) - datetime.timedelta(seconds=1))
            for moment in moments:
                rc, out, err = which(entity, notice, moment.isoformat())
                assert rc == 0, err
                assert json.loads(out)["version"] == version, (path, moment)


def _readme_client() -> dict[str, Any]:
    """The README's example client, run as written."""
    text = (ROOT / "README.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "def version_in_force" in b)
    namespace: dict[str, Any] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    return namespace


def test_the_readme_client_picks_what_the_command_picks(site: Path) -> None:
    client = _readme_client()
    index = _indexes(site)["lumo-advisory/in-force.json"]
    moment = datetime.datetime(2025, 3, 4, 12, 0, tzinfo=HELSINKI)
    assert client["version_in_force"](index, "privacy", moment)["effective"] == effective("lumo-advisory", "privacy", "2025-03-04T12:00")
    for notice in index["notices"]:
        days = [datetime.date.fromisoformat(v["effective"]) for v in notice["versions"]]
        spans = inforce.intervals(days, HELSINKI)
        for span in spans:
            for moment in (span.start - datetime.timedelta(microseconds=1), span.start, span.start.astimezone(UTC)):
                found = inforce.in_force(spans, moment)
                picked = client["version_in_force"](index, notice["notice"], moment)
                assert (picked and picked["effective"]) == (None if found is None else days[found].isoformat())


def test_the_readme_client_proves_what_was_shown(site: Path) -> None:
    client = _readme_client()
    version = client["version_in_force"](_indexes(site)["lumo-advisory/privacy/in-force.json"], "privacy", datetime.datetime(2025, 3, 4, 10, tzinfo=UTC))
    for language, shown in version["languages"].items():
        export = json.loads((site / shown["notice_json"].removeprefix("https://privacy.example.com/")).read_text("utf-8"))
        assert client["shows_hash"](export, shown["sha256"]), language
        assert not client["shows_hash"](export, "0" * 64)


def test_a_time_zone_the_database_does_not_know_is_a_data_error(minimal_data: Path) -> None:
    site_yml = minimal_data / "site.yml"
    site_yml.write_text(site_yml.read_text("utf-8") + "time_zone: ../../etc/passwd\n", "utf-8")
    line = len(site_yml.read_text("utf-8").splitlines())
    rc, out, err = run_cli("validate", "--data", str(minimal_data), cwd=ROOT)
    assert rc == 1
    assert f"site.yml:{line}:12: time_zone: no IANA time zone '../../etc/passwd'; write a name such as 'Europe/Helsinki' or 'UTC'" in out


@pytest.mark.parametrize("name", ["Europe/Helsingfors", "utc", "Europe/Helsinki ", "/etc/localtime", "Europe/../UTC", "x" * 100, "Europe/Helsinki\x00"])
def test_zone_names_are_checked_before_the_database_is_read(name: str) -> None:
    with pytest.raises(ValueError, match="no IANA time zone"):
        inforce.zone(name)


def test_a_site_without_a_time_zone_answers_in_utc(minimal_data: Path) -> None:
    project, errors = load_project(minimal_data)
    assert project is not None and not errors
    entity = next(iter(project.entities))
    assert project.time_zone(entity) == "UTC"
