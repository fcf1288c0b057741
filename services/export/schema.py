"""The archive's documented schema and the tables it covers.

`FILES` is written into every archive as schema.json, and is the export's half
of the completeness check: tests/db/test_export_completeness.py compares
`SOURCES` with every table of the catalogue that holds a person's rows. Every
field a file carries must be described (a test checks), so a column added
later is documented or the tests fail.
"""

from __future__ import annotations

from typing import Any

from services.export.file_spec import ExportFile
from services.export.schema_personal import PERSONAL_FILES
from services.export.schema_social import SOCIAL_FILES

FORMAT = "relais-export/1"
FILES: tuple[ExportFile, ...] = SOCIAL_FILES + PERSONAL_FILES
SOURCES: frozenset[str] = frozenset(table for file in FILES for table in file.sources)


def schema_document() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "files": {
            file.file_name: {
                "shape": "one object (null when there is none)"
                if file.shape == "object"
                else "a list of objects",
                "from": list(file.sources),
                "fields": file.fields,
            }
            for file in FILES
        },
        "summary.pdf": "a readable summary of the same data, in your language",
    }
