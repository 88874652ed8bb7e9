"""Rules on a business area: appointing its manager (VD2), recruitment and hiring (AO3)."""

from ansvar.policy import law
from ansvar.policy.decision import Decision
from ansvar.policy.facts import Facts
from ansvar.policy.rules.common import (
    _allow,
    _ceo_right_plain,
    _name,
    _name_en,
    _refuse,
)
from ansvar.policy.rules.registry import rule


@rule("appoint_area_manager", target="area", clauses=("VD2",), sv="vd", en="the CEO")
def may_appoint_area_manager(f: Facts) -> Decision:
    decision = _ceo_right_plain(f, "VD2", "utse affärsområdeschefer", "appoint area managers")
    if decision.allowed:
        email = str(f.args.get("person", ""))
        person = f.people.get(email)
        if person is None or not person.active:
            return _refuse(
                f, ("VD2",), f.ceo, f"{email} är inte anställd.", f"{email} is not employed."
            )
    return decision


def _area_manager_right(f: Facts, clause: str, sv: str, en: str) -> Decision:
    area = f.area
    assert area is not None, "area rules need an area target"
    if area.manager is not None and f.actor.email == area.manager.email:
        return _allow(
            f,
            (clause,),
            "area_manager",
            f"Du leder {area.name} och får {sv} ({clause}).",
            f"You manage {area.name} and may {en} ({clause}).",
        )
    return _refuse(
        f,
        (clause,),
        area.manager,
        f"Bara {area.name}s affärsområdeschef, {_name(area.manager)}, får {sv} ({clause}).",
        f"Only {area.name}'s area manager, {_name_en(area.manager)}, may {en} ({clause}).",
    )


@rule(
    "open_position",
    target="area",
    clauses=("AO3",),
    sv="områdets affärsområdeschef",
    en="the area's manager",
)
def may_open_position(f: Facts) -> Decision:
    return _area_manager_right(f, "AO3", "öppna tjänster", "open positions")


@rule(
    "hire",
    target="area",
    clauses=("AO3",),
    sv="områdets affärsområdeschef",
    en="the area's manager",
)
def may_hire(f: Facts) -> Decision:
    decision = _area_manager_right(f, "AO3", "anställa", "hire")
    months = f.args.get("probation_months")
    if decision.allowed and isinstance(months, int) and months > law.PROBATION_MAX_MONTHS:
        return _refuse(
            f,
            ("AO3",),
            decision.decider,
            f"En provanställning får vara högst {law.PROBATION_MAX_MONTHS} månader (LAS 6 §), "
            f"inte {months}.",
            f"A probationary employment lasts at most {law.PROBATION_MAX_MONTHS} months "
            f"(LAS 6 §), not {months}.",
        )
    return decision


@rule(
    "add_candidate",
    target="area",
    clauses=("AO3",),
    sv="områdets affärsområdeschef",
    en="the area's manager",
)
def may_add_candidate(f: Facts) -> Decision:
    return _area_manager_right(f, "AO3", "ta emot kandidater", "take in candidates")


@rule(
    "move_candidate",
    target="area",
    clauses=("AO3",),
    sv="områdets affärsområdeschef",
    en="the area's manager",
)
def may_move_candidate(f: Facts) -> Decision:
    return _area_manager_right(f, "AO3", "flytta kandidater i rekryteringen", "move candidates")
