"""A page says only what the data say: every built-in sentence is printed where the data state what it says.

A sentence that states a fact no field holds (consent can be withdrawn at any
time, an interest outweighs the person's, processors work under a written
agreement, a recipient is certified) is printed only where the notice's
`wording` states it; every built-in sentence can be replaced by the notice's
own words or left out, for the notice or one activity. Checked on the example
site as built, and on every combination Hypothesis draws, in English and Finnish.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT, finnish, run_build
from htmlscan import normalize, scan
from privacy_notices.data.wording import Wording, ActivityWording, Words, sentences

STATED = [s.id for s in sentences().values() if s.shown == "stated"]


def page_text(site: Path, page: str) -> str:
    return normalize(scan(site / page / "index.html").text)


FACTS = {
    "lumo-advisory/privacy": ["consent_withdrawal", "legitimate_interests_balance", "processors_agreement"],
    "arctic-code/privacy": ["consent_withdrawal", "legitimate_interests_balance", "processors_agreement", "dpf_certified"],
    "pilvio/customer-data": ["processors_agreement", "dpf_certified"],
}
"""Notices of the example whose data name a consent basis, a legitimate interest, processors or a DPF transfer,
and do not state the fact the built-in sentence would add."""


def test_the_example_prints_no_fact_its_data_do_not_state(site: Path) -> None:
    said = sentences()
    for notice, facts in FACTS.items():
        for language, words in (("", lambda t: t), ("fi/", finnish)):
            text = page_text(site, language + notice)
            for fact in facts:
                assert normalize(words(said[fact].text)) not in text, (language + notice, fact)
    english = page_text(site, "lumo-advisory/privacy")
    assert said["basis_consent"].text in english and said["basis_legitimate_interests"].text in english, "the bases the data name are"
    assert finnish(said["basis_consent"].text) in page_text(site, "fi/lumo-advisory/privacy")


def test_the_example_words_a_sentence_its_own_way_in_every_language(site: Path) -> None:
    """The cookie policy's next version replaces the built-in words of its marketing category, translated as its texts are."""
    builtin = sentences()["category_marketing"].text
    own = {"": "Set by the social media share buttons", "fi/": "Sosiaalisen median jakopainikkeiden asettamia"}
    for language, words in (("", lambda t: t), ("fi/", finnish)):
        upcoming = page_text(site, language + "lumo-advisory/cookies/2027-01-01")
        assert own[language] in upcoming and normalize(words(builtin)) not in upcoming, language
        assert normalize(words(builtin)) in page_text(site, language + "lumo-advisory/cookies"), "the version in force says nothing of its own"
    assert "the social network you share it on may set cookies of its own" in page_text(site, "lumo-advisory/cookies/2027-01-01")
    changes = page_text(site, "lumo-advisory/cookies/2027-01-01/changes")
    assert f"The notice's own wording changed for: “{builtin}”" in changes
    assert "What the notice says about cookie providers it does not name changed." in changes


def test_the_example_prints_a_fact_once_its_data_state_it(tmp_path: Path) -> None:
    """The same notice, with `wording` stating the facts: each is printed, in English and in Finnish."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "notices.lock").unlink()  # the edit below is this test's, not a published change
    path = data / "entities/lumo-advisory/notices/privacy/2025-09-01.yml"
    version = yaml.safe_load(path.read_text("utf-8"))
    version["wording"] = {fact: True for fact in FACTS["lumo-advisory/privacy"]}
    version["activities"][0]["wording"] = {"legitimate_interests_balance": False}
    path.write_text(yaml.safe_dump(version, allow_unicode=True, sort_keys=False), "utf-8")
    build = run_build(tmp_path, data=data)
    assert build.returncode == 0, build.output
    said = sentences()
    for language, words in (("", lambda t: t), ("fi/", finnish)):
        text = page_text(build.site, language + "lumo-advisory/privacy")
        assert text.count(normalize(words(said["consent_withdrawal"].text))) == 1, "after the newsletter's consent basis"
        assert normalize(words(said["processors_agreement"].text)) in text
        assert normalize(words(said["legitimate_interests_balance"].text)) not in text, "the activity's wording comes first"


def test_each_text_is_shown_once_where_the_company_put_it(site: Path, tmp_path: Path) -> None:
    """The company's contact under "Contact us" only; a notice-wide retention in its own section only."""
    for page, phone in (("kuura/privacy", "+358 8 000 4321"), ("fi/lumo-advisory/privacy", "+358 40 000 0001")):
        assert page_text(site, page).count(phone) == 1, page
    scenario = run_build(tmp_path, data=ROOT / "tests/fixtures/reference-scenario/data")
    assert scenario.returncode == 0, scenario.output
    text = page_text(scenario.site, "kajava/privacy")
    for retention in ("We keep your data only as long as providing our services needs", "We may delete the data after you have cancelled your registration"):
        assert text.count(retention) == 1, retention


