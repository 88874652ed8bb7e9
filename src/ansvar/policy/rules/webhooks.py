"""Rules on webhooks: the endpoints at which other systems are told of decisions and overdue
duties. Running Ansvar's connections to other systems is technical administration (P7), as
accounts are: only a technical administrator of the organisation registers, changes,
removes an endpoint or gives it a new secret, and no policy role gives it.

An endpoint may read as a person ("reads as"): it is then sent what that person may read of
each decision by the log's read rule, never more. Lending an endpoint read rights is
lending one's own: an administrator names themselves, or keeps the person the endpoint
already reads as; being an administrator gives no right to read as anyone else (P7).
"""

from ansvar.policy.decision import Decision
from ansvar.policy.facts import AccountFacts, Facts
from ansvar.policy.rules.accounts import (
    CLAUSES,
    HOLDER_EN,
    HOLDER_SV,
    _administrators_only,
)
from ansvar.policy.rules.common import _allow, _refuse_case
from ansvar.policy.rules.registry import rule

WHAT = ("Webhooks sköts", "Webhooks are managed")


def _reads_as(f: Facts) -> Decision | None:
    """The person the endpoint is to read as: the actor, or whom it reads as already."""
    email = str(f.args.get("reads_as") or "")
    if not email:
        return None
    current = str(f.details.get("reads_as") or "")
    if email != f.actor.email and email != current:
        return _refuse_case(
            f,
            CLAUSES,
            "En mottagare kan läsa som du själv, inte som någon annan: teknisk "
            "administration ger ingen rätt att läsa det andra får läsa (P7).",
            "An endpoint can read as yourself, not as someone else: technical "
            "administration gives no right to read what others may read (P7).",
        )
    person = f.people.get(email)
    if person is not None and not person.active:
        return _refuse_case(
            f,
            CLAUSES,
            f"{person.name} är inte anställd {f.at} och läser ingenting; välj någon annan "
            "eller ingen.",
            f"{person.name} is not employed on {f.at} and reads nothing; choose someone "
            "else or nobody.",
        )
    return None


def _webhook_rule(f: Facts, done_sv: str, done_en: str, *, existing: bool) -> Decision:
    accounts = f.accounts or AccountFacts()
    refused = _administrators_only(f, accounts, WHAT)
    if refused is not None:
        return refused
    if existing and f.details.get("removed"):
        return _refuse_case(
            f,
            CLAUSES,
            f"Mottagare {f.details.get('endpoint')} är borttagen; registrera en ny i stället.",
            f"Endpoint {f.details.get('endpoint')} has been removed; register a new one instead.",
        )
    problem = _reads_as(f)
    if problem is not None:
        return problem
    return _allow(
        f,
        CLAUSES,
        "technical_admin",
        f"Som teknisk administratör {done_sv}; det är teknisk administration och ger ingen "
        "beslutsrätt (P7).",
        f"As a technical administrator you {done_en}; that is technical administration and "
        "gives no decision right (P7).",
    )


@rule("register_webhook", target="org", clauses=CLAUSES, sv=HOLDER_SV, en=HOLDER_EN)
def may_register_webhook(f: Facts) -> Decision:
    return _webhook_rule(
        f,
        "registrerar du en mottagare för webhooks",
        "register a webhook endpoint",
        existing=False,
    )


@rule("change_webhook", target="org", clauses=CLAUSES, sv=HOLDER_SV, en=HOLDER_EN)
def may_change_webhook(f: Facts) -> Decision:
    return _webhook_rule(
        f,
        "ändrar du en mottagare för webhooks",
        "change a webhook endpoint",
        existing=True,
    )


@rule("remove_webhook", target="org", clauses=CLAUSES, sv=HOLDER_SV, en=HOLDER_EN)
def may_remove_webhook(f: Facts) -> Decision:
    return _webhook_rule(
        f,
        "tar du bort en mottagare för webhooks",
        "remove a webhook endpoint",
        existing=True,
    )


@rule("rotate_webhook_secret", target="org", clauses=CLAUSES, sv=HOLDER_SV, en=HOLDER_EN)
def may_rotate_webhook_secret(f: Facts) -> Decision:
    return _webhook_rule(
        f,
        "ger du en mottagare en ny hemlighet",
        "give a webhook endpoint a new secret",
        existing=True,
    )
