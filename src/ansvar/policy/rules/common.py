"""Building blocks every rule module shares: allow, refuse, and the CEO's plain rights."""

from datetime import date
from typing import Any

from ansvar.policy.decision import Decision, Party, Why, decided
from ansvar.policy.facts import Facts, PersonFacts

# The reasons are given as text (``sv``, ``en``) or, on the rules checked most, as ``why``
# and ``of``: a module-level function returning both from the values ``of``, run only when
# the Decision's reasons are read. Not a lambda: a closure costs a cell per value it
# captures on every call of the rule, whichever branch it takes.


def _allow(
    f: Facts,
    clauses: tuple[str, ...],
    role: str,
    sv: str = "",
    en: str = "",
    warnings: tuple[str, ...] = (),
    *,
    why: Why | None = None,
    of: tuple[Any, ...] = (),
) -> Decision:
    return decided(True, f.action, clauses, f.actor.party, sv, en, why, of, role, warnings, "right")


def _refuse(
    f: Facts,
    clauses: tuple[str, ...],
    decider: Party | None,
    sv: str = "",
    en: str = "",
    *,
    why: Why | None = None,
    of: tuple[Any, ...] = (),
) -> Decision:
    return decided(False, f.action, clauses, decider, sv, en, why, of, None, (), "right")


def _refuse_case(
    f: Facts,
    clauses: tuple[str, ...],
    sv: str = "",
    en: str = "",
    *,
    why: Why | None = None,
    of: tuple[Any, ...] = (),
) -> Decision:
    """The actor holds the right, but the policy or the law refuses this case (its arguments
    or the state of its target): the actor stays the one who decides."""
    return decided(False, f.action, clauses, f.actor.party, sv, en, why, of, None, (), "case")


def _name(p: Party | None) -> str:
    return p.name if p else "ingen"


def _name_en(p: Party | None) -> str:
    return p.name if p else "nobody"


def _ceo_right_plain(f: Facts, clause: str, sv: str, en: str) -> Decision:
    ceo = f.ceo
    if ceo is not None and f.actor.email == ceo.email:
        return _allow(f, (clause,), "ceo", why=_ceo_may, of=(clause, sv, en))
    return _refuse(f, (clause,), ceo, why=_only_the_ceo, of=(clause, sv, en, ceo))


def _ceo_may(clause: str, sv: str, en: str) -> tuple[str, str]:
    return f"Vd får {sv} ({clause}).", f"The CEO may {en} ({clause})."


def _only_the_ceo(clause: str, sv: str, en: str, ceo: Party | None) -> tuple[str, str]:
    return (
        f"Bara vd, {_name(ceo)}, får {sv} ({clause}).",
        f"Only the CEO, {_name_en(ceo)}, may {en} ({clause}).",
    )


def _with_warnings(decision: Decision, warnings: tuple[str, ...]) -> Decision:
    if not warnings:
        return decision
    return Decision(
        decision.allowed,
        decision.action,
        decision.clauses,
        decision.decider,
        role=decision.role,
        warnings=decision.warnings + warnings,
        about=decision.about,
        why=decision.reasons,  # formatted when the new one's are read
    )


def _appointment_refusal(
    f: Facts, clause: str, holder: Party | None, arg: str = "person"
) -> Decision | None:
    """An appointment (VD2) goes to someone employed and staying, who does not hold the
    responsibility already, and is not dated before one already recorded (P4)."""
    email = str(f.args.get(arg, ""))
    person = f.people.get(email)
    if person is None or not person.active:
        return _refuse_case(f, (clause,), why=_not_employed, of=(email,))
    if holder is not None and holder.email == email:
        return _refuse_case(f, (clause, "P4"), why=_holds_it_already, of=(person.name,))
    later = f.details.get("later_holding_from") or f.details.get("later_work_group_change")
    if later is not None:
        return _refuse_case(
            f,
            (clause, "P4"),
            f"En utnämning från {later} finns redan; ett beslut kan inte dateras före den "
            f"({f.at}) utan att skriva om vem som bar ansvaret (P4).",
            f"An appointment from {later} is already recorded; a decision cannot be dated "
            f"before it ({f.at}) without rewriting who held the responsibility (P4).",
        )
    return _leaving_refusal(f, person)


def _leaving_refusal(f: Facts, person: PersonFacts) -> Decision | None:
    """P4: a responsibility given to someone whose employment is ending would be left with
    nobody on their last day; give it to someone staying instead."""
    last_day = person.employment_ends_on
    if last_day is None:
        return None
    return _refuse_case(f, ("P4", "VD2"), why=_leaving, of=(person.name, last_day))


def _not_employed(email: str) -> tuple[str, str]:
    return f"{email} är inte anställd.", f"{email} is not employed."


def _holds_it_already(name: str) -> tuple[str, str]:
    return f"{name} har redan det ansvaret.", f"{name} already holds that responsibility."


def _leaving(name: str, last_day: date) -> tuple[str, str]:
    return (
        f"{name} slutar {last_day}; ett ansvar kan inte ges till den som snart lämnar det, "
        "för då står det utan beslutsfattare (P4).",
        f"{name} leaves on {last_day}; a responsibility cannot go to someone about to leave "
        "it, as it would then have no decision maker (P4).",
    )
