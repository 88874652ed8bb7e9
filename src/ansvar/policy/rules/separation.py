"""Rules that end or decide an employment: notice, dismissal and the end of a probation
(VD4, P4, LAS)."""

from ansvar.policy import law
from ansvar.policy.decision import Decision
from ansvar.policy.facts import Facts
from ansvar.policy.rules.common import (
    _ceo_right_plain,
    _refuse,
    _with_warnings,
)
from ansvar.policy.rules.registry import rule


def _separation(f: Facts, sv: str, en: str) -> Decision:
    decision = _ceo_right_plain(f, "VD4", sv, en)
    if decision.allowed and f.person is not None:
        if f.person.email == f.actor.email:
            return _refuse(
                f,
                ("VD4",),
                None,
                "Vd kan inte säga upp eller avskeda sig själv; det beslutar styrelsen.",
                "The CEO cannot give notice to or dismiss themself; the board decides that.",
            )
        if not f.person.active:
            return _refuse(
                f,
                ("VD4",),
                f.ceo,
                f"{f.person.name} är inte anställd {f.at}.",
                f"{f.person.name} is not employed on {f.at}.",
            )
    return decision


def _holdings_block(f: Facts) -> Decision | None:
    """P4: a departure cannot complete while the person holds an area; list them."""
    person = f.person
    assert person is not None
    held = [f"area:{a}" for a in sorted(person.manages)]
    held += [f"client:{c}" for c in sorted(person.leads)]
    if person.is_ceo:
        held.insert(0, "org")
    if not held:
        return None
    listed = ", ".join(held)
    return _refuse(
        f,
        ("P4", "VD4"),
        f.ceo,
        f"{person.name} har ansvar som måste lämnas över först (P4): {listed}.",
        f"{person.name} holds responsibilities that must be reassigned first (P4): {listed}.",
    )


def _informed_check(f: Facts, kind: str) -> Decision | None:
    """LAS 30 §/31 §: the underrättelse must come early enough; not for the CEO (LAS 1 §)."""
    person = f.person
    assert person is not None
    if not law.las_applies(person.is_ceo):
        return None
    informed_on = f.args.get("informed_on")
    if informed_on is None:
        return None
    if informed_on > f.at:
        return _refuse(
            f,
            ("VD4",),
            f.ceo,
            f"Underrättelsen ({informed_on}) kan inte ligga efter beslutet ({f.at}).",
            f"The notification ({informed_on}) cannot come after the decision ({f.at}).",
        )
    deadline = law.underrattelse_deadline(kind, informed_on, f.at, f.parameters)
    if deadline.ok:
        return None
    sv, en = deadline.message(informed_on)
    return _refuse(f, ("VD4",), f.ceo, sv, en)


def _las_note(f: Facts) -> tuple[str, ...]:
    if f.person is not None and not law.las_applies(f.person.is_ceo):
        return (
            "LAS 1 §: vd omfattas inte av LAS tidsfrister. / The CEO is outside LAS deadlines.",
        )
    return ()


@rule("give_notice", target="person", clauses=("VD4", "P4"), sv="vd", en="the CEO")
def may_give_notice(f: Facts) -> Decision:
    decision = _separation(f, "säga upp", "give notice")
    if not decision.allowed:
        return decision
    refused = _holdings_block(f) or _informed_check(f, "notice")
    return refused or _with_warnings(decision, _las_note(f))


@rule("dismiss", target="person", clauses=("VD4", "P4"), sv="vd", en="the CEO")
def may_dismiss(f: Facts) -> Decision:
    decision = _separation(f, "avskeda", "dismiss")
    if not decision.allowed:
        return decision
    refused = _holdings_block(f) or _informed_check(f, "dismissal")
    if refused:
        return refused
    warnings = _las_note(f)
    grounds = f.args.get("grounds_known_on")
    informed_on = f.args.get("informed_on") or f.at
    max_months = int(f.parameters.get("dismissal_grounds_max_age_months", 2))
    if grounds is not None and law.grounds_too_old(grounds, informed_on, max_months):
        warnings += (
            f"LAS 18 §: grunden var känd {grounds}, mer än {max_months} månader före "
            f"underrättelsen; den får inte ensam bära ett avsked. / The grounds were known "
            f"more than {max_months} months before the notification.",
        )
    return _with_warnings(decision, warnings)


@rule("decide_probation", target="person", clauses=("AO4", "VD4"), sv="vd", en="the CEO")
def may_decide_probation(f: Facts) -> Decision:
    decision = _ceo_right_plain(
        f, "VD4", "besluta om provanställningens slut", "decide how a probation ends"
    )
    if not decision.allowed:
        return decision
    person = f.person
    assert person is not None
    if not person.on_probation:
        return _refuse(
            f,
            ("AO4", "VD4"),
            f.ceo,
            f"{person.name} är inte provanställd {f.at} (LAS 6 §).",
            f"{person.name} is not on probation on {f.at} (LAS 6 §).",
        )
    if f.args.get("decision") == "end":
        refused = _holdings_block(f) or _informed_check(f, "probation_end")
        if refused:
            return refused
    return _with_warnings(decision, _las_note(f))
