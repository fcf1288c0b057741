"""Guide figures: loading the content, searching it, opening a procedure on the server.

Measures, in one run on this machine:
- loading and validating every YAML file in both languages, as at start: a fresh Python
  process per run (pydantic and PyYAML already imported, as they are when the app reaches
  this point; our models, checks and files cold), and again in-process;
- search over the whole catalogue: 40 queries (accents, typos, both languages), p50/p95,
  each query word's match cache emptied first so every query pays full price;
- opening a procedure server side: the procedure from the catalogue plus the person's
  checklist read under their identity through LocalGateway (embedded PostgreSQL), plus
  building the procedure screen's controls when the UI module is present.
Baselines, same run: plain yaml.safe_load of the same files (no validation), a naive
substring search over the same text, and one `select` round trip through the gateway.

Run: python benchmarks/guide.py
"""

from __future__ import annotations

import asyncio
import importlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._harness import REPO_ROOT, milliseconds, percentile, report
from services.guide import progress as guide_progress
from services.guide.content import DEFAULT_GUIDE_DIR, GuideCatalogue, load_catalogue
from services.guide.search import GuideSearchIndex, normalise
from services.local.gateway import LocalGateway
from services.local.guide_catalogue import sync_guide_catalogue
from services.local.migrations import apply_migrations
from services.local.server import EmbeddedServer
from tests.factories import make_user

LOAD_RUNS = 7
SEARCH_ROUNDS = 25
OPEN_RUNS = 60
TARGETS = {"load_ms": 500.0, "search_p95_ms": 20.0, "open_procedure_p95_ms": 100.0}

QUERIES = [
    "mdph", "MDPH", "allocation adulte handicape", "allocation adulte handicapé", "permis",
    "aidant", "caregiver", "mdhp", "ajap", "rqht", "alocation adulte handicapé",
    "permi de conduir", "carer allowance", "tutelle", "guardianship", "mutuelle", "taxi",
    "douche", "arret maladie", "arrêt de travail", "retour au travail", "directives anticipees",
    "disabled parking", "handicpe", "pension invalidite", "complementaire sante solidaire",
    "temps partiel therapeutique", "carte mobilite inclusion", "sick note", "stairlift",
    "trusted person", "personne de confiance", "apa", "perte d'autonomie", "congé proche aidant",
    "medecin agree prefecture", "cerfa 15692", "curatelle", "xyzzy", "logement adapté",
]  # fmt: skip

# The libraries are imported before the clock starts: the app has loaded them anyway
# (settings use pydantic) by the time it reads the guide. Our own modules are not.
LOAD_ONE = """
import sys, time, pathlib
import pydantic, yaml
sys.path.insert(0, {root!r})
started = time.perf_counter()
{work}
print(time.perf_counter() - started)
"""
VALIDATED = "from services.guide.content import load_catalogue; load_catalogue()"
PLAIN_YAML = (
    "for p in sorted(pathlib.Path({guide!r}).rglob('*.yaml')): yaml.safe_load(p.read_text())"
)


def cold_seconds(work: str) -> float:
    """Seconds for `work` in a fresh interpreter, imports included (what a start pays)."""
    script = LOAD_ONE.format(root=str(REPO_ROOT), work=work.format(guide=str(DEFAULT_GUIDE_DIR)))
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    return float(output.stdout.strip().splitlines()[-1])


def naive_search(texts: dict[str, str], query: str) -> list[str]:
    needle = normalise(query).strip()
    return [pid for pid, text in texts.items() if needle and needle in text]


def search_durations(catalogue: GuideCatalogue) -> tuple[list[float], list[float]]:
    index = GuideSearchIndex(catalogue)
    texts = {
        pid: normalise(
            " ".join(
                p.model_dump_json()
                for lang in catalogue.languages
                if (p := catalogue.procedure(lang, pid))
            )
        )
        for pid in catalogue.procedure_ids
    }
    ours, naive = [], []
    for _ in range(SEARCH_ROUNDS):
        for query in QUERIES:
            index._match_cache.clear()  # every query pays for its fuzzy matching
            started = time.perf_counter()
            index.search(query)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            naive_search(texts, query)
            naive.append(time.perf_counter() - started)
    return ours, naive


