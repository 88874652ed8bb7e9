"""Rules on a person: their line manager's rights (AO3, AO4), coaching (AO5), promotion
(VD4) and the competence register (KA6)."""

from datetime import date

from ansvar.policy import roles
from ansvar.policy.decision import Decision, Party
from ansvar.policy.facts import Facts, PersonFacts
from ansvar.policy.rules.common import (
    _allow,
    _ceo_right_plain,
    _refuse,
    _refuse_case,
)
from ansvar.policy.rules.registry import rule


def line_manager(f: Facts, person: PersonFacts) -> Party | None:
    """Who holds AO3/AO4 rights over the target person (``policy.roles.line_manager``);
    ``f.area`` is their area, or for a hire before day one the area they were hired into."""
    return roles.line_manager(
        is_ceo=person.is_ceo,
        is_area_manager=person.is_area_manager,
        area_manager=f.area.manager if f.area is not None else None,
        ceo=f.ceo,
    )


def _manager_right(
    f: Facts,
    clause: str,
    sv: str,
    en: str,
    *,
    self_ok: bool = False,
    employed: str | None = "now",
) -> Decision:
    """The line manager's right over a person (AO3, AO4). ``employed``: the person must be
    employed on the day ("now"), or may also be a hire before day one ("hired"); None for a
    read of their records, which outlive the employment."""
    person = f.person
    assert person is not None, "manager rules need a person target"
    manager = roles.line_manager(  # as ``line_manager`` below, without its call
        is_ceo=person.is_ceo,
        is_area_manager=bool(person.manages),
        area_manager=f.area.manager if f.area is not None else None,
        ceo=f.ceo,
    )
    decision = _line_manager_right(f, person, manager, clause, sv, en, self_ok)
    if not decision.allowed or employed is None or person.active:
        return decision
    if employed == "hired" and person.starts_on is not None:
        return decision
    if person.starts_on is not None:
        return _refuse_case(
            f, (clause,), why=_before_first_day, of=(person.name, person.starts_on, clause)
        )
    return _refuse_case(f, (clause,), why=_not_employed_on, of=(person.name, f.at, clause))


def _before_first_day(name: str, starts_on: date, clause: str) -> tuple[str, str]:
    return (
        f"{name} börjar först {starts_on}; det kan inte ske före första dagen ({clause}).",
        f"{name} starts on {starts_on}; that cannot happen before their first day ({clause}).",
    )


def _not_employed_on(name: str, at: date, clause: str) -> tuple[str, str]:
    return (
        f"{name} är inte anställd {at}; det beslutet fattas bara om den som är anställd "
        f"({clause}).",
        f"{name} is not employed on {at}; that decision is only about someone employed ({clause}).",
    )


def _line_manager_right(
    f: Facts,
    person: PersonFacts,
    manager: Party | None,
    clause: str,
    sv: str,
    en: str,
    self_ok: bool,
) -> Decision:
    if not self_ok and person.email == f.actor.email:
        return _refuse(f, (clause,), manager, why=_not_for_oneself, of=(manager, clause, sv, en))
    if manager is None:
        return _refuse(f, (clause,), None, why=_the_board, of=(clause,))
    if f.actor.email == manager.email:
        return _allow(
            f,
            (clause,),
            "ceo" if f.actor.is_ceo else "area_manager",
            why=_as_line_manager,
            of=(person.name, clause, sv, en),
        )
    return _refuse(
        f, (clause,), manager, why=_only_the_manager, of=(person.name, manager.name, clause, sv, en)
    )


def _not_for_oneself(manager: Party | None, clause: str, sv: str, en: str) -> tuple[str, str]:
    return (
        f"Ingen får {sv} för sig själv ({clause}); "
        + (f"det gör {manager.name}." if manager else "för vd beslutar styrelsen."),
        f"Nobody may {en} for themself ({clause}); "
        + (f"{manager.name} does." if manager else "for the CEO the board decides."),
    )


def _the_board(clause: str) -> tuple[str, str]:
    return (
        f"För vd beslutar styrelsen, utanför Ansvar ({clause}).",
        f"For the CEO the board decides, outside Ansvar ({clause}).",
    )


def _as_line_manager(name: str, clause: str, sv: str, en: str) -> tuple[str, str]:
    return (
        f"Du är {name}s lönesättande chef och får {sv} ({clause}).",
        f"You are {name}'s line manager and may {en} ({clause}).",
    )


def _only_the_manager(name: str, manager: str, clause: str, sv: str, en: str) -> tuple[str, str]:
    return (
        f"Bara {name}s chef, {manager}, får {sv} ({clause}).",
        f"Only {name}'s manager, {manager}, may {en} ({clause}).",
    )


@rule(
    "set_salary",
    target="person",
    clauses=("AO3",),
    sv="personens affärsområdeschef; vd för en affärsområdeschef",
    en="the person's area manager; the CEO for an area manager",
)
def may_set_salary(f: Facts) -> Decision:
    """A salary may be set for a hire before their first day (the offer's salary)."""
    return _manager_right(f, "AO3", "sätta lön", "set the salary", employed="hired")


@rule(
    "view_salary",
    target="person",
    clauses=("AO3",),
    sv="personen själv, dess chef och vd",
    en="the person, their manager and the CEO",
)
def may_view_salary(f: Facts) -> Decision:
    return _self_ceo_or_manager(
        f,
        ("Du får se din egen lön (AO3).", "You may see your own salary (AO3)."),
        ("Vd får se alla löner (AO3).", "The CEO may see every salary (AO3)."),
        ("se lönen", "see the salary"),
    )


