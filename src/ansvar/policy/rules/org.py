"""Rules on the organisation as a whole: proposals of new clients (KA3, VD5), business areas
and policy parameters (VD1), unit rotation (VD3)."""

from ansvar.policy.decision import Decision
from ansvar.policy.facts import Facts
from ansvar.policy.rules.common import _allow, _ceo_right_plain, _refuse
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
    return _ceo_right_plain(f, "VD1", "skapa affärsområden", "create business areas")


@rule("set_policy_parameter", target="org", clauses=("VD1",), sv="vd", en="the CEO")
def may_set_policy_parameter(f: Facts) -> Decision:
    return _ceo_right_plain(f, "VD1", "ändra policyparametrar", "change policy parameters")


@rule("decide_rotation", target="org", clauses=("VD3", "P6"), sv="vd", en="the CEO")
def may_decide_rotation(f: Facts) -> Decision:
    decision = _ceo_right_plain(f, "VD3", "besluta om enhetsrotation", "decide on unit rotation")
    if decision.allowed:
        refused = _rotation_keeps_managers(f)
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


def _rotation_keeps_managers(f: Facts) -> Decision | None:
    """P4: an area manager is not moved out of the area they manage; replace them first."""
    moves = f.args.get("moves") or []
    for move in moves if isinstance(moves, list) else []:
        person = f.people.get(str(move.get("person", "")))
        to_area = str(move.get("to_area", ""))
        if person is not None and person.manages and to_area not in person.manages:
            managed = ", ".join(sorted(person.manages))
            return _refuse(
                f,
                ("P4", "VD3"),
                f.ceo,
                f"{person.name} leder {managed}; utse först en ny affärsområdeschef (P4) "
                "innan personen flyttas.",
                f"{person.name} manages {managed}; appoint a new area manager first (P4) "
                "before moving them.",
            )
    return None
