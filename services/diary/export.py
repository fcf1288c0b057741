"""The survivor takes their whole diary away: JSON for machines, PDF for people.

Both come from one call to export_my_diary() under the survivor's own
session, so what leaves is exactly what the database lets them read. The
PDF is laid out on the page every printed export shares (services/pdf.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

from fpdf.enums import XPos, YPos

from services.diary.models import (
    GoalCategory,
    GoalPublic,
    GoalStatus,
    ProgressPoint,
    long_date,
    percent,
    signed_level,
)
from services.diary.text import (
    category_name,
    face_fact,
    labelled,
    progress_summary,
    status_name,
    word,
)
from services.gateway import Gateway
from services.models import AuthSession, Locale
from services.pdf import FONT, RelaisPdf


async def fetch_export(gateway: Gateway, session: AuthSession) -> dict[str, Any]:
    document = await gateway.rpc(session, "export_my_diary")
    return document if isinstance(document, dict) else {}


async def export_json(gateway: Gateway, session: AuthSession) -> bytes:
    document = await fetch_export(gateway, session)
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


async def export_pdf(gateway: Gateway, session: AuthSession, *, locale: Locale) -> bytes:
    document = await fetch_export(gateway, session)
    # Laying out hundreds of entries takes a moment: keep the event loop free for other people.
    return await asyncio.to_thread(render_pdf, document, locale)


def export_file_name(kind: str, today: dt.date | None = None) -> str:
    return f"relais-diary-{(today or dt.date.today()).isoformat()}.{kind}"


class _DiaryPdf(RelaisPdf):
    def field(self, label: str, value: str) -> None:
        """A bold label over its value: simpler to read than both on one line."""
        self.set_font(FONT, "B", 10)
        self.set_text_color(20, 20, 20)
        self.multi_cell(0, 5, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        if value:
            self.paragraph(value)
        self.ln(1)


def _label(locale: Locale, key: str) -> str:
    return word(locale, key)


def _colon(locale: Locale) -> str:
    return " : " if locale is Locale.FR else ": "


def _goal_section(
    pdf: _DiaryPdf, goal: GoalPublic, points: list[ProgressPoint], locale: Locale
) -> None:
    pdf.heading(goal.title, 13)
    category = category_name(locale, GoalCategory(goal.category))
    status = status_name(locale, GoalStatus(goal.status))
    pdf.paragraph(f"{category} · {status}", grey=True)
    for key, value in (
        ("why", goal.why),
        ("measure", goal.measure),
        ("target", long_date(goal.target_date, locale) if goal.target_date else None),
        ("current_level", signed_level(goal.gas_level) if goal.gas_level is not None else None),
    ):
        if value:
            pdf.field(_label(locale, key), value)
    scale = [(lvl, text) for lvl, text in goal.gas_descriptions().items() if text]
    if scale:
        pdf.field(_label(locale, "scale"), "")
        for level, text in sorted(scale, reverse=True):
            pdf.paragraph(f"  {signed_level(level)}  {text}", size=10)
    pdf.paragraph(progress_summary(goal, points, locale), size=10, grey=True)
    pdf.ln(4)


def _entry_section(
    pdf: _DiaryPdf, entry: dict[str, Any], goal_titles: dict[str, str], locale: Locale
) -> None:
    day = dt.date.fromisoformat(entry["entry_date"])
    author = entry.get("author_name") or word(locale, "someone")
    pdf.heading(f"{long_date(day, locale)} — {word(locale, 'by', name=author)}", 11)
    facts = []
    if entry.get("mood") is not None:
        facts.append(face_fact(locale, "mood", entry["mood"]))
    if entry.get("fatigue") is not None:
        facts.append(face_fact(locale, "fatigue", entry["fatigue"]))
    goal_title = goal_titles.get(entry.get("goal_id") or "")
    if goal_title and entry.get("gas_level") is not None:
        facts.append(
            goal_title
            + _colon(locale)
            + word(locale, "level", level=signed_level(entry["gas_level"]))
        )
    elif goal_title and entry.get("progress_percent") is not None:
        facts.append(goal_title + _colon(locale) + percent(entry["progress_percent"], locale))
    if facts:
        pdf.paragraph(" · ".join(facts), size=10, grey=True)
    if entry.get("body"):
        pdf.paragraph(entry["body"])
    if entry.get("tags"):
        pdf.paragraph(labelled(locale, "tags", ", ".join(entry["tags"])), size=9, grey=True)
    for comment in entry.get("comments") or []:
        name = comment.get("author_name") or word(locale, "someone")
        pdf.paragraph(
            f"    « {comment['body']} » — {name}"
            if locale is Locale.FR
            else f"    “{comment['body']}” — {name}",
            size=10,
        )
    pdf.ln(3)


def render_pdf(document: dict[str, Any], locale: Locale) -> bytes:
    """Lay out an export_my_diary() document as an A4 PDF in the person's language."""
    name = (document.get("survivor") or {}).get("display_name") or ""
    exported = dt.date.today()
    pdf = _DiaryPdf(word(locale, "diary_of", name=name))
    pdf.set_title(word(locale, "diary_of", name=name))
    pdf.set_lang(locale.value)
    pdf.set_creator("Relais")
    pdf.add_page()
    pdf.heading(word(locale, "diary_of", name=name), 18)
    pdf.paragraph(word(locale, "exported_on", date=long_date(exported, locale)), grey=True)
    pdf.ln(4)

    goals = [GoalPublic.model_validate(goal) for goal in document.get("goals") or []]
    entries: list[dict[str, Any]] = list(document.get("entries") or [])
    pdf.heading(word(locale, "goals"), 15)
    if not goals:
        pdf.paragraph(word(locale, "no_goals"))
    for goal in goals:
        points = [
            ProgressPoint.model_validate(
                {
                    k: e.get(k)
                    for k in ("entry_date", "gas_level", "progress_percent", "mood", "fatigue")
                }
            )
            for e in entries
            if e.get("goal_id") == str(goal.id)
        ]
        _goal_section(pdf, goal, points, locale)

    pdf.heading(word(locale, "entries"), 15)
    if not entries:
        pdf.paragraph(word(locale, "no_entries"))
    titles = {str(goal.id): goal.title for goal in goals}
    # Newest first, as in the app's timeline.
    for entry in reversed(entries):
        _entry_section(pdf, entry, titles, locale)
    return bytes(pdf.output())
