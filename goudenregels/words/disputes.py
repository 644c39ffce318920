"""Registry of dispute bodies, ombudsmen and disciplinary boards a customer can turn to (GR504).

When a complaint is not solved, a customer can go to an independent body: De Geschillencommissie
and its sector committees, Kifid for finance, the SKGZ for health insurance, a Wkkgz dispute body
or a disciplinary board in care, the complaints committee of a professional register, the
Nationale ombudsman or a municipal ombudsman for public bodies, and in Belgium the
Consumentenombudsdienst and the sector ombudsmen. Each body is data: its name, country, sector,
aliases as patterns and its web host. ``find(text)`` is the one function checks call.

A generic word ("ombudsman", "tuchtcollege", "klachtencommissie") names a body only where the
text around it is about a complaint or dispute (``Body.generic``); the caller decides with
``needs_context``. The EU ODR platform is listed as defunct (offline since 20 July 2025): it is
found only when asked for, since a link to it sends a customer nowhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from goudenregels.words import prefilter

# Wording that makes a generic body name part of a complaint route, within its sentence.
CONTEXT = prefilter.compile(
    r"klacht|geschil|dispute|complaint|wenden|voorleggen|voor te leggen|terecht|indienen|"
    r"aangesloten|niet tevreden|ontevreden|bemiddel|onafhankelijk|independent|uitspraak|"
    r"bindend|plainte|litige|médiation|mediation|beroep|bezwaar",
    re.IGNORECASE,
)
# A capitalised word (the sector or place in a body's name) and an abbreviation (NVVP, KNGF):
# case-sensitive inside patterns that are otherwise matched ignoring case.
_CAP = r"(?-i:[A-ZÀ-Ý])[\wÀ-ÿ&'’-]*"
_ABBR = r"(?-i:[A-Z]{3,6})\b"


@dataclass(frozen=True)
class Body:
    key: str
    name: str
    country: str  # NL, BE or EU
    sector: str
    kind: str  # geschillencommissie, klachteninstituut, ombudsman, tuchtcollege, keurmerk, platform
    patterns: tuple[str, ...]
    hosts: tuple[str, ...] = ()
    generic: bool = False  # a generic word: counts only where the text is about complaints
    public: bool = False  # a body for complaints about government (Awb 9:18, Vlaams decreet)
    defunct: bool = False


@dataclass(frozen=True)
class Mention:
    body: Body
    start: int
    end: int
    text: str  # as the site writes it

    @property
    def needs_context(self) -> bool:
        return self.body.generic


BODIES: tuple[Body, ...] = (
    # -- the Netherlands -------------------------------------------------------------------
    Body(
        "sgc-thuiswinkel",
        "De Geschillencommissie Thuiswinkel",
        "NL",
        "webshops",
        "geschillencommissie",
        (
            r"(?:de\s+)?geschillencommissie\s+thuiswinkel\w*",
            r"thuiswinkel\.org",
            r"thuiswinkel\s+waarborg",
        ),
        ("thuiswinkel.org",),
    ),
    Body(
        "sgc",
        "De Geschillencommissie",
        "NL",
        "consumentenzaken",
        "geschillencommissie",
        (
            r"stichting\s+geschillencommissies?\s+voor\s+consumentenzaken",
            r"\bSGC\b(?=.{0,60}geschil)",
            rf"(?:de\s+)?geschillencommissie(?:s)?(?:\s+(?!voor\b|van\b|en\b|of\b){_CAP}){{0,3}}",
            r"degeschillencommissie\.nl",
            r"geschillencommissie\s+voor\s+\w+",
        ),
        ("degeschillencommissie.nl", "sgc.nl"),
    ),
    Body(
        "kifid",
        "Kifid (Klachteninstituut Financiële Dienstverlening)",
        "NL",
        "financiële dienstverlening",
        "klachteninstituut",
        (r"\bkifid\b", r"klachteninstituut\s+financi[eë]le\s+dienstverlening"),
        ("kifid.nl",),
    ),
    Body(
        "skgz",
        "SKGZ (Stichting Klachten en Geschillen Zorgverzekeringen)",
        "NL",
        "zorgverzekeringen",
        "geschillencommissie",
        (r"\bSKGZ\b", r"stichting\s+klachten\s+en\s+geschillen\s+zorgverzekeringen"),
        ("skgz.nl",),
    ),
    Body(
        "zorg-geschil",
        "Geschilleninstantie zorg (Wkkgz)",
        "NL",
        "zorg",
        "geschillencommissie",
        (
            r"\bSKGE\b",
            r"stichting\s+klachten\s+en\s+geschillen\s+eerstelijnszorg",
            r"klachtenportaal\s+zorg",
            r"klachtenloket\s+paramedici",
            r"\bquasir\b",
            rf"(?:erkende\s+)?geschilleninstantie(?:\s+(?!voor\b|van\b){_CAP}){{0,2}}",
            r"zorggeschil\w*",
        ),
        ("skge.nl", "klachtenportaalzorg.nl", "klachtenloketparamedici.nl", "quasir.nl"),
    ),
    Body(
        "tuchtcollege",
        "Tuchtcollege voor de Gezondheidszorg",
        "NL",
        "zorg",
        "tuchtcollege",
        (r"(?:regionaal\s+|centraal\s+)?tuchtcollege\s+voor\s+de\s+gezondheidszorg",),
        ("tuchtcollege-gezondheidszorg.nl",),
    ),
    Body(
        "register-klachtencommissie",
        "Klachtencommissie of a professional register or association",
        "NL",
        "beroepsregister",
        "tuchtcollege",
        (
            rf"(?:klachten|klacht-|tucht|geschillen|klachten-\s+en\s+(?:tucht|geschillen))"
            rf"(?:commissie|college|raad)\s+"
            rf"(?:van|voor)\s+(?:de\s+|het\s+)?(?:{_CAP}\s+){{0,4}}?"
            rf"(?:{_ABBR}|[Rr]egister\w*|[Bb]eroepsvereniging\w*|[Gg]enootschap\w*|"
            r"[Vv]ereniging\w*|[Ff]ederatie\w*|[Kk]amer\w*|[Oo]rde\b)",
            # A sector's own scheme, named by its abbreviation ("klachten- en geschillenregeling
            # van de NIBIG"); "de klachtenregeling van de vereniging" may be the site's own.
            rf"(?:klachten|geschillen|klachten-\s+en\s+geschillen)regeling\s+(?:van|voor)\s+"
            rf"(?:de\s+|het\s+)?{_ABBR}",
            r"\bKNGF\b",
            r"koninklijk\s+nederlands\s+genootschap\s+voor\s+fysiotherapie",
            r"\bNVVP\b",
            r"keurmerk\s+fysiotherapie",
            r"\bRBCZ\b",
            r"\bSKJ\b",
            r"\bNIP\b(?=.{0,60}(klacht|tucht))",
            r"raad\s+van\s+(?:tucht|discipline)",
            r"accountantskamer",
            r"landelijke\s+klachtencommissie(?:\s+onderwijs)?",
            r"(?:stichting\s+)?klachtencommissie\s+(?:voor\s+de\s+)?kinderopvang",
        ),
        (
            "kngf.nl",
            "nvvp.net",
            "keurmerkfysiotherapie.nl",
            "rbcz.nu",
            "skjeugd.nl",
            "onderwijsgeschillen.nl",
        ),
    ),
    Body(
        "tuchtrecht",
        "Tuchtcollege or tuchtraad",
        "NL",
        "beroepen",
        "tuchtcollege",
        (r"\btucht(?:college|raad|commissie)\w*",),
        generic=True,
    ),
    Body(
        "klachtencommissie",
        "Onafhankelijke klachtencommissie",
        "NL",
        "algemeen",
        "klachteninstituut",
        (
            r"(?:onafhankelijke|externe)\s+(?:klachten|geschillen)"
            r"(?:commissie|regeling|instantie|instituut)",
            # "de klacht extern in te dienen bij een daartoe bestemde instantie": an outside
            # route, even where the body is named only by example.
            r"klacht\w*\s+extern\s+(?:in\s+te\s+dienen|indienen|voor\s+te\s+leggen|voorleggen)"
            r"(?:\s+bij\s+(?:[\wÀ-ÿ]+\s+){0,3}?(?:instantie|commissie|instituut))?",
            r"(?:onafhankelijke|externe|daartoe\s+bestemde)\s+(?:klachten|geschillen)?instantie",
        ),
    ),
    Body(
        "nationale-ombudsman",
        "Nationale ombudsman",
        "NL",
        "overheid",
        "ombudsman",
        (r"nationale\s+ombudsman", r"kinderombudsman", r"veteranenombudsman"),
        ("nationaleombudsman.nl", "kinderombudsman.nl"),
        public=True,
    ),
    Body(
        "gemeentelijke-ombudsman",
        "Municipal or regional ombudsman",
        "NL",
        "overheid",
        "ombudsman",
        (
            r"(?:gemeentelijke|regionale|lokale|provinciale)\s+ombuds(?:man|vrouw|commissie|"
            r"functionaris)\w*",
            rf"ombuds(?:man|vrouw|commissie)\s+(?:van\s+(?:de\s+gemeente\s+)?)?"
            rf"(?!van\b|voor\b){_CAP}(?:[- ](?!van\b){_CAP})?",
            r"ombudsman\s+metropool\s+amsterdam",
        ),
        ("ombudsmanrotterdam.nl", "ombudsmanmetropool.nl", "ombudsmanrijnmond.nl"),
        public=True,
    ),
    Body(
        "huurcommissie",
        "Huurcommissie",
        "NL",
        "huur",
        "geschillencommissie",
        (r"\bhuurcommissie\b",),
        ("huurcommissie.nl",),
        public=True,
    ),
    Body(
        "webwinkelkeur",
        "Stichting WebwinkelKeur",
        "NL",
        "webshops",
        "keurmerk",
        (r"webwinkel\s?keur",),
        ("webwinkelkeur.nl",),
    ),
    Body(
        "arbitrage-instituut",
        "Arbitration institute",
        "NL",
        "algemeen",
        "geschillencommissie",
        (
            r"nederlands\s+arbitrage\s+instituut",
            r"raad\s+van\s+arbitrage(?:\s+voor\s+de\s+bouw)?",
            r"stichting\s+geschillenoplossing\s+automatisering|\bSGOA\b",
        ),
        ("nai-nl.org", "raadvanarbitrage.nl", "sgoa.eu"),
    ),
    Body(
        "ombudsman",
        "Ombudsman",
        "NL",
        "algemeen",
        "ombudsman",
        (r"\bombuds(?:man|vrouw|commissie|functionaris|dienst)\w*",),
        generic=True,
    ),
    Body(
        "arbitrage",
        "Arbitration",
        "NL",
        "algemeen",
        "geschillencommissie",
        (r"\barbitrage\w*", r"\barbitration\b"),
        generic=True,
    ),
    # -- Belgium ---------------------------------------------------------------------------
    Body(
        "consumentenombudsdienst",
        "Consumentenombudsdienst",
        "BE",
        "consumentenzaken",
        "ombudsman",
        (
            r"consumentenombudsdienst",
            r"ombudsdienst\s+voor\s+(?:de\s+)?consument\w*",
            r"service\s+de\s+m[ée]diation\s+pour\s+le\s+consommateur",
            r"consumer\s+mediation\s+service",
        ),
        ("consumentenombudsdienst.be", "mediationconsommateur.be", "consumerombudsman.be"),
    ),
    Body(
        "ombudsman-energie",
        "Ombudsman voor de Energie",
        "BE",
        "energie",
        "ombudsman",
        (
            r"ombuds(?:man|dienst)\s+voor\s+(?:de\s+)?energie",
            r"service\s+de\s+m[ée]diation\s+de\s+l['’][ée]nergie",
        ),
        ("ombudsmanenergie.be", "mediateurenergie.be"),
    ),
    Body(
        "ombudsfin",
        "Ombudsfin",
        "BE",
        "financiële dienstverlening",
        "ombudsman",
        (r"\bombudsfin\b", r"ombudsman\s+in\s+financi[eë]le\s+geschillen"),
        ("ombudsfin.be",),
    ),
    Body(
        "ombudsman-verzekeringen",
        "Ombudsman van de Verzekeringen",
        "BE",
        "verzekeringen",
        "ombudsman",
        (
            r"ombuds(?:man|dienst)\s+(?:van\s+de|voor\s+de|der)\s+verzekeringen",
            r"ombudsman\s+des\s+assurances",
        ),
        ("ombudsman-insurance.be", "ombudsman.as"),
    ),
    Body(
        "ombudsman-telecom",
        "Ombudsman voor telecommunicatie",
        "BE",
        "telecom",
        "ombudsman",
        (
            r"ombuds(?:man|dienst)\s+voor\s+(?:de\s+)?telecom\w*",
            r"service\s+de\s+m[ée]diation\s+pour\s+les\s+t[ée]l[ée]communications",
        ),
        ("ombudsmantelecom.be",),
    ),
    Body(
        "ombudsman-post",
        "Ombudsdienst voor de postsector",
        "BE",
        "post",
        "ombudsman",
        (r"ombuds(?:man|dienst)\s+voor\s+de\s+post\w*",),
        ("ombudsmanpost.be",),
    ),
    Body(
        "ombudsman-trein",
        "Ombudsman voor de treinreizigers",
        "BE",
        "openbaar vervoer",
        "ombudsman",
        (r"ombuds(?:man|dienst)\s+voor\s+(?:de\s+)?treinreizigers",),
        ("ombudsman-rail.be",),
    ),
    Body(
        "ombudsman-notariaat",
        "Ombudsman van het notariaat",
        "BE",
        "notariaat",
        "ombudsman",
        (r"ombuds(?:man|dienst)\s+(?:van|voor)\s+(?:het\s+)?notari\w*", r"\bombudsnot\b"),
        ("ombudsnot.be",),
    ),
    Body(
        "vlaamse-ombudsdienst",
        "Vlaamse Ombudsdienst",
        "BE",
        "overheid",
        "ombudsman",
        (r"vlaamse\s+ombuds(?:dienst|man)",),
        ("vlaamseombudsdienst.be",),
        public=True,
    ),
    Body(
        "federale-ombudsman",
        "Federale Ombudsman",
        "BE",
        "overheid",
        "ombudsman",
        (r"federale\s+ombudsm(?:an|en)", r"m[ée]diateur\s+f[ée]d[ée]ral"),
        ("federaalombudsman.be", "mediateurfederal.be"),
        public=True,
    ),
    Body(
        "becommerce",
        "BeCommerce",
        "BE",
        "webshops",
        "keurmerk",
        (r"\bbecommerce\b",),
        ("becommerce.be",),
    ),
    Body(
        "safeshops",
        "Safeshops.be",
        "BE",
        "webshops",
        "keurmerk",
        (r"\bsafeshops(?:\.be)?\b",),
        ("safeshops.be",),
    ),
    Body(
        "gcr",
        "Geschillencommissie Reizen (België)",
        "BE",
        "reizen",
        "geschillencommissie",
        (r"commission\s+de\s+litiges\s+voyages", r"\bclgv\b"),
        ("gcr.be", "clgv.be"),
    ),
    # -- Europe ----------------------------------------------------------------------------
    Body(
        "odr",
        "EU ODR platform",
        "EU",
        "algemeen",
        "platform",
        (
            r"ec\.europa\.eu/(?:consumers/)?odr",
            r"\bODR[- ]platform",
            r"online\s+dispute\s+resolution(?:\s+platform)?",
            r"platform\s+voor\s+online\s?geschillenbeslechting",
            r"online\s?geschillenbeslechting",
        ),
        ("ec.europa.eu/consumers/odr", "webgate.ec.europa.eu/odr"),
        defunct=True,
    ),
)


@cache
def _compiled() -> tuple[tuple[Body, re.Pattern[str]], ...]:
    return tuple(
        (body, re.compile("|".join(f"(?:{p})" for p in body.patterns), re.IGNORECASE))
        for body in BODIES
    )


def _rank(mention: Mention) -> tuple[int, int, int]:
    """Earlier first; at the same place the specific body and the longer name win."""
    return (mention.start, mention.body.generic, -(mention.end - mention.start))


def find(text: str, include_defunct: bool = False) -> list[Mention]:
    """Every dispute body named in a text, in order; of overlapping names the specific one.

    "Geschillencommissie Reizen" is read as De Geschillencommissie's travel committee; the
    Belgian one is found by its own names (Commission de Litiges Voyages, its web host).
    """
    if not text:
        return []
    found = []
    folded = prefilter.caseless(text)
    for body, pattern in _compiled():
        if body.defunct and not include_defunct:
            continue
        if not prefilter.may_match(pattern, text, folded):
            continue  # none of the words every match of this body's names contains
        for m in pattern.finditer(text):
            found.append(Mention(body, m.start(), m.end(), m.group(0).strip()))
    found.sort(key=_rank)
    out: list[Mention] = []
    for mention in found:
        if out and mention.start < out[-1].end:
            continue
        out.append(mention)
    return out


def by_host(url: str) -> Body | None:
    """The body whose web site a link points to (degeschillencommissie.nl, kifid.nl …)."""
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:  # "[" and other addresses no link can have
        return None
    where = f"{host}{parts.path}".rstrip("/")
    for body in BODIES:
        for known in body.hosts:
            if host == known or host.endswith("." + known) or where.startswith(known):
                return body
    return None


def names(text: str) -> list[Body]:
    """The bodies named in a text, each once (generic words included; see ``find``)."""
    out: list[Body] = []
    for mention in find(text):
        if mention.body not in out:
            out.append(mention.body)
    return out
