"""Cut Flutter's icon fonts down to the icons that can actually appear on screen.

The Flet web client ships the whole Material Icons font (1.2 MB, 8,600 glyphs)
and the Cupertino one (200 KB) because a Flet app may name any icon at run
time. Relais names its icons in its own source, so the set is known:

- the icons our Python code names (`ft.Icons.X`, `ft.CupertinoIcons.X`);
- the icons the Flutter framework and the Flet client draw by themselves
  (back arrows, the password eye, dropdown arrows…).

Flet sends an icon as a number: `set << 16 | index`. The client turns the index
into a code point through a table compiled into `main.dart.js`; we read that
table (and the client's own icon references) from the same file, so the code
points always match the client we serve. If the table cannot be read — a new
Flet release minified differently — we keep the full fonts: slower, never blank.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from io import BytesIO
from pathlib import Path

logger = logging.getLogger(__name__)

MATERIAL_FAMILY = "MaterialIcons"
CUPERTINO_FAMILY = "CupertinoIcons"

# `IconData` constants in dart2js output: B.xyz=new A.a(58136,"MaterialIcons",null,!1)
_ICON_CONSTANT = re.compile(r'B\.(\w+)=new A\.\w+\(([\d.e]+),"(MaterialIcons|CupertinoIcons)",')
# Flet's lookup tables: one list literal of at least a thousand such constants.
_ICON_TABLE = re.compile(r"=A\.d\(\[((?:B\.\w+,){1000,}B\.\w+)\]")
_CONSTANT_REFERENCE = re.compile(r"B\.(\w+)\b")
# In our source: `ft.Icons.HOME` or `Icons.HOME`, and the Cupertino equivalents.
_MATERIAL_NAME = re.compile(r"(?<![A-Za-z])Icons\.([A-Z][A-Z0-9_]*)")
_CUPERTINO_NAME = re.compile(r"CupertinoIcons\.([A-Z][A-Z0-9_]*)")


@dataclass(frozen=True)
class IconTables:
    """What the web client knows about icons, read from its compiled code."""

    material: tuple[int, ...]  # Flet index → code point
    cupertino: tuple[int, ...]
    drawn_by_client: dict[str, frozenset[int]]  # family → code points the client uses itself


@dataclass(frozen=True)
class IconNames:
    """Icon names (Flet's enum member names) used by our source code."""

    material: frozenset[str]
    cupertino: frozenset[str]


def flet_icon_values() -> dict[str, dict[str, int]]:
    """Flet's name → number maps, per family, from the installed flet package."""
    material = resources.files("flet.controls.material").joinpath("icons.json")
    cupertino = resources.files("flet.controls.cupertino").joinpath("cupertino_icons.json")
    return {
        MATERIAL_FAMILY: json.loads(material.read_text(encoding="utf-8")),
        CUPERTINO_FAMILY: json.loads(cupertino.read_text(encoding="utf-8")),
    }


def icons_named_in(source_roots: Iterable[Path]) -> IconNames:
    values = flet_icon_values()
    material: set[str] = set()
    cupertino: set[str] = set()
    for root in source_roots:
        for path in sorted(root.rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            material.update(_MATERIAL_NAME.findall(text))
            cupertino.update(_CUPERTINO_NAME.findall(text))
    # Keep only real icon names: `Icons.random()` and friends are not icons.
    return IconNames(
        material=frozenset(material & values[MATERIAL_FAMILY].keys()),
        cupertino=frozenset(cupertino & values[CUPERTINO_FAMILY].keys()),
    )


def read_icon_tables(main_dart_js: str) -> IconTables | None:
    """The client's index → code point tables, or None if they cannot be found safely."""
    constants = {
        name: (int(float(number)), family)
        for name, number, family in _ICON_CONSTANT.findall(main_dart_js)
    }
    values = flet_icon_values()
    expected = {family: len(names) for family, names in values.items()}
    tables: dict[str, tuple[int, ...]] = {}
    in_tables: Counter[str] = Counter()
    for match in _ICON_TABLE.finditer(main_dart_js):
        names = [item.removeprefix("B.") for item in match.group(1).split(",")]
        families = {constants[name][1] for name in names if name in constants}
        if len(families) != 1 or not all(name in constants for name in names):
            continue
        family = families.pop()
        if len(names) == expected[family]:
            tables[family] = tuple(constants[name][0] for name in names)
            in_tables.update(names)
    if set(tables) != set(expected):
        logger.warning("Icon tables not found in main.dart.js: keeping the full icon fonts")
        return None
    # A constant mentioned anywhere besides its definition and the tables is
    # one the framework or the Flet client draws on its own.
    references = Counter(_CONSTANT_REFERENCE.findall(main_dart_js))
    drawn: dict[str, set[int]] = {family: set() for family in expected}
    for name, (code_point, family) in constants.items():
        if references[name] - 1 - in_tables[name] > 0:
            drawn[family].add(code_point)
    return IconTables(
        material=tables[MATERIAL_FAMILY],
        cupertino=tables[CUPERTINO_FAMILY],
        drawn_by_client={family: frozenset(points) for family, points in drawn.items()},
    )


def code_points_to_keep(tables: IconTables, names: IconNames) -> dict[str, frozenset[int]]:
    values = flet_icon_values()
    keep: dict[str, frozenset[int]] = {}
    for family, table, used in (
        (MATERIAL_FAMILY, tables.material, names.material),
        (CUPERTINO_FAMILY, tables.cupertino, names.cupertino),
    ):
        ours = {table[values[family][name] & 0xFFFF] for name in used}
        keep[family] = frozenset(ours | tables.drawn_by_client[family])
    return keep


def subset_font(font_bytes: bytes, code_points: Iterable[int]) -> bytes:
    """The font with only the glyphs for `code_points` (same format, no hinting)."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    logging.getLogger("fontTools.subset").setLevel(logging.WARNING)  # it narrates every table
    options = subset.Options()
    options.hinting = False
    options.glyph_names = False
    options.layout_features = []  # Flutter draws icons by code point, never by ligature.
    options.notdef_outline = True
    font = TTFont(BytesIO(font_bytes))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points))
    subsetter.subset(font)
    output = BytesIO()
    font.save(output)
    return output.getvalue()


def font_code_points(font_bytes: bytes) -> frozenset[int]:
    """The code points a font has glyphs for (used by tests and sanity checks)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(BytesIO(font_bytes)).getBestCmap()
    return frozenset(cmap)
