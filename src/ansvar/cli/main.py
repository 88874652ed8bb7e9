"""The ``ansvar`` command: thin wrappers over selectors and actions. No rules here."""

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

Command = Callable[[argparse.Namespace], int]

# Modules that add sub-commands: each has register(subparsers).
COMMAND_MODULES = [
    "ansvar.cli.core",
    "ansvar.cli.duties",
    "ansvar.cli.clients",
    "ansvar.cli.log",
    "ansvar.cli.policy",
    "ansvar.cli.docs",
    "ansvar.cli.people",
    "ansvar.cli.intake",
    "ansvar.cli.backup",
    "ansvar.cli.exports",
    "ansvar.cli.tokens",
    "ansvar.cli.admin",
    "ansvar.cli.notify",
    "ansvar.cli.webhooks",
]


class CommandError(Exception):
    """A message for the user; the command exits with status 2."""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansvar.config.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="ansvar",
        description="Ansvar: who decides what, who must do what by when, and a decision log.",
    )
    parser.add_argument("--org", help="organisation slug (default: the only one)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from django.core.exceptions import ImproperlyConfigured

    try:
        setup_django()
    except ImproperlyConfigured as error:  # a missing production setting, named
        print(f"ansvar: {error}", file=sys.stderr)
        return 2
    from django.db.utils import OperationalError, ProgrammingError

    from ansvar.engine import door
    from ansvar.engine.errors import AnsvarError, PolicyRefused

    try:
        # A command is an operator's tool: its decisions name who ran it on this machine.
        with door.entered(door.cli(_operating_system_user())):
            return int(args.func(args) or 0)
    except PolicyRefused as refused:
        print(
            f"ansvar: nekat / refused ({', '.join(refused.decision.clauses)}): "
            f"{refused.decision.reason_sv}",
            file=sys.stderr,
        )
        return 3
    except (AnsvarError, CommandError) as error:
        print(f"ansvar: {error}", file=sys.stderr)
        return 2
    except (OperationalError, ProgrammingError):
        if not _database_unmigrated():
            raise
        print(
            "ansvar: databasen är inte uppsatt; kör `ansvar init` först / the database is not "
            "set up; run `ansvar init` first",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head and the like
        sys.stderr.close()
        return 0


def _database_unmigrated() -> bool:
    """Whether the database lacks Ansvar's tables (``ansvar init`` never ran against it)."""
    from django.db import connection

    try:
        return "org_organisation" not in connection.introspection.table_names()
    except Exception:
        return False


# --- helpers shared by the command modules -------------------------------------------------


def organisation(args: argparse.Namespace) -> Any:
    from ansvar.org.models import Organisation

    if args.org:
        org = Organisation.objects.filter(slug=args.org).first()
        if org is None:
            raise CommandError(f"there is no organisation {args.org!r}")
        return org
    orgs = list(Organisation.objects.order_by("id")[:2])
    if not orgs:
        raise CommandError("there is no organisation yet: run 'ansvar demo' or import one")
    if len(orgs) > 1:
        raise CommandError("there are several organisations: name one with --org SLUG")
    return orgs[0]


def _operating_system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "?"


def parse_at(value: str | None) -> date:
    from django.utils import timezone

    if value is None:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--at: {value!r} is not a date (YYYY-MM-DD)") from None


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str))


if __name__ == "__main__":
    sys.exit(main())
