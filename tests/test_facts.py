"""Declared facts: the [facts] table read into parsed values, its one-line errors, the audit that
gates on them, and 'init --from-site' proposing a table that reads back."""

from __future__ import annotations

import json
import tomllib

import pytest

from goudenregels.errors import UsageError
from goudenregels.facts import parse_facts
from goudenregels.propose import hours_text, replace_facts
from goudenregels.words.hours import parse_text
from tests.helpers import run_cli

FULL = {
    "country": "NL",
    "phones": [
        "0800-1234567",
        {"number": "+31 (0)20 123 45 67", "purpose": "zakelijk", "contact_page": False},
    ],
    "emails": ["Service@Example.NL", {"address": "klachten@example.nl", "contact_page": False}],
    "channels": ["telefoon", "E-mail", "WhatsApp", "live chat"],
    "hours": {"telefoon": "ma-vr 08:30-17:30, za 10:00-14:00", "chat": "24/7"},
    "promises": {"email": "binnen 1 werkdag", "whatsapp": "binnen twee uur"},
    "complaint_term": "14 dagen",
    "dispute_body": "Geschillencommissie Thuiswinkel",
    "kvk": 12345678,
}


def test_a_full_table_is_read_into_values() -> None:
    facts = parse_facts(FULL, "goudenregels.toml")
    assert [p.e164 for p in facts.phones] == ["+318001234567", "+31201234567"]
    assert facts.phones[1].purpose == "zakelijk" and not facts.phones[1].contact_page
    assert facts.email("SERVICE@example.nl") is not None  # addresses ignore case
    assert [c.key for c in facts.channels] == ["telefoon", "e-mail", "whatsapp", "chat"]
    assert facts.hours["telefoon"].days["sat"] == [(600, 840)]
    assert facts.hours["chat"].round_the_clock
    assert facts.promises["e-mail"].unit == "workdays" and facts.promises["whatsapp"].value == 2
    assert facts.complaint_term.value == 14 and facts.dispute_body.key == "sgc-thuiswinkel"
    assert facts.company_ids[0].number == "12345678"


