"""The archive's readable summary: an A4 PDF in the person's language.

The JSON files are complete; this is what a person (or the relative helping
them) reads to see what Relais holds about them. It embeds DejaVu Sans, as
the diary export does, so French accents print and nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from services.diary.models import long_date
from services.export.schema import FILES
from services.export.words import file_title, say
from services.guide.content import current_catalogue
from services.models import Locale

FONTS_DIR = Path(__file__).resolve().parents[1] / "fonts"
FONT = "DejaVuSans"


class _SummaryPdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer_text
        self.add_font(FONT, "", FONTS_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS_DIR / "DejaVuSans-Bold.ttf")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, f"{self._footer_text} · {self.page_no()}", align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.ln(2)
        self.set_font(FONT, "B", size)
        self.set_text_color(20, 20, 20)
        self.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def say_line(self, text: str, *, grey: bool = False) -> None:
        self.set_font(FONT, "", 11)
        self.set_text_color(*((80, 80, 80) if grey else (20, 20, 20)))
        self.multi_cell(0, 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


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
    pdf.heading(say(locale, "export.pdf.about"))
    pdf.say_line(say(locale, "export.pdf.email", email=account.get("email", "")))
    pdf.say_line(
        say(
            locale,
            "export.pdf.role",
            role=say(locale, f"export.role.{role}"),
        )
    )
    pdf.say_line(say(locale, "export.pdf.since", date=_day(profile.get("created_at"), locale)))
    pdf.say_line(
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
        pdf.say_line(profile["bio"], grey=True)


def _contents(pdf: _SummaryPdf, document: dict[str, Any], locale: Locale) -> None:
    pdf.heading(say(locale, "export.pdf.contents"))
    for file in FILES:
        value = document.get(file.key)
        count = len(value) if isinstance(value, list) else int(value is not None)
        pdf.say_line(
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
    pdf.heading(say(locale, "export.file.matches"))
    for match in matches:
        status = match.get("status") or "proposed"
        partner = (
            match.get("peer_id") if match.get("requester_id") == me else match.get("requester_id")
        )
        pdf.say_line(
            say(
                locale,
                "export.pdf.match",
                name=names.get(partner) or say(locale, "export.pdf.someone"),
                date=_day(match.get("created_at"), locale),
                status=say(locale, f"export.match_status.{status}"),
            )
        )
    written = sum(1 for message in messages if message.get("mine"))
    pdf.say_line(
        say(locale, "export.pdf.messages", written=written, received=len(messages) - written),
        grey=True,
    )


def _diary_and_guide(pdf: _SummaryPdf, document: dict[str, Any], locale: Locale) -> None:
    goals = _rows(document, "diary_goals")
    if goals or _rows(document, "diary_entries"):
        pdf.heading(say(locale, "export.pdf.diary"))
        for goal in goals:
            pdf.say_line(f"• {goal.get('title', '')}")
        pdf.say_line(
            say(locale, "export.pdf.entries", n=len(_rows(document, "diary_entries"))),
            grey=True,
        )
    progress = _rows(document, "guide_progress")
    if progress:
        pdf.heading(say(locale, "export.file.guide_progress"))
        for item in progress:
            procedure_id = str(item.get("procedure_id", ""))
            procedure = current_catalogue().procedure(locale.value, procedure_id)
            text = f"• {procedure.title if procedure else procedure_id}"
            if item.get("remind_on"):
                text += " — " + say(
                    locale, "export.pdf.reminder", date=_day(item["remind_on"], locale)
                )
            pdf.say_line(text)
            if item.get("note"):
                pdf.say_line(f"   {item['note']}", grey=True)


def render_summary(document: dict[str, Any], locale: Locale) -> bytes:
    name = (document.get("profile") or {}).get("display_name") or ""
    title = say(locale, "export.pdf.title", name=name)
    pdf = _SummaryPdf(title)
    pdf.set_title(title)
    pdf.set_lang(locale.value)
    pdf.set_creator("Relais")
    pdf.add_page()
    pdf.heading(title, 18)
    pdf.say_line(
        say(locale, "export.pdf.exported_on", date=long_date(dt.date.today(), locale)), grey=True
    )
    pdf.say_line(say(locale, "export.pdf.intro"))
    _about(pdf, document, locale)
    _contents(pdf, document, locale)
    _peer_support(pdf, document, locale)
    _diary_and_guide(pdf, document, locale)
    return bytes(pdf.output())
