"""Rules on the organisation as a whole: proposals of new clients (KA3, VD5), business areas
and policy parameters (VD1), unit rotation (VD3)."""

from datetime import date

from ansvar.policy.decision import Decision
from ansvar.policy.facts import Facts
from ansvar.policy.rules.common import (
    _allow,
    _appointment_refusal,
    _ceo_right_plain,
    _refuse_case,
)
from ansvar.policy.rules.registry import rule


@rule(
    "propose_client",
    target="org",
    clauses=("KA3", "VD5"),
    sv="varje anställd konsult",
    en="any employed consultant",
)
def may_propose_client(f: Facts) -> Decision:
    return _allow(
        f,
        ("KA3", "VD5"),
        "consultant",
        "Du hittar egna kunder och blir kundansvarig om vd inte lägger veto (KA3, VD5).",
        "You find your own clients and become their lead unless the CEO vetoes (KA3, VD5).",
    )


@rule("create_business_area", target="org", clauses=("VD1",), sv="vd", en="the CEO")
def may_create_business_area(f: Facts) -> Decision:
    """A new area has its manager from its first day (P4): someone employed and staying."""
    decision = _ceo_right_plain(f, "VD1", "skapa affärsområden", "create business areas")
    if decision.allowed:
        return _appointment_refusal(f, "VD1", None, arg="manager") or decision
    return decision


@rule("set_policy_parameter", target="org", clauses=("VD1",), sv="vd", en="the CEO")
def may_set_policy_parameter(f: Facts) -> Decision:
    return _ceo_right_plain(f, "VD1", "ändra policyparametrar", "change policy parameters")


@rule("decide_rotation", target="org", clauses=("VD3", "P6"), sv="vd", en="the CEO")
def may_decide_rotation(f: Facts) -> Decision:
    decision = _ceo_right_plain(f, "VD3", "besluta om enhetsrotation", "decide on unit rotation")
    if decision.allowed:
        refused = (
            _rotation_not_backdated(f) or _rotation_moves_fit(f) or _rotation_keeps_managers(f)
        )
        if refused:
            return refused
        warnings: tuple[str, ...] = ()
        if f.parameters.get("collective_agreement"):
            warnings = (
                "MBL 11 §: förhandla med facket före en rotation som är en viktigare "
                "förändring. / Negotiate with the union before a major change.",
            )
        return _allow(
            f,
            ("VD3", "P6"),
            "ceo",
            decision.reason_sv + " Rotationen ändrar aldrig vem som leder en kund (P6).",
            decision.reason_en + " A rotation never changes who leads a client (P6).",
            warnings,
        )
    return decision


def _rotation_start(f: Facts) -> date:
    start = f.args.get("effective_from")
    return start if isinstance(start, date) else f.at


def _rotation_not_backdated(f: Facts) -> Decision | None:
    """A rotation takes effect on the day it is decided or later, never before."""
    start = _rotation_start(f)
    if start >= f.at:
        return None
    return _refuse_case(
        f,
        ("VD3",),
        f"En rotation kan inte gälla från {start}, före beslutsdagen {f.at} (VD3).",
        f"A rotation cannot take effect on {start}, before the day it is decided, {f.at} (VD3).",
    )


def _rotation_moves_fit(f: Facts) -> Decision | None:
    """Each person moved is employed when the move takes effect, belongs to another area
    today, and has no move already decided that has not yet taken effect."""
    start = _rotation_start(f)
    moves = f.args.get("moves") or []
    for move in moves if isinstance(moves, list) else []:
        person = f.people.get(str(move.get("person", "")))
        to_area = str(move.get("to_area", ""))
        if person is None:
            continue
        problem: tuple[str, str] | None = None
        if not person.active:
            problem = (f"är inte anställd {f.at}", f"is not employed on {f.at}")
        elif person.employment_ends_on is not None and person.employment_ends_on < start:
            ends = person.employment_ends_on
            problem = (
                f"slutar {ends}, före rotationen {start}",
                f"leaves on {ends}, before the rotation on {start}",
            )
        elif person.next_area is not None:
            problem = (
                f"flyttar redan till {person.next_area} från {person.next_area_from} "
                "enligt ett tidigare beslut",
                f"already moves to {person.next_area} from {person.next_area_from} by an "
                "earlier decision",
            )
        elif person.area is None:
            problem = ("hör inte till något affärsområde", "belongs to no business area")
        elif person.area == to_area:
            problem = (f"hör redan till {to_area}", f"already belongs to {to_area}")
        if problem is not None:
            return _refuse_case(
                f,
                ("VD3",),
                f"{person.name} {problem[0]} (VD3).",
                f"{person.name} {problem[1]} (VD3).",
            )
    return None


def _rotation_keeps_managers(f: Facts) -> Decision | None:
    """P4: an area manager is not moved out of the area they manage; replace them first."""
    moves = f.args.get("moves") or []
    for move in moves if isinstance(moves, list) else []:
        person = f.people.get(str(move.get("person", "")))
        to_area = str(move.get("to_area", ""))
        if person is not None and person.manages and to_area not in person.manages:
            managed = ", ".join(sorted(person.manages))
            return _refuse_case(
                f,
                ("P4", "VD3"),
                f"{person.name} leder {managed}; utse först en ny affärsområdeschef (P4) "
                "innan personen flyttas.",
                f"{person.name} manages {managed}; appoint a new area manager first (P4) "
                "before moving them.",
            )
    return None
