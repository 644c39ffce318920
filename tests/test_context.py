"""Context detectors: the site's country, registration numbers, WhatsApp numbers, dispute bodies,
complaint context and navigation that says "return" — each with phrasings that must and must not
match."""

from __future__ import annotations

import pytest

from goudenregels.checks.complaints import sentence_verdict, text_verdict
from goudenregels.words import companyids, disputes, vocab
from goudenregels.words import country as countries
from goudenregels.words import phones as ph

# -- the site's country --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"url": "https://www.bakkerij.be/"}, "BE"),
        ({"url": "https://www.bakkerij.nl/"}, "NL"),
        ({"url": "https://www.bakkerij.com/"}, "NL"),  # nothing known: the default
        ({"url": "https://www.example.com/", "langs": ["nl-BE"]}, "BE"),
        ({"url": "https://www.example.com/", "langs": ["fr-be"]}, "BE"),
        ({"url": "https://www.example.com/", "langs": ["nl"]}, "NL"),
        ({"url": "https://www.example.be/", "langs": ["nl"]}, "BE"),
        ({"text": "Meir 12, 2000 Antwerpen"}, "BE"),
        ({"text": "Kerkstraat 5 bus 3, 9000 Gent"}, "BE"),
        ({"text": "B-1000 Brussel"}, "BE"),
        ({"text": "Postbus 10, 9000 Gent, België"}, "BE"),
        ({"text": "Dorpsstraat 1, 1234 AB Utrecht"}, "NL"),
        # Address blocks as sites print them: one item a line, the place in capitals.
        ({"text": "Grachtstraat 17A\n8900 IEPER\nTelefoon", "langs": ["nl"]}, "BE"),
        ({"text": "Damburgstraat 61A bus 0\n 3950 Bocholt", "langs": ["nl"]}, "BE"),
        ({"text": "Kerkstraat 12\n1234 AB AMSTERDAM"}, "NL"),
        ({"text": "Kerkstraat 12\n1234 AB AMSTERDAM", "langs": ["nl"]}, "NL"),
        # Capitals that are no place: a year and an acronym, a Dutch postcode's letters.
        ({"text": "Opgericht 2004 KBO-nummer volgt", "langs": ["nl"]}, "NL"),
        ({"text": "Ondernemingsnummer 0403.170.701"}, "BE"),
        ({"text": "KvK 12345678"}, "NL"),
        ({"text": "Bel +32 2 511 22 33"}, "BE"),
        ({"text": "Bel 0475/12.34.56"}, "BE"),
        ({"address_countries": ["BE"]}, "BE"),
        ({"address_countries": [{"@type": "Country", "name": "Belgium"}]}, "BE"),
        ({"address_countries": ["Nederland"]}, "NL"),
        ({"phone_codes": [32, 32]}, "BE"),
        # A Dutch site that mentions one Belgian branch stays Dutch.
        (
            {
                "url": "https://www.winkel.nl/",
                "text": "Hoofdkantoor Dorpsstraat 1, 1234 AB Utrecht. Vestiging Meir 12, 2000 Antwerpen",
            },
            "NL",
        ),
        # Years and counts that look like a Belgian postcode are no address.
        ({"text": "Sinds 2004 Alle rechten voorbehouden. 1500 Klanten tevreden"}, "NL"),
    ],
)
def test_country_detection(kwargs: dict, expected: str) -> None:
    assert countries.detect(**kwargs).country == expected


def test_country_signals_keep_their_reasons() -> None:
    signals = countries.detect(url="https://x.be/", text="Meir 12, 2000 Antwerpen")
    assert any("domain .be" in r for r in signals.reasons)
    assert any("Belgian postcode" in r for r in signals.reasons)


# -- registration numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "ok"),
    [("0403170701", True), ("0403170702", False), ("1012345646", True), ("2012345646", False)],
)
def test_belgian_check_digits(digits: str, ok: bool) -> None:
    assert companyids.be_check_ok(digits) is ok


