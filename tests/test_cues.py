"""The rules that read text read English, Finnish and Swedish alike: each detector on fresh sentences, not one phrasing.

Every sentence here was written for this test (none is from a real notice);
they vary length, negation, word order, inflection and compounds, and none
repeats a case of tests/rules/cases.yml. The detectors are the functions the
rules call, on top of the cue layer (checks/cues.py, vocabularies/cues.yml).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from privacy_notices.checks import cues
from privacy_notices.checks.rules_activities import names_no_interest, targeting, vague_retention
from privacy_notices.checks.rules_changes import hedges, unannounced
from privacy_notices.checks.rules_cookies import consent_by_use
from privacy_notices.checks.rules_rights import objection_narrowed, withdrawal_stated

Detector = Callable[[str, str], bool]

DETECTORS: dict[str, Detector] = {
    "PN110": names_no_interest,
    "PN130": vague_retention,
    "PN144": objection_narrowed,
    "PN145": lambda text, language: not withdrawal_stated(text, language),
    "PN153": lambda text, language: targeting(text, language) is not None,
    "PN171": lambda text, language: bool(hedges(text, language)),
    "PN172": lambda text, language: unannounced(text, language) is not None,
    "PN180": lambda text, language: consent_by_use(text, language) is not None,
    "PN183": lambda text, language: cues.only_words_of("generic_party", text),
}

# rule → language → (sentences the rule must flag, sentences it must pass)
SENTENCES: dict[str, dict[str, tuple[list[str], list[str]]]] = {
    "PN145": {
        "en": (
            [
                "We send the newsletter to everyone who has ticked the box on the order form.",
                "Once given, the consent cannot be withdrawn, because the photo is printed at once.",
                "You agreed to this when you signed up for the loyalty programme.",
            ],
            [
                "You can withdraw your consent at any time by writing to us.",
                "Every newsletter has a link to unsubscribe, which ends the mailing.",
                "If you change your mind, tell us and we stop using the photo.",
            ],
        ),
        "fi": (
            [
                "Lähetämme uutiskirjeen kaikille, jotka ovat rastineet kohdan tilauslomakkeella.",
                "Annettua suostumusta ei voi perua, koska kuva painetaan heti.",
                "Hyväksyit tämän liittyessäsi kanta-asiakasohjelmaan.",
                "Uutiskirjeen lähettäminen perustuu suostumukseesi, jonka annoit perustaessasi tilin.",
            ],
            [
                "Voit perua suostumuksesi milloin tahansa kirjoittamalla meille.",
                "Jokaisessa uutiskirjeessä on linkki, josta tilauksen voi lopettaa.",
                "Suoramarkkinoinnin voit kieltää koska tahansa.",
            ],
        ),
        "sv": (
            [
                "Vi skickar nyhetsbrevet till alla som har kryssat i rutan på beställningsformuläret.",
                "Samtycket kan inte återkallas, eftersom bilden trycks direkt.",
                "Du godkände detta när du gick med i kundklubben.",
            ],
            [
                "Du kan när som helst återkalla ditt samtycke genom att skriva till oss.",
                "I varje nyhetsbrev finns en länk där du kan avsluta prenumerationen.",
                "Om du ångrar dig, säg till så slutar vi använda bilden.",
            ],
        ),
    },
    "PN130": {
        "en": (
            [
                "Personal data collected through the contact form are retained by us only for as long as it is necessary to deal with the matter you raised and to meet the obligations that apply to our company.",
                "We will not keep your details for longer than is needed for the purpose they were collected for.",
                "Where necessary, the information is stored in our customer system and deleted when it is no longer needed.",
                "Applications for a job are deleted six months after the post is filled. Other candidate data are kept only as long as necessary.",
            ],
            [
                "Contact form messages are deleted 18 months after the matter has been closed.",
                "We keep invoices for ten years because the Accounting Act requires it.",
                "We keep the data as long as they are needed for the support case, but never longer than two years.",
                "Job applications are kept for as long as necessary, and at most six months. Payroll records are kept for six years.",
            ],
        ),
        "fi": (
            [
                "Yhteydenottolomakkeella saadut tiedot säilytetään vain niin pitkään kuin niitä tarvitaan asian hoitamiseksi ja yhtiötämme koskevien velvoitteiden täyttämiseksi.",
                "Emme säilytä asiakastietoja kauemmin kuin niiden käyttötarkoitus vaatii.",
                "Tietoja säilytetään asiakasrekisterissä tarvittavan ajan, ja ne poistetaan, kun niitä ei enää tarvita.",
                "Asiakastietoja säilytetään vain niin kauan kuin se on tarpeellista. Hakijoiden tiedot poistetaan kuuden kuukauden kuluttua haun päättymisestä.",
            ],
            [
                "Yhteydenotot poistetaan 18 kuukauden kuluttua asian käsittelyn päättymisestä.",
                "Laskut säilytetään kymmenen vuotta, koska kirjanpitolaki sitä edellyttää.",
                "Tukipyynnön tiedot säilytetään niin kauan kuin niitä tarvitaan, kuitenkin enintään kaksi vuotta.",
                "Hakemukset säilytetään kuusi kuukautta. Palkkatiedot säilytetään niin kauan kuin kirjanpitolaki edellyttää.",
            ],
        ),
        "sv": (
            [
                "Uppgifter som du lämnar i kontaktformuläret sparas av oss bara så länge det är nödvändigt för att hantera ditt ärende och uppfylla de skyldigheter som gäller för vårt företag.",
                "Vi sparar inte kunduppgifter längre än vad ändamålet med behandlingen kräver.",
                "Informationen lagras i kundregistret vid behov och raderas när den inte längre behövs.",
                "Ansökningar raderas sex månader efter att tjänsten har tillsatts. Övriga uppgifter om sökande sparas så länge det är nödvändigt.",
            ],
            [
                "Meddelanden från kontaktformuläret raderas 18 månader efter att ärendet har avslutats.",
                "Fakturor sparas i tio år eftersom bokföringslagen kräver det.",
                "Uppgifterna i supportärendet sparas så länge de behövs, men högst i två år.",
                "Ansökningar sparas i sex månader. Löneuppgifter sparas så länge som bokföringslagen kräver.",
            ],
        ),
    },
    "PN172": {
        "en": (
            [
                "We will not inform you of changes to this notice, so please check it from time to time.",
                "This policy can be changed at any time without prior notice to users.",
                "Changes are published on this page; users do not get an email about them.",
            ],
            [
                "When we change this notice, we send an email to everyone with an account at least four weeks beforehand.",
                "Customers are told of every change in a message in the app.",
                "We never change the notice without notice: each change is announced in a banner on our home page.",
            ],
        ),
        "fi": (
            [
                "Emme ilmoita tämän selosteen muutoksista, joten tarkista sivu aika ajoin.",
                "Selostetta voidaan muuttaa milloin tahansa ilman erillistä ilmoitusta käyttäjille.",
                "Muutokset julkaistaan tällä sivulla, eikä niistä lähetetä sähköpostia.",
            ],
            [
                "Kun muutamme selostetta, lähetämme sähköpostin jokaiselle tilin haltijalle vähintään neljä viikkoa etukäteen.",
                "Asiakkaille kerrotaan jokaisesta muutoksesta sovelluksen viestillä.",
                "Emme koskaan muuta selostetta ilman ennakkoilmoitusta: jokaisesta muutoksesta ilmoitetaan etusivun bannerissa.",
            ],
        ),
        "sv": (
            [
                "Vi meddelar dig inte när policyn ändras, så titta in på sidan då och då.",
                "Policyn kan ändras när som helst utan föregående meddelande till användarna.",
                "Ändringar publiceras på den här sidan, och användarna får inget e-postmeddelande om dem.",
            ],
            [
                "När vi ändrar policyn skickar vi ett e-postmeddelande till alla som har ett konto minst fyra veckor i förväg.",
                "Kunderna informeras om varje ändring genom ett meddelande i appen.",
                "Vi ändrar aldrig policyn utan förvarning: varje ändring meddelas i en banner på vår startsida.",
            ],
        ),
    },
    "PN180": {
        "en": (
            [
                "By continuing to browse this website you agree to our use of analytics and advertising cookies.",
                "We take it that you accept cookies when you keep using the site after this message has appeared.",
                "If you do not accept cookies, please leave the site.",
            ],
            [
                "Statistics cookies are stored only after you have ticked them in the cookie banner, and you can change your mind under Cookie settings.",
                "We ask you on your first visit, in a banner, which cookies you accept; simply using the site does not count as agreeing to them.",
                "Using the site without making a choice does not mean that you consent to any cookies.",
            ],
        ),
        "fi": (
            [
                "Jatkamalla sivuston selaamista hyväksyt analytiikka- ja mainosevästeiden käytön.",
                "Katsomme sinun hyväksyneen evästeet, jos jatkat palvelun käyttöä tämän ilmoituksen jälkeen.",
                "Palvelun käytön jatkaminen tulkitaan suostumukseksi kaikkiin tässä selosteessa kuvattuihin evästeisiin.",
            ],
            [
                "Tilastoevästeet tallennetaan vasta, kun olet valinnut ne evästebannerista, ja voit muuttaa valintaasi evästeasetuksista.",
                "Kysymme ensimmäisellä käynnilläsi bannerissa, mitkä evästeet hyväksyt; pelkkä sivuston käyttö ei tarkoita, että hyväksyisit ne.",
                "Sivuston selaaminen ilman valintaa ei merkitse, että suostuisit evästeisiin.",
            ],
        ),
        "sv": (
            [
                "Genom att fortsätta surfa på webbplatsen godkänner du våra analys- och annonscookies.",
                "Vi utgår från att du accepterar cookies om du fortsätter att använda tjänsten efter att detta meddelande har visats.",
                "Om du inte godkänner cookies ska du lämna webbplatsen.",
            ],
            [
                "Statistikcookies sparas först när du har kryssat för dem i cookiebannern, och du kan ändra dig under Cookieinställningar.",
                "Vi frågar i en banner vid ditt första besök vilka cookies du godkänner; att bara använda webbplatsen räknas inte som samtycke.",
                "Att använda webbplatsen utan att göra ett val innebär inte att du samtycker till några cookies.",
            ],
        ),
    },
    "PN110": {
        "en": (
            ["For the purposes described above.", "Our company's legitimate interest in running its business.", "The legitimate interests set out in section 4 of this policy."],
            [
                "Preventing fraud by checking that the card used for an order has not been reported stolen.",
                "Letting customers who bought a product know when a safety update for it is available.",
                "Measuring, with counts that identify no one, which pages of the help centre are read.",
            ],
        ),
        "fi": (
            ["Edellä kuvattuja tarkoituksia varten.", "Yhtiömme oikeutettu etu harjoittaa liiketoimintaansa.", "Tämän selosteen kohdassa 4 esitetyt oikeutetut edut."],
            [
                "Petosten estäminen tarkistamalla, ettei tilauksessa käytettyä korttia ole ilmoitettu varastetuksi.",
                "Tuotteen ostaneille kertominen, kun tuotteeseen on saatavilla turvallisuuspäivitys.",
                "Ohjekeskuksen luetuimpien sivujen selvittäminen laskureilla, joista ketään ei voi tunnistaa.",
            ],
        ),
        "sv": (
            ["För de ändamål som beskrivs ovan.", "Bolagets berättigade intresse av att driva sin verksamhet.", "De berättigade intressen som anges i avsnitt 4 i denna policy."],
            [
                "Att förhindra bedrägerier genom att kontrollera att kortet som används vid en beställning inte har anmälts stulet.",
                "Att meddela kunder som köpt en produkt när en säkerhetsuppdatering finns för den.",
                "Att ta reda på vilka sidor i hjälpcentret som läses mest, med räknare som inte identifierar någon.",
            ],
        ),
    },
    "PN183": {
        "en": (["Third parties (not named)", "Various advertising networks", "Other trusted partners"], ["Stats Ltd", "Adnet Media AB", "Example Analytics"]),
        "fi": (["Kolmannet osapuolet (ei nimetty)", "Eri mainosverkostot", "Muut luotetut kumppanit"], ["Tilastopalvelu Oy", "Esimerkki Analytiikka Oy", "Verkkotiimi Oy (Matomo-palvelun ylläpitäjä)"]),
        "sv": (["Tredje parter (ej namngivna)", "Olika annonsnätverk", "Andra betrodda partner"], ["Statistik AB", "Exempel Analys AB", "Webbanalys Norden AB"]),
    },
    "PN144": {
        "en": (
            [
                "You can object to direct marketing at any time by clicking the unsubscribe link in any of our emails.",
                "You have the right to say no to our newsletters and advertising.",
                "You may object to direct marketing, but not to any other processing.",
            ],
            [
                "On grounds relating to your particular situation you may object to any processing based on our legitimate interests, and you may object to direct marketing at any time.",
                "Where we rely on legitimate interests, you can ask us to stop; we stop unless our reasons outweigh yours.",
                "You can object to all processing that rests on our legitimate interest, marketing and profiling included.",
            ],
        ),
        "fi": (
            [
                "Voit kieltää suoramarkkinoinnin milloin tahansa sähköpostiemme peruutuslinkistä.",
                "Sinulla on oikeus kieltäytyä uutiskirjeistämme ja mainonnasta.",
                "Vastustamisoikeus koskee ainoastaan tietojen käyttöä markkinointiin.",
            ],
            [
                "Voit erityiseen tilanteeseesi liittyvällä perusteella vastustaa kaikkea oikeutettuun etuumme perustuvaa käsittelyä, ja suoramarkkinoinnin voit kieltää milloin tahansa.",
                "Kun käsittely perustuu oikeutettuun etuumme, voit pyytää meitä lopettamaan sen; lopetamme, ellei meillä ole painavampia syitä.",
                "Voit vastustaa kaikkea oikeutettuun etuumme perustuvaa käsittelyä, myös markkinointia ja profilointia.",
            ],
        ),
        "sv": (
            [
                "Du kan när som helst invända mot direktmarknadsföring via avregistreringslänken i våra e-postmeddelanden.",
                "Du har rätt att tacka nej till våra nyhetsbrev och vår reklam.",
                "Rätten att invända gäller endast reklam och nyhetsbrev.",
            ],
            [
                "Av skäl som hänför sig till din särskilda situation kan du invända mot all behandling som grundar sig på vårt berättigade intresse, och mot direktmarknadsföring kan du alltid invända.",
                "När vi stöder oss på vårt berättigade intresse kan du be oss att sluta; vi slutar om inte våra skäl väger tyngre.",
                "Du kan invända mot all behandling som bygger på vårt berättigade intresse, även marknadsföring och profilering.",
            ],
        ),
    },
    "PN171": {
        "en": (
            [
                "We might pass your order history to a courier when a parcel goes astray.",
                "Some of the details you enter in the form are stored by our booking partner.",
                "Your email address is possibly kept in our backups for a while after you leave.",
            ],
            [
                "We answer every request within a month, and as soon as possible when it is urgent.",
                "The version of 3 May 2025 added the booking form; we share the bookings only with the hotel.",
                "We keep the invoices for six years, as the Accounting Act requires.",
            ],
        ),
        "fi": (
            [
                "Tilaushistoriaasi saatetaan näyttää kuljetusliikkeelle, jos paketti katoaa.",
                "Joitakin lomakkeelle antamiasi tietoja säilyttää varauskumppanimme.",
                "Sähköpostiosoitteesi on mahdollisesti varmuuskopioissa vielä jonkin aikaa.",
            ],
            [
                "Voit saattaa asian tietosuojavaltuutetun toimiston käsiteltäväksi, jos olet tyytymätön vastaukseemme.",
                "Kun uusi seloste saatetaan voimaan, ilmoitamme siitä sähköpostilla.",
                "Säilytämme laskut kuusi vuotta kirjanpitolain mukaisesti.",
            ],
        ),
        "sv": (
            [
                "Din orderhistorik kan komma att lämnas till ett bud om ett paket försvinner.",
                "Vissa av uppgifterna i formuläret sparas av vår bokningspartner.",
                "Din e-postadress finns eventuellt kvar i säkerhetskopior en tid efter att du slutat.",
            ],
            [
                "Vi svarar på varje begäran inom en månad och så snart som möjligt när det är brådskande.",
                "Vi delar bokningarna endast med hotellet.",
                "Fakturorna sparas i sju år enligt bokföringslagen.",
            ],
        ),
    },
    "PN153": {
        "en": (
            [
                "We use the products you have viewed to suggest items that match your interests.",
                "Each customer's newsletter is tailored to the topics they have clicked on before.",
                "Our advertising partners use cookies to target our ads at you on other sites.",
            ],
            [
                "Every subscriber receives the same newsletter, and we do not personalise its content.",
                "We count visits in total to learn which pages are popular.",
                "The products on the front page are chosen by our staff, not based on your browsing.",
                "We do not use the answers you give in the survey for any automated decision about you or for profiling.",
            ],
        ),
        "fi": (
            [
                "Ehdotamme katselemiesi tuotteiden perusteella tuotteita, jotka vastaavat kiinnostuksen kohteitasi.",
                "Jokaisen asiakkaan uutiskirje räätälöidään sen mukaan, mitä aiheita hän on aiemmin avannut.",
                "Mainoskumppanimme käyttävät evästeitä kohdentaakseen mainoksiamme sinulle muilla sivustoilla.",
                "Emme myy osoitteita kenellekään ulkopuoliselle yritykselle, ja kohdennamme mainontaa ostojen perusteella.",
            ],
            [
                "Kaikki tilaajat saavat saman uutiskirjeen, emmekä personoi sen sisältöä.",
                "Laskemme käynnit yhteensä nähdäksemme, mitkä sivut ovat suosittuja.",
                "Etusivun tuotteet valitsee henkilökuntamme, eikä niitä kohdenneta sinulle.",
                "Jäsenrekisterissä ei käytetä EU:n tietosuoja-asetuksen 22 artiklan mukaista automaattista päätöksentekoa tai profilointia.",
            ],
        ),
        "sv": (
            [
                "Vi använder de produkter du har tittat på för att föreslå varor som passar dina intressen.",
                "Varje kunds nyhetsbrev skräddarsys efter de ämnen hen tidigare har klickat på.",
                "Våra annonspartner använder cookies för att rikta våra annonser till dig på andra webbplatser.",
            ],
            [
                "Alla prenumeranter får samma nyhetsbrev, och vi anpassar inte innehållet efter mottagaren.",
                "Vi räknar besök totalt för att se vilka sidor som är populära.",
                "Produkterna på startsidan väljs av vår personal och inte utifrån vad du har tittat på.",
                "Vi använder inte enkätsvaren från deltagarna till automatiserade beslut eller till profilering.",
            ],
        ),
    },
}

CASES = [
    pytest.param(rule, language, text, flagged, id=f"{rule}-{language}-{'flags' if flagged else 'passes'}-{n}")
    for rule, by_language in SENTENCES.items()
    for language, (fail, ok) in by_language.items()
    for flagged, texts in ((True, fail), (False, ok))
    for n, text in enumerate(texts)
]


@pytest.mark.parametrize(("rule", "language", "text", "flagged"), CASES)
def test_each_detector_reads_fresh_sentences_in_three_languages(rule: str, language: str, text: str, flagged: bool) -> None:
    assert DETECTORS[rule](text, language) is flagged, text


def test_every_rule_that_reads_text_has_three_of_each_per_language() -> None:
    assert set(SENTENCES) == set(DETECTORS)
    for by_language in SENTENCES.values():
        assert set(by_language) == set(cues.languages())
        assert all(len(fail) >= 3 and len(ok) >= 3 for fail, ok in by_language.values())


def test_every_cue_is_a_string_and_every_group_has_every_language() -> None:
    """YAML reads a bare no, on or yes as a boolean: a cue that is not a string would never match."""
    table = cues._table()
    for group, by_language in table["groups"].items():
        assert set(by_language) == set(cues.languages()), group
        for language, found in by_language.items():
            assert all(isinstance(cue, str) and cue.strip() for cue in found), (group, language)


@pytest.mark.parametrize(
    ("text", "language", "negated"),
    [
        ("We do not email you about changes.", "en", True),
        ("Emails are not sent about changes.", "en", True),
        ("No later than a week before, we email you.", "en", False),
        ("Muutoksista ei lähetetä sähköpostia.", "fi", True),
        ("Sähköpostia ei lähetetä.", "fi", True),
        ("Lähetämme sähköpostin, emmekä julkaise muuta.", "fi", False),
        ("Vi skickar inte e-post om ändringar.", "sv", True),
        ("Vi skickar e-post, men inte till alla.", "sv", False),
    ],
)
def test_negation_is_read_in_the_clause_on_either_side(text: str, language: str, negated: bool) -> None:
    [match] = cues.find("announce", text, language)
    assert cues.negated(match) is negated
