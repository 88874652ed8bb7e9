"""Rules on a client target, its assignments and criticism reports: the client lead (KA1-KA7,
P3, P6, P7) and the CEO's appointments and veto (VD2, VD5)."""

from ansvar.policy.decision import Decision
from ansvar.policy.facts import AssignmentFacts, Facts, PersonFacts
from ansvar.policy.rules.common import (
    _allow,
    _appointment_refusal,
    _ceo_right_plain,
    _refuse,
    _refuse_case,
)
from ansvar.policy.rules.registry import rule


def _leads_superior(f: Facts, other: PersonFacts | None) -> bool:
    """P6: the other person is the lead's own area manager or the CEO."""
    if other is None:
        return False
    return other.is_ceo or (f.actor.area is not None and f.actor.area in other.manages)


def _ended_refusal(f: Facts, clause: str) -> Decision | None:
    """KA2: once a client's lead has ended the collaboration, nobody decides anything more
    for it: the lead and the work group held the client until that day, and a decision
    dated before the end would change what the end closed. Nobody holds the right."""
    client = f.client
    assert client is not None
    if client.ended_on is None:
        return None
    clauses = (clause,) if clause == "KA2" else (clause, "KA2")
    cited = ", ".join(clauses)
    sv = f"Samarbetet med {client.name} avslutades {client.ended_on}; "
    en = f"The collaboration with {client.name} ended on {client.ended_on}; "
    if f.at >= client.ended_on:
        sv += f"inget mer beslutas för kunden ({cited})."
        en += f"nothing more is decided for the client ({cited})."
    else:
        sv += f"ett beslut kan inte dateras före slutet ({f.at}) ({cited})."
        en += f"a decision cannot be dated before the end ({f.at}) ({cited})."
    return _refuse(f, clauses, None, sv, en)


def _client_lead_right(f: Facts, clause: str, what_sv: str, what_en: str) -> Decision | None:
    """Refuse anyone but the client's lead; None means the actor leads the client. A client
    whose collaboration has ended has no lead and no decisions left (``_ended_refusal``)."""
    client = f.client
    assert client is not None, "client-lead rules need a client target"
    if client.ended_on is not None:
        return _ended_refusal(f, clause)
    lead = client.lead
    if client.status != "active" or lead is None:
        return _refuse(f, (clause, "P4"), f.ceo, why=_no_lead, of=(client.name, what_sv, what_en))
    actor = f.actor
    if actor.email == lead.email:
        return None
    if actor.is_ceo or actor.manages:
        return _refuse(
            f,
            ("P7", clause),
            lead,
            why=_never_micromanage,
            of=(client.name, lead.name, actor.is_ceo, clause, what_sv, what_en),
        )
    return _refuse(
        f,
        (clause,),
        lead,
        why=_only_the_lead,
        of=(client.name, lead.name, clause, what_sv, what_en),
    )


def _no_lead(client: str, what_sv: str, what_en: str) -> tuple[str, str]:
    return (
        f"{client} har ingen kundansvarig just nu; vd utser en (VD2) innan någon kan {what_sv}.",
        f"{client} has no client lead now; the CEO appoints one (VD2) before anyone can {what_en}.",
    )


def _never_micromanage(
    client: str, lead: str, ceo: bool, clause: str, what_sv: str, what_en: str
) -> tuple[str, str]:
    role_sv = "vd" if ceo else "affärsområdeschef"
    role_en = "the CEO" if ceo else "an area manager"
    return (
        f"{client}s kundansvarig är {lead}; som {role_sv} detaljstyr du aldrig ett kundansvar, "
        f"så bara {lead} kan {what_sv} (P7, {clause}).",
        f"{client}'s client lead is {lead}; as {role_en} you never micromanage a client "
        f"responsibility, so only {lead} can {what_en} (P7, {clause}).",
    )


def _only_the_lead(
    client: str, lead: str, clause: str, what_sv: str, what_en: str
) -> tuple[str, str]:
    return (
        f"Bara {client}s kundansvarige, {lead}, kan {what_sv} ({clause}).",
        f"Only {client}'s client lead, {lead}, can {what_en} ({clause}).",
    )


def _lead_allow(
    f: Facts, clauses: tuple[str, ...], sv: str, en: str, other: PersonFacts | None = None
) -> Decision:
    extra: tuple[str, ...] = ("P3",)
    if other is not None and _leads_superior(f, other):
        extra += ("P6",)
        sv += " Inom kunden leder du även din chef (P6)."
        en += " Within the client you lead your own manager too (P6)."
    return _allow(f, clauses + extra, "client_lead", sv, en)


