"""The one channel table: keys and aliases, real-time or written, norms, and names per language."""

from __future__ import annotations

import pytest

from goudenregels.audit import build_audit
from goudenregels.i18n import language
from goudenregels.plugins import Plugins
from goudenregels.words import channels as chan
from goudenregels.words import norms
from goudenregels.words.channels import CHANNELS, NORMS, channel, name_in_text
from tests.helpers import snapshot_from_pages


def test_every_key_and_alias_is_lower_case_and_names_one_channel() -> None:
    words = [w for c in CHANNELS for w in (c.key, *c.aliases)]
    assert len(words) == len(set(words))
    assert all(w == w.strip().lower() and w for w in words)
    for c in CHANNELS:
        assert channel(c.key) is c and all(channel(a) is c for a in c.aliases)


def test_lookup_by_key_or_alias_in_any_case() -> None:
    assert channel("bezoek") is channel("persoonlijk") is channel(" In-Person ") is chan.IN_PERSON
    assert channel("form") is channel("Webformulier") is chan.FORM
    assert channel("email") is channel("E-mail") is chan.EMAIL
    assert channel("facebook") is channel("x") is chan.SOCIAL
    assert channel("fax") is None and channel("") is None


def test_real_time_and_written_channels() -> None:
    assert {c.key for c in CHANNELS if c.realtime} == {"telefoon", "chat", "persoonlijk", "video"}
    written = {c.key for c in CHANNELS if not c.realtime and c.named}
    assert written == {"e-mail", "formulier", "whatsapp", "messenger", "social", "brief"}


def test_norms_follow_the_domain_brief() -> None:
    assert chan.PHONE.norm is norms.PICKED_UP and chan.PHONE.norm.max_seconds == 30
    assert chan.CHAT.norm is chan.IN_PERSON.norm is norms.AT_ONCE
    for c in (chan.SOCIAL, chan.WHATSAPP, chan.FORM, chan.MESSENGER):
        assert c.norm is norms.SAME_WORKING_DAY
    assert chan.EMAIL.norm is norms.NEXT_WORKING_DAY and chan.EMAIL.norm.max_workdays == 1
    assert chan.VIDEO.norm is None and chan.LETTER.norm is None
    # The norm per key, as findings' data and the measurement log name channels.
    assert set(NORMS) == {
        "telefoon",
        "chat",
        "persoonlijk",
        "social",
        "whatsapp",
        "messenger",
        "formulier",
        "e-mail",
        "algemeen",
    }
    assert [c.key for c in chan.MEASURABLE] == [k for k in NORMS if k != "algemeen"]


@pytest.mark.parametrize(
    ("lang", "label", "in_text"),
    [("nl", "Webformulier", "webformulier"), ("en", "Web form", "web form")],
)
def test_names_follow_the_language_of_the_audit(lang: str, label: str, in_text: str) -> None:
    with language(lang):
        assert chan.FORM.label() == label and chan.FORM.in_text() == in_text
        assert name_in_text("formulier") == name_in_text("form") == in_text
        assert name_in_text("fax") == "fax"  # no channel: the word as it is
        for c in CHANNELS:
            assert c.label() and c.in_text()
    with language("nl"):
        assert chan.IN_PERSON.label() == "Persoonlijk bezoek"
        assert chan.UNNAMED.in_text() == "een niet genoemd kanaal"


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [
        ("en", "The site promises ‘3 werkdagen’ for web form", "for formulier"),
        ("nl", "De site belooft ‘3 werkdagen’ voor webformulier", "voor formulier"),
    ],
)
def test_a_promise_names_its_channel_in_the_language_of_the_audit(
    lang: str, said: str, not_said: str
) -> None:
    snapshot = snapshot_from_pages(
        {
            "/": '<a href="/contact">Contact</a>',
            "/contact": '<form><label>Uw vraag <textarea name="vraag"></textarea></label></form>'
            "<p>Wij reageren binnen 3 werkdagen op uw bericht.</p>",
        }
    )
    plugins = Plugins(entry_points=False)
    gr108 = [c for c in plugins.checks() if c.code == "GR108"]
    audit = build_audit(snapshot, gr108, plugins.profiles(), profile="algemeen", lang=lang)
    finding = audit.findings[0]
    assert finding.status == "fail"
    assert said in finding.message and not_said not in finding.message
    # The data keeps the channel's key in every language.
    assert [p["channel"] for p in finding.data["promises"]] == ["formulier"]
