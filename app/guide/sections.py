"""The procedure screen's sections, built from content and progress alone.

A plain function (no hooks, no database) so the screen's cost can be measured
and every section checked in tests. The view passes what to do when a box is
ticked or a link is opened; this module only lays things out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import flet as ft

from app.guide.format import format_date, format_euros, lines, rich_parts
from app.i18n import Translator, translator
from components.labelled_checkbox import LabelledCheckbox
from components.theme import Palette, palette_for
from services.guide.models import Amount, Procedure, Source, Step
from services.guide.progress import ChecklistProgress
from services.models import Locale

Toggle = Callable[[str, bool], Awaitable[None]]


async def _ignore_toggle(item_id: str, value: bool) -> None:
    return None


@dataclass(frozen=True)
class SectionContext:
    t: Translator
    palette: Palette
    locale: Locale
    can_edit: bool = True
    on_step: Toggle = _ignore_toggle
    on_document: Toggle = _ignore_toggle


def rich(text: str, ctx: SectionContext, muted: bool = False) -> ft.Text:
    return ft.Text(
        theme_style=ft.TextThemeStyle.BODY_LARGE,
        color=ctx.palette.muted_text if muted else ctx.palette.text,
        spans=[
            ft.TextSpan(part, style=ft.TextStyle(weight=ft.FontWeight.BOLD) if bold else None)
            for part, bold in rich_parts(text)
        ],
    )


def heading(text: str, level: int = 2) -> ft.Control:
    style = ft.TextThemeStyle.HEADLINE_MEDIUM if level == 1 else ft.TextThemeStyle.TITLE_LARGE
    return ft.Semantics(
        header=True,
        heading_level=level,
        content=ft.Text(text, theme_style=style, weight=ft.FontWeight.W_600),
    )


def link_button(title: str, url: str, ctx: SectionContext) -> ft.Control:
    # The name says it opens elsewhere, so nobody is surprised by a new tab; a new
    # tab keeps the person's place in the guide. The browser opens it inside the
    # tap itself (a round trip through the server is blocked as a pop-up).
    return ft.TextButton(
        content=ft.Row(
            wrap=True,
            controls=[
                ft.Icon(ft.Icons.OPEN_IN_NEW, color=ctx.palette.primary),
                ft.Text(title, color=ctx.palette.primary),
            ],
        ),
        tooltip=ctx.t("guide.opens_new_tab"),
        action=ft.OpenUrl(url, target=ft.UrlTarget.BLANK),
    )


def check_row(
    label: str,
    value: bool,
    on_toggle: Callable[[bool], Awaitable[None]],
    ctx: SectionContext,
    bold: bool = False,
) -> ft.Control:
    """A checkbox whose label wraps on a narrow phone or at large text sizes (48 px at least)."""
    return LabelledCheckbox(
        label,
        value,
        on_toggle,
        disabled=not ctx.can_edit,
        weight=ft.FontWeight.W_600 if bold else None,
        color=ctx.palette.text,
    )


def _card(controls: list[ft.Control], ctx: SectionContext) -> ft.Control:
    return ft.Container(
        bgcolor=ctx.palette.card,
        border_radius=14,
        padding=14,
        content=ft.Column(spacing=8, controls=controls),
    )


def _step(
    index: int, step: Step, procedure: Procedure, done: bool, ctx: SectionContext
) -> ft.Control:
    async def toggle(value: bool) -> None:
        await ctx.on_step(step.id, value)

    labels = {doc.id: doc.label for doc in procedure.documents}
    details: list[ft.Control] = [rich(line, ctx) for line in lines(step.what_to_do)]
    details.append(rich(ctx.t("guide.step.who", organisation=step.organisation), ctx, muted=True))
    if step.typical_delay:
        details.append(rich(ctx.t("guide.step.delay", delay=step.typical_delay), ctx, muted=True))
    if step.documents:
        needed = ", ".join(labels[doc] for doc in step.documents)
        details.append(rich(ctx.t("guide.step.documents", documents=needed), ctx, muted=True))
    if step.link:
        details.append(link_button(ctx.t("guide.step.link"), step.link, ctx))
    return _card(
        [
            check_row(
                ctx.t("guide.step.label", number=index + 1, title=step.title),
                done,
                toggle,
                ctx,
                bold=True,
            ),
            *details,
        ],
        ctx,
    )


def _amount(amount: Amount, ctx: SectionContext, today: dt.date) -> ft.Control:
    value = format_euros(amount.value_eur, ctx.locale)
    since = format_date(amount.valid_from, ctx.t)
    parts: list[ft.Control] = [
        rich(amount.label, ctx),
        rich(ctx.t(f"guide.period.{amount.period}", value=value), ctx),
    ]
    if amount.valid_until and amount.valid_until < today:
        until = format_date(amount.valid_until, ctx.t)
        parts.append(rich(ctx.t("guide.amount.ended", since=since, until=until), ctx, muted=True))
    else:
        parts.append(rich(ctx.t("guide.amount.since", since=since), ctx, muted=True))
    parts.append(_source(amount.source, ctx))
    return _card(parts, ctx)


def _source(source: Source, ctx: SectionContext) -> ft.Control:
    checked = format_date(source.checked_on, ctx.t)
    return ft.Column(
        spacing=0,
        controls=[
            link_button(source.title, source.url, ctx),
            ft.Text(ctx.t("guide.source.checked", date=checked), color=ctx.palette.muted_text),
        ],
    )


def _documents(procedure: Procedure, gathered: set[str], ctx: SectionContext) -> list[ft.Control]:
    def box(doc_id: str, label: str) -> ft.Control:
        async def toggle(value: bool) -> None:
            await ctx.on_document(doc_id, value)

        return check_row(label, doc_id in gathered, toggle, ctx)

    return [box(doc.id, doc.label) for doc in procedure.documents]


def procedure_sections(
    procedure: Procedure, progress: ChecklistProgress | None, ctx: SectionContext
) -> list[ft.Control]:
    """Everything below the title: summary to sources, in a screen reader's reading order."""
    done = set(progress.done_steps) if progress else set()
    gathered = set(progress.gathered_documents) if progress else set()
    today = dt.date.today()
    sections: list[ft.Control] = [rich(procedure.summary, ctx)]
    sections += [heading(ctx.t("guide.section.eligibility"))]
    sections += [rich(f"• {line}", ctx) for line in procedure.eligibility]
    sections += [
        heading(ctx.t("guide.section.steps")),
        rich(
            ctx.t(
                "guide.steps.progress",
                done=len(done & {s.id for s in procedure.steps}),
                total=len(procedure.steps),
            ),
            ctx,
            muted=True,
        ),
    ]
    sections += [
        _step(i, step, procedure, step.id in done, ctx) for i, step in enumerate(procedure.steps)
    ]
    sections += [heading(ctx.t("guide.section.documents")), *_documents(procedure, gathered, ctx)]
    sections.append(heading(ctx.t("guide.section.amounts")))
    if procedure.amounts:
        sections += [_amount(amount, ctx, today) for amount in procedure.amounts]
    else:
        sections.append(rich(ctx.t("guide.amounts.none"), ctx, muted=True))
    if procedure.to_check:
        sections.append(heading(ctx.t("guide.section.to_check")))
        sections += [rich(f"• {line}", ctx) for line in procedure.to_check]
    if procedure.contacts:
        sections.append(heading(ctx.t("guide.section.contacts")))
        for contact in procedure.contacts:
            sections.append(rich(f"**{contact.name}** — {contact.what_for}", ctx))
            if contact.url:
                sections.append(link_button(contact.name, contact.url, ctx))
    sections.append(heading(ctx.t("guide.section.sources")))
    sections += [_source(source, ctx) for source in procedure.sources]
    return sections


def procedure_controls(
    procedure: Procedure | None, progress: ChecklistProgress | None, locale: Locale = Locale.FR
) -> list[ft.Control]:
    """The sections with default settings: what the benchmark builds and the tests inspect."""
    if procedure is None:
        return []
    ctx = SectionContext(t=translator(locale), palette=palette_for(False), locale=locale)
    return procedure_sections(procedure, progress, ctx)
