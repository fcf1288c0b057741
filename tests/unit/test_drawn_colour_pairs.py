"""Every colour pair the code actually draws is readable, in both themes (issue 10 item 3).

The palette's own list of pairs (Palette.text_pairs) said high contrast was
fine while my own messages were black text on a near-black bubble: the list
named the pairs someone thought of, not the ones the widgets draw. Here the
pairs come from the source itself. For every `color=palette.X` in
components/ and app/, the background is the `bgcolor=palette.Y` of the
innermost call around it, or, when the foreground is built apart from its
container (a list of controls put in a bubble later), the coloured
containers of the same function that list (or a list it went into) ends up
in; a widget with no background of its own sits on the screen's
(background, surface or card). A conditional colour (`A if mine else B`,
directly or through a name) is paired branch by branch with a background
that has the same condition. Text without a colour inside a coloured
container inherits the theme's text colour, so it counts as `text` on that
background (a button's label excepted: the theme colours it).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from components.theme import CALM, HIGH_CONTRAST, Palette, contrast_ratio

ROOT = Path(__file__).resolve().parents[2]
# app/theme.py builds the colour scheme Flutter draws buttons, tabs and tooltips with:
# its pairs are Palette.text_pairs(), checked below.
SOURCES = sorted(
    path
    for path in [*ROOT.glob("components/**/*.py"), *ROOT.glob("app/**/*.py")]
    if path != ROOT / "app" / "theme.py"
)
TEXT_MINIMUM = 4.5  # WCAG 2 AA, normal text
GRAPHIC_MINIMUM = 3.0  # WCAG 1.4.11: icons and other meaningful graphics
SCREEN_BACKGROUNDS = ("background", "surface", "card")
FOREGROUND_KEYWORDS = ("color", "text_color")
GRAPHICS = ("Icon", "ProgressRing", "ProgressBar")
# A button's label takes the button's colour from the theme (Palette.text_pairs), not `text`.
BUTTONS = ("TextButton", "Button", "OutlinedButton", "FilledButton", "FilledTonalButton")
Scope = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.Module


@dataclass(frozen=True)
class DrawnPair:
    where: str  # file:line of the foreground
    foreground: str  # a Palette attribute
    background: str
    graphic: bool  # an icon: 3:1 is enough

    def ratio(self, palette: Palette) -> float:
        return contrast_ratio(getattr(palette, self.foreground), getattr(palette, self.background))


Aliases = dict[str, ast.expr]
Colours = list[tuple[str | None, str]]  # (condition branch, Palette attribute)


def _palette_colours(node: ast.expr | None, aliases: Aliases | None = None) -> Colours:
    """(condition, attribute) for `palette.X`, `ctx.palette.X`, both sides of `A if c else B`,
    and a name the function gave one of those (`colour = palette.X if chosen else ...`)."""
    if isinstance(node, ast.Name) and aliases and node.id in aliases:
        return _palette_colours(aliases[node.id])
    if isinstance(node, ast.IfExp):
        test = ast.dump(node.test)
        then: Colours = [(f"{test}:then", a) for _, a in _palette_colours(node.body, aliases)]
        other: Colours = [(f"{test}:else", a) for _, a in _palette_colours(node.orelse, aliases)]
        return then + other
    if isinstance(node, ast.Attribute):
        owner = node.value
        if (isinstance(owner, ast.Name) and owner.id == "palette") or (
            isinstance(owner, ast.Attribute) and owner.attr == "palette"
        ):
            return [(None, node.attr)]
    return []


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _test(when: str) -> str:
    return when.rsplit(":", 1)[0]


def _match(
    foreground: list[tuple[str | None, str]], background: list[tuple[str | None, str]]
) -> list[tuple[str, str]]:
    """Pair branch by branch when both sides hang on the same condition, else every way."""
    pairs = []
    for fg_when, fg in foreground:
        for bg_when, bg in background:
            same_test = (
                fg_when and bg_when and fg_when.rsplit(":", 1)[0] == bg_when.rsplit(":", 1)[0]
            )
            if not same_test or fg_when == bg_when:
                pairs.append((fg, bg))
    return pairs


def _pairs_in(path: Path) -> list[DrawnPair]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node

    def ancestors(node: ast.AST) -> list[ast.AST]:
        found = []
        while node in parents:
            node = parents[node]
            found.append(node)
        return found

    def scope_of(node: ast.AST) -> ast.AST:
        scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
        return next((a for a in ancestors(node) if isinstance(a, scopes)), tree)

    aliases: Aliases = {
        node.targets[0].id: node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and _palette_colours(node.value)
    }
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    painted = {c for c in calls if _palette_colours(_keyword(c, "bgcolor"), aliases)}

    def innermost_painted(node: ast.AST, include_self: bool) -> ast.Call | None:
        chain = ([node] if include_self else []) + ancestors(node)
        return next((a for a in chain if isinstance(a, ast.Call) and a in painted), None)

    def statement_of(node: ast.AST) -> ast.AST:
        return next((a for a in ancestors(node) if isinstance(a, ast.stmt)), tree)

    def names_filled_by(statement: ast.AST) -> set[str]:
        """`x = [...]`, `x += [...]`, `x.append(...)`: the list a loose control goes into."""
        targets: list[ast.expr] = []
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AugAssign | ast.AnnAssign):
            targets = [statement.target]
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            func = statement.value.func
            if isinstance(func, ast.Attribute) and func.attr in ("append", "extend", "insert"):
                targets = [func.value]
        return {t.id for t in targets if isinstance(t, ast.Name)}

    def painted_holding(names: set[str], scope: ast.AST) -> list[ast.Call]:
        """The coloured containers of this function that a control built apart ends up in."""
        holding: list[ast.Call] = []
        seen: set[str] = set()
        while names - seen:
            name = (names - seen).pop()
            seen.add(name)
            for use in ast.walk(scope):
                if not (
                    isinstance(use, ast.Name) and use.id == name and isinstance(use.ctx, ast.Load)
                ):
                    continue
                if scope_of(use) is not scope:
                    continue
                holder = innermost_painted(use, include_self=False)
                if holder is not None:
                    holding.append(holder)
                else:  # put in another list first: follow that one too
                    names |= names_filled_by(statement_of(use))
        return holding

    found: list[DrawnPair] = []
    for call in calls:
        where = f"{path.relative_to(ROOT)}:{call.lineno}"
        graphic = _callee(call) in GRAPHICS
        foregrounds = [
            colour
            for name in FOREGROUND_KEYWORDS
            for colour in _palette_colours(_keyword(call, name), aliases)
        ]
        around = innermost_painted(call, include_self=True)
        if around is not None:
            holders = [around]
        else:
            holders = painted_holding(names_filled_by(statement_of(call)), scope_of(call))
        in_button = any(isinstance(a, ast.Call) and _callee(a) in BUTTONS for a in ancestors(call))
        if not foregrounds and _callee(call) == "Text" and holders and not in_button:
            # No colour of its own: the theme's text colour, or the container's text_color.
            foregrounds = _palette_colours(_keyword(holders[0], "text_color"), aliases) or [
                (None, "text")
            ]
        if not foregrounds:
            continue
        backgrounds = [_palette_colours(_keyword(h, "bgcolor"), aliases) for h in holders] or [
            [(None, name) for name in SCREEN_BACKGROUNDS]
        ]
        for background in backgrounds:
            for fg, bg in _match(foregrounds, background):
                found.append(DrawnPair(where, fg, bg, graphic))
    return found


DRAWN = sorted({pair for path in SOURCES for pair in _pairs_in(path)}, key=lambda p: p.where)


def test_the_pairs_come_from_the_widgets_that_draw_them() -> None:
    """The derivation sees the bubbles, chips, banners and notices it exists for."""
    seen = {(Path(p.where.split(":")[0]).stem, p.foreground, p.background) for p in DRAWN}
    assert ("message_bubble", "muted_text", "card") in seen  # the other person's message
    assert any(stem == "message_bubble" and bg == "primary_container" for stem, _, bg in seen)
    assert ("filter_chip", "on_primary_container", "primary_container") in seen
    assert ("filter_chip", "on_primary_container", "surface") not in seen  # branch by branch
    assert ("crisis_banner", "on_notice_container", "notice_container") in seen
    assert ("error_area", "on_error_container", "error_container") in seen
    assert ("conversation_row", "on_primary", "primary") in seen  # the unread count
    assert len(DRAWN) > 50


@pytest.mark.parametrize("palette", [CALM, HIGH_CONTRAST], ids=["calm", "high-contrast"])
def test_every_drawn_pair_is_readable(palette: Palette) -> None:
    failing = sorted(
        {
            f"{pair.where}: {pair.foreground} on {pair.background} {pair.ratio(palette):.2f}:1"
            for pair in DRAWN
            if pair.ratio(palette) < (GRAPHIC_MINIMUM if pair.graphic else TEXT_MINIMUM)
        }
    )
    assert failing == []


@pytest.mark.parametrize("palette", [CALM, HIGH_CONTRAST], ids=["calm", "high-contrast"])
def test_the_themes_own_pairs_are_readable_at_aa(palette: Palette) -> None:
    """Buttons, tabs, badges and tooltips that Flutter draws from the colour scheme."""
    failing = [
        f"{what}: {contrast_ratio(fg, bg):.2f}:1"
        for what, fg, bg in palette.text_pairs()
        if contrast_ratio(fg, bg) < TEXT_MINIMUM
    ]
    assert failing == []
