"""Read rules: who may open a page, and who may read what a log entry says and about whom.

HR decisions about a person (salary, talks, the probation and its reason, notice, dismissal)
are read only by that person, their line manager and the CEO; a coaching request and its
answer only by the one who asked, the manager asked and the CEO; candidates only by the
area's manager and the CEO. Everyone else employed sees that a decision of that kind was
made, not about whom nor what it said. Every other entry is open to everyone employed.
Someone no longer employed reads nothing (``registry.evaluate`` refuses them first).

The same rules answer the web pages, the log export and the scenario files; the log's
selector applies ``view_log_entry`` and ``view_candidates`` to a page of entries at once.
"""

from collections.abc import Mapping

from ansvar.policy.decision import Decision, Party
from ansvar.policy.facts import Facts, PersonFacts
from ansvar.policy.rules.common import _allow, _name, _name_en, _refuse
from ansvar.policy.rules.person import line_manager
from ansvar.policy.rules.registry import rule

# The kinds of entry about one person, with the clause that keeps them in the person's circle.
ABOUT_A_PERSON: Mapping[str, str] = {
    "set_salary": "AO3",
    "view_salary": "AO3",
    "record_development_talk": "AO3",
    "view_talk_notes": "AO3",
    "record_probation_follow_up": "AO4",
    "decide_probation": "AO4",
    "give_notice": "VD4",
    "dismiss": "VD4",
}
# Coaching: the target is the manager asked; the one who asked is named by ``asker``.
COACHING: Mapping[str, str] = {"request_coaching": "AO5", "answer_coaching": "AO5"}
# Candidates of an area's recruitment (the target is the area).
CANDIDATES: Mapping[str, str] = {"add_candidate": "AO3", "move_candidate": "AO3"}

# Every kind of entry a circle keeps: only these can be hidden from a reader.
GUARDED = frozenset({*ABOUT_A_PERSON, *COACHING, *CANDIDATES})

# An employee outside every circle: whom an export with no reader named reads as.
ANY_EMPLOYEE = PersonFacts(email="", name="en anställd utan roll i beslutet")


def entry_rule(kind: str) -> str:
    """The read rule that guards a log entry of this kind (its action)."""
    if kind in ABOUT_A_PERSON or kind in COACHING:
        return "view_log_entry"
    if kind in CANDIDATES:
        return "view_candidates"
    return "view_log"


def _is(reader: PersonFacts, party: Party | None) -> bool:
    return party is not None and bool(reader.email) and reader.email == party.email


def _kind(f: Facts) -> str:
    return str(f.args.get("kind", ""))


@rule(
    "view_log",
    target="org",
    clauses=("VD1",),
    sv="varje anställd",
    en="everyone employed",
    reads=True,
)
def may_view_log(f: Facts) -> Decision:
    return _allow(
        f,
        ("VD1",),
        "employee",
        "Alla anställda ser vem som beslutade vad och med stöd av vilken klausul (VD1).",
        "Everyone employed sees who decided what, and under which clause (VD1).",
    )


@rule(
    "view_person",
    target="person",
    clauses=("VD1", "KA6"),
    sv="varje anställd",
    en="everyone employed",
    reads=True,
)
def may_view_person(f: Facts) -> Decision:
    return _allow(
        f,
        ("VD1", "KA6"),
        "employee",
        "Alla anställda ser vem som beslutar om en kollega och vad kollegan kan (VD1, KA6).",
        "Everyone employed sees who decides about a colleague and what they know (VD1, KA6).",
    )


