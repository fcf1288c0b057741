"""The built web release: rewritten client files, cut-down icon fonts, manifest and icons."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest

from app.i18n import translate
from app.paths import ASSETS_DIR
from app.web import icons as web_icons
from app.web.release import (
    CUPERTINO_FONT,
    ICON_SOURCE_DIRS,
    MATERIAL_FONT,
    Release,
    package_web_dir,
    prepare_release,
)
from app.web.shell import page_settings_from_manifest
from services.models import Locale


def fr(key: str) -> str:
    return translate(Locale.FR, key)


def en(key: str) -> str:
    return translate(Locale.EN, key)


# Code points from Flutter's Icons class, written out independently of the
# table we read from the client.
HOME = 0xE318
VISIBILITY = 0xE6BD
ARROW_BACK = 0xE092


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    return prepare_release(page_settings_from_manifest(), tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def icon_tables() -> web_icons.IconTables:
    source = (package_web_dir() / "main.dart.js").read_text(encoding="utf-8")
    tables = web_icons.read_icon_tables(source)
    assert tables is not None, "the Flet client's icon tables could not be read"
    return tables


def served(release: Release, relative: str) -> bytes:
    return release.files[release.base + relative].path.read_bytes()


def test_icon_tables_match_flutter_code_points(icon_tables: web_icons.IconTables) -> None:
    values = web_icons.flet_icon_values()[web_icons.MATERIAL_FAMILY]
    assert len(icon_tables.material) == len(values)
    assert icon_tables.material[values["HOME"] & 0xFFFF] == HOME
    assert icon_tables.material[values["VISIBILITY"] & 0xFFFF] == VISIBILITY
    # The framework draws back arrows itself: they must survive any cut.
    assert ARROW_BACK in icon_tables.drawn_by_client[web_icons.MATERIAL_FAMILY]


def test_icon_names_are_found_in_source(tmp_path: Path) -> None:
    (tmp_path / "view.py").write_text(
        "ft.Icon(ft.Icons.HOME)\nIcons.random()\nft.CupertinoIcons.HEART\nft.Icons.NOT_AN_ICON\n"
    )
    names = web_icons.icons_named_in([tmp_path])
    assert names.material == {"HOME"}
    assert names.cupertino == {"HEART"}


def test_icon_font_keeps_every_icon_the_app_and_client_draw(
    release: Release, icon_tables: web_icons.IconTables
) -> None:
    subset = served(release, MATERIAL_FONT)
    full = (package_web_dir() / MATERIAL_FONT).read_bytes()
    assert len(subset) < len(full) / 20
    names = web_icons.icons_named_in(ICON_SOURCE_DIRS)
    assert names.material, "no icon found in the app's source: the scan is broken"
    wanted = web_icons.code_points_to_keep(icon_tables, names)
    kept = web_icons.font_code_points(subset)
    assert wanted[web_icons.MATERIAL_FAMILY] <= kept
    assert {VISIBILITY, ARROW_BACK} <= kept
    assert wanted[web_icons.CUPERTINO_FAMILY] <= web_icons.font_code_points(
        served(release, CUPERTINO_FONT)
    )


def test_font_manifest_drops_maths_fonts_and_keeps_text_and_icons(release: Release) -> None:
    families = {
        family["family"] for family in json.loads(served(release, "assets/FontManifest.json"))
    }
    assert not any("flutter_math_fork" in family for family in families)
    assert {"MaterialIcons", "Roboto"} <= families


def test_loader_no_longer_registers_flutters_service_worker(release: Release) -> None:
    loader = served(release, "flutter_bootstrap.js")
    original = (package_web_dir() / "flutter_bootstrap.js").read_bytes()
    settings = re.compile(rb"serviceWorkerSettings:\s*\{")
    assert settings.search(original), "Flet's loader changed: revisit web_shell"
    assert not settings.search(loader)
    assert b"_flutter.loader.load(" in loader


def test_page_points_at_the_release_and_asks_no_cdn(release: Release) -> None:
    page = release.app_page.path.read_text(encoding="utf-8")
    assert f'src="{release.base}flutter_bootstrap.js"' in page
    assert f'var RELEASE = "{release.id}"' in page
    assert "flet.noCdn=true" in page
    assert 'flet.webSocketEndpoint="/ws"' in page
    assert '<html lang="fr">' in page
    assert '<link rel="manifest" href="manifest.json">' in page
    assert "loading-animation" not in page
    # The connection notice speaks both languages (the page picks the person's).
    assert fr("pwa.reconnecting") in page and en("pwa.reconnecting") in page
    assert not re.search(r"__[A-Z_]+__", page), "a template placeholder was left in"


def test_service_worker_names_the_release_and_precaches_the_shell(release: Release) -> None:
    worker = release.files["/service_worker.js"].path.read_text(encoding="utf-8")
    assert f'const RELEASE = "{release.id}";' in worker
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker).group(1))  # type: ignore[union-attr]
    assert "/" in precache and "/manifest.json" in precache
    assert release.base + MATERIAL_FONT in precache
    assert all(url in release.files or url == "/" for url in precache)
    assert not re.search(r"__[A-Z_]+__", worker)


def test_same_inputs_give_the_same_release(release: Release) -> None:
    again = prepare_release(page_settings_from_manifest(), release.cache_dir.parent)
    assert again.id == release.id


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_manifest_makes_relais_installable() -> None:
    manifest = json.loads((ASSETS_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["name"] == "Relais" and manifest["short_name"] == "Relais"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["lang"] == "fr"
    assert manifest["theme_color"] and manifest["background_color"]
    assert set(manifest["description_localized"]) == {"fr", "en"}
    purposes = set()
    for icon in manifest["icons"]:
        width, height = _png_size(ASSETS_DIR / icon["src"])
        assert icon["sizes"] == f"{width}x{height}"
        purposes.add((icon["purpose"], width))
    assert {("any", 192), ("any", 512), ("maskable", 192), ("maskable", 512)} <= purposes
