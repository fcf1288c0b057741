"""Command line: `python -m app [migrate | create-coordinator EMAIL | demo | outbox | ...]`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from app.guide.cli import activate_or_explain, add_guide_commands, run_guide_command
from app.settings import Settings, SettingsError, load_settings
from services.local.data_folder import EmbeddedServerError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description=(
            "Relais: peer support, goal diary and procedures guide after a stroke. "
            "Without a sub-command, starts the web app (embedded database unless "
            "SUPABASE_URL and SUPABASE_ANON_KEY are set). Settings: RELAIS_DATA_DIR, "
            "RELAIS_HOST (default 127.0.0.1), RELAIS_PORT (default 8550)."
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("serve", help="start the web app (the default)")
    commands.add_parser("migrate", help="apply pending database migrations")
    coordinator = commands.add_parser(
        "create-coordinator", help="give an existing account the coordinator role"
    )
    coordinator.add_argument("email", help="e-mail of an account that already exists")
    commands.add_parser("demo", help="create demo accounts and print their sign-in details")
    commands.add_parser(
        "outbox", help="print every e-mail Relais wrote (the local mailbox when there is no SMTP)"
    )
    purge = commands.add_parser(
        "purge-inactive",
        help="warn accounts with no visit for 2 years; delete those warned over a month ago",
    )
    purge.add_argument("--dry-run", action="store_true", help="only list; change nothing")
    add_guide_commands(commands)
    return parser


def _migrate(settings: Settings) -> int:
    if not settings.local_mode:
        print(
            "Supabase mode: migrations are pushed with the Supabase CLI from this folder:\n"
            "  supabase link --project-ref <your-project-ref>\n"
            "  supabase db push"
        )
        return 0
    from services.local.migrations import apply_migrations
    from services.local.server import EmbeddedServer

    server = EmbeddedServer(settings.data_dir).start()
    try:
        applied = apply_migrations(server.conninfo())
    finally:
        server.stop()
    print(f"Applied {len(applied)} migration(s)." if applied else "The database is up to date.")
    return 0


def _create_coordinator(settings: Settings, email: str) -> int:
    from services.local import admin

    if not settings.local_mode:
        print("Supabase mode: run this in your project's SQL editor:\n")
        print(admin.sql_to_make_coordinator(email))
        return 0
    from app.backend import start_embedded

    server = start_embedded(settings)
    try:
        done = admin.make_coordinator(server.conninfo(), email)
    finally:
        server.stop()
    if not done:
        print(f"No account uses the e-mail {email!r}. Create the account first.", file=sys.stderr)
        return 1
    # The database tells their open app (profiles_role_notify): no need to sign in again.
    print(f"{email} is now a coordinator; their open app shows the Coordination tab.")
    return 0


def _demo(settings: Settings) -> int:
    if not settings.local_mode:
        print("Demo accounts are for local mode only.", file=sys.stderr)
        return 1
    from app.backend import start_embedded
    from app.demo import DEMO_PASSWORD, create_demo_accounts
    from services.local.gateway import LocalGateway

    server = start_embedded(settings)

    async def run() -> None:
        gateway = await LocalGateway.open(server.conninfo(), pool_size=2)
        try:
            results = await create_demo_accounts(gateway, server.conninfo())
        finally:
            await gateway.close()
        print(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account, created in results:
            state = "created" if created else "already there"
            label = account.becomes or (
                "peer applicant" if account.role == "peer" else account.role
            )
            print(f"  {account.email:<36} {label:<14} {state}")

    try:
        asyncio.run(run())
    finally:
        server.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        return _run(args, settings)
    except EmbeddedServerError as error:
        # A data folder in use, a stale lock, a full disk: one line, no traceback.
        print(f"Relais cannot start: {error}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "migrate":
        return _migrate(settings)
    if args.command == "create-coordinator":
        return _create_coordinator(settings, args.email)
    if args.command == "demo":
        return _demo(settings)
    if args.command == "outbox":
        from app.notifications.cli import print_outbox

        return print_outbox(settings)
    if args.command == "purge-inactive":
        from app.account.purge import purge_inactive

        return purge_inactive(settings, dry_run=args.dry_run)
    if args.command == "guide":
        return run_guide_command(args.guide_action, settings.guide_dir)
    if not activate_or_explain(settings.guide_dir):
        return 1
    from app.server import serve

    return serve(settings)


if __name__ == "__main__":
    sys.exit(main())