@rule(
    "view_log_entry",
    target="person",
    clauses=("AO3", "AO4", "AO5", "VD4"),
    sv="personen, dennes chef och vd; för coachning den som frågade, chefen och vd",
    en="the person, their manager and the CEO; for coaching the asker, the manager and the CEO",
    reads=True,
)
def may_view_log_entry(f: Facts) -> Decision:
    """An entry of kind ``args["kind"]`` about the target person. For coaching the target is
    the manager asked and ``args["asker"]`` (in ``people``) the one who asked."""
    subject = f.person
    assert subject is not None, "view_log_entry needs the person the entry is about"
    kind = _kind(f)
    reader = f.actor
    if kind in COACHING:
        clause = COACHING[kind]
        asker = f.people.get(str(f.args.get("asker", "")))
        if _is(reader, f.ceo):
            return _allow(
                f,
                (clause,),
                "ceo",
                f"Vd får läsa coachningsärenden ({clause}).",
                f"The CEO may read coaching requests ({clause}).",
            )
        if _is(reader, subject.party):
            return _allow(
                f,
                (clause,),
                "area_manager",
                f"Förfrågan ställdes till dig ({clause}).",
                f"The request was made to you ({clause}).",
            )
        if asker is not None and _is(reader, asker.party):
            return _allow(
                f,
                (clause,),
                "self",
                f"Du ställde förfrågan ({clause}).",
                f"You made the request ({clause}).",
            )
        return _refuse(
            f,
            (clause,),
            f.ceo,
            "En coachningsförfrågan och svaret läser bara den som frågade, chefen som "
            f"tillfrågades och vd; du ser att en förfrågan gjordes, inte av vem ({clause}).",
            "A coaching request and its answer are read only by the one who asked, the manager "
            f"asked and the CEO; you see that a request was made, not by whom ({clause}).",
        )
    if kind not in ABOUT_A_PERSON:
        return may_view_log(f)
    clause = ABOUT_A_PERSON[kind]
    if _is(reader, subject.party):
        return _allow(
            f,
            (clause,),
            "self",
            f"Beslutet gäller dig ({clause}).",
            f"The decision is about you ({clause}).",
        )
    if _is(reader, f.ceo):
        return _allow(
            f,
            (clause,),
            "ceo",
            f"Vd får läsa beslut om alla anställda ({clause}).",
            f"The CEO may read decisions about everyone employed ({clause}).",
        )
    if _is(reader, line_manager(f, subject)):
        return _allow(
            f,
            (clause,),
            "area_manager",
            f"Du är chef för den beslutet gäller ({clause}).",
            f"You are the line manager of the one the decision is about ({clause}).",
        )
    # Not the subject's name nor their manager's: the refusal must not say about whom.
    return _refuse(
        f,
        (clause,),
        f.ceo,
        "Beslut om en anställds lön, samtal, provanställning, uppsägning eller avsked läser "
        f"bara personen, dennes chef och vd; du ser att beslutet fattades, inte om vem ({clause}).",
        "Decisions on an employee's salary, talks, probation, notice or dismissal are read only "
        "by the person, their manager and the CEO; you see that the decision was made, not "
        f"about whom ({clause}).",
    )


@rule(
    "view_duties",
    target="person",
    clauses=("AO3", "AO4", "VD1"),
    sv="personen, dennes chef och vd",
    en="the person, their line manager and the CEO",
    reads=True,
)
def may_view_duties(f: Facts) -> Decision:
    """What the target person must do by when: the person's own list, read also by the one
    who follows up on them (their line manager, AO3, AO4) and by the CEO, who sees the whole
    organisation (VD1). A refusal names the line manager."""
    subject = f.person
    assert subject is not None, "view_duties needs the person whose duties are read"
    reader = f.actor
    if _is(reader, subject.party):
        return _allow(
            f,
            ("AO3",),
            "self",
            "Det är dina egna åtaganden (AO3).",
            "These are your own duties (AO3).",
        )
    if _is(reader, f.ceo):
        return _allow(
            f,
            ("VD1",),
            "ceo",
            "Vd ser vad var och en i organisationen ska göra och när (VD1).",
            "The CEO sees what everyone in the organisation must do, and by when (VD1).",
        )
    manager = line_manager(f, subject)
    if _is(reader, manager):
        return _allow(
            f,
            ("AO3", "AO4"),
            "area_manager",
            f"Du är chef för {subject.name} och följer upp vad hen ska göra (AO3, AO4).",
            f"You are {subject.name}'s line manager and follow up what they must do (AO3, AO4).",
        )
    return _refuse(
        f,
        ("AO3", "AO4"),
        manager,
        f"{subject.name}s åtaganden ser bara hen själv, hens chef, {_name(manager)}, och vd "
        "(AO3, AO4).",
        f"{subject.name}'s duties are seen only by them, their line manager, "
        f"{_name_en(manager)}, and the CEO (AO3, AO4).",
    )


@rule(
    "view_candidates",
    target="area",
    clauses=("AO3",),
    sv="områdets affärsområdeschef och vd",
    en="the area's manager and the CEO",
    reads=True,
)
def may_view_candidates(f: Facts) -> Decision:
    area = f.area
    assert area is not None, "view_candidates needs the area recruiting"
    if _is(f.actor, area.manager):
        return _allow(
            f,
            ("AO3",),
            "area_manager",
            f"Du leder {area.name} och rekryterar till området (AO3).",
            f"You manage {area.name} and recruit for it (AO3).",
        )
    if _is(f.actor, f.ceo):
        return _allow(
            f,
            ("AO3",),
            "ceo",
            "Vd får se kandidaterna i alla områden (AO3).",
            "The CEO may see the candidates of every area (AO3).",
        )
    return _refuse(
        f,
        ("AO3",),
        area.manager or f.ceo,
        f"Kandidaterna till {area.name} ser bara områdets affärsområdeschef, "
        f"{_name(area.manager)}, och vd (AO3).",
        f"The candidates for {area.name} are seen only by the area's manager, "
        f"{_name_en(area.manager)}, and the CEO (AO3).",
    )


def _ceo_only(f: Facts, sv: str, en: str, allowed: tuple[str, str]) -> Decision:
    """A right of the CEO alone; the refusal names the CEO (or says there is none)."""
    if _is(f.actor, f.ceo):
        return _allow(f, ("VD1",), "ceo", *allowed)
    who_sv = f"vd, {f.ceo.name}," if f.ceo else "vd"
    who_en = f"the CEO, {f.ceo.name}," if f.ceo else "the CEO"
    none_sv = "" if f.ceo else " Organisationen har ingen vd just nu."
    none_en = "" if f.ceo else " There is none now."
    return _refuse(
        f,
        ("VD1",),
        f.ceo,
        f"Bara {who_sv} {sv}.{none_sv}",
        f"Only {who_en} {en}.{none_en}",
    )


