"""One file of the archive: its key in the export document, its shape, sources and fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

WHEN = "when (ISO 8601 date and time, UTC offset included)"
ROW_ID = "identifier of this row"


@dataclass(frozen=True)
class ExportFile:
    key: str  # the key of public.export_my_data()'s document
    shape: Literal["object", "list"]
    sources: tuple[str, ...]  # the tables its rows come from
    fields: dict[str, str]

    @property
    def file_name(self) -> str:
        return f"{self.key}.json"
