"""The small snapshot of facts a rule sees: who holds what, as of one date.

Built by ``ansvar.engine.facts`` from the database for one attempted action; built by hand
in the table-driven tests. Only what the rules need is here, so evaluating a rule never
touches the database.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ansvar.policy.decision import Party


@dataclass(frozen=True, slots=True)
class PersonFacts:
    email: str
    name: str
    active: bool = True
    area: str | None = None  # slug of the business area the person belongs to
    title: str = "consultant"
    manages: frozenset[str] = frozenset()  # slugs of areas this person manages
    leads: frozenset[str] = frozenset()  # slugs of clients this person leads
    is_ceo: bool = False
    on_probation: bool = False
    # The last day of the employment that covers the facts' date, once an end is decided.
    employment_ends_on: date | None = None
    # An area the person moves to after the facts' date (a rotation already decided).
    next_area: str | None = None
    next_area_from: date | None = None
    # For a hire before their first day (not ``active`` yet): that first day. Their ``area``
    # is then the one they were hired into, so its manager holds their AO3/AO4 rights.
    starts_on: date | None = None
    is_system: bool = False  # Ansvar itself, not a person (``SYSTEM``)
    # The person as a decider: made with the facts, as most rule checks name one.
    party: Party = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "party", Party(self.email, self.name))

    @property
    def is_area_manager(self) -> bool:
        return bool(self.manages)


# The system as an actor: no person, no area, no holding. Rules for people refuse it and
# the system's own rules refuse everyone else (``policy.rules.registry.evaluate``).
SYSTEM = PersonFacts(email="", name="Systemet", title="system", is_system=True)


@dataclass(frozen=True, slots=True)
class AreaFacts:
    slug: str
    name: str
    manager: Party | None


@dataclass(frozen=True, slots=True)
class ClientFacts:
    slug: str
    name: str
    lead: Party | None
    members: Mapping[str, str] = field(default_factory=dict)  # e-mail -> role
    status: str = "active"
    # The day its lead ended the collaboration (KA2), whatever the facts' date: once an end
    # is recorded nothing more is decided for the client, neither after it nor dated before.
    ended_on: date | None = None

    @property
    def deputy(self) -> str | None:
        return next((e for e, role in self.members.items() if role == "deputy"), None)


@dataclass(frozen=True, slots=True)
class AssignmentFacts:
    id: int
    client: str  # slug
    title: str
    status: str  # proposed / active / vetoed / closed, as of the facts' date
    proposed_by: str  # e-mail
    window_closes_on: date  # the first day on which the proposal is no longer open
    new_client: bool = False  # a proposed new client rather than an existing client's work
    # Whether the proposer is employed on the facts' date; read for the lapse only.
    proposer_active: bool | None = None


@dataclass(frozen=True, slots=True)
class CriticismFacts:
    id: int
    client: str
    acknowledged: bool
    reported_on: date | None = None


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """For account actions only: the organisation's technical administrators on the date, and
    the log-in of the target person. Technical administration, not a decision right (P7)."""

    administrators: tuple[Party, ...] = ()  # earliest appointed first
    has_account: bool = False  # a log-in exists
    password_set: bool = False  # the person has chosen a password
    account_active: bool = False  # the log-in is not deactivated
    employed_ahead: bool = False  # employed on the date or later (a hire before day one)
    last_day: date | None = None  # the employment's last day, when it has ended
    administrator: bool = False  # the target is a technical administrator
    login_taken: bool = False  # the address is the log-in of someone else (another tenant)


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything one rule evaluation may look at."""

    at: date
    action: str
    target: str
    actor: PersonFacts
    ceo: Party | None
    organisation: str = ""
    area: AreaFacts | None = None  # target area, or the target person's area
    client: ClientFacts | None = None
    person: PersonFacts | None = None  # target person
    assignment: AssignmentFacts | None = None
    criticism: CriticismFacts | None = None
    people: Mapping[str, PersonFacts] = field(default_factory=dict)  # persons named in args
    areas: Mapping[str, AreaFacts] = field(default_factory=dict)  # areas named in args
    args: Mapping[str, Any] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    accounts: AccountFacts | None = None  # only for the account actions
    # What the action's own reader says about the rows its arguments name (the coaching
    # request answered or not, the position open or not): ``engine.registry.Details``.
    details: Mapping[str, Any] = field(default_factory=dict)
