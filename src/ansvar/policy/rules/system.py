"""What the system does by itself: found an organisation, import its history and a demo's
everyday life, settle a veto window that closed without a veto, and erase personal data
whose time is up or whose erasure is requested (GDPR).

These are not anyone's decision right, so no person may take them, the CEO included, and the
system may take no one else's (``registry.evaluate``). They still go through ``perform`` so
the decision log has one writer, and each entry cites why the system may act.
"""

from ansvar.policy.actions import ActionName
from ansvar.policy.decision import Decision
from ansvar.policy.facts import AssignmentFacts, Facts
from ansvar.policy.rules.client import _status_sv
from ansvar.policy.rules.common import _refuse
from ansvar.policy.rules.registry import rule


def _system(f: Facts, clauses: tuple[str, ...], sv: str, en: str) -> Decision:
    """Allowed, in the role "system"; nobody is the decider of an automatic step."""
    return Decision(True, f.action, clauses, None, sv, en, role="system")


@rule(
    ActionName.FOUND_ORGANISATION,
    target="org",
    clauses=("P4",),
    sv="systemet, när organisationen grundas",
    en="the system, when the organisation is founded",
)
def system_founds_organisation(f: Facts) -> Decision:
    return _system(
        f,
        ("P4",),
        "Organisationen grundas med exakt en vd, en chef per affärsområde och en "
        "kundansvarig per kund (P4).",
        "The organisation is founded with exactly one CEO, one manager per business area and "
        "one lead per client (P4).",
    )


@rule(
    ActionName.IMPORT_HISTORY,
    target="org",
    clauses=("P4",),
    sv="systemet, vid import av organisationens historik",
    en="the system, when the organisation's history is imported",
)
def system_imports_history(f: Facts) -> Decision:
    return _system(
        f,
        ("P4",),
        "Tidigare ansvar importeras med datum, så att det alltid finns exakt en "
        "beslutsfattare per område bakåt i tiden (P4).",
        "Earlier responsibilities are imported with their dates, so that every area has "
        "exactly one decision maker back in time too (P4).",
    )


@rule(
    ActionName.IMPORT_ACTIVITY,
    target="org",
    clauses=("P7",),
    sv="systemet, vid teknisk import av vardagsdata",
    en="the system, when everyday data is imported technically",
)
def system_imports_activity(f: Facts) -> Decision:
    return _system(
        f,
        ("P7",),
        "Teknisk import av vardagsdata; den är skild från policybesluten och loggas (P7).",
        "A technical import of everyday data, kept apart from policy decisions and logged (P7).",
    )


def lapse_outcome(assignment: AssignmentFacts) -> str:
    """What a proposal becomes once its window has closed without a veto (VD5).

    ``lead_by_consent``: a new client's proposer starts leading it, as the CEO's appointment
    by consent (VD2); ``closed``: the proposer of a new client has left, so nobody would
    lead it (P4); ``activated``: an existing client's assignment becomes active."""
    if not assignment.new_client:
        return "activated"
    return "closed" if assignment.proposer_active is False else "lead_by_consent"