def _build_screen() -> Callable[..., object] | None:
    """The procedure screen's builder, if the UI has landed (it has no database access)."""
    try:
        module = importlib.import_module("app.guide.sections")
    except ImportError:
        return None
    build: Callable[..., object] = module.procedure_controls
    return build


async def open_durations(
    conninfo: str, catalogue: GuideCatalogue
) -> tuple[list[float], list[float]]:
    gateway = await LocalGateway.open(conninfo, pool_size=2)
    try:
        person = await make_user(gateway, role="caregiver")
        for step in ("check-conditions", "employer-leave"):
            await guide_progress.set_step(
                gateway, person, owner_id=person.user_id, procedure_id="ajpa", step_id=step,
                done=True, catalogue=catalogue,
            )  # fmt: skip
        build = _build_screen()
        opened, round_trips = [], []
        for _ in range(OPEN_RUNS):
            started = time.perf_counter()
            procedure = catalogue.procedure("en", "ajpa")
            progress = await guide_progress.get_progress(
                gateway, person, owner_id=person.user_id, procedure_id="ajpa"
            )
            if build is not None:
                build(procedure, progress)
            opened.append(time.perf_counter() - started)
            started = time.perf_counter()
            await gateway.select(person, "profiles", eq={"id": str(person.user_id)})
            round_trips.append(time.perf_counter() - started)
        return opened, round_trips
    finally:
        await gateway.close()


def main() -> None:
    validated = [cold_seconds(VALIDATED) for _ in range(LOAD_RUNS)]
    plain = [cold_seconds(PLAIN_YAML) for _ in range(LOAD_RUNS)]
    warm = []
    for _ in range(LOAD_RUNS):
        started = time.perf_counter()
        catalogue = load_catalogue()
        warm.append(time.perf_counter() - started)
    print(f"content: {len(catalogue.procedure_ids)} procedures per language")
    print(f"load + validate (fresh process): median {statistics.median(validated) * 1000:.0f} ms")
    print(f"plain yaml.safe_load (fresh process): median {statistics.median(plain) * 1000:.0f} ms")
    print(f"load + validate, imports already done: median {statistics.median(warm) * 1000:.0f} ms")

    ours, naive = search_durations(catalogue)
    print(f"search: {milliseconds(ours)}; naive substring: {milliseconds(naive)}")

    with tempfile.TemporaryDirectory(prefix="relais-bench-") as data_dir:
        server = EmbeddedServer(Path(data_dir)).start()
        try:
            apply_migrations(server.conninfo())
            sync_guide_catalogue(server.conninfo(), catalogue)
            opened, round_trips = asyncio.run(open_durations(server.conninfo(), catalogue))
        finally:
            server.stop()
    screen = "with screen controls" if _build_screen() else "data only (no UI module yet)"
    print(f"open procedure ({screen}): {milliseconds(opened)}; select: {milliseconds(round_trips)}")

    figures = {
        "procedures_per_language": float(len(catalogue.procedure_ids)),
        "load_ms": round(statistics.median(validated) * 1000, 1),
        "load_in_process_ms": round(statistics.median(warm) * 1000, 1),
        "search_p50_ms": milliseconds(ours)["p50_ms"],
        "search_p95_ms": milliseconds(ours)["p95_ms"],
        "open_procedure_p50_ms": milliseconds(opened)["p50_ms"],
        "open_procedure_p95_ms": milliseconds(opened)["p95_ms"],
    }
    baselines = {
        "plain_yaml_load_ms": round(statistics.median(plain) * 1000, 1),
        "naive_search_p95_ms": round(percentile(naive, 0.95) * 1000, 3),
        "select_round_trip_p95_ms": milliseconds(round_trips)["p95_ms"],
    }
    ok = all(figures[name] <= target for name, target in TARGETS.items())
    report("guide", figures, baselines, TARGETS, ok)


if __name__ == "__main__":
    main()
