"""Rules on a business area: appointing its manager (VD2), recruitment and hiring (AO3)."""

from ansvar.policy import law
from ansvar.policy.decision import Decision
from ansvar.policy.facts import Facts
from ansvar.policy.rules.common import (
    _allow,
    _appointment_refusal,
    _ceo_right_plain,
    _name,
    _name_en,
    _refuse,
    _refuse_case,
)
from ansvar.policy.rules.registry import rule


@rule("appoint_area_manager", target="area", clauses=("VD2",), sv="vd", en="the CEO")
def may_appoint_area_manager(f: Facts) -> Decision:
    decision = _ceo_right_plain(f, "VD2", "utse affärsområdeschefer", "appoint area managers")
    if decision.allowed:
        assert f.area is not None
        return _appointment_refusal(f, "VD2", f.area.manager) or decision
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
    if not decision.allowed:
        return decision
    refused = _position_refusal(f) or _candidate_refusal(f)
    if refused is not None:
        return refused
    months = f.args.get("probation_months")
    if decision.allowed and isinstance(months, int) and months > law.PROBATION_MAX_MONTHS:
        return _refuse_case(
            f,
            ("AO3",),
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
    decision = _area_manager_right(f, "AO3", "ta emot kandidater", "take in candidates")
    return (_position_refusal(f) if decision.allowed else None) or decision


@rule(
    "move_candidate",
    target="area",
    clauses=("AO3",),
    sv="områdets affärsområdeschef",
    en="the area's manager",
)
def may_move_candidate(f: Facts) -> Decision:
    decision = _area_manager_right(f, "AO3", "flytta kandidater i rekryteringen", "move candidates")
    return (_candidate_refusal(f) if decision.allowed else None) or decision


def _position_refusal(f: Facts) -> Decision | None:
    status = f.details.get("position_status")
    if status is None or status == "open":
        return None
    return _refuse_case(
        f,
        ("AO3",),
        f"Tjänst {f.args.get('position')} är inte längre öppen ({status}).",
        f"Position {f.args.get('position')} is no longer open ({status}).",
    )


def _candidate_refusal(f: Facts) -> Decision | None:
    """A candidate whose data is erased, or who was hired or turned down, is decided."""
    candidate = f.args.get("candidate")
    if f.details.get("candidate_erased"):
        return _refuse_case(
            f,
            ("AO3",),
            f"Kandidat {candidate}s uppgifter är raderade efter lagringstiden.",
            f"Candidate {candidate}'s data has been erased after its retention period.",
        )
    stage = f.details.get("candidate_stage")
    if stage in ("hired", "rejected"):
        on = f.details.get("candidate_decided_on")
        return _refuse_case(
            f,
            ("AO3",),
            f"Kandidat {candidate} är redan avgjord ({stage}, {on}).",
            f"Candidate {candidate} is decided already ({stage}, {on}).",
        )
    return None
