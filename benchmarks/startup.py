"""Startup and sign-in figures for the embedded default.

Measures, in one run on this machine:
- time from `python -m app` to the first HTTP 200, first start (empty data dir) and warm start;
- sign-in round trip through LocalGateway over 50 sign-ins (p50/p95).
Baselines, measured in the same run: a stock Flet web app of the same version
(no database) from spawn to first 200, and one argon2 password check alone.

Run: python benchmarks/startup.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._harness import free_port, milliseconds, report, time_to_first_200
from services.accounts import auth
from services.local.accounts import hash_password, verify_password
from services.local.gateway import LocalGateway
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer

SIGN_INS = 50
TARGETS = {"warm_start_s": 3.0, "first_start_s": 8.0, "sign_in_p95_ms": 150.0}

STOCK_FLET_APP = """
import os, sys, asyncio
os.environ["FLET_WEB_NO_CDN"] = "1"
import flet as ft, flet_web.fastapi as ff, uvicorn
async def main(page: ft.Page):
    page.add(ft.Text("Hello"))
uvicorn.run(ff.app(main, no_cdn=True), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def app_start_seconds(data_dir: Path) -> float:
    port = free_port()
    env = {**os.environ, "RELAIS_DATA_DIR": str(data_dir), "RELAIS_PORT": str(port)}
    for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY"):
        env.pop(name, None)
    return time_to_first_200([sys.executable, "-m", "app"], env, port)


def stock_flet_start_seconds() -> float:
    port = free_port()
    command = [sys.executable, "-c", STOCK_FLET_APP, str(port)]
    return time_to_first_200(command, dict(os.environ), port)


async def sign_in_durations(conninfo: str) -> tuple[list[float], list[float]]:
    gateway = await LocalGateway.open(conninfo, pool_size=2)
    try:
        email, password = "benchmark@relais.example", "benchmark password"
        await auth.sign_up(
            gateway, email=email, password=password, display_name="Benchmark", role="survivor"
        )
        durations = []
        for _ in range(SIGN_INS):
            started = time.perf_counter()
            await auth.sign_in(gateway, email=email, password=password)
            durations.append(time.perf_counter() - started)
        stored = await hash_password(password)
        checks = []
        for _ in range(SIGN_INS):
            started = time.perf_counter()
            await verify_password(stored, password)
            checks.append(time.perf_counter() - started)
        return durations, checks
    finally:
        await gateway.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="relais-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        first = app_start_seconds(data_dir)
        warm = app_start_seconds(data_dir)
        stock = stock_flet_start_seconds()
        server = EmbeddedServer(data_dir).start()
        try:
            apply_migrations(server.conninfo())
            sign_ins, password_checks = asyncio.run(sign_in_durations(server.conninfo()))
        finally:
            server.stop()

    sign_in = milliseconds(sign_ins)
    argon2 = milliseconds(password_checks)
    figures = {
        "first_start_s": round(first, 2),
        "warm_start_s": round(warm, 2),
        "sign_in_p50_ms": sign_in["p50_ms"],
        "sign_in_p95_ms": sign_in["p95_ms"],
    }
    baselines = {
        "stock_flet_start_s": round(stock, 2),
        "argon2_check_p50_ms": argon2["p50_ms"],
        "argon2_check_p95_ms": argon2["p95_ms"],
    }
    ok = all(figures[name] <= target for name, target in TARGETS.items())
    print(f"first start {first:.2f} s, warm start {warm:.2f} s (stock Flet app: {stock:.2f} s)")
    print(
        f"sign-in p50 {sign_in['p50_ms']} ms, p95 {sign_in['p95_ms']} ms"
        f" (argon2 check alone: p50 {argon2['p50_ms']} ms)"
    )
    report("startup", figures, baselines, TARGETS, ok)


if __name__ == "__main__":
    main()
