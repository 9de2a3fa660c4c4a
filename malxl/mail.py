"""Email to the departments: text from Jinja2 templates, RFC 5322 messages, drafts (.eml) and SMTP.

Templates are plain text files (``templates/email/*.txt``, overridable with a
folder of the coordinator's own): the first line is the subject, the rest is
the body. Only the coordinator's plan and malxl's own texts fill them; a
department's typed text never reaches an email, so nothing a department wrote
can turn into a link, a header or markup there.
"""

from __future__ import annotations

import copy
import importlib.resources
import re
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path

from .errors import MalxlError
from .texts import Texts

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PASSWORD_ENV = "MALXL_SMTP_PASSWORD"
RETURN_TEMPLATE = "atgarda"
REMINDER_TEMPLATE = "paminnelse"


class MailError(MalxlError):
    """A message cannot be rendered, or the mail server cannot be reached or refuses the login."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. The password comes from ``$MALXL_SMTP_PASSWORD``, never from the command line."""

    host: str
    port: int = 587
    starttls: bool = True
    user: str = ""
    password: str = ""
    timeout: float = 30.0


def default_email_templates() -> Path:
    return Path(str(importlib.resources.files("malxl.templates").joinpath("email")))


def render_email(name: str, fields: dict, lang: str, t: Texts, templates: Path | None = None) -> tuple[str, str]:
    """Render template ``name`` (``atgarda`` or ``paminnelse``) into (subject, body).

    ``templates`` is the coordinator's folder (its ``email/`` subfolder or the
    folder itself); the packaged templates fill in whatever it lacks. A
    language other than Swedish looks for ``<name>.<lang>.txt`` first.
    """
    import jinja2

    search = []
    if templates:
        search += [str(Path(templates) / "email"), str(templates)]
    search.append(str(default_email_templates()))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(search, encoding="utf-8"), autoescape=False,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    names = ([f"{name}.{lang}.txt"] if lang != "sv" else []) + [f"{name}.txt"]
    try:
        text = env.select_template(names).render(**fields)
    except jinja2.TemplateError as exc:
        raise MailError(t("error.email_template", name=names[-1], reason=exc)) from exc
    lines = text.lstrip("\n").split("\n")
    subject = " ".join(lines[0].split())
    body = "\n".join(lines[1:]).strip("\n") + "\n"
    return subject, body


def split_addresses(text: str) -> list[str]:
    """The addresses in a plan cell: separated by commas, semicolons or spaces."""
    return [a for a in re.split(r"[,;\s]+", text or "") if "@" in a]


def build_message(sender: str, sender_name: str, recipients: list[str], recipient_name: str, subject: str,
                  body: str, attachments: list[tuple[str, bytes]], date: datetime | None = None) -> EmailMessage:
    """A text/plain message with the workbooks attached as .xlsx."""
    msg = EmailMessage(policy=policy.default)
    if sender:
        msg["From"] = formataddr((_header(sender_name), sender))
    if recipients:
        name = _header(recipient_name) if len(recipients) == 1 else ""
        msg["To"] = ", ".join(formataddr((name, a)) for a in recipients)
    msg["Subject"] = _header(subject)
    msg["Date"] = format_datetime((date or datetime.now()).astimezone())
    msg["Message-ID"] = make_msgid("malxl", domain=(sender.rpartition("@")[2] or None) if sender else None)
    msg.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")
    for filename, data in attachments:
        msg.add_attachment(data, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=filename)
    return msg


def _header(text: str) -> str:
    """One line: a header can never be split or extended by what a name contains."""
    return " ".join((text or "").split())


def draft_bytes(msg: EmailMessage) -> bytes:
    """The message as an .eml draft (CRLF, 7-bit headers) that Outlook opens ready to send."""
    draft = copy.deepcopy(msg)
    draft["X-Unsent"] = "1"  # Outlook: open as an unsent message with a Send button
    return draft.as_bytes(policy=policy.SMTP)


def send_messages(messages: list[EmailMessage], settings: SmtpSettings, t: Texts) -> list[str]:
    """Send every message over one connection; for each, "" when accepted or the server's reason.

    Raises :class:`MailError` before anything is sent if the server cannot be
    reached or refuses the login.
    """
    import smtplib  # with ssl, loaded when mail is sent, not on every command's start
    import ssl

    if settings.user and not settings.password:
        raise MailError(t("error.smtp_password", user=settings.user))
    try:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(t("error.smtp_connect", host=settings.host, port=settings.port, reason=_reason(exc))) from exc
    with smtp:
        try:
            smtp.ehlo()
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.user:
                smtp.login(settings.user, settings.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise MailError(t("error.smtp_login", host=settings.host, user=settings.user,
                              reason=_reason(exc))) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(t("error.smtp_connect", host=settings.host, port=settings.port,
                              reason=_reason(exc))) from exc
        results = []
        for msg in messages:
            try:
                refused = smtp.send_message(msg)
            except (OSError, smtplib.SMTPException) as exc:
                results.append(_reason(exc))
                continue
            results.append("; ".join(f"{a}: {code} {_text(r)}" for a, (code, r) in refused.items()))
        return results


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _reason(exc: Exception) -> str:
    import smtplib

    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = exc.recipients.items()
        if len(refused) == 1:
            return next(f"{code} {_text(r)}" for _, (code, r) in refused)
        return "; ".join(f"{a}: {code} {_text(r)}" for a, (code, r) in refused)
    return str(exc) or type(exc).__name__