@pytest.mark.parametrize(
    ("text", "kind", "valid"),
    [
        ("Ondernemingsnummer 0403.170.701", "be_enterprise", True),
        ("Ondernemingsnr: 0403 170 701", "be_enterprise", True),
        ("Ond. nr. 0403170701", "be_enterprise", True),
        ("KBO 0403.170.701", "be_enterprise", True),
        ("n° d'entreprise 0403.170.701", "be_enterprise", True),
        ("BTW BE 0403.170.701", "be_enterprise", True),
        ("BE0403170701", "be_vat", True),
        ("BE 403.170.701", "be_vat", True),
        ("BTW-nr.: BE-0403.170.702", "be_enterprise", False),
        ("Zetel: 0403.170.701", "be_enterprise", True),
        ("btw-id NL123456789B01", "nl_vat", True),
        ("KvK-nummer: 12345678", "nl_kvk", True),
        ("RSIN 8123.45.678", "nl_rsin", True),
    ],
)
def test_registration_numbers_found(text: str, kind: str, valid: bool) -> None:
    found = companyids.find(text)
    assert [(f.kind, f.valid) for f in found] == [(kind, valid)]


@pytest.mark.parametrize(
    "text",
    [
        "Bel 0475.123.456",  # dotted like an enterprise number, but the check digits fail
        "Prijzen incl. btw. Bel 0201234567",  # the label belongs to another sentence
        "You can be 0201234567",  # "be" in English is no country prefix
        "Klantenservice 078 15 15 15",
    ],
)
def test_phone_numbers_are_not_registration_numbers(text: str) -> None:
    assert companyids.find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ondernemingsnummer 0844.123.494",
        "KBO 0844 123 494",
        "BTW BE 0844.123.494",
        "BE0844123494",
        "0844.123.494",
        "RSIN 8123.45.678",
        "btw NL123456789B01",
        "Kvk 09123456",
    ],
)
def test_registration_numbers_are_never_phone_numbers(text: str) -> None:
    for region in ("NL", "BE"):
        assert ph.find_in_text(text, region) == []


# -- phone numbers for the site's country, and WhatsApp -------------------------------------------


@pytest.mark.parametrize(
    ("text", "region", "e164", "kind"),
    [
        ("Bel 02 511 22 33", "BE", "+3225112233", "geographic"),
        ("gsm 0475 12 34 56", "BE", "+32475123456", "mobile"),
        ("Bel 0475 12 34 56", "NL", "+31475123456", "geographic"),
        ("Gratis 0800 12 345", "BE", "+3280012345", "toll_free"),
        ("Infolijn 0903 12 345", "BE", "+3290312345", "premium"),
        ("Bel 070 22 33 44", "BE", "+3270223344", "paid_08x"),
        ("Bel 078 15 15 15", "BE", "+3278151515", "national"),
        ("Bel +31 20 123 4567", "BE", "+31201234567", "international"),
        ("Bel +32 2 511 22 33", "NL", "+3225112233", "international"),
    ],
)
def test_numbers_read_for_the_sites_country(text: str, region: str, e164: str, kind: str) -> None:
    [(_raw, number, _purpose)] = ph.find_in_text(text, region)
    assert ph.e164(number) == e164
    assert ph.classify(number, region) == kind


@pytest.mark.parametrize(
    ("text", "purposes"),
    [
        ("WhatsApp ons op 06-12345678", ["whatsapp"]),
        ("App ons: 06-12345678", ["whatsapp"]),
        ("Alleen via WhatsApp: 06 12345678", ["whatsapp"]),
        ("06-12345678 (alleen WhatsApp)", ["whatsapp"]),
        ("06-12345678 (WhatsApp)", ["whatsapp"]),
        ("WhatsApp (niet bellen): 06 12345678", ["whatsapp"]),
        ("Message us on WhatsApp: 06 12345678", ["whatsapp"]),
        ("Bel of WhatsApp: 06-12345678", ["phone"]),
        ("Telefoon en WhatsApp: 06-12345678", ["phone"]),
        ("06-12345678 (bellen en WhatsApp)", ["phone"]),
        ("Bel 06-12345678, ook via WhatsApp", ["phone"]),
        ("WhatsApp ons op 06-12345678 of bel 020-1234567", ["whatsapp", "phone"]),
        ("Tel: 06-12345678 | WhatsApp: 06-87654321", ["phone", "whatsapp"]),
        ("Fax: 020-1234567", ["fax"]),
    ],
)
def test_whatsapp_numbers_told_from_phone_lines(text: str, purposes: list[str]) -> None:
    assert [purpose for _raw, _n, purpose in ph.find_in_text(text)] == purposes


