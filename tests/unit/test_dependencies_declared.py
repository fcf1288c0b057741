"""Every third-party package the app imports is declared in pyproject.toml.

A package that arrives only as someone else's dependency can vanish or change
under us when that other package moves; declaring it pins what we rely on.
Modules are parsed, not imported, so imports inside functions count too.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("app", "components", "services")


def _normalised(distribution: str) -> str:
    # PEP 503: "PyYAML", "pyyaml" and "py_yaml" name one distribution.
    return re.sub(r"[-_.]+", "-", distribution).lower()


def declared_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        assert match, f"cannot read the requirement {requirement!r}"
        names.add(_normalised(match.group(1)))
    return names


def imported_top_level_names() -> dict[str, str]:
    """Top-level import name -> the first place importing it, for absolute imports."""
    found: dict[str, str] = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(name.split(".")[0], where)
    return found


def third_party(names: dict[str, str]) -> dict[str, str]:
    ours = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists()}
    return {
        name: where
        for name, where in names.items()
        if name not in sys.stdlib_module_names and name not in ours and name != "__future__"
    }


def test_the_walk_finds_the_packages_we_know_we_use() -> None:
    # Guards the test itself: finding nothing would pass for the wrong reason.
    assert {"flet", "pydantic", "psycopg"} <= set(third_party(imported_top_level_names()))


def test_every_imported_third_party_package_is_declared() -> None:
    declared = declared_distributions()
    providers = packages_distributions()
    undeclared: list[str] = []
    unknown: list[str] = []
    for name, where in sorted(third_party(imported_top_level_names()).items()):
        distributions = {_normalised(d) for d in providers.get(name, [])}
        if not distributions:
            unknown.append(f"{name} ({where}): no installed distribution provides it")
        elif not distributions & declared:
            undeclared.append(f"{name} ({where}): add {' or '.join(sorted(distributions))}")
    assert not unknown, "imports nothing installed provides:\n  " + "\n  ".join(unknown)
    assert not undeclared, (
        "imported but not in [project] dependencies of pyproject.toml:\n  "
        + "\n  ".join(undeclared)
    )