@rule("view_ceo_page", target="org", clauses=("VD1",), sv="vd", en="the CEO", reads=True)
def may_view_ceo_page(f: Facts) -> Decision:
    if _is(f.actor, f.ceo):
        return _allow(
            f,
            ("VD1",),
            "ceo",
            "Vd ser förslagen att pröva, kritiken att kvittera och områden utan beslutsfattare "
            "(VD1).",
            "The CEO sees the proposals to weigh, the criticism to acknowledge and the areas "
            "without a decision maker (VD1).",
        )
    if f.ceo is None:
        return _refuse(
            f,
            ("VD1",),
            None,
            "Den här sidan visas bara för vd; organisationen har ingen vd just nu.",
            "Only the CEO sees this page; there is none now.",
        )
    return _refuse(
        f,
        ("VD1",),
        f.ceo,
        f"Den här sidan visas bara för vd, {f.ceo.name}.",
        f"Only the CEO, {f.ceo.name}, sees this page.",
    )


@rule("view_refusals", target="org", clauses=("VD1",), sv="vd", en="the CEO", reads=True)
def may_view_refusals(f: Facts) -> Decision:
    return _ceo_only(
        f,
        "ser de nekade försöken",
        "sees the refused attempts",
        (
            "Vd ser var ansvaret missförstås: de nekade försöken (VD1).",
            "The CEO sees where responsibilities are misread: the refused attempts (VD1).",
        ),
    )


@rule("verify_log", target="org", clauses=("VD1",), sv="vd", en="the CEO", reads=True)
def may_verify_log(f: Facts) -> Decision:
    return _ceo_only(
        f,
        "verifierar beslutsloggens kedja",
        "verifies the decision log's chain",
        (
            "Vd verifierar att beslutsloggen är obruten (VD1).",
            "The CEO verifies that the decision log is unbroken (VD1).",
        ),
    )


@rule(
    "view_org_picture",
    target="org",
    clauses=("VD1",),
    sv="varje anställd",
    en="everyone employed",
    reads=True,
)
def may_view_org_picture(f: Facts) -> Decision:
    """The organisation as a picture, as of any date: the responsibility map drawn (VD1), as
    open as the map and the log (``view_log``)."""
    return _allow(
        f,
        ("VD1",),
        "employee",
        "Alla anställda ser vem som leder vad: vd, områdena och deras chefer, kunderna och "
        "deras kundansvariga (VD1).",
        "Everyone employed sees who leads what: the CEO, the areas and their managers, the "
        "clients and their leads (VD1).",
    )


@rule(
    "view_area_figures",
    target="area",
    clauses=("AO2",),
    sv="varje anställd",
    en="everyone employed",
    reads=True,
)
def may_view_area_figures(f: Facts) -> Decision:
    """An area's figures over time (people, clients, revenue and margin as recorded): what
    the area manager builds (AO2), open to everyone employed like the map and the log. The
    policy keeps salaries within the person's circle (AO3), not the area's figures."""
    area = f.area
    assert area is not None, "view_area_figures needs the area"
    return _allow(
        f,
        ("AO2",),
        "employee",
        f"Alla anställda ser hur {area.name} utvecklas: personer, kunder, intäkt och marginal "
        "över tid (AO2).",
        f"Everyone employed sees how {area.name} develops: people, clients, revenue and "
        "margin over time (AO2).",
    )


@rule(
    "view_signals",
    target="org",
    clauses=("P1", "P2", "KA5"),
    sv="vd",
    en="the CEO",
    reads=True,
)
def may_view_signals(f: Facts) -> Decision:
    """The organisation's signals over time: the share leading a client (P1), the days to a
    first client (P2) and the clients without a deputy (KA5), for the whole firm. P1's signal
    is the CEO's view; a lead sees KA5 for their own clients on the client pages."""
    if _is(f.actor, f.ceo):
        return _allow(
            f,
            ("P1", "P2", "KA5"),
            "ceo",
            "Vd följer organisationens signaler över tid (P1, P2, KA5).",
            "The CEO follows the organisation's signals over time (P1, P2, KA5).",
        )
    who_sv = f"vd, {f.ceo.name}" if f.ceo else "vd"
    who_en = f"the CEO, {f.ceo.name}" if f.ceo else "the CEO"
    return _refuse(
        f,
        ("P1", "P2", "KA5"),
        f.ceo,
        f"Hela organisationens signaler över tid ser bara {who_sv}; dina egna kunders "
        "ersättare ser du på kundsidorna (P1, P2, KA5).",
        f"The whole organisation's signals over time are seen only by {who_en}; you see the "
        "deputies of your own clients on the client pages (P1, P2, KA5).",
    )