@pytest.mark.parametrize(
    ("href", "e164"),
    [
        ("https://wa.me/31612345678", "+31612345678"),
        ("https://wa.me/32475123456?text=Hallo", "+32475123456"),
        ("https://api.whatsapp.com/send?phone=31612345678&text=hoi", "+31612345678"),
        ("https://api.whatsapp.com/send/?phone=%2B31612345678", None),
        ("https://wa.me/", None),
        ("https://chat.whatsapp.com/AbCdEf", None),
        ("https://www.example.nl/wa.me/31612345678", None),
    ],
)
def test_whatsapp_link_numbers(href: str, e164: str | None) -> None:
    number = ph.whatsapp_link_number(href)
    assert (ph.e164(number) if number else None) == e164


# -- dispute bodies --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("aangesloten bij De Geschillencommissie Thuiswinkel", "sgc-thuiswinkel"),
        ("Thuiswinkel Waarborg", "sgc-thuiswinkel"),
        ("Stichting Geschillencommissies voor Consumentenzaken", "sgc"),
        ("de Geschillencommissie Energie", "sgc"),
        ("Geschillencommissie Zorg", "sgc"),
        ("Klachteninstituut Financiële Dienstverlening", "kifid"),
        ("Kifid", "kifid"),
        ("SKGZ", "skgz"),
        ("Stichting Klachten en Geschillen Zorgverzekeringen", "skgz"),
        ("erkende geschilleninstantie", "zorg-geschil"),
        ("SKGE", "zorg-geschil"),
        ("Klachtenloket Paramedici", "zorg-geschil"),
        ("Centraal Tuchtcollege voor de Gezondheidszorg", "tuchtcollege"),
        ("de klachtencommissie van het KNGF", "register-klachtencommissie"),
        ("Klachten- en tuchtcollege van het Register Vaktherapie", "register-klachtencommissie"),
        ("klachtencommissie van de NVVP", "register-klachtencommissie"),
        ("Stichting Klachtencommissie Kinderopvang", "register-klachtencommissie"),
        ("de Nationale ombudsman", "nationale-ombudsman"),
        ("de Kinderombudsman", "nationale-ombudsman"),
        ("de gemeentelijke ombudsman", "gemeentelijke-ombudsman"),
        ("de Ombudsman Rotterdam-Rijnmond", "gemeentelijke-ombudsman"),
        ("Stichting WebwinkelKeur", "webwinkelkeur"),
        ("de Huurcommissie", "huurcommissie"),
        ("Consumentenombudsdienst", "consumentenombudsdienst"),
        ("Service de Médiation pour le Consommateur", "consumentenombudsdienst"),
        ("de Ombudsman voor de Energie", "ombudsman-energie"),
        ("Ombudsfin", "ombudsfin"),
        ("de Ombudsman van de Verzekeringen", "ombudsman-verzekeringen"),
        ("de Ombudsman voor telecommunicatie", "ombudsman-telecom"),
        ("de Vlaamse Ombudsdienst", "vlaamse-ombudsdienst"),
        ("de Federale Ombudsman", "federale-ombudsman"),
        ("lid van BeCommerce", "becommerce"),
        ("Commission de Litiges Voyages", "gcr"),
        ("onze ombudsman", "ombudsman"),
    ],
)
def test_dispute_bodies_found(text: str, key: str) -> None:
    assert [m.body.key for m in disputes.find(text)] == [key]


@pytest.mark.parametrize(
    "text",
    [
        "De commissie besprak het voorstel.",
        "Onze klachtenregeling staat hieronder.",
        "Neem contact op met onze klantenservice.",
        "De koers van het aandeel steeg.",
    ],
)
def test_no_dispute_body(text: str) -> None:
    assert disputes.find(text) == []


def test_odr_platform_is_defunct_and_found_only_on_request() -> None:
    text = "Klachten kunnen ook via het ODR-platform: ec.europa.eu/consumers/odr"
    assert disputes.find(text) == []
    assert {m.body.key for m in disputes.find(text, include_defunct=True)} == {"odr"}


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.degeschillencommissie.nl/", "sgc"),
        ("https://kifid.nl/klacht-indienen", "kifid"),
        ("https://www.consumentenombudsdienst.be/nl", "consumentenombudsdienst"),
        ("https://ec.europa.eu/consumers/odr/main", "odr"),
        ("https://www.example.nl/kifid", None),
    ],
)
def test_dispute_body_by_host(url: str, key: str | None) -> None:
    body = disputes.by_host(url)
    assert (body.key if body else None) == key


def test_generic_names_need_context() -> None:
    [mention] = disputes.find("De ombudsman van de krant schrijft een column.")
    assert mention.needs_context and not disputes.CONTEXT.search(mention.text)


