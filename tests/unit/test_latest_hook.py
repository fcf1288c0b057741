"""A form's handlers read what was typed last, even when drawn before it.

A tap can reach the server before the render that follows the last keystroke
(a busy server, a draft still being saved). The save handler is then the one
the previous render drew; it must still store every field.
"""

from __future__ import annotations

import flet as ft
import pytest
from flet.components.component import Component, Renderer

from components.hooks import Latest, use_latest

pytestmark = pytest.mark.usefixtures("flet_page")


@ft.component
def TypedText(drawn: list[Latest[str]]) -> ft.Control:
    typed = use_latest("")
    drawn.append(typed)
    return ft.Text(typed.shown)


def render(component: Component) -> None:
    component._state.hook_cursor = 0  # as Component.update does before each render
    renderer = Renderer(component)  # type: ignore[no-untyped-call]  # Flet leaves it untyped
    renderer.render(component.fn, *component.args, **component.kwargs)


def test_a_handler_drawn_before_a_change_reads_the_change() -> None:
    drawn: list[Latest[str]] = []
    root = Renderer()  # type: ignore[no-untyped-call]
    with root.with_context():  # type: ignore[no-untyped-call]
        component = TypedText(drawn)  # the node Flet mounts; render() then runs its body
    assert isinstance(component, Component)
    render(component)
    first = drawn[0]

    first.set("Marcher jusqu'au parc")  # a keystroke; no render has followed yet

    assert first.shown == ""  # what that render drew is one change behind
    assert first.now() == "Marcher jusqu'au parc"  # what its handlers read is not

    render(component)
    assert drawn[1].shown == "Marcher jusqu'au parc"
    first.set("")
    assert drawn[1].now() == ""  # every render's handlers share one value
