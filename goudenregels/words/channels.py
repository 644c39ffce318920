"""The customer-service channels, in one table: key, aliases, real-time or written, norm, name.

Every module that names a channel looks it up here. The key is the word stored in findings' data,
the measurement log and history; the aliases are the other words and spellings by which sites,
auditors and probes name the same channel ("bezoek" and "in person" are "persoonlijk"). Display
names are English msgids marked with ``N_()`` and translated where they are shown, in the
audit's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from goudenregels.i18n import N_, _
from goudenregels.words import norms
from goudenregels.words.norms import Norm


@dataclass(frozen=True)
class Channel:
    key: str
    aliases: tuple[str, ...]
    realtime: bool  # answered during the contact (phone, chat, in person); else written
    norm: Norm | None  # the expected reaction; None where the norm table names none
    name: str  # N_() msgid: the name as a label ("Web form")
    noun: str  # N_() msgid: the name inside a sentence ("web form")
    named: bool = True  # False only for the stand-in of a promise that names no channel

    def label(self) -> str:
        """The channel's label in the language of the audit being scored."""
        return _(self.name)

    def in_text(self) -> str:
        """The channel's name in running text, in the language of the audit being scored."""
        return _(self.noun)

    @property
    def measurable(self) -> bool:
        """A channel an auditor or a probe can time against its norm."""
        return self.named and self.norm is not None


# In the order reports list them: real-time channels first, then written ones.
PHONE = Channel(
    "telefoon",
    ("phone", "telephone", "bellen"),
    realtime=True,
    norm=norms.PICKED_UP,
    name=N_("Phone"),
    noun=N_("phone"),
)
CHAT = Channel(
    "chat",
    ("live chat", "livechat", "webchat"),
    realtime=True,
    norm=norms.AT_ONCE,
    name=N_("Chat"),
    noun=N_("chat"),
)
IN_PERSON = Channel(
    "persoonlijk",
    ("bezoek", "in person", "in-person", "visit"),
    realtime=True,
    norm=norms.AT_ONCE,
    name=N_("Visit in person"),
    noun=N_("in person"),
)
VIDEO = Channel(
    "video",
    ("videobellen", "beeldbellen", "video calling", "video call"),
    realtime=True,
    norm=None,
    name=N_("Video calling"),
    noun=N_("video calling"),
)
EMAIL = Channel(
    "e-mail",
    ("email", "mail"),
    realtime=False,
    norm=norms.NEXT_WORKING_DAY,
    name=N_("E-mail"),
    noun=N_("e-mail"),
)
FORM = Channel(
    "formulier",
    ("form", "webformulier", "web form", "contactformulier", "contact form"),
    realtime=False,
    norm=norms.SAME_WORKING_DAY,
    name=N_("Web form"),
    noun=N_("web form"),
)
WHATSAPP = Channel(
    "whatsapp",
    (),
    realtime=False,
    norm=norms.SAME_WORKING_DAY,
    name=N_("WhatsApp"),
    noun=N_("WhatsApp"),
)
MESSENGER = Channel(
    "messenger",
    ("facebook messenger",),
    realtime=False,
    norm=norms.SAME_WORKING_DAY,
    name=N_("Messenger"),
    noun=N_("Messenger"),
)
SOCIAL = Channel(
    "social",
    ("social media", "sociale media", "facebook", "twitter", "x", "instagram"),
    realtime=False,
    norm=norms.SAME_WORKING_DAY,
    name=N_("Social media"),
    noun=N_("social media"),
)
LETTER = Channel(
    "brief",
    ("letter", "post"),
    realtime=False,
    norm=None,
    name=N_("Letter"),
    noun=N_("letter"),
)
# Not a channel a customer picks: what a promise is held to when it names no channel.
UNNAMED = Channel(
    "algemeen",
    (),
    realtime=False,
    norm=norms.MOST_LENIENT,
    name=N_("No channel named"),
    noun=N_("an unnamed channel"),
    named=False,
)

CHANNELS = (
    PHONE,
    CHAT,
    IN_PERSON,
    VIDEO,
    EMAIL,
    FORM,
    WHATSAPP,
    MESSENGER,
    SOCIAL,
    LETTER,
    UNNAMED,
)
# The norm per channel key (telefoon, chat, persoonlijk, ..., algemeen).
NORMS = {c.key: c.norm for c in CHANNELS if c.norm is not None}

# The channels a reaction can be timed on (the measurement log, the probes), in table order.
MEASURABLE = tuple(c for c in CHANNELS if c.measurable)
# Keys and aliases are lower case and name one channel each (tests/test_channels.py).
_BY_NAME = {word: c for c in CHANNELS for word in (c.key, *c.aliases)}


def channel(name: str) -> Channel | None:
    """The channel a key or an alias names (any case, surrounding spaces ignored), or None."""
    return _BY_NAME.get(name.strip().lower())


def name_in_text(name: str) -> str:
    """The running-text name, in the audit's language, of the channel a key or alias names.

    A word that names no channel is returned as it is.
    """
    found = channel(name)
    return found.in_text() if found else name
