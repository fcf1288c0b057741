"""Guide screens that follow checklists as they change, whoever ticks them.

A caregiver ticking a survivor's step must reach the survivor's open
procedure page and their "My procedures" (and the other way round) without a
reload. The database announces which checklist changed; the screen then
re-reads it under its own session (RLS decides), in its own Flet session.
"""

from __future__ import annotations

from typing import cast
from uuid import UUID

import flet as ft

from app.state import use_app_state
from components.lifetime import use_lifetime
from services.gateway import Subscription
from services.guide import progress as guide_progress


def use_checklists_version(owner_ids: tuple[UUID, ...], procedure_id: str | None = None) -> int:
    """A number that grows each time one of these people's checklists changes.

    With `procedure_id`, only that procedure's checklist counts. An event that
    names no procedure (the transport reconnected and may have missed some)
    counts too: re-reading is cheap, a stale tick is not.
    """
    state = use_app_state()
    page = ft.context.page
    version, set_version = ft.use_state(0)
    counter = ft.use_ref(0)
    subscriptions = ft.use_ref(cast(list[Subscription], []))
    lifetime = use_lifetime()
    watched = ",".join(sorted(owner.hex for owner in owner_ids))

    async def bump() -> None:
        counter.current = (counter.current or 0) + 1
        set_version(counter.current)

    async def heard(changed: str) -> None:
        if procedure_id is None or changed in ("", procedure_id):
            # Called from the process-wide listener: hand it to this tab's session.
            page.run_task(bump)

    async def stop() -> None:
        for subscription in subscriptions.current or []:
            await subscription.unsubscribe()
        subscriptions.current = []

    async def start() -> None:
        # The people followed can change under an open screen (another owner
        # chosen): the previous subscriptions end here, since Flet may cancel
        # an async cleanup.
        await stop()
        opened: list[Subscription] = []
        for owner_id in owner_ids:
            subscription = await guide_progress.follow_checklists(
                state.gateway, owner_id=owner_id, on_change=heard
            )
            opened.append(subscription)
            await lifetime.keep(subscription.unsubscribe)
        subscriptions.current = [] if lifetime.ended else opened

    ft.use_effect(start, [watched, procedure_id], cleanup=stop)
    return version
