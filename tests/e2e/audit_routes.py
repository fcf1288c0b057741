"""What the accessibility audit walks: every route pattern, and the dialogs and sheets, per role.

tests/unit/test_audit_covers_every_route.py compares ROUTES_BY_ROLE with the real
route table (app/main.py route_table()), so a new screen cannot be left out of
the audit unnoticed. tests/e2e/test_accessibility.py opens each of these, by
address, for the role named here.
"""

from __future__ import annotations

from collections.abc import Iterable

# Who looks at each screen: the people who can open it and see it filled.
ROUTES_BY_ROLE: dict[str, tuple[str, ...]] = {
    "signed-out": (
        "/",
        "/sign-up",
        "/sign-in",
        "/forgot-password",
    ),
    "survivor": (
        "/home",
        "/home/messages",
        "/home/messages/ask",
        "/home/messages/quiet-hours",
        "/home/messages/:conversation_id",
        "/home/diary",
        "/home/diary/sharing",
        "/home/diary/d/:survivor",
        "/home/diary/d/:survivor/new-entry",
        "/home/diary/d/:survivor/new-goal",
        "/home/diary/d/:survivor/goal/:goal",
        "/home/diary/d/:survivor/goal/:goal/edit",
        "/home/diary/d/:survivor/entry/:entry",
        "/home/diary/d/:survivor/entry/:entry/edit",
        "/home/guide",
        "/home/guide/finder",
        "/home/guide/mine",
        "/home/guide/who-is-who",
        "/home/guide/pathway",
        "/home/guide/procedures/:procedure_id",
        "/home/profile",
        "/home/profile/notifications",
        "/home/profile/emails",
        "/home/profile/sessions",
        "/home/profile/export",
        "/home/profile/delete",
    ),
    "caregiver": ("/home/diary/join/:code",),
    "peer": (
        "/home/messages/apply",
        "/home/messages/:conversation_id",
    ),
    "coordinator": (
        "/home/coordination",
        "/home/coordination/peers",
        "/home/coordination/applicants",
        "/home/coordination/safety",
        "/home/coordination/requests/:request_id",
        "/home/coordination/recovery",
        "/home/profile/notifications",
    ),
}

# The dialogs and sheets each role opens over a screen, by the screen they open on.
DIALOGS_BY_ROLE: dict[str, tuple[tuple[str, str], ...]] = {
    "survivor": (
        ("quick-replies sheet", "/home/messages/:conversation_id"),
        ("crisis banner, expanded", "/home/messages/:conversation_id"),
        ("what to do, from the crisis banner", "/home/messages/:conversation_id"),
        ("report a message", "/home/messages/:conversation_id"),
        ("end the match or block", "/home/messages/:conversation_id"),
        ("delete a comment", "/home/diary/d/:survivor/entry/:entry"),
        ("delete an entry", "/home/diary/d/:survivor/entry/:entry"),
        ("remove a member", "/home/diary/sharing"),
        ("date picker", "/home/diary/d/:survivor/new-entry"),
    ),
    "peer": (("charter reminder", "/home/messages/:conversation_id"),),
}


def audited_routes(roles: Iterable[str] | None = None) -> set[str]:
    """Every route pattern the audit opens, for the given roles (all by default)."""
    chosen = ROUTES_BY_ROLE if roles is None else {r: ROUTES_BY_ROLE[r] for r in roles}
    return {route for routes in chosen.values() for route in routes}
