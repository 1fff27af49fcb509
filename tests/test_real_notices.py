"""What two real Finnish notices, written as data, showed the pages getting wrong: each page says what its data say.

A recipient's role is named in the singular, a right the notice names itself
keeps its own name alone, an authority named without an address is named so,
the changes section claims nothing about versions the data do not hold, a
basis sentence left out keeps its colon for the sentence that follows, whole
sentences are not run together with "and", and a contact's web address is
called what the data call it. Rendered as planned, in English and Finnish.
"""

from __future__ import annotations

import copy
import datetime
import html
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, finnish
from htmlscan import normalize
from privacy_notices.data import vocab

BASE: dict[str, Any] = {
    "kind": "controller",
    "title": "Privacy notice",
    "activities": [
        {
            "id": "members",
            "title": "Members",
            "data_subjects": ["members"],
            "purposes": ["Keeping the member register."],
            "legal_bases": [{"basis": "consent"}],
            "data_categories": ["name"],
            "retention": {"period": "P2Y"},
        }
    ],
}
ENTITY: dict[str, Any] = {"name": "Acme Oy", "address": {"city": "Oulu", "country": "FI"}, "contact": {"email": "privacy@acme.example"}}


def render(tmp: Path, change: dict[str, Any], language: str = "en", entity: dict[str, Any] | None = None, raw: bool = False) -> str:
    """The notice's page with ``change`` applied to BASE: its visible text, or its HTML with ``raw``."""
    from privacy_notices.checks.pipeline import load_and_check
    from privacy_notices.i18n.localize import Localizer
    from privacy_notices.site.render import Renderer
    from privacy_notices.site.theme import page_template_dirs
    from privacy_notices.site.views import plan_site

    data = tmp / "data"
    (data / "entities/acme/notices/privacy").mkdir(parents=True, exist_ok=True)
    (data / "site.yml").write_text(yaml.safe_dump({"name": "Notices", "source_language": "en", "languages": ["en", "fi"]}), "utf-8")
    (data / "entities/acme/entity.yml").write_text(yaml.safe_dump(entity or ENTITY), "utf-8")
    notice = copy.deepcopy(BASE)
    notice.update(copy.deepcopy(change))
    (data / "entities/acme/notices/privacy/2024-01-01.yml").write_text(yaml.safe_dump(notice, allow_unicode=True), "utf-8")
    as_of = datetime.date(2025, 1, 1)
    checked = load_and_check(data, as_of, None, today=as_of)
    assert checked.project is not None and checked.catalogs is not None, [e.format() for e in checked.errors.sorted()]
    localizer = Localizer(checked.catalogs, language, "en", sources=checked.project.sources())
    uri = ("fi/" if language == "fi" else "") + "acme/privacy/index.md"
    spec = next(s for s in plan_site(checked.project, as_of, localizer) if s.uri == uri)
    page = Renderer(page_template_dirs(None), language, checked.catalogs.ui(language)).render(spec)
    return page if raw else normalize(html.unescape(page))


def test_a_recipient_role_is_named_in_the_singular_without_brackets_in_brackets(tmp_path: Path) -> None:
    for key, entry in vocab.vocabulary("recipient_roles").items():
        assert "(" not in entry["label"], key
    change = {"recipients": [{"id": "host", "name": "Hosting Oy", "role": "processor"}]}
    assert "Hosting Oy</strong> (Processor)" in render(tmp_path / "en", change, raw=True)
    assert f"Hosting Oy</strong> ({finnish('Processor')})" in render(tmp_path / "fi", change, "fi", raw=True)


def test_a_right_listed_by_its_own_name_is_that_name_alone(tmp_path: Path) -> None:
    rights = vocab.vocabulary("rights")
    change = {"rights_as_written": True, "rights": [{"right": "access", "title": "Right to see your data"}, {"right": "complaint"}]}
    page = render(tmp_path, change, raw=True)
    assert "<dt>Right to see your data</dt>" in page, "no article after the notice's own name"
    assert rights["access"]["text"] not in page, "no built-in text the notice did not write"
    assert rights["access"]["article"] not in page
    complaint = rights["complaint"]
    assert f'{complaint["title"]} <span class="pn-article">({complaint["article"]})</span>' in page, "a right named by its key keeps the built-in title"
    assert complaint["text"] in page, "and its built-in text"