def test_each_new_text_has_its_line_on_the_changes_page_in_finnish() -> None:
    """A version that adds a lead-in, profiling, a requirement for the whole notice, where in the EU data stay,
    cookie providers not named, its own wording, and its own list of rights: each is one line of the summary."""
    from privacy_notices.data.model import ControllerNotice
    from privacy_notices.history.changes import summarize_changes
    from privacy_notices.i18n.catalogs import Catalogs
    from privacy_notices.data.errors import ErrorLog
    from privacy_notices.site.render import Renderer
    from privacy_notices.site.theme import page_template_dirs

    old = ControllerNotice(**{**NOTICE, "transfers": [], "processors": [], "activities": [{**NOTICE["activities"][0], "recipients": []}], "eea_only": True})
    activity = old.activities[0].model_copy(update={"profiling": "We score visits."})
    new = old.model_copy(update={
        "activities": [activity], "eea_only_details": "In Finland.", "unnamed_providers": "Maps set cookies.",
        "lead_ins": old.lead_ins.model_copy(update={"rights": "Your rights:"}), "rights_as_written": True,
        "requirement": old.activities[0].requirement, "wording": Wording(consent_withdrawal=True),
    })
    items = summarize_changes(old, new)
    assert {"lead_in", "profiling", "requirement", "eea_only_details", "unnamed_providers", "wording", "rights_as_written"} <= {i.topic for i in items}
    catalogs = Catalogs(ROOT / "data", ["en", "fi"], "en", ErrorLog())
    module = Renderer(page_template_dirs(None), "fi", catalogs.ui("fi")).env.get_template("_summary.md.j2").module
    lines = {i.topic: " ".join(str(getattr(module, i.topic)(i)).split()) for i in items}
    assert lines["lead_in"] == "Osion ”Oikeutesi” johdanto muuttui.", lines
    assert lines["requirement"].startswith("Se, onko tiedot annettava, muuttui:") and "Sopimukseen perustuva" in lines["requirement"], lines
    assert lines["wording"].startswith("Selosteen oma sanamuoto muuttui kohdassa: ”Voit peruuttaa suostumuksesi"), lines


# --- Every combination, rendered in-process --------------------------------------------------------


NOTICE: dict[str, Any] = {
    "kind": "controller",
    "title": "Privacy notice",
    "activities": [
        {
            "id": "customers",
            "title": "Customers",
            "data_subjects": ["customers"],
            "purposes": ["Serving customers."],
            "legal_bases": [
                {"basis": "consent"},
                {"basis": "legitimate_interests", "legitimate_interest": "Serving the companies that buy from us."},
            ],
            "data_categories": ["name"],
            "recipients": ["mailer"],
            "retention": {"period": "P2Y"},
            "requirement": {"type": "contractual"},
        }
    ],
    "processors": [{"id": "mailer", "name": "Mailer Inc.", "service": "Email", "country": "US"}],
    "transfers": [{"country": "US", "recipients": ["mailer"], "mechanism": "dpf"}],
    "statements": ["no_sale"],
    "cookies": [{"provider": "Acme", "party": "first", "category": "necessary", "purpose": "Login"}],
    "cookie_choice": {"browser": True},
}
"""A notice whose data give each of CHECKED its occasion once: one activity, one basis of each kind, one processor."""

CHECKED = [
    "consent_withdrawal", "legitimate_interests_balance", "processors_intro", "processors_agreement", "dpf_certified",
    "transfers_regular", "controller_intro", "authority_intro", "basis_consent", "basis_legitimate_interests",
    "mechanism_dpf", "requirement_contractual", "statement_no_sale", "category_necessary", "cookie_browser",
]
ACTIVITY_CHECKED = [i for i in CHECKED if sentences()[i].activity]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The notice's page, as planned: render(language, wording, activity wording) gives its visible text."""
    from privacy_notices.checks.pipeline import load_and_check
    from privacy_notices.i18n.localize import Localizer
    from privacy_notices.site.render import Renderer
    from privacy_notices.site.theme import page_template_dirs
    from privacy_notices.site.views import plan_site

    data = tmp_path_factory.mktemp("wording") / "data"
    (data / "entities/acme/notices/privacy").mkdir(parents=True)
    (data / "site.yml").write_text(yaml.safe_dump({"name": "Notices", "source_language": "en", "languages": ["en", "fi"]}), "utf-8")
    entity = {"name": "Acme Oy", "address": {"city": "Oulu", "country": "FI"}, "contact": {"email": "privacy@acme.example"}}
    (data / "entities/acme/entity.yml").write_text(yaml.safe_dump(entity), "utf-8")
    (data / "entities/acme/notices/privacy/2024-01-01.yml").write_text(yaml.safe_dump(NOTICE), "utf-8")
    as_of = datetime.date(2025, 1, 1)
    checked = load_and_check(data, as_of, None, today=as_of)
    assert checked.project is not None and checked.catalogs is not None, [e.format() for e in checked.errors.sorted()]
    specs = {}
    for language in ("en", "fi"):
        localizer = Localizer(checked.catalogs, language, "en", sources=checked.project.sources())
        uri = ("fi/" if language == "fi" else "") + "acme/privacy/index.md"
        specs[language] = next(s for s in plan_site(checked.project, as_of, localizer) if s.uri == uri)

    def render(language: str, wording: dict[str, Any], activity: dict[str, Any]) -> str:
        spec = specs[language]
        notice = spec.context.notice
        first = notice.activities[0].model_copy(update={"wording": ActivityWording(**activity)})
        notice = notice.model_copy(update={"wording": Wording(**wording), "activities": [first]})
        context = dataclasses.replace(spec.context, notice=notice, words=Words(notice))
        renderer = Renderer(page_template_dirs(None), language, checked.catalogs.ui(language))
        return normalize(html.unescape(renderer.render(dataclasses.replace(spec, context=context))))

    return render