def test_a_belgian_table_reads_numbers_as_belgian() -> None:
    facts = parse_facts(
        {"country": "be", "phones": ["02 345 67 89"], "enterprise_number": "BE 0123.456.749"},
        "f",
    )
    assert facts.phones[0].e164 == "+3223456789"
    assert facts.company_ids[0].country == "BE"


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ({"phone": ["020 123 4567"]}, "unknown fact(s) phone"),
        ({"phones": "020 123 4567"}, "facts.phones: must be a list"),
        ({"phones": ["020 12"]}, "'020 12' is not a phone number"),
        ({"phones": [{"nummer": "020 123 4567"}]}, 'a table with number = "…"'),
        ({"phones": [{"number": "020 123 4567", "kind": "x"}]}, "unknown key(s) kind"),
        ({"phones": [{"number": "020 123 4567", "contact_page": "ja"}]}, "true or false"),
        ({"emails": ["service.example.nl"]}, "is not an e-mail address"),
        ({"channels": ["postduif"]}, "'postduif' is not a channel"),
        ({"hours": {"telefoon": "altijd open"}}, "names no days and times"),
        ({"hours": {"fax": "ma-vr 9-17"}}, "'fax' is not a channel"),
        ({"hours": "ma-vr 9-17"}, "facts.hours: must be a table"),
        ({"promises": {"e-mail": "snel"}}, "'snel' is no term"),
        ({"complaint_term": ""}, "must be a non-empty string"),
        ({"dispute_body": "Het Klachtenloket van Ome Jan"}, "no dispute body goudenregels knows"),
        ({"kvk": "1234"}, "'1234' is not a valid KvK number"),
        ({"enterprise_number": "0123.456.789"}, "not a valid ondernemingsnummer number"),
        ({"country": "DE"}, "'DE' is not one of NL, BE"),
    ],
)
def test_a_wrong_fact_is_one_line_naming_the_key(table: dict, says: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_facts(table, "goudenregels.toml")
    assert says in str(err.value) and "\n" not in str(err.value)
    assert str(err.value).startswith("goudenregels.toml: ")


@pytest.mark.parametrize(
    "written",
    [
        "ma-vr 09:00-17:00",
        "maandag t/m vrijdag 8.30 - 17.30 uur, zaterdag 10-14",
        "Mon-Fri 9am-5pm, Sat 10am-2pm",
        "dagelijks 08:00-22:00",
        "ma, wo, vr 09:00-12:00",
        "24/7",
    ],
)
def test_hours_are_written_back_in_a_form_that_reads_the_same(written: str) -> None:
    hours = parse_facts({"hours": {"telefoon": written}}, "f").hours["telefoon"]
    again = parse_text(hours_text(hours)) if not hours.round_the_clock else hours
    assert again.days == hours.days or again.round_the_clock


def test_replacing_facts_keeps_every_other_table() -> None:
    text = 'url = "https://x.nl"\n\n[facts]\nkvk = "1"\n\n[facts.hours]\nchat = "x"\n\n[probe]\na = 1\n'
    out = replace_facts(text, '[facts]\nkvk = "2"\n')
    data = tomllib.loads(out)
    assert data["url"] == "https://x.nl" and data["probe"] == {"a": 1}
    assert data["facts"] == {"kvk": "2"}


# -- through the command line ------------------------------------------------------------------

FACTS_FILE = """\
format = ["json"]
journeys = false

[facts]
phones = ["0800 123 456"]
emails = ["service@fietsenmaker-voorbeeld.nl"]
channels = ["telefoon", "e-mail"]
complaint_term = "binnen 14 dagen"
dispute_body = "De Geschillencommissie"
kvk = "12345678"
hours = { telefoon = "ma-vr 09:00-17:00" }
promises = { e-mail = "binnen 1 werkdag" }
"""


def test_an_audit_with_facts_fails_the_gate_on_an_old_number(site_url, tmp_path) -> None:
    (tmp_path / "goudenregels.toml").write_text(FACTS_FILE)
    proc = run_cli("audit", site_url("facts"), "-q", "--fail-on", "fail", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "GR701" in proc.stderr
    data = json.loads((tmp_path / "goudenregels-report" / "goudenregels.json").read_text())
    found = {f["code"]: f for f in data["findings"]}
    wrong = found["GR701"]
    assert wrong["status"] == "fail" and "030 765 4321" in wrong["message"]
    assert wrong["evidence"][0]["url"].endswith("/klachten.html")
    assert wrong["evidence"][0]["click_path"][-1].endswith("/klachten.html")
    # Every declared-facts check is decided on this site; only the old number is wrong.
    statuses = {code: f["status"] for code, f in found.items() if code.startswith("GR7")}
    assert statuses == {f"GR70{n}": "fail" if n == 1 else "pass" for n in range(1, 10)}
    # Declared facts gate the release; they do not change the score.
    without = tmp_path / "without"
    without.mkdir()
    snapshot = tmp_path / "goudenregels-report" / "snapshot"
    proc = run_cli("check", str(snapshot), "-f", "json", "-o", str(without), "-q", cwd=without)
    plain = json.loads((without / "goudenregels.json").read_text())
    assert plain["scores"]["overall"] == data["scores"]["overall"]
    assert {f["status"] for f in plain["findings"] if f["code"].startswith("GR7")} == {
        "not_applicable"
    }


def test_bad_facts_stop_the_run_before_the_crawl(tmp_path) -> None:
    (tmp_path / "goudenregels.toml").write_text('[facts]\nphones = ["12"]\n')
    proc = run_cli("audit", "http://127.0.0.1:9/", "-q", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(
        "goudenregels.toml: facts.phones: '12' is not a phone number"
    )


def test_facts_under_tool_goudenregels_in_pyproject(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.goudenregels.facts]\nchannels = ["brievenbus"]\n'
    )
    proc = run_cli("audit", "http://127.0.0.1:9/", "-q", cwd=tmp_path)
    assert proc.returncode == 2 and "facts.channels: 'brievenbus' is not a channel" in proc.stderr


def test_init_from_site_proposes_facts_that_read_back(site_url, tmp_path) -> None:
    proc = run_cli("init", "--from-site", site_url("facts"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "goudenregels.toml").read_text()
    data = tomllib.loads(text)
    facts = parse_facts(data["facts"], "proposal")  # a valid table as it stands
    assert {p.e164 for p in facts.phones} == {"+31800123456", "+31307654321"}
    assert facts.hours["telefoon"].days["mon"] == [(540, 1020)]
    assert facts.promises["e-mail"].unit == "workdays"
    assert data["facts"]["kvk"] == "12345678" and data["facts"]["dispute_body"]
    # Each value says where it was found.
    assert "klachten.html" in next(line for line in text.splitlines() if "030 765 4321" in line)
    assert "max_pages" in text  # the starter settings come with it


def test_init_from_site_never_overwrites_silently(site_url, tmp_path) -> None:
    config = tmp_path / "goudenregels.toml"
    config.write_text('max_pages = 7\n\n[facts]\nkvk = "87654321"\n')
    proc = run_cli("init", "--from-site", site_url("facts"), cwd=tmp_path)
    assert proc.returncode == 0 and "--force" in proc.stderr
    assert config.read_text() == 'max_pages = 7\n\n[facts]\nkvk = "87654321"\n'
    assert tomllib.loads(proc.stdout)["facts"]["kvk"] == "12345678"  # printed instead
    proc = run_cli("init", "--from-site", site_url("facts"), "--force", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = tomllib.loads(config.read_text())
    assert data["max_pages"] == 7 and data["facts"]["kvk"] == "12345678"


@pytest.mark.parametrize("name", ["webshop", "dienstverlener", "gemeente", "demo"])
def test_facts_proposed_from_a_site_hold_on_that_site(audited, name: str) -> None:
    """What init --from-site proposes is what the site says: held against the same site, no
    declared-facts check fails. A fail here is a check that misreads or a proposal that guesses."""
    from goudenregels.audit import run_check
    from goudenregels.checks.site import Site
    from goudenregels.plugins import Plugins
    from goudenregels.propose import propose
    from goudenregels.snapshot import Snapshot

    result, out = audited(name)
    snapshot = Snapshot.load(out / "snapshot")
    proposal = propose(Site(snapshot), result["site"]["url"])
    facts = parse_facts(tomllib.loads(proposal)["facts"], "proposal")
    assert facts.phones or facts.emails
    site = Site(snapshot, result["site"]["profile"], facts=facts)
    checks = [c for c in Plugins(entry_points=False).checks() if c.code.startswith("GR7")]
    findings = [run_check(c, site, "en") for c in checks]
    failed = [
        (f.code, f.message, [e.text for e in f.evidence]) for f in findings if f.status == "fail"
    ]
    assert failed == []
    assert sum(f.status == "pass" for f in findings) >= 5
