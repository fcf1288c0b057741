"""The archive's readable summary: an A4 PDF in the person's language.

The JSON files are complete; this is what a person (or the relative helping
them) reads to see what Relais holds about them. It is laid out on the
same page as the diary export (services/pdf.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from services.diary.models import long_date
from services.export.schema import FILES
from services.export.words import file_title, say
from services.guide.content import current_catalogue
from services.models import Locale
from services.pdf import RelaisPdf


class _SummaryPdf(RelaisPdf):
    def section(self, text: str) -> None:
        self.ln(2)
        self.heading(text, 14)


def _day(value: object, locale: Locale) -> str:
    """A stored date or timestamp as a long date ("7 décembre 2026")."""
    if not isinstance(value, str) or len(value) < 10:
        return ""
    return long_date(dt.date.fromisoformat(value[:10]), locale)


def _rows(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    rows = document.get(key)
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def _about(pdf: _SummaryPdf, document: dict[str, Any], locale: Locale) -> None:
    profile = document.get("profile") or {}
    account = document.get("account") or {}
    role = profile.get("role") or "survivor"
    pdf.section(say(locale, "export.pdf.about"))
    pdf.paragraph(say(locale, "export.pdf.email", email=account.get("email", "")))
    pdf.paragraph(
        say(
            locale,
            "export.pdf.role",
            role=say(locale, f"export.role.{role}"),
        )
    )
    pdf.paragraph(say(locale, "export.pdf.since", date=_day(profile.get("created_at"), locale)))
    pdf.paragraph(
        say(
            locale,
            "export.pdf.display",
            percent=profile.get("text_scale", 100),
            contrast=say(
                locale, "export.pdf.yes" if profile.get("high_contrast") else "export.pdf.no"
            ),
        )
    )
    if profile.get("bio"):
        pdf.paragraph(profile["bio"], grey=True)


def _contents(pdf: _SummaryPdf, document: dict[str, Any], locale: Locale) -> None:
    pdf.section(say(locale, "export.pdf.contents"))
    for file in FILES:
        value = document.get(file.key)
        count = len(value) if isinstance(value, list) else int(value is not None)
        pdf.paragraph(
            say(locale, "export.pdf.count", what=file_title(locale, file.key), n=count)
            + f"  ({file.file_name})"
        )


def _peer_support(pdf: _SummaryPdf, document: dict[str, Any], locale: Locale) -> None:
    names = {row.get("id"): row.get("display_name") for row in _rows(document, "people")}
    matches = _rows(document, "matches")
    messages = _rows(document, "messages")
    if not matches and not messages:
        return
    me = (document.get("account") or {}).get("id")
    pdf.section(say(locale, "export.file.matches"))
    for match in matches:
        status = match.get("status") or "proposed"
        partner = (
            match.get("peer_id") if match.get("requester_id") == me else match.get("requester_id")
        )
        pdf.paragraph(
            say(
                locale,
                "export.pdf.match",
                name=names.get(partner) or say(locale, "export.pdf.someone"),
                date=_day(match.get("created_at"), locale),
                status=say(locale, f"export.match_status.{status}"),
            )
        )
    written = sum(1 for message in messages if message.get("mine"))
    pdf.paragraph(
        say(locale, "export.pdf.messages", written=written, received=len(messages) - written),
        grey=True,
    )


def _diary_and_guide(pdf: _SummaryPdf, document: dict[str, Any], locale: Locale) -> None:
    goals = _rows(document, "diary_goals")
    if goals or _rows(document, "diary_entries"):
        pdf.section(say(locale, "export.pdf.diary"))
        for goal in goals:
            pdf.paragraph(f"• {goal.get('title', '')}")
        pdf.paragraph(
            say(locale, "export.pdf.entries", n=len(_rows(document, "diary_entries"))),
            grey=True,
        )
    progress = _rows(document, "guide_progress")
    if progress:
        pdf.section(say(locale, "export.file.guide_progress"))
        for item in progress:
            procedure_id = str(item.get("procedure_id", ""))
            procedure = current_catalogue().procedure(locale.value, procedure_id)
            text = f"• {procedure.title if procedure else procedure_id}"
            if item.get("remind_on"):
                text += " — " + say(
                    locale, "export.pdf.reminder", date=_day(item["remind_on"], locale)
                )
            pdf.paragraph(text)
            if item.get("note"):
                pdf.paragraph(f"   {item['note']}", grey=True)


def render_summary(document: dict[str, Any], locale: Locale) -> bytes:
    name = (document.get("profile") or {}).get("display_name") or ""
    title = say(locale, "export.pdf.title", name=name)
    pdf = _SummaryPdf(title)
    pdf.set_title(title)
    pdf.set_lang(locale.value)
    pdf.set_creator("Relais")
    pdf.add_page()
    pdf.heading(title, 18)
    pdf.paragraph(
        say(locale, "export.pdf.exported_on", date=long_date(dt.date.today(), locale)), grey=True
    )
    pdf.paragraph(say(locale, "export.pdf.intro"))
    _about(pdf, document, locale)
    _contents(pdf, document, locale)
    _peer_support(pdf, document, locale)
    _diary_and_guide(pdf, document, locale)
    return bytes(pdf.output())