def _backdated_refusal(f: Facts, clause: str) -> Decision | None:
    """The work group's history is kept (KA3): a change cannot be dated before one recorded."""
    later = f.details.get("later_work_group_change")
    if later is None:
        return None
    assert f.client is not None
    return _refuse_case(
        f,
        (clause,),
        f"{f.client.name}s arbetsgrupp har en ändring från {later}; ett beslut kan inte "
        f"dateras före den ({f.at}) ({clause}).",
        f"{f.client.name}'s work group has a change from {later}; a decision cannot be dated "
        f"before it ({f.at}) ({clause}).",
    )


def _member_check(f: Facts, email: str | None, clause: str) -> Decision | None:
    assert f.client is not None
    if email is None or email not in f.client.members:
        named = f.people.get(email or "")
        who = named.name if named else (email or "?")
        return _refuse_case(
            f,
            (clause,),
            f"{who} är inte med i {f.client.name}s arbetsgrupp; lägg först till personen (KA3).",
            f"{who} is not in {f.client.name}'s work group; add them first (KA3).",
        )
    return None


@rule(
    "assign_work_item",
    target="client",
    clauses=("KA1", "P3", "P6", "P7"),
    sv="kundens kundansvariga",
    en="the client's lead",
)
def may_assign_work_item(f: Facts) -> Decision:
    refused = _client_lead_right(f, "KA1", "fördela arbetet", "distribute the work")
    if refused:
        return refused
    assignee = str(f.args.get("assignee", ""))
    if assignee != f.actor.email:
        refused = _member_check(f, assignee, "KA1")
        if refused:
            return refused
    return _lead_allow(
        f,
        ("KA1",),
        "Du leder och fördelar arbetet för kunden (KA1).",
        "You lead and distribute the client's work (KA1).",
        f.people.get(assignee),
    )


@rule(
    "record_collaboration_decision",
    target="client",
    clauses=("KA2", "P3", "P7"),
    sv="kundens kundansvariga",
    en="the client's lead",
)
def may_record_collaboration_decision(f: Facts) -> Decision:
    refused = _client_lead_right(
        f, "KA2", "besluta om samarbetet", "decide about the collaboration"
    )
    return refused or _lead_allow(
        f,
        ("KA2",),
        "Du beslutar ensam om samarbetet (KA2).",
        "You alone decide about the collaboration (KA2).",
    )


@rule(
    "add_work_group_member",
    target="client",
    clauses=("KA3", "KA6", "P3", "P6", "P7"),
    sv="kundens kundansvariga",
    en="the client's lead",
)
def may_add_work_group_member(f: Facts) -> Decision:
    refused = _client_lead_right(f, "KA3", "utse arbetsgruppen", "appoint the work group")
    if refused:
        return refused
    refused = _backdated_refusal(f, "KA3")
    if refused:
        return refused
    assert f.client is not None
    email = str(f.args.get("person", ""))
    person = f.people.get(email)
    if person is None or not person.active:
        return _refuse_case(f, ("KA3",), why=_cannot_join, of=(email,))
    client = f.client
    if client.lead is not None and email == client.lead.email:
        return _refuse_case(
            f,
            ("KA3",),
            "Den kundansvariga leder arbetsgruppen och läggs inte till som medlem.",
            "The client lead leads the work group and is not added as a member.",
        )
    if email in client.members:
        return _refuse_case(f, ("KA3",), why=_in_the_group, of=(person.name, client.name))
    return _lead_allow(
        f,
        ("KA3", "KA6"),
        "Du utser själv din arbetsgrupp, från hela företaget (KA3, KA6).",
        "You appoint your own work group, from the whole firm (KA3, KA6).",
        person,
    )


def _cannot_join(email: str) -> tuple[str, str]:
    return (
        f"{email} är inte anställd och kan inte ingå i arbetsgruppen.",
        f"{email} is not employed and cannot join the work group.",
    )


def _in_the_group(name: str, client: str) -> tuple[str, str]:
    return (
        f"{name} är redan med i {client}s arbetsgrupp.",
        f"{name} is already in {client}'s work group.",
    )