@rule(
    ActionName.LAPSE_PROPOSAL,
    target="assignment",
    clauses=("VD5", "VD2", "P4"),
    sv="systemet, när vetofönstret har stängt utan veto",
    en="the system, once the veto window has closed without a veto",
)
def system_lapses_proposal(f: Facts) -> Decision:
    a = f.assignment
    assert a is not None, "lapse_proposal acts on an assignment"
    if a.status == "proposed":
        return _refuse(
            f,
            ("VD5",),
            f.ceo,
            f"Vetofönstret för uppdrag {a.id} är öppet till {a.window_closes_on}; till dess "
            "kan vd lägga veto (VD5).",
            f"The veto window of assignment {a.id} is open until {a.window_closes_on}; until "
            "then the CEO may veto it (VD5).",
        )
    # A proposal a veto stopped has no window to settle. One an earlier tick settled passes
    # the rule: its handler's conditional UPDATE finds it settled and writes nothing, so
    # concurrent ticks settle each proposal exactly once and record no refusal.
    if a.status == "vetoed":
        return _refuse(
            f,
            ("VD5",),
            None,
            f"Uppdrag {a.id} är {_status_sv(a.status)}; det finns inget vetofönster att avsluta.",
            f"Assignment {a.id} is {a.status}; there is no veto window to settle.",
        )
    outcome = lapse_outcome(a)
    if outcome == "lead_by_consent":
        return _system(
            f,
            ("VD5", "VD2"),
            f"Inget veto kom under vetofönstret: förslagsställaren blir kundansvarig för "
            f"{a.client}, som vd:s utnämning genom samtycke (VD5, VD2).",
            f"No veto came within the window: the proposer becomes the lead of {a.client}, as "
            "the CEO's appointment by consent (VD5, VD2).",
        )
    if outcome == "closed":
        return _system(
            f,
            ("VD5", "P4"),
            f"Förslagsställaren har slutat innan vetofönstret stängde; förslaget om {a.client} "
            "stängs så att ingen kund står utan kundansvarig (VD5, P4).",
            f"The proposer left before the veto window closed; the proposal of {a.client} "
            "closes so that no client is left without a lead (VD5, P4).",
        )
    return _system(
        f,
        ("VD5",),
        f"Inget veto kom under vetofönstret: uppdrag {a.id} för {a.client} blir aktivt (VD5).",
        f"No veto came within the window: assignment {a.id} for {a.client} becomes active (VD5).",
    )


@rule(
    ActionName.ERASE_CANDIDATE_DATA,
    target="org",
    clauses=("AO3",),
    sv="systemet, när kandidaters uppgifter har sparats färdigt",
    en="the system, once candidates' data has been kept its time",
)
def system_erases_candidate_data(f: Facts) -> Decision:
    return _system(
        f,
        ("AO3",),
        "Kandidaters personuppgifter raderas när lagringstiden efter rekryteringen har gått "
        "ut (AO3, GDPR art. 5.1 e).",
        "Candidates' personal data is erased once its retention time after the recruitment "
        "is over (AO3, GDPR art. 5.1 e).",
    )


@rule(
    ActionName.ERASE_TALK_NOTES,
    target="org",
    clauses=("AO3", "AO4"),
    sv="systemet, när en tidigare anställds samtalsanteckningar har sparats färdigt",
    en="the system, once a former employee's talk notes have been kept their time",
)
def system_erases_talk_notes(f: Facts) -> Decision:
    return _system(
        f,
        ("AO3", "AO4"),
        "Anteckningarna från utvecklingssamtal och uppföljningar behövs medan personen är "
        "anställd; när lagringstiden efter sista anställningsdagen har gått ut töms de, medan "
        "samtalens datum finns kvar (AO3, AO4, GDPR art. 5.1 e).",
        "The notes of development talks and follow-ups are needed while the person is "
        "employed; once the retention time after the last day of employment is over they are "
        "emptied, while the talks' dates remain (AO3, AO4, GDPR art. 5.1 e).",
    )


@rule(
    ActionName.ERASE_COACHING_TEXTS,
    target="org",
    clauses=("AO5",),
    sv="systemet, när en tidigare anställds coachningstexter har sparats färdigt",
    en="the system, once a former employee's coaching texts have been kept their time",
)
def system_erases_coaching_texts(f: Facts) -> Decision:
    return _system(
        f,
        ("AO5",),
        "Ämnet och svaret i en coachningsförfrågan behövs medan personen är anställd; när "
        "lagringstiden efter sista anställningsdagen har gått ut töms de, medan datumen finns "
        "kvar (AO5, GDPR art. 5.1 e).",
        "A coaching request's topic and answer are needed while the person is employed; once "
        "the retention time after the last day of employment is over they are emptied, while "
        "the dates remain (AO5, GDPR art. 5.1 e).",
    )


@rule(
    ActionName.ERASE_PERSONAL_DATA,
    target="person",
    clauses=("P7",),
    sv="systemet, på en administratörs begäran (GDPR)",
    en="the system, on an administrator's request (GDPR)",
)
def system_erases_personal_data(f: Facts) -> Decision:
    return _system(
        f,
        ("P7",),
        "Radering av personuppgifter (GDPR art. 17) är teknisk administration, skild från "
        "policybesluten och loggad (P7); kedjan går fortfarande att verifiera.",
        "Erasing personal data (GDPR art. 17) is technical administration, kept apart from "
        "policy decisions and logged (P7); the chain still verifies.",
    )