def test_an_authority_named_alone_is_shown_by_its_name_alone(tmp_path: Path) -> None:
    from privacy_notices.data.parties import AuthoritySpec

    assert AuthoritySpec(name="Tietosuojavaltuutetun toimisto").address == []
    with pytest.raises(ValueError):
        AuthoritySpec()
    page = render(tmp_path / "named", {"supervisory_authority": {"name": "Tietosuojavaltuutetun toimisto"}}, raw=True)
    block = page.split('<p class="pn-authority">', 1)[1].split("</p>", 1)[0]
    assert block.strip() == "<strong>Tietosuojavaltuutetun toimisto</strong>", "nothing the notice does not say"
    builtin = vocab.authority("FI")
    assert builtin is not None
    table = render(tmp_path / "table", {"supervisory_authority": {"country": "FI"}}, raw=True)
    block = table.split('<p class="pn-authority">', 1)[1].split("</p>", 1)[0]
    assert all(line in block for line in builtin.address) and builtin.website and builtin.website in block, "the built-in entry as it was"


def test_one_version_in_the_data_claims_no_more_than_that(tmp_path: Path) -> None:
    """A notice drafted years before the one version its data keep: the page says only what is published here."""
    from privacy_notices.data.wording import sentences

    builtin = sentences()["only_version"].text
    assert "only version of this notice" not in builtin
    assert builtin in render(tmp_path / "en", {})
    assert normalize(finnish(builtin)) in render(tmp_path / "fi", {}, "fi")
    own = render(tmp_path / "own", {"wording": {"only_version": "Earlier versions since 2018 are kept by the board."}})
    assert "Earlier versions since 2018 are kept by the board." in own and builtin not in own
    left_out = render(tmp_path / "out", {"wording": {"only_version": False}})
    assert builtin not in left_out and "History of this notice" in left_out


@pytest.mark.parametrize("basis", [None, False, "We ask for your consent."])
@pytest.mark.parametrize("withdrawal", [None, True, False, "You may cancel it."])
def test_a_basis_label_is_followed_by_a_colon_when_any_sentence_follows(tmp_path: Path, basis: Any, withdrawal: Any) -> None:
    wording = {k: v for k, v in (("basis_consent", basis), ("consent_withdrawal", withdrawal)) if v is not None}
    page = render(tmp_path, {"wording": wording}, raw=True)
    item = page.split("<strong>Consent</strong>", 1)[1].split("</li>", 1)[0]
    after = item.split(vocab.vocabulary("legal_bases")["consent"]["article"] + ")", 1)[1].strip()
    follows = basis is not False or withdrawal not in (None, False)
    assert after.startswith(": ") == follows and (after == "") == (not follows), after
    assert "  " not in after and ": :" not in after


def test_sources_written_as_sentences_are_not_run_together(tmp_path: Path) -> None:
    first, second = "Tiedot saadaan jäseneltä itseltään liittymisen yhteydessä.", "Lisäksi tietoja saadaan tapahtumien ilmoittautumisista."
    activity = {**BASE["activities"][0], "sources": [first, second]}
    page = render(tmp_path / "sentences", {"activities": [activity]}, raw=True)
    assert f"<li>{first}</li><li>{second}</li>" in page and f"{first} and" not in page
    phrases = {**BASE["activities"][0], "sources": ["public registers", "our partners"]}
    assert "public registers and our partners" in render(tmp_path / "phrases", {"activities": [phrases]}), "phrases are still one list in a sentence"


def test_a_contact_website_is_called_a_website_not_a_contact_form(tmp_path: Path) -> None:
    entity = {**ENTITY, "contact": {"website": "https://acme.example/"}}
    page = render(tmp_path / "en", {}, entity=entity, raw=True)
    contact = page.split('<p class="pn-contact">', 1)[1].split("</p>", 1)[0]
    assert 'Website: <a href="https://acme.example/">' in contact and "Contact form" not in contact
    fi = render(tmp_path / "fi", {}, "fi", entity=entity, raw=True).split('<p class="pn-contact">', 1)[1].split("</p>", 1)[0]
    assert f"{finnish('Website')}: " in fi and finnish("Contact form") not in fi
    form = {**ENTITY, "contact": {"url": "https://acme.example/contact"}}
    assert 'Contact form: <a href="https://acme.example/contact">' in render(tmp_path / "form", {}, entity=form, raw=True)
