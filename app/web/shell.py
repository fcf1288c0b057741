"""The few web-client files Relais rewrites: the page, the loader, the font list, the worker.

Each rewrite replaces text it expects to find exactly once and fails loudly
otherwise, so a Flet upgrade that changes these files stops the build (and the
tests) instead of silently serving a half-patched client.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.paths import ASSETS_DIR

PWA_TEMPLATES_DIR = ASSETS_DIR / "pwa"
RELEASE_PREFIX = "/_v/"
SERVICE_WORKER_URL = "/service_worker.js"
# Fonts only Markdown's LaTeX extension uses; Relais never renders maths.
_UNUSED_FONT_FAMILY_PREFIXES = ("packages/flutter_math_fork/",)
# What boot.js says about the connection, in assets/locales/<lang>/pwa.json.
PAGE_TEXT_KEYS = ("pwa.reconnecting", "pwa.reconnecting_detail", "pwa.back_online")
_LOADER_SERVICE_WORKER = re.compile(r"\n\s*serviceWorkerSettings:\s*\{[^{}]*\},")


class ShellPatchError(RuntimeError):
    """A web-client file no longer looks the way this module expects."""


@dataclass(frozen=True)
class PageSettings:
    title: str
    description: str
    lang: str
    theme_color: str
    background_color: str


def page_texts() -> dict[str, dict[str, str]]:
    """The page's own sentences (the connection banner), per language, from the catalogues."""
    from app.i18n import load_catalogue
    from services.models import Locale

    return {
        locale.value: {key: load_catalogue(locale)[key] for key in PAGE_TEXT_KEYS}
        for locale in Locale
    }


def release_base(release: str) -> str:
    return f"{RELEASE_PREFIX}{release}/"


def _replace_once(text: str, old: str, new: str, what: str) -> str:
    count = text.count(old)
    if count != 1:
        raise ShellPatchError(f"{what}: expected {old!r} once, found it {count} times")
    return text.replace(old, new)


def build_index_html(
    template: str,
    release: str,
    page: PageSettings,
    preload_fonts: list[str],
    texts: dict[str, dict[str, str]],
) -> str:
    """Flet's index.html, configured by Flet's own patcher, then pointed at the release."""
    from flet.controls.types import RouteUrlStrategy, WebRenderer
    from flet_web import patch_index_html

    with tempfile.TemporaryDirectory(prefix="relais-index-") as scratch:
        path = Path(scratch) / "index.html"
        path.write_text(template, encoding="utf-8")
        patch_index_html(
            index_path=str(path),
            base_href="/",
            websocket_endpoint_path="/ws",
            app_name=page.title,
            app_description=page.description,
            web_renderer=WebRenderer.AUTO,
            route_url_strategy=RouteUrlStrategy.PATH,
            no_cdn=True,
        )
        html = path.read_text(encoding="utf-8")

    base = release_base(release)
    boot = (PWA_TEMPLATES_DIR / "boot.js").read_text(encoding="utf-8")
    boot = _replace_once(boot, "__RELEASE__", release, "boot.js")
    boot = _replace_once(boot, "__PRELOAD_FONTS__", json.dumps(preload_fonts), "boot.js")
    boot = _replace_once(
        boot, "__CONNECTION_TEXTS__", json.dumps(texts, ensure_ascii=False), "boot.js"
    )
    # The page's half of notifications: one script, so it runs before Flutter does.
    boot += "\n" + (PWA_TEMPLATES_DIR / "push.js").read_text(encoding="utf-8")
    what = "index.html"
    html = _replace_once(html, "<html>", f'<html lang="{page.lang}">', what)
    html = _replace_once(
        html,
        '<meta charset="UTF-8">',
        f'<meta charset="UTF-8">\n  <meta name="theme-color" content="{page.theme_color}">',
        what,
    )
    html = _replace_once(
        html,
        '<script src="python.js"></script>',
        # python.js only serves in-browser Python (not used when served): it need not
        # hold up the page.
        f'<script>\n{boot}  </script>\n  <script src="{base}python.js" defer></script>',
        what,
    )
    html = _replace_once(
        html, 'src="flutter_bootstrap.js"', f'src="{base}flutter_bootstrap.js"', what
    )
    # Flet's loading screen shows Flet's logo on white; show ours on our background.
    html = _replace_once(
        html, 'src="icons/loading-animation.png"', 'src="icons/icon-192.png"', what
    )
    html = _replace_once(
        html, "background: #ffffff;", f"background: {page.background_color};", what
    )
    html = _replace_once(
        html, "background: #222222;", f"background: {page.background_color};", what
    )
    return html


def build_flutter_bootstrap(source: str) -> str:
    """The Flutter loader without its deprecated service-worker step.

    Left in, it would re-register `flutter_service_worker.js` over ours as soon
    as any worker is registered for the site.
    """
    patched, count = _LOADER_SERVICE_WORKER.subn("", source)
    if count != 1:
        raise ShellPatchError(f"flutter_bootstrap.js: serviceWorkerSettings found {count} times")
    return patched


def font_files(font_manifest: str) -> list[str]:
    """The font list and every font in it, as paths under the release (all loaded at start)."""
    assets = [font["asset"] for family in json.loads(font_manifest) for font in family["fonts"]]
    return ["assets/FontManifest.json"] + [f"assets/{asset}" for asset in assets]


def build_font_manifest(source: str) -> str:
    """Flutter's font list without the maths fonts, plus Roboto (as Flet's no-CDN mode adds)."""
    families = json.loads(source)
    kept = [
        family
        for family in families
        if not str(family.get("family", "")).startswith(_UNUSED_FONT_FAMILY_PREFIXES)
    ]
    kept.append({"family": "Roboto", "fonts": [{"asset": "fonts/roboto.woff2"}]})
    return json.dumps(kept, separators=(",", ":"))


def build_service_worker(release: str, precache: list[str], fixed_urls: list[str]) -> str:
    template = (PWA_TEMPLATES_DIR / "service_worker.js").read_text(encoding="utf-8")
    for placeholder, value in (
        ("__RELEASE__", release),
        ("__PRECACHE__", json.dumps(precache)),
        ("__FIXED_URLS__", json.dumps(fixed_urls)),
    ):
        template = _replace_once(template, placeholder, value, "service_worker.js")
    return template


def page_settings_from_manifest(manifest_path: Path = ASSETS_DIR / "manifest.json") -> PageSettings:
    """The page's title, description and colours, from the one place that states them."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return PageSettings(
        title=manifest["name"],
        description=manifest["description"],
        lang=manifest["lang"],
        theme_color=manifest["theme_color"],
        background_color=manifest["background_color"],
    )
