"""The safe-to-click decision for script navigation: actions are never clicked, topics may be."""

from __future__ import annotations

import pytest

from goudenregels.words.clicks import safe_to_click, unsafe_reason

# Menu items, cards and buttons a visitor clicks to go somewhere: Dutch, Flemish, English.
SAFE = [
    "Contact",
    "Klantenservice",
    "Klachten",
    "Een klacht indienen",
    "Veelgestelde vragen",
    "Service & contact",
    "Neem contact op",
    "Over ons",
    "Inloggen",
    "Mijn account",
    "Mijn omgeving",
    "Mijn bestellingen",
    "Bestelling volgen",
    "Meer over bestellen",
    "Alles over betalen",
    "Informatie over kopen op afstand",
    "Bestellen en betalen",
    "Bestellen & betalen",
    "Betalen & verzenden",
    "Verzenden en retourneren",
    "Levering en betaling",
    "Betaalmethoden",
    "Betaalmogelijkheden",
    "Hoe kan ik betalen?",
    "Hoe bestel ik?",
    "Kopen of huren?",
    "Vragen over uw bestelling",
    "Retourneren",
    "Openingstijden",
    "Winkelwagen",
    "Abonnement opzeggen",
    "Opzeggen",
    "Customer service",
    "Help & support",
    "Orders & returns",
    "Order status",
    "Track your order",
    "How to order",
    "More about payment",
    "Payment options",
    "Contactez-nous",
    "Ontdek onze diensten ›",
    "Lees meer »",
    "Verkopen",
    "Updates",
    "Aanbiedingen",
]

# Acts on the site: logging out, buying, paying, deleting, sending, signing up.
UNSAFE = [
    ("Uitloggen", "logout"),
    ("Log uit", "logout"),
    ("Afmelden", "logout"),
    ("Meld u af", "logout"),
    ("Log out", "logout"),
    ("Sign out", "logout"),
    ("Uitschrijven voor de nieuwsbrief", "logout"),
    ("Unsubscribe", "logout"),
    ("Bestellen", "purchase"),
    ("Bestel nu", "purchase"),
    ("Nu bestellen ›", "purchase"),
    ("Direct kopen", "purchase"),
    ("Koop nu", "purchase"),
    ("Afrekenen", "purchase"),
    ("Reken af", "purchase"),
    ("Betalen", "purchase"),
    ("Betaal met iDEAL", "purchase"),
    ("In winkelwagen", "purchase"),
    ("In mijn winkelmandje", "purchase"),
    ("Toevoegen aan winkelmandje", "purchase"),
    ("Voeg toe aan winkelwagen", "purchase"),
    ("Naar de kassa", "purchase"),
    ("Doorgaan naar betalen", "purchase"),
    ("Bestelling plaatsen", "purchase"),
    ("Plaats bestelling", "purchase"),
    ("Add to cart", "purchase"),
    ("Add to bag", "purchase"),
    ("Buy now", "purchase"),
    ("Order now", "purchase"),
    ("Place your order", "purchase"),
    ("Proceed to checkout", "purchase"),
    ("Checkout", "purchase"),
    ("Pay now", "purchase"),
    ("Doneer nu", "purchase"),
    ("Verwijderen", "delete"),
    ("Verwijder account", "delete"),
    ("Account verwijderen", "delete"),
    ("Winkelwagen leegmaken", "delete"),
    ("Delete", "delete"),
    ("Remove item", "delete"),
    ("Annuleren", "delete"),
    ("Bestelling annuleren", "delete"),
    ("Nu opzeggen", "delete"),
    ("Bevestig opzegging", "delete"),
    ("Aanmelden", "sign-up"),
    ("Meld je aan voor onze nieuwsbrief", "sign-up"),
    ("Schrijf u in", "sign-up"),
    ("Inschrijven", "sign-up"),
    ("Abonneren", "sign-up"),
    ("Nieuwsbrief", "sign-up"),
    ("Subscribe", "sign-up"),
    ("Sign up", "sign-up"),
    ("Registreren", "sign-up"),
    ("Versturen", "submit"),
    ("Verzenden", "submit"),
    ("Opslaan", "submit"),
    ("Opslaan en sluiten", "submit"),
    ("Bevestigen", "submit"),
    ("Akkoord", "submit"),
    ("Alles accepteren", "submit"),
    ("Accepteren en doorgaan", "submit"),
    ("Submit", "submit"),
    ("Save changes", "submit"),
    # A choice of language or country: kept by the browser for every later page.
    ("Belgien (Deutsch)", "setting"),
    ("Belgium (English)", "setting"),
    ("België (Nederlands)", "setting"),
    ("Nederland - Nederlands", "setting"),
    ("Français", "setting"),
    ("English", "setting"),
    ("EN", "setting"),
    ("nl-BE", "setting"),
    ("Taal kiezen", "setting"),
    ("Language", "setting"),
]

# Near-misses: a topic that names a language or country is a page, and may be clicked.
LANGUAGE_TOPICS = [
    "Engels leren",
    "Franse kaas",
    "Deutschland",
    "Duitse herders",
    "Taalcursus",
    "Levering in België",
    "Onze vestiging in Frankrijk",
]


@pytest.mark.parametrize("label", LANGUAGE_TOPICS)
def test_topics_that_name_a_language_may_be_clicked(label: str) -> None:
    assert unsafe_reason(label) == "", label


@pytest.mark.parametrize("label", SAFE)
def test_menu_items_and_topics_may_be_clicked(label: str) -> None:
    assert unsafe_reason(label) == "", label
    assert safe_to_click(label)


@pytest.mark.parametrize(("label", "reason"), UNSAFE)
def test_actions_are_never_clicked(label: str, reason: str) -> None:
    assert unsafe_reason(label) == reason, label
    assert not safe_to_click(label)


@pytest.mark.parametrize(
    ("ident", "reason"),
    [
        ("btn-logout", "logout"),
        ("userSignOut", "logout"),
        ("js-log-out", "logout"),
        ("addToCart", "purchase"),
        ("add_to_basket_42", "purchase"),
        ("buy-now-button", "purchase"),
        ("checkout", "purchase"),
        ("deleteAccount", "delete"),
        ("newsletter-signup", "sign-up"),
        ("nieuwsbrief_aanmelden", "logout"),  # afmelden/aanmelden: the id's words decide
    ],
)
def test_an_id_that_names_the_act_stops_a_harmless_label(ident: str, reason: str) -> None:
    # An icon button labelled only by its id ("→") or a vague word ("Doorgaan").
    got = unsafe_reason("Doorgaan", ident)
    if ident == "nieuwsbrief_aanmelden":
        assert got == "sign-up"
    else:
        assert got == reason, ident


@pytest.mark.parametrize(
    ("label", "ident"),
    [
        ("Contact", "nav-contact"),
        ("Betaalmethoden", "menu-paypal-info"),
        ("Meer over bestellen", "info-bestellen"),
        ("Klantenservice", "cartoon-header"),  # "cart" inside a word is no cart
        ("Onze winkels", "store-locator"),
    ],
)
def test_ids_with_harmless_words_do_not_stop_a_click(label: str, ident: str) -> None:
    assert safe_to_click(label, ident), (label, ident)


def test_labels_are_read_without_arrows_and_extra_space() -> None:
    assert unsafe_reason("  »  Afrekenen  › ") == "purchase"
    assert unsafe_reason("\nKlantenservice\n   ›") == ""
