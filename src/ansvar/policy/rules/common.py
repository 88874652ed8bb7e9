"""Building blocks every rule module shares: allow, refuse, and the CEO's plain rights."""

from ansvar.policy.decision import Decision, Party
from ansvar.policy.facts import Facts, PersonFacts


def _allow(
    f: Facts, clauses: tuple[str, ...], role: str, sv: str, en: str, warnings: tuple[str, ...] = ()
) -> Decision:
    decider = f.actor.party
    return Decision(True, f.action, clauses, decider, sv, en, role=role, warnings=warnings)


def _refuse(
    f: Facts, clauses: tuple[str, ...], decider: Party | None, sv: str, en: str
) -> Decision:
    return Decision(False, f.action, clauses, decider, sv, en)


def _name(p: Party | None) -> str:
    return p.name if p else "ingen"


def _name_en(p: Party | None) -> str:
    return p.name if p else "nobody"


def _ceo_right_plain(f: Facts, clause: str, sv: str, en: str) -> Decision:
    if f.ceo is not None and f.actor.email == f.ceo.email:
        return _allow(
            f, (clause,), "ceo", f"Vd får {sv} ({clause}).", f"The CEO may {en} ({clause})."
        )
    return _refuse(
        f,
        (clause,),
        f.ceo,
        f"Bara vd, {_name(f.ceo)}, får {sv} ({clause}).",
        f"Only the CEO, {_name_en(f.ceo)}, may {en} ({clause}).",
    )


def _with_warnings(decision: Decision, warnings: tuple[str, ...]) -> Decision:
    if not warnings:
        return decision
    return Decision(
        decision.allowed,
        decision.action,
        decision.clauses,
        decision.decider,
        decision.reason_sv,
        decision.reason_en,
        role=decision.role,
        warnings=decision.warnings + warnings,
    )


def _leaving_refusal(f: Facts, person: PersonFacts) -> Decision | None:
    """P4: a responsibility given to someone whose employment is ending would be left with
    nobody on their last day; give it to someone staying instead."""
    last_day = person.employment_ends_on
    if last_day is None:
        return None
    return _refuse(
        f,
        ("P4", "VD2"),
        f.ceo,
        f"{person.name} slutar {last_day}; ett ansvar kan inte ges till den som snart lämnar "
        "det, för då står det utan beslutsfattare (P4).",
        f"{person.name} leaves on {last_day}; a responsibility cannot go to someone about to "
        "leave it, as it would then have no decision maker (P4).",
    )
