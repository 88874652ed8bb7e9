"""ansvar worker: the django.tasks worker that sends the outbox's e-mail and the webhooks."""

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "worker",
        help="send e-mail and webhooks as decisions are made: the django.tasks database worker",
    )
    p.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks at the queue (1)"
    )
    p.add_argument("--batch", action="store_true", help="run what is queued, then stop")
    p.set_defaults(func=cmd_worker)


def cmd_worker(args: argparse.Namespace) -> int:
    """Queue one delivery of each first, so that what was recorded while no worker ran goes
    out."""
    from django.core.management import call_command

    from ansvar.cli.main import CommandError
    from ansvar.notify.tasks import deliver
    from ansvar.webhooks.tasks import deliver as deliver_webhooks

    if args.interval < 0:
        raise CommandError("--interval: seconds cannot be negative")
    deliver.enqueue()
    deliver_webhooks.enqueue()
    call_command(
        "db_worker",
        queue_name="default",
        interval=args.interval,
        batch=args.batch,
        reload=False,
        startup_delay=False,
    )
    return 0
