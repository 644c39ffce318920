"""Reaction-time probes: send a real question by e-mail or web form, then time the replies.

A probe is one polite customer question with a unique reference (``GR-7F3K2Q``). It is sent from
the auditor's own mailbox (SMTP) or through a site's contact form (Chromium), recorded in the
history store, and later matched against the replies in the auditor's mailbox (IMAP): the first
reply is the acknowledgement, the first reply that is more than a bare acknowledgement is the
answer. Both become measurements that the reaction-time checks judge in Dutch working time.

Mail settings come from ``GOUDENREGELS_SMTP_*`` / ``GOUDENREGELS_IMAP_*`` environment variables
or a ``[probe]`` table in goudenregels.toml; passwords only ever from the environment.

The package, by concern: ``settings`` (where the mailbox lives), ``common`` (the error, the
reference, the question), ``mail`` (SMTP out, IMAP in), ``form`` (the contact-form probe) and
``matching`` (which reply answers which probe, and whether it is more than an acknowledgement).
This module re-exports what the CLI and the tests use.
"""

from goudenregels.probe.common import (
    ProbeError,
    iso,
    new_token,
    now_utc,
    question,
    record_probe,
    site_of,
)
from goudenregels.probe.form import form_probe, plan_form
from goudenregels.probe.mail import Reply, build_email, send_email
from goudenregels.probe.matching import (
    check_mailbox,
    is_bare_ack,
    is_noreply,
    match_replies,
    reply_text,
    verdict,
)
from goudenregels.probe.settings import load_settings, require_sender, require_smtp

__all__ = [
    "ProbeError",
    "Reply",
    "build_email",
    "check_mailbox",
    "form_probe",
    "is_bare_ack",
    "is_noreply",
    "iso",
    "load_settings",
    "match_replies",
    "new_token",
    "now_utc",
    "plan_form",
    "question",
    "record_probe",
    "reply_text",
    "require_sender",
    "require_smtp",
    "send_email",
    "site_of",
    "verdict",
]
