"""The accessibility audit names every screen of the app, and only screens that exist."""

from __future__ import annotations

import flet as ft

from app.main import route_table
from tests.e2e.audit_routes import DIALOGS_BY_ROLE, ROUTES_BY_ROLE, audited_routes


def _join(prefix: str, path: str) -> str:
    if path.startswith("/"):
        return path
    return prefix.rstrip("/") + "/" + path


def flatten(routes: list[ft.Route], prefix: str = "") -> set[str]:
    """Every address pattern a person can open: nested children, index routes included.

    A layout route without a path (the public layout) only groups its children;
    an index route is its parent's own address.
    """
    found: set[str] = set()
    for route in routes:
        address = prefix if route.path is None else _join(prefix, route.path)
        if route.children:
            found |= flatten(route.children, address)
        elif route.component is not None:
            found.add(address or "/")
    return found


def test_flatten_reads_nested_and_index_routes() -> None:
    def screen() -> ft.Control:
        return ft.Text("")

    table = [
        ft.Route(
            path="home",
            children=[
                ft.Route(index=True, component=screen),
                ft.Route(path="a/:id", component=screen),
                ft.Route(path="b", children=[ft.Route(index=True, component=screen)]),
            ],
        ),
        ft.Route(children=[ft.Route(index=True, component=screen)]),
    ]
    assert flatten(table) == {"/home", "/home/a/:id", "/home/b", "/"}


def test_every_route_is_audited() -> None:
    missing = flatten(route_table()) - audited_routes()
    assert not missing, f"routes the accessibility audit does not open: {sorted(missing)}"


def test_the_audit_names_no_route_that_is_gone() -> None:
    gone = audited_routes() - flatten(route_table())
    assert not gone, f"routes in tests/e2e/audit_routes.py that no longer exist: {sorted(gone)}"


def test_every_dialog_opens_on_an_audited_screen() -> None:
    for role, dialogs in DIALOGS_BY_ROLE.items():
        for name, route in dialogs:
            assert route in ROUTES_BY_ROLE[role], f"{role}: {name} opens on {route}, not audited"