# -- complaint context: who complains to whom about what -------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Heeft u een klacht over onze dienstverlening?",
        "Heb je een klacht? Laat het ons weten.",
        "Klacht indienen",
        "Dien uw klacht in via het klachtenformulier.",
        "Lees onze klachtenregeling.",
        "De klachtenprocedure staat hieronder.",
        "Klachtenbehandeling",
        "Niet tevreden over onze service? Laat het ons weten.",
        "Ontevreden over de behandeling door een medewerker?",
        "Mocht u een klacht hebben over onze medewerkers, dan horen wij dat graag.",
        "Klachten over de bezorging kunt u melden bij onze klantenservice.",
        "Wij nemen elke klacht serieus.",
        "U kunt uw klacht ook voorleggen aan de Geschillencommissie.",
        "If you have a complaint, please contact us.",
        "Our complaints procedure explains how to make a complaint.",
        "Heeft u een klacht over uw arts? Onze klachtenfunctionaris helpt u.",
        "Pour introduire une plainte, utilisez le formulaire.",
    ],
)
def test_complaint_procedure_sentences(sentence: str) -> None:
    assert text_verdict(sentence) is True


@pytest.mark.parametrize(
    "sentence",
    [
        "Bij aanhoudende klachten raadpleeg uw huisarts.",
        "Uw klachten verminderen binnen enkele weken.",
        "Word klachtenvrij wakker.",
        "Wij behandelen klachten aan de rug, nek en schouders.",
        "Veel mensen hebben klachten na een lange werkdag.",
        "Wat te doen bij klachten na vaccinatie?",
        "Dien een klacht in bij de vervoerder.",
        "Klacht over de bezorger? Neem contact op met PostNL.",
        "Een klacht over een artikel? Neem contact op met de verkoper.",
        "U kunt een klacht indienen bij de luchtvaartmaatschappij.",
        "Klachten over parkeren nemen toe.",
        "Het aantal klachten steeg vorig jaar.",
        "Mijn klacht over de kleur was snel opgelost, vijf sterren!",
        "Back pain and headaches are common complaints.",
    ],
)
def test_not_a_complaint_procedure(sentence: str) -> None:
    assert text_verdict(sentence) is False


@pytest.mark.parametrize("sentence", ["Klachten", "Complaints", "Klachten en geschillen", ""])
def test_bare_complaint_headings_say_neither(sentence: str) -> None:
    assert sentence_verdict(sentence) is None


# -- navigation that says "return" -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Return to the home page",
        "Return to top",
        "Back to top",
        "Terug naar home",
        "Ga terug naar de winkelwagen",
        "Retourneer naar vorige pagina",
        "Retour naar overzicht",
        "Returning customer? Log in",
        "We return your call within a day",
        # English "return" in senses other than goods going back: sport, work, money, visits.
        "Return to sport",
        "Return to sport within 6 weeks of the operation",
        "Return to work after a shoulder injury",
        "Return to play: the last phase of your rehabilitation",
        "Your return to sport is planned with your physiotherapist",
        "A safe return home after surgery",
        "Return visit after four weeks",
        "Book a return visit",
        "File your tax return before 1 May",
        "We help with your tax return",
        "Tax returns for freelancers",
        "The tax return form is due in May",
        "Return on investment within two years",
        "Solar panels: returns on investment of 8%",
        "Diminishing returns.",
        "Annual returns: 4.5%",
        "Many happy returns!",
        "The function returns a value",
        "She returns to the clinic next week",
        "Return flight included",
        "Return trip by train",
        "Return",
    ],
)
def test_navigation_is_not_a_returns_policy(text: str) -> None:
    assert not vocab.RETURNS_WORDS.search(text)
    assert not vocab.RETURN_PERIOD_ANCHOR.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Return policy",
        "Returns are free within 30 days",
        "You can return the item within 14 days",
        "Ruilen en retourneren",
        "Retourneren naar ons magazijn",
        "30 dagen retour",
        "Je mag je bestelling terugsturen",
        # English returns in the commerce sense, as shops write them.
        "Returns",
        "Returns:",
        "/returns/",
        "/shipping-returns",
        "returns-policy",
        "Shipping & Returns",
        "Delivery and returns",
        "Returns & refunds",
        "Exchanges and returns",
        "Free returns",
        "Free return shipping on all orders",
        "30-day returns",
        "Easy returns within 30 days",
        "How do I return an item?",
        "Return your order within 14 days",
        "You may return unwanted items unused",
        "You can return part of your order",
        "Items can be returned within 30 days",
        "Sale items cannot be returned",
        "Returned goods are inspected within 5 days",
        "You may return it within 14 days",
        "Return it to us in its original packaging",
        "We accept returns within 30 days",
        "Once we receive your return we refund you",
        "Start a return",
        "Request a return in your account",
        "Please fill in the returns form",
        "Print the return label",
        "Send it to our returns address",
        "Right of return",
        "Personalised products are non-returnable",
        "For returns, contact us",
        "Returns are processed within 5 working days",
        "You can return within 14 days of delivery",
    ],
)
def test_returns_policy_still_found(text: str) -> None:
    assert vocab.RETURNS_WORDS.search(text)
    # a period beside it is a returns period (a bare "retour" only right next to it)
    assert vocab.RETURN_PERIOD_ANCHOR.search(text) or vocab.RETURN_PERIOD_SHORT.search(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Ik heb een klacht. Wat kan ik doen?",
        "Ik wil een klacht indienen over mijn bestelling.",
        "Waar kan ik terecht met een klacht?",
        "Hoe dien ik een klacht in?",
        "I have a complaint about my order.",
        "Klachten worden behandeld volgens de regels van de Geschillencommissie, dat horen wij graag.",
        "Na onderzoek van uw klacht ontvangt u binnen twee weken ons antwoord.",
        "Bespreek uw klacht eerst met uw verkoper; komt u er niet uit, dan helpt onze directie.",
    ],
)
def test_procedure_phrasings_from_the_customers_side(sentence: str) -> None:
    assert text_verdict(sentence) is True