def _value(sentence: str) -> st.SearchStrategy[Any]:
    """What `wording` may say of a sentence: nothing, own words, left out, or (for a fact only stated) stated."""
    choices: list[st.SearchStrategy[Any]] = [st.none(), st.just(False), st.just(f"Own words for {sentence}.")]
    if sentences()[sentence].shown == "stated":
        choices.append(st.just(True))
    return st.one_of(choices)


@settings(max_examples=40, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    wording=st.fixed_dictionaries({}, optional={i: _value(i) for i in CHECKED}),
    activity=st.fixed_dictionaries({}, optional={i: _value(i) for i in ACTIVITY_CHECKED}),
    language=st.sampled_from(["en", "fi"]),
)
def test_each_sentence_is_printed_exactly_as_the_wording_says(page: Any, wording: dict[str, Any], activity: dict[str, Any], language: str) -> None:
    text = page(language, wording, activity)
    for sentence in CHECKED:
        value = activity.get(sentence) if activity.get(sentence) is not None else wording.get(sentence)
        builtin = sentences()[sentence].text
        builtin = normalize(finnish(builtin) if language == "fi" else builtin)
        shown = value is True or (value is None and sentences()[sentence].shown != "stated")
        assert (builtin in text) == shown, (sentence, value)
        own = f"Own words for {sentence}."
        assert (own in text) == (value == own), (sentence, value)


def test_true_is_only_for_a_fact_printed_where_stated() -> None:
    from pydantic import ValidationError

    assert Wording(consent_withdrawal=True).consent_withdrawal is True  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="printed wherever its data are"):
        Wording(eea_only=True)
    with pytest.raises(ValidationError):
        ActivityWording(processors_agreement=True)  # not a sentence an activity shows


def test_a_wrong_wording_is_reported_where_it_stands_once(tmp_path: Path) -> None:
    """A field of two types (text or true/false) reports the one mistake, at the field, not one per type."""
    from conftest import run_cli

    shutil.copytree(ROOT / "tests/fixtures/said-truthfully/data", tmp_path / "data")
    path = tmp_path / "data/entities/kajo/notices/privacy/2025-05-01.yml"
    version = yaml.safe_load(path.read_text("utf-8"))
    version["wording"] = {"eea_only": "We keep them <b>here</b>.", "controller_intro": 5, "statement_no_sale": True}
    version["told_elsewhere"][1]["see"]["title"] = "T &#<svg/onload=alert(1)>"
    path.write_text(yaml.safe_dump(version, allow_unicode=True, sort_keys=False), "utf-8")
    rc, out, err = run_cli("validate", cwd=tmp_path)
    assert rc == 1
    lines = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("data/entities/kajo/notices/privacy/")]
    assert lines == [
        "told_elsewhere[1].see.title: raw HTML is not allowed in notice text, found '<svg/onload=alert(1)>'; write plain text",
        "wording.eea_only: raw HTML is not allowed in notice text, found '<b>'; write plain text or Markdown",
        "wording.controller_intro: expected text, found the number 5; put numbers that are text (phone numbers, IDs) in quotes",
    ], out
    version["wording"] = {"statement_no_sale": True}
    del version["told_elsewhere"][1]
    path.write_text(yaml.safe_dump(version, allow_unicode=True, sort_keys=False), "utf-8")
    rc, out, err = run_cli("validate", cwd=tmp_path)
    assert rc == 1 and "wording: 'statement_no_sale' is printed wherever its data are, so true changes nothing" in out, out