def _self_ceo_or_manager(
    f: Facts, own: tuple[str, str], as_ceo: tuple[str, str], what: tuple[str, str]
) -> Decision:
    """AO3 reads: the person themself, the CEO, or the person's line manager."""
    person = f.person
    assert person is not None
    if person.email == f.actor.email:
        return _allow(f, ("AO3",), "self", *own)
    if f.ceo is not None and f.actor.email == f.ceo.email:
        return _allow(f, ("AO3",), "ceo", *as_ceo)
    return _manager_right(f, "AO3", *what, employed=None)


@rule(
    "record_development_talk",
    target="person",
    clauses=("AO3",),
    sv="personens affärsområdeschef",
    en="the person's area manager",
)
def may_record_development_talk(f: Facts) -> Decision:
    return _manager_right(f, "AO3", "hålla utvecklingssamtal", "hold the development talk")


@rule(
    "record_probation_follow_up",
    target="person",
    clauses=("AO4",),
    sv="personens affärsområdeschef",
    en="the person's area manager",
)
def may_record_probation_follow_up(f: Facts) -> Decision:
    decision = _manager_right(f, "AO4", "hålla uppföljningssamtal", "hold the follow-up talk")
    if decision.allowed and f.details.get("on_probation_on_held_on") is False:
        assert f.person is not None
        held_on = f.args.get("held_on")
        return _refuse_case(
            f,
            ("AO4",),
            f"{f.person.name} var inte provanställd {held_on}; uppföljningssamtalen hör till "
            "provanställningen (AO4).",
            f"{f.person.name} was not on probation on {held_on}; follow-up talks belong to the "
            "probation (AO4).",
        )
    return decision


@rule(
    "answer_coaching",
    target="person",
    clauses=("AO5",),
    sv="chefen som tillfrågades",
    en="the manager who was asked",
)
def may_answer_coaching(f: Facts) -> Decision:
    manager = f.person
    assert manager is not None
    if manager.email == f.actor.email:
        answered_on = f.details.get("answered_on")
        requested_on = f.details.get("requested_on")
        request = f.args.get("request")
        if answered_on is not None:
            return _refuse_case(
                f,
                ("AO5",),
                f"Förfrågan {request} besvarades redan {answered_on}.",
                f"Request {request} was answered on {answered_on} already.",
            )
        if requested_on is not None and f.at < requested_on:
            return _refuse_case(
                f,
                ("AO5",),
                f"Förfrågan {request} gjordes {requested_on}, efter {f.at}.",
                f"Request {request} was made on {requested_on}, after {f.at}.",
            )
        return _allow(
            f,
            ("AO5",),
            "area_manager",
            "Du svarar på en coachningsförfrågan till dig (AO5).",
            "You answer a coaching request made to you (AO5).",
        )
    return _refuse(
        f,
        ("AO5",),
        manager.party,
        f"Förfrågan gäller {manager.name}; bara {manager.name} svarar (AO5).",
        f"The request was made to {manager.name}; only they answer it (AO5).",
    )


@rule(
    "view_talk_notes",
    target="person",
    clauses=("AO3", "AO4"),
    sv="personen själv, dess chef och vd",
    en="the person, their manager and the CEO",
)
def may_view_talk_notes(f: Facts) -> Decision:
    return _self_ceo_or_manager(
        f,
        ("Du får läsa dina egna samtal.", "You may read your own talks."),
        ("Vd får läsa samtalsanteckningar.", "The CEO may read talk notes."),
        ("läsa samtalsanteckningarna", "read the talk notes"),
    )


@rule(
    "request_coaching",
    target="person",
    clauses=("AO5",),
    sv="en konsult i chefens affärsområde",
    en="a consultant of that manager's area",
)
def may_request_coaching(f: Facts) -> Decision:
    manager = f.person
    assert manager is not None
    if (
        f.actor.area is not None
        and f.actor.area in manager.manages
        and manager.email != f.actor.email
    ):
        return _allow(
            f,
            ("AO5",),
            "consultant",
            f"{manager.name} är din affärsområdeschef och finns till hands (AO5).",
            f"{manager.name} is your area manager and is there for you (AO5).",
        )
    return _refuse(
        f,
        ("AO5",),
        None,
        f"{manager.name} är inte din affärsområdeschef; be din egen chef (AO5).",
        f"{manager.name} is not your area manager; ask your own (AO5).",
    )


@rule(
    "set_skill",
    target="person",
    clauses=("KA6",),
    sv="personen själv",
    en="the person themself",
)
def may_set_skill(f: Facts) -> Decision:
    person = f.person
    assert person is not None, "set_skill needs a person target"
    if person.email == f.actor.email:
        return _allow(
            f,
            ("KA6",),
            "self",
            "Du håller själv din kompetensprofil aktuell; alla kan se den (KA6).",
            "You keep your own competence profile up to date; everyone can see it (KA6).",
        )
    return _refuse(
        f,
        ("KA6",),
        person.party,
        f"Bara {person.name} själv för in sina kompetenser (KA6).",
        f"Only {person.name} records their own skills (KA6).",
    )


@rule("promote_to_senior", target="person", clauses=("VD4",), sv="vd", en="the CEO")
def may_promote_to_senior(f: Facts) -> Decision:
    decision = _ceo_right_plain(
        f, "VD4", "befordra till seniorkonsult", "promote to senior consultant"
    )
    if decision.allowed and f.person is not None and not f.person.active:
        return _refuse_case(
            f,
            ("VD4",),
            f"{f.person.name} är inte anställd {f.at} och kan inte befordras.",
            f"{f.person.name} is not employed on {f.at} and cannot be promoted.",
        )
    if decision.allowed and f.person is not None and f.person.title == "senior":
        return _refuse_case(
            f,
            ("VD4",),
            f"{f.person.name} är redan seniorkonsult.",
            f"{f.person.name} is already a senior consultant.",
        )
    return decision