def test_a_belgian_site_still_finds_dutch_numbers_written_the_dutch_way() -> None:
    found = ph.find_in_text("Bel 088 123 4567 of 02 511 22 33", "BE")
    assert [(ph.e164(n), ph.classify(n, "BE")) for _r, n, _p in found] == [
        ("+31881234567", "international"),
        ("+3225112233", "geographic"),
    ]


def test_a_complaint_that_ends_in_a_return_is_still_a_procedure() -> None:
    text = "Klachten over een product kunt u melden; wij zorgen voor reparatie of retour."
    assert text_verdict(text) is True
    assert text_verdict("Niet tevreden? Stuur het artikel binnen 30 dagen terug.") is False


# -- where or when a visit is (GR106) -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kerkstraat 12, 9000 Gent",
        "Stationsweg 4",
        "1234 AB Utrecht",
        "B-2000 Antwerpen",
        "aan de Markt in Gent",
        "op de Grote Markt",
        "12 High Street",
        "maandag t/m vrijdag",
        "op zaterdag open",
        "elke werkdag",
        "van 9.00 tot 17.00 uur",
        "van 9u tot 17u30",
        "tussen 10 uur en 12 uur",
        "open Monday to Saturday",
        "open daily",
        "open van 10 tot 18",
        "aan het Zuidplein",
        "de showroom is open voor iedereen",
        "the shop is open to the public",
    ],
)
def test_visit_where_or_when(text: str) -> None:
    assert vocab.VISIT_WHERE_WHEN.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "in Beernem",
        "in onze showroom in Gent",
        "voor een proefopstelling",
        "Neem contact op voor openingstijden",
        "tijdens de openingsuren",
        "we reageren binnen 24 uur",
        "sinds 2012 in de regio",
        "500+ events",
        "om het servies te bekijken",
    ],
)
def test_not_where_or_when_of_a_visit(text: str) -> None:
    assert not vocab.VISIT_WHERE_WHEN.search(text)


@pytest.mark.parametrize(
    ("text", "invites"),
    [
        ("Kom gerust langs!", True),
        ("Kom vrijblijvend langs in de winkel", True),
        ("U kunt op afspraak langskomen", True),
        ("Loop gerust binnen", True),
        ("Spring eens binnen", True),
        ("Bezoek onze showroom", True),
        ("Visit us at our shop", True),
        ("Drop by any time", True),
        ("Come and see us", True),
        ("Bezoek ons op Facebook", False),
        ("Visit us on Instagram", False),
        ("Bezoek ons via onze website", False),
        ("Ons clubhuis lag naast een showroom van auto's", False),
        ("Binnen 2 dagen in huis", False),
    ],
)
def test_visit_invitations(text: str, invites: bool) -> None:
    assert bool(vocab.VISIT_WORDS.search(text)) is invites
