"""The demo organisation (a first, small version; see issue 2 for the full generator)."""

import random
from datetime import date
from typing import IO

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ansvar.engine.errors import InvalidInput
from ansvar.org.actions import (
    AreaSpec,
    ClientSpec,
    OrganisationSpec,
    PersonSpec,
    found_organisation,
)
from ansvar.org.models import Organisation

DEMO_SLUG = "demo"
DEMO_PASSWORD = "ansvar-demo"


def build_spec(people: int, seed: int) -> OrganisationSpec:
    rng = random.Random(seed)
    areas = [
        AreaSpec("ledning", "Ledning", "p1@demo.example"),
        AreaSpec("opinion", "Opinion", "p2@demo.example"),
    ]
    persons = [
        PersonSpec(
            f"p{i}@demo.example",
            f"Person {i}",
            "ledning" if i == 1 else "opinion",
            date(2020, 1, 1),
        )
        for i in range(1, people + 1)
    ]
    clients = [
        ClientSpec(f"kund-{i}", f"Kund {i} AB", f"p{rng.randint(2, people)}@demo.example")
        for i in range(1, people)
    ]
    return OrganisationSpec("Demobyrån", "p1@demo.example", persons, areas, clients, slug=DEMO_SLUG)


def load(
    *, people: int, seed: int, force: bool = False, progress: IO[str] | None = None
) -> Organisation:
    with transaction.atomic():
        if Organisation.objects.filter(slug=DEMO_SLUG).exists():
            raise InvalidInput("the demo organisation exists already; use --force", "demo")
        return found_organisation(
            build_spec(people, seed), password_hash=make_password(DEMO_PASSWORD)
        )


def login_help(org: Organisation) -> str:
    return f"Log in with any demo e-mail and the password {DEMO_PASSWORD}."