@rule(
    "remove_work_group_member",
    target="client",
    clauses=("KA3", "P3", "P7"),
    sv="kundens kundansvariga",
    en="the client's lead",
)
def may_remove_work_group_member(f: Facts) -> Decision:
    refused = _client_lead_right(f, "KA3", "ändra arbetsgruppen", "change the work group")
    if refused:
        return refused
    refused = _backdated_refusal(f, "KA3")
    if refused:
        return refused
    email = str(f.args.get("person", ""))
    refused = _member_check(f, email, "KA3")
    return refused or _lead_allow(
        f,
        ("KA3",),
        "Du utser själv din arbetsgrupp (KA3).",
        "You appoint your own work group (KA3).",
    )


@rule(
    "set_deputy",
    target="client",
    clauses=("KA5", "P3", "P7"),
    sv="kundens kundansvariga",
    en="the client's lead",
)
def may_set_deputy(f: Facts) -> Decision:
    refused = _client_lead_right(f, "KA5", "utse ersättare", "name a deputy")
    if refused:
        return refused
    refused = _backdated_refusal(f, "KA5")
    if refused:
        return refused
    email = str(f.args.get("person", ""))
    refused = _member_check(f, email, "KA5")
    return refused or _lead_allow(
        f,
        ("KA5",),
        "Du gör dig ersättlig genom att utse en ersättare (KA5).",
        "You make yourself replaceable by naming a deputy (KA5).",
        f.people.get(email),
    )


@rule(
    "propose_assignment",
    target="client",
    clauses=("KA3", "VD5", "P3", "P7"),
    sv="kundens kundansvariga",
    en="the client's lead",
)
def may_propose_assignment(f: Facts) -> Decision:
    refused = _client_lead_right(f, "KA3", "föreslå nya uppdrag", "propose new assignments")
    return refused or _lead_allow(
        f,
        ("KA3", "VD5"),
        "Du hittar egna uppdrag; vd kan lägga veto under vetofönstret (KA3, VD5).",
        "You find your own assignments; the CEO may veto within the veto window (KA3, VD5).",
    )


@rule(
    "report_criticism",
    target="client",
    clauses=("KA7", "P3", "P7"),
    sv="kundens kundansvariga",
    en="the client's lead",
)
def may_report_criticism(f: Facts) -> Decision:
    refused = _client_lead_right(
        f, "KA7", "rapportera kundens kritik", "report the client's criticism"
    )
    return refused or _lead_allow(
        f,
        ("KA7",),
        "Du informerar vd om kundens kritik (KA7).",
        "You inform the CEO of the client's criticism (KA7).",
    )


@rule(
    "record_client_figures",
    target="client",
    clauses=("AO2", "P3", "P7"),
    sv="kundens kundansvariga",
    en="the client's lead",
)
def may_record_client_figures(f: Facts) -> Decision:
    refused = _client_lead_right(
        f, "AO2", "registrera kundens intäkter och marginal", "record the client's figures"
    )
    return refused or _lead_allow(
        f,
        ("AO2",),
        "Du registrerar din kunds intäkter och marginal (AO2).",
        "You record your client's revenue and margin (AO2).",
    )


@rule("appoint_client_lead", target="client", clauses=("VD2", "P3", "P4"), sv="vd", en="the CEO")
def may_appoint_client_lead(f: Facts) -> Decision:
    decision = _ceo_right_plain(f, "VD2", "utse kundansvariga", "appoint client leads")
    if decision.allowed:
        assert f.client is not None
        if f.client.ended_on is not None:
            # The end is the lead's decision (KA2): there is no responsibility left to give.
            return _refuse_case(
                f,
                ("VD2", "KA2"),
                f"Samarbetet med {f.client.name} avslutades {f.client.ended_on}; kunden har "
                "inget kundansvar att ge (KA2).",
                f"The collaboration with {f.client.name} ended on {f.client.ended_on}; the "
                "client has no responsibility left to give (KA2).",
            )
        refused = _appointment_refusal(f, "VD2", f.client.lead)
        if refused is not None:
            return refused
        return _allow(f, ("VD2", "P3"), "ceo", why=_rights_at_once, of=(decision,))
    return decision


def _rights_at_once(decision: Decision) -> tuple[str, str]:
    return (
        decision.reason_sv + " Rätten gäller från samma stund (P3).",
        decision.reason_en + " The rights start at once (P3).",
    )


