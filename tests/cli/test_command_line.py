"""`python -m app …` as a newcomer runs it: real processes, a real data directory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import demo
from benchmarks._harness import REPO_ROOT, free_port, wait_for_http_200
from services.accounts import auth
from services.local.gateway import LocalGateway
from services.local.server import EmbeddedServer
from services.models import PeerStatus
from services.peer_support import matches as peer_support
from services.peer_support import matching


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("cli") / "data"


def run_app(
    *args: str, data_dir: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RELAIS_DATA_DIR": str(data_dir), **(extra_env or {})}
    for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY"):
        if name not in (extra_env or {}):
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_help_lists_every_command(data_dir: Path) -> None:
    result = run_app("--help", data_dir=data_dir)
    assert result.returncode == 0
    for command in ("migrate", "create-coordinator", "demo", "RELAIS_DATA_DIR"):
        assert command in result.stdout


def test_a_bad_setting_stops_the_start_and_names_the_variable(data_dir: Path) -> None:
    result = run_app(data_dir=data_dir, extra_env={"RELAIS_PORT": "not-a-port"})
    assert result.returncode == 2
    assert "RELAIS_PORT" in result.stderr


def test_migrate_is_safe_to_run_again(data_dir: Path) -> None:
    assert "Applied" in run_app("migrate", data_dir=data_dir).stdout
    assert "up to date" in run_app("migrate", data_dir=data_dir).stdout


def test_migrate_in_supabase_mode_explains_db_push(data_dir: Path) -> None:
    supabase = {"SUPABASE_URL": "https://project.supabase.co", "SUPABASE_ANON_KEY": "k" * 40}
    result = run_app("migrate", data_dir=data_dir, extra_env=supabase)
    assert result.returncode == 0 and "supabase db push" in result.stdout


def test_demo_twice_changes_nothing_the_second_time(data_dir: Path) -> None:
    first = run_app("demo", data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("created") == 6
    second = run_app("demo", data_dir=data_dir)
    assert second.returncode == 0
    assert "created" not in second.stdout and second.stdout.count("already there") == 6


async def test_demo_peers_applied_and_were_approved_by_the_demo_coordinator(
    data_dir: Path,
) -> None:
    assert run_app("demo", data_dir=data_dir).returncode == 0
    server = EmbeddedServer(data_dir).start()
    gateway = await LocalGateway.open(server.conninfo(), pool_size=1)
    try:
        coordinator = await auth.sign_in(
            gateway, email=demo.COORDINATOR_EMAIL, password=demo.DEMO_PASSWORD
        )
        listed = await peer_support.list_applications(gateway, coordinator)
        peers = {a.display_name: a for a in listed}
        for name in ("Pair aidant 1 (démo)", "Pair aidant 2 (démo)"):
            assert peers[name].peer_status is PeerStatus.APPROVED
            assert peers[name].training_completed_on is not None
        assert peers["Candidat pair aidant (démo)"].pending  # one application left to review

        # So the demo survivor who asks for a peer gets a suggestion at once.
        survivor = await auth.sign_in(
            gateway, email="survivant@demo.relais.example", password=demo.DEMO_PASSWORD
        )
        request = await peer_support.request_peer(gateway, survivor, topics=["aphasia"])
        suggested = await matching.suggest_peers(gateway, coordinator, request_id=request.id)
        assert suggested[0].display_name == "Pair aidant 2 (démo)"
    finally:
        await gateway.close()
        server.stop()


def test_create_coordinator(data_dir: Path) -> None:
    run_app("demo", data_dir=data_dir)
    done = run_app("create-coordinator", "aidant@demo.relais.example", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "is now a coordinator; their open app shows the Coordination tab" in done.stdout
    missing = run_app("create-coordinator", "nobody@relais.example", data_dir=data_dir)
    assert missing.returncode == 1 and "No account" in missing.stderr


def test_create_coordinator_in_supabase_mode_prints_the_sql(data_dir: Path) -> None:
    supabase = {"SUPABASE_URL": "https://project.supabase.co", "SUPABASE_ANON_KEY": "k" * 40}
    result = run_app(
        "create-coordinator", "o'hara@relais.example", data_dir=data_dir, extra_env=supabase
    )
    assert "role = 'coordinator'" in result.stdout and "'o''hara@relais.example'" in result.stdout


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_prints_the_url_and_stops_cleanly(data_dir: Path, stop_signal: int) -> None:
    port = free_port()
    env = {**os.environ, "RELAIS_DATA_DIR": str(data_dir), "RELAIS_PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "app"], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert wait_for_http_200(f"http://127.0.0.1:{port}/", 60)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:
            assert b"flutter" in page.read().lower()
    finally:
        process.send_signal(stop_signal)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert f"http://localhost:{port}/" in output
    assert "shut down cleanly" in output
    assert not (data_dir / "pgdata" / "postmaster.pid").exists()
