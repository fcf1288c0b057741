"""`python -m app guide …` and the guide's part of starting the app.

The content is checked before anything else starts: a broken YAML file must
stop the app with a report naming the file and the field, not show half a
procedure to someone who relies on it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from services.guide import content as guide_content
from services.guide.report import GuideContentError


def add_guide_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    guide = commands.add_parser("guide", help="check the procedures guide's content")
    actions = guide.add_subparsers(dest="guide_action", metavar="ACTION", required=True)
    actions.add_parser(
        "check",
        help="validate assets/guide/<lang>/*.yaml; print the report; exit 1 on any error",
    )
    actions.add_parser(
        "sync-sql",
        help="print the SQL that registers the guide's step ids in a Supabase database",
    )


def run_guide_command(action: str, guide_dir: Path) -> int:
    report, catalogue = guide_content.check_content(guide_dir)
    if action == "check" or catalogue is None:
        print(report.render(), file=sys.stdout if report.ok else sys.stderr)
        return 0 if report.ok else 1
    from services.local.guide_catalogue import sync_sql

    print("-- Run in the Supabase SQL editor after `supabase db push`, and after every")
    print("-- change to assets/guide: it registers the ids the database accepts.")
    print(sync_sql(catalogue))
    return 0


def activate_or_explain(guide_dir: Path) -> bool:
    """Load the content for this process; on error print the report and say no."""
    try:
        guide_content.activate(guide_dir)
    except GuideContentError as error:
        print("Relais cannot start: the procedures guide's content is invalid.", file=sys.stderr)
        print(error.report.render(), file=sys.stderr)
        print("Fix the files above, then check with: python -m app guide check", file=sys.stderr)
        return False
    return True