@rule(
    "veto_assignment",
    target="assignment",
    clauses=("VD5",),
    sv="vd, medan vetofönstret är öppet",
    en="the CEO, while the veto window is open",
)
def may_veto_assignment(f: Facts) -> Decision:
    decision = _ceo_right_plain(f, "VD5", "lägga veto mot nya uppdrag", "veto new assignments")
    if not decision.allowed:
        return decision
    a = f.assignment
    assert a is not None
    if a.status != "proposed" or f.at >= a.window_closes_on:
        return _refuse_case(f, ("VD5",), why=_window_closed, of=(a,))
    if not str(f.args.get("reason", "")).strip():
        return _refuse_case(
            f, ("VD5",), "Ett veto måste ha en motivering.", "A veto needs a reason."
        )
    return decision


def _window_closed(a: AssignmentFacts) -> tuple[str, str]:
    return (
        f"Vetofönstret för uppdrag {a.id} stängde {a.window_closes_on}; "
        f"uppdraget är {_status_sv(a.status)}.",
        f"The veto window of assignment {a.id} closed on {a.window_closes_on}; it is {a.status}.",
    )


def _status_sv(status: str) -> str:
    return {
        "proposed": "föreslaget",
        "active": "aktivt",
        "vetoed": "stoppat",
        "closed": "avslutat",
    }.get(status, status)


@rule("acknowledge_criticism", target="criticism", clauses=("KA7",), sv="vd", en="the CEO")
def may_acknowledge_criticism(f: Facts) -> Decision:
    decision = _ceo_right_plain(f, "KA7", "kvittera kundkritik", "acknowledge client criticism")
    reported_on = f.criticism.reported_on if f.criticism is not None else None
    if decision.allowed and reported_on is not None and f.at < reported_on:
        return _refuse_case(
            f,
            ("KA7",),
            f"Kritiken rapporterades {reported_on}; den kan inte kvitteras dessförinnan.",
            f"The criticism was reported on {reported_on}; it cannot be acknowledged before.",
        )
    if decision.allowed and f.criticism is not None and f.criticism.acknowledged:
        return _refuse_case(
            f,
            ("KA7",),
            "Kritiken är redan kvitterad.",
            "The criticism is already acknowledged.",
        )
    return decision


# --- ending work: a work item done, an assignment closed, the collaboration ended --------------


@rule(
    "mark_work_item_done",
    target="client",
    clauses=("KA1", "KA2", "P3", "P5", "P7"),
    sv="kundens kundansvariga, eller den som fått uppgiften",
    en="the client's lead, or the one the work was given to",
)
def may_mark_work_item_done(f: Facts) -> Decision:
    """The lead leads and distributes the daily work (KA1), so the lead may say a piece of it
    is done. The one the lead gave it to may say so of their own work as well: the policy
    names no approval step for it, and P5 adds none beyond those it names; a manager who is
    the assignee (P6) marks their own work like anyone else. Anyone else, the CEO and area
    managers included, is refused: the work is the lead's to distribute (KA1, P7)."""
    item = f.details.get("work_item")
    ended = _ended_refusal(f, "KA1")
    if ended is not None:
        return ended
    assert f.client is not None
    lead = f.client.lead
    is_lead = lead is not None and f.client.status == "active" and f.actor.email == lead.email
    is_assignee = item is not None and item["assignee"] == f.actor.email
    if not is_lead and not is_assignee:
        refused = _client_lead_right(
            f, "KA1", "markera andras uppgifter som klara", "mark others' work as done"
        )
        assert refused is not None
        return refused
    if item is None:
        # Asked before the work item is named (``holds_right``), or naming none of the
        # client's: the lead holds the right, and the input decides the rest.
        return _refuse_case(
            f, ("KA1",), "Ange vilken uppgift som är klar.", "Name the work item that is done."
        )
    if f.at < item["created_on"]:
        return _refuse_case(
            f,
            ("KA1",),
            f"Uppgiften gavs {item['created_on']}; den kan inte vara klar dessförinnan ({f.at}).",
            f"The work was given on {item['created_on']}; it cannot be done before that ({f.at}).",
        )
    if item["done_on"] is not None:
        return _refuse_case(
            f,
            ("KA1",),
            f"Uppgiften är redan klar sedan {item['done_on']}.",
            f"The work is already done, since {item['done_on']}.",
        )
    if is_lead:
        return _lead_allow(
            f,
            ("KA1",),
            "Du leder och fördelar arbetet för kunden och säger när en uppgift är klar (KA1).",
            "You lead and distribute the client's work and say when a piece of it is done (KA1).",
        )
    return _allow(
        f,
        ("KA1", "P5"),
        "assignee",
        "Uppgiften är din; du säger själv när den är klar, utan något godkännande (KA1, P5).",
        "The work is yours; you say yourself when it is done, with no approval step (KA1, P5).",
    )


