"""Rules that end or decide an employment: notice, dismissal and the end of a probation
(VD4, P4, LAS).

A notice states its ground. On personal grounds (personliga skäl) the underrättelse of
LAS 30 § must come first; for redundancy (arbetsbrist) it does not, and the decision reminds
the CEO of redeployment (LAS 7 §), the order of selection (LAS 22 §) and the right of
re-employment (LAS 25 §). A refusal on the law cites the section beside the clause.
"""

from datetime import date

from ansvar.policy import law
from ansvar.policy.decision import Decision
from ansvar.policy.facts import Facts
from ansvar.policy.rules.common import (
    _ceo_right_plain,
    _refuse,
    _refuse_case,
    _with_warnings,
)
from ansvar.policy.rules.registry import rule

PERSONAL = "personal"
REDUNDANCY = "redundancy"
GROUNDS = (PERSONAL, REDUNDANCY)


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
            return _refuse_case(
                f,
                ("VD4",),
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
    return _refuse_case(
        f,
        ("P4", "VD4"),
        f"{person.name} har ansvar som måste lämnas över först (P4): {listed}.",
        f"{person.name} holds responsibilities that must be reassigned first (P4): {listed}.",
    )


def _informed_check(f: Facts, kind: str) -> Decision | None:
    """LAS 30 §/31 §: the underrättelse must be given, early enough; not for the CEO
    (LAS 1 §)."""
    person = f.person
    assert person is not None
    if not law.las_applies(person.is_ceo):
        return None
    section = law.UNDERRATTELSE[kind][2]
    informed_on = f.args.get("informed_on")
    if not isinstance(informed_on, date):
        last = law.last_day_to_inform(f.at, law.underrattelse_days(kind, f.parameters))
        return _refuse_case(
            f,
            ("VD4", section),
            f"{person.name} ska underrättas i förväg ({section}): ange när, senast {last} "
            f"för ett beslut {f.at}.",
            f"{person.name} must be notified in advance ({section}): say when; {last} at the "
            f"latest for a decision on {f.at}.",
        )
    if informed_on > f.at:
        return _refuse_case(
            f,
            ("VD4", section),
            f"Underrättelsen ({informed_on}) kan inte ligga efter beslutet ({f.at}) ({section}).",
            f"The notification ({informed_on}) cannot come after the decision ({f.at}) "
            f"({section}).",
        )
    deadline = law.underrattelse_deadline(kind, informed_on, f.at, f.parameters)
    if deadline.ok:
        return None
    sv, en = deadline.message(informed_on)
    return _refuse_case(f, ("VD4", section), sv, en)


def _ending_decided(f: Facts) -> Decision | None:
    """A second notice while one runs would silently move the last day: refuse it."""
    person = f.person
    assert person is not None
    ends_on = person.employment_ends_on
    if ends_on is None:
        return None
    return _refuse_case(
        f,
        ("VD4",),
        f"{person.name}s anställning upphör redan {ends_on}; en ny uppsägning ändrar inte "
        "det beslutet.",
        f"{person.name}'s employment already ends on {ends_on}; a second notice does not "
        "change that decision.",
    )


def _las_note(f: Facts) -> tuple[str, ...]:
    if f.person is not None and not law.las_applies(f.person.is_ceo):
        return (
            "LAS 1 §: vd omfattas inte av LAS tidsfrister. / The CEO is outside LAS deadlines.",
        )
    return ()


REDUNDANCY_NOTES = (
    "LAS 7 §: erbjud först annat lämpligt arbete (omplacering). / Offer other suitable work "
    "first (redeployment).",
    "LAS 22 §: följ turordningen inom affärsområdet (längst anställningstid går före). / "
    "Follow the order of selection in the business area (longest employment time is kept).",
    "LAS 25 §: med mer än tolv månaders anställning de senaste tre åren får personen "
    "företrädesrätt till återanställning. / With more than twelve months' employment in the "
    "last three years the person gets a right of re-employment.",
)


@rule("give_notice", target="person", clauses=("VD4", "P4"), sv="vd", en="the CEO")
def may_give_notice(f: Facts) -> Decision:
    decision = _separation(f, "säga upp", "give notice")
    if not decision.allowed:
        return decision
    refused = _ending_decided(f) or _holdings_block(f)
    if refused:
        return refused
    if f.args.get("ground", PERSONAL) == REDUNDANCY:
        # LAS 30 § is about personal grounds only: no underrättelse before a redundancy.
        return _with_warnings(decision, _las_note(f) + REDUNDANCY_NOTES)
    return _informed_check(f, "notice") or _with_warnings(decision, _las_note(f))


@rule("dismiss", target="person", clauses=("VD4", "P4"), sv="vd", en="the CEO")
def may_dismiss(f: Facts) -> Decision:
    decision = _separation(f, "avskeda", "dismiss")
    if not decision.allowed:
        return decision
    person = f.person
    assert person is not None
    warnings = _las_note(f)
    ends_on = person.employment_ends_on
    if ends_on is not None and ends_on <= f.at:
        return _refuse_case(
            f,
            ("VD4",),
            f"{person.name}s anställning upphör redan {ends_on}.",
            f"{person.name}'s employment already ends on {ends_on}.",
        )
    if ends_on is not None:
        # An avsked may end a running notice period early; say so rather than do it quietly.
        warnings += (
            f"Uppsägningstiden till {ends_on} avbryts: avskedet gäller från {f.at}. / The "
            f"notice period to {ends_on} is cut short: the dismissal takes effect on {f.at}.",
        )
    refused = _holdings_block(f) or _informed_check(f, "dismissal")
    if refused:
        return refused
    grounds = f.args.get("grounds_known_on")
    informed_on = f.args.get("informed_on")
    if isinstance(grounds, date) and isinstance(informed_on, date):
        if grounds > f.at:
            return _refuse_case(
                f,
                ("VD4", "LAS 18 §"),
                f"Grunden kan inte bli känd ({grounds}) efter beslutet ({f.at}) (LAS 18 §).",
                f"The grounds cannot become known ({grounds}) after the decision ({f.at}) "
                "(LAS 18 §).",
            )
        months = law.grounds_known_too_long(grounds, informed_on, f.parameters)
        if months is not None:
            return _refuse_case(
                f,
                ("VD4", "LAS 18 §"),
                f"Grunden var känd {grounds}, mer än {months} månader före underrättelsen "
                f"{informed_on}; den kan inte ensam bära ett avsked (LAS 18 §).",
                f"The grounds were known on {grounds}, more than {months} months before the "
                f"notification on {informed_on}; they cannot alone justify a dismissal "
                "(LAS 18 §).",
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
        return _refuse_case(
            f,
            ("AO4", "VD4"),
            f"{person.name} är inte provanställd {f.at} (LAS 6 §).",
            f"{person.name} is not on probation on {f.at} (LAS 6 §).",
        )
    if f.args.get("decision") == "end":
        refused = _holdings_block(f) or _informed_check(f, "probation_end")
        if refused:
            return refused
    return _with_warnings(decision, _las_note(f))
