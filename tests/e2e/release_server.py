"""A one-button Flet app served through Relais's web delivery, for release tests.

`python -m tests.e2e.release_server PORT CACHE_DIR DESCRIPTION` serves it on
127.0.0.1:PORT. Another DESCRIPTION gives another page, hence another release:
the way a test ships "the next version" without touching the repository or
starting a database.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

BUTTON = "Sign in"


def main() -> None:
    port, cache_dir, description = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    os.environ["FLET_WEB_NO_CDN"] = "1"
    import flet as ft
    import flet_web.fastapi as flet_fastapi
    import uvicorn

    from app.web.delivery import with_web_delivery
    from app.web.shell import page_settings_from_manifest

    async def one_button(page: ft.Page) -> None:
        page.add(ft.Button(BUTTON))

    flet_app = flet_fastapi.app(one_button, no_cdn=True)
    page = replace(page_settings_from_manifest(), description=description)
    app = with_web_delivery(flet_app, page, cache_root=cache_dir, compress_in_background=False)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