@rule(
    "close_assignment",
    target="assignment",
    clauses=("KA2", "KA3", "VD5", "P3", "P7"),
    sv="kundens kundansvariga",
    en="the client's lead",
)
def may_close_assignment(f: Facts) -> Decision:
    """The lead finds the client's assignments (KA3) and alone decides about the
    collaboration (KA2), so the lead says when an assignment is over; the CEO's part is the
    veto over new assignments (VD5), not their end, and P7 keeps the CEO and area managers
    out. Only an active assignment closes: a proposal is the CEO's to veto until its window
    closes, and a vetoed or closed one is over already."""
    refused = _client_lead_right(f, "KA2", "avsluta uppdrag", "close assignments")
    if refused:
        return refused
    a = f.assignment
    assert a is not None
    if a.status == "proposed":
        return _refuse_case(
            f,
            ("KA2", "VD5"),
            f"Uppdrag {a.id} är ett förslag i vd:s vetofönster till {a.window_closes_on}; det "
            "kan avslutas först när det är aktivt (VD5).",
            f"Assignment {a.id} is a proposal in the CEO's veto window until "
            f"{a.window_closes_on}; it can be closed once it is active (VD5).",
        )
    if a.status != "active":
        return _refuse_case(
            f,
            ("KA2",),
            f"Uppdrag {a.id} är redan {_status_sv(a.status)}.",
            f"Assignment {a.id} is {a.status} already.",
        )
    if f.at < a.window_closes_on:
        return _refuse_case(
            f,
            ("KA2", "VD5"),
            f"Uppdrag {a.id} blev aktivt {a.window_closes_on}; det kan inte avslutas "
            f"dessförinnan ({f.at}).",
            f"Assignment {a.id} became active on {a.window_closes_on}; it cannot be closed "
            f"before that ({f.at}).",
        )
    return _lead_allow(
        f,
        ("KA2", "KA3"),
        "Du hittar egna uppdrag och beslutar ensam om samarbetet, också när ett uppdrag är "
        "klart (KA2, KA3).",
        "You find your own assignments and alone decide about the collaboration, when an "
        "assignment is over too (KA2, KA3).",
    )


@rule(
    "end_client",
    target="client",
    clauses=("KA2", "VD5", "P3", "P7"),
    sv="kundens kundansvariga",
    en="the client's lead",
)
def may_end_client(f: Facts) -> Decision:
    """Whether the collaboration goes on is a decision about the collaboration, and the lead
    alone takes those (KA2). The CEO appoints and replaces leads (VD2) and may veto new
    assignments (VD5), but the policy gives the CEO no say over a client's end, and P7 keeps
    the CEO and area managers out of a client responsibility. The end waits for a proposal
    still in the CEO's veto window (VD5), and cannot be dated before a recorded change of
    the client's work; it closes the active assignments and the open work, and the lead's
    and the work group's holdings end the same day."""
    refused = _client_lead_right(
        f, "KA2", "avsluta samarbetet med kunden", "end the collaboration with the client"
    )
    if refused:
        return refused
    assert f.client is not None
    pending = f.details.get("proposal_window_closes_on")
    if pending is not None:
        return _refuse_case(
            f,
            ("KA2", "VD5"),
            f"Ett föreslaget uppdrag för {f.client.name} är i vd:s vetofönster till {pending}; "
            "kunden kan avslutas när det är avgjort (VD5).",
            f"A proposed assignment for {f.client.name} is in the CEO's veto window until "
            f"{pending}; the client can be ended once it is settled (VD5).",
        )
    later = f.details.get("later_change")
    if later is not None:
        return _refuse_case(
            f,
            ("KA2",),
            f"{f.client.name} har en ändring från {later}; slutet kan inte dateras före den "
            f"({f.at}).",
            f"{f.client.name} has a change from {later}; the end cannot be dated before it "
            f"({f.at}).",
        )
    return _lead_allow(
        f,
        ("KA2",),
        "Du beslutar ensam om samarbetet, också om att avsluta det (KA2). Aktiva uppdrag och "
        "öppna uppgifter avslutas, och ditt kundansvar och arbetsgruppen upphör samma dag.",
        "You alone decide about the collaboration, its end included (KA2). Active assignments "
        "and open work close, and your client responsibility and the work group end the same "
        "day.",
    )
