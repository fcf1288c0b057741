"""Gather everything that is the person's and pack it as one zip archive.

The data comes from one call to public.export_my_data() under the person's own
session, so row-level security decides what is in it; the account's e-mail
comes from that same session (auth.users is not readable through the API).
Nothing is written to the server's disk: the archive is built in memory and
handed to the browser.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import zipfile
from typing import Any

from services.export.schema import FILES, FORMAT, schema_document
from services.export.summary_pdf import render_summary
from services.export.words import file_title, say
from services.gateway import Gateway
from services.models import AuthSession, Locale


async def collect(gateway: Gateway, session: AuthSession) -> dict[str, Any]:
    """The export document: one key per file of the archive."""
    document = await gateway.rpc(session, "export_my_data")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        # A database without the migration, or a transport that lost the shape:
        # an archive missing half the data must not look complete.
        raise RuntimeError("export_my_data() gave no export document")
    document["account"] = {"id": str(session.user_id), "email": session.email}
    return document


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _readme(document: dict[str, Any], locale: Locale) -> str:
    lines = [
        say(locale, "export.readme.title"),
        say(locale, "export.readme.exported_at", when=document.get("exported_at", "")),
        "",
        say(locale, "export.readme.intro"),
        "",
    ]
    for file in FILES:
        rows = document.get(file.key)
        count = len(rows) if isinstance(rows, list) else int(rows is not None)
        lines.append(f"- {file.file_name}: {file_title(locale, file.key)} ({count})")
    lines += ["", say(locale, "export.readme.schema"), say(locale, "export.readme.left_out"), ""]
    return "\n".join(lines)


def pack(document: dict[str, Any], locale: Locale) -> bytes:
    """The zip: README.txt, schema.json, one JSON file per kind of data, summary.pdf."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(document, locale))
        archive.writestr("schema.json", _json(schema_document()))
        for file in FILES:
            empty: Any = [] if file.shape == "list" else None
            archive.writestr(file.file_name, _json(document.get(file.key, empty)))
        archive.writestr("summary.pdf", render_summary(document, locale))
    return buffer.getvalue()


async def export_archive(gateway: Gateway, session: AuthSession, *, locale: Locale) -> bytes:
    document = await collect(gateway, session)
    # Laying out a long history takes a moment: keep the event loop free for other people.
    return await asyncio.to_thread(pack, document, locale)


def archive_file_name(today: dt.date | None = None) -> str:
    return f"relais-my-data-{(today or dt.date.today()).isoformat()}.zip"
