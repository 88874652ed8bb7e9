"""One named rule per decision right of the policy: facts in, Decision out.

Every action of ACTIONS.md has exactly one rule here. A rule never reads the database and
never raises for a policy reason: it returns a refused Decision that names the clause and
the single person who does decide.
"""

from collections.abc import Callable
from dataclasses import dataclass

from ansvar.policy import law
from ansvar.policy.decision import Decision, Party
from ansvar.policy.facts import Facts, PersonFacts

RuleFn = Callable[[Facts], Decision]


@dataclass(frozen=True)
class Rule:
    action: str
    target: str  # the target kind: org, area, client, person, assignment, criticism
    clauses: tuple[str, ...]  # every clause the rule may cite
    holder_sv: str  # who may, in the product's words
    holder_en: str
    evaluate: RuleFn


RULES: dict[str, Rule] = {}


def rule(action: str, *, target: str, clauses: tuple[str, ...], sv: str, en: str):
    def register(fn: RuleFn) -> RuleFn:
        RULES[action] = Rule(action, target, clauses, sv, en, fn)
        return fn

    return register


def evaluate(facts: Facts) -> Decision:
    """Run the rule of ``facts.action``; an inactive actor is refused whatever the action."""
    rule_ = RULES[facts.action]
    if not facts.actor.active:
        return _refuse(
            facts,
            rule_.clauses[:1],
            None,
            f"{facts.actor.name} är inte anställd {facts.at} och kan inte fatta beslut.",
            f"{facts.actor.name} is not employed on {facts.at} and cannot take decisions.",
        )
    return rule_.evaluate(facts)


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


# --- Level 1: the client lead ---------------------------------------------------------------


def _leads_superior(f: Facts, other: PersonFacts | None) -> bool:
    """P6: the other person is the lead's own area manager or the CEO."""
    if other is None:
        return False
    return other.is_ceo or (f.actor.area is not None and f.actor.area in other.manages)


def _client_lead_right(f: Facts, clause: str, what_sv: str, what_en: str) -> Decision | None:
    """Refuse anyone but the client's lead; None means the actor leads the client."""
    client = f.client
    assert client is not None, "client-lead rules need a client target"
    lead = client.lead
    if client.status != "active" or lead is None:
        return _refuse(
            f,
            (clause, "P4"),
            f.ceo,
            f"{client.name} har ingen kundansvarig just nu; vd utser en (VD2) innan någon kan "
            f"{what_sv}.",
            f"{client.name} has no client lead now; the CEO appoints one (VD2) before anyone "
            f"can {what_en}.",
        )
    if f.actor.email == lead.email:
        return None
    if f.actor.is_ceo or f.actor.is_area_manager:
        role_sv = "vd" if f.actor.is_ceo else "affärsområdeschef"
        role_en = "the CEO" if f.actor.is_ceo else "an area manager"
        return _refuse(
            f,
            ("P7", clause),
            lead,
            f"{client.name}s kundansvarig är {lead.name}; som {role_sv} detaljstyr du aldrig "
            f"ett kundansvar, så bara {lead.name} kan {what_sv} (P7, {clause}).",
            f"{client.name}'s client lead is {lead.name}; as {role_en} you never micromanage a "
            f"client responsibility, so only {lead.name} can {what_en} (P7, {clause}).",
        )
    return _refuse(
        f,
        (clause,),
        lead,
        f"Bara {client.name}s kundansvarige, {lead.name}, kan {what_sv} ({clause}).",
        f"Only {client.name}'s client lead, {lead.name}, can {what_en} ({clause}).",
    )


def _lead_allow(
    f: Facts, clauses: tuple[str, ...], sv: str, en: str, other: PersonFacts | None = None
) -> Decision:
    extra: tuple[str, ...] = ("P3",)
    if _leads_superior(f, other):
        extra += ("P6",)
        sv += " Inom kunden leder du även din chef (P6)."
        en += " Within the client you lead your own manager too (P6)."
    return _allow(f, clauses + extra, "client_lead", sv, en)


def _member_check(f: Facts, email: str | None, clause: str) -> Decision | None:
    assert f.client is not None
    if email is None or email not in f.client.members:
        named = f.people.get(email or "")
        who = named.name if named else (email or "?")
        return _refuse(
            f,
            (clause,),
            f.client.lead,
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
    assert f.client is not None
    email = str(f.args.get("person", ""))
    person = f.people.get(email)
    if person is None or not person.active:
        return _refuse(
            f,
            ("KA3",),
            f.client.lead,
            f"{email} är inte anställd och kan inte ingå i arbetsgruppen.",
            f"{email} is not employed and cannot join the work group.",
        )
    if f.client.lead is not None and email == f.client.lead.email:
        return _refuse(
            f,
            ("KA3",),
            f.client.lead,
            "Den kundansvariga leder arbetsgruppen och läggs inte till som medlem.",
            "The client lead leads the work group and is not added as a member.",
        )
    if email in f.client.members:
        return _refuse(
            f,
            ("KA3",),
            f.client.lead,
            f"{person.name} är redan med i {f.client.name}s arbetsgrupp.",
            f"{person.name} is already in {f.client.name}'s work group.",
        )
    return _lead_allow(
        f,
        ("KA3", "KA6"),
        "Du utser själv din arbetsgrupp, från hela företaget (KA3, KA6).",
        "You appoint your own work group, from the whole firm (KA3, KA6).",
        person,
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


# --- Level 3: the CEO ----------------------------------------------------------------------


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


@rule("create_business_area", target="org", clauses=("VD1",), sv="vd", en="the CEO")
def may_create_business_area(f: Facts) -> Decision:
    return _ceo_right_plain(f, "VD1", "skapa affärsområden", "create business areas")


@rule("set_policy_parameter", target="org", clauses=("VD1",), sv="vd", en="the CEO")
def may_set_policy_parameter(f: Facts) -> Decision:
    return _ceo_right_plain(f, "VD1", "ändra policyparametrar", "change policy parameters")


@rule("appoint_client_lead", target="client", clauses=("VD2", "P3"), sv="vd", en="the CEO")
def may_appoint_client_lead(f: Facts) -> Decision:
    decision = _ceo_right_plain(f, "VD2", "utse kundansvariga", "appoint client leads")
    if decision.allowed:
        email = str(f.args.get("person", ""))
        person = f.people.get(email)
        if person is None or not person.active:
            return _refuse(
                f, ("VD2",), f.ceo, f"{email} är inte anställd.", f"{email} is not employed."
            )
        return _allow(
            f,
            ("VD2", "P3"),
            "ceo",
            decision.reason_sv + " Rätten gäller från samma stund (P3).",
            decision.reason_en + " The rights start at once (P3).",
        )
    return decision


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


@rule("promote_to_senior", target="person", clauses=("VD4",), sv="vd", en="the CEO")
def may_promote_to_senior(f: Facts) -> Decision:
    decision = _ceo_right_plain(
        f, "VD4", "befordra till seniorkonsult", "promote to senior consultant"
    )
    if decision.allowed and f.person is not None and f.person.title == "senior":
        return _refuse(
            f,
            ("VD4",),
            f.ceo,
            f"{f.person.name} är redan seniorkonsult.",
            f"{f.person.name} is already a senior consultant.",
        )
    return decision


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
        return _refuse(
            f,
            ("VD5",),
            None,
            f"Vetofönstret för uppdrag {a.id} stängde {a.window_closes_on}; "
            f"uppdraget är {_status_sv(a.status)}.",
            f"The veto window of assignment {a.id} closed on {a.window_closes_on}; "
            f"it is {a.status}.",
        )
    if not str(f.args.get("reason", "")).strip():
        return _refuse(
            f, ("VD5",), f.ceo, "Ett veto måste ha en motivering.", "A veto needs a reason."
        )
    return decision


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
    if decision.allowed and f.criticism is not None and f.criticism.acknowledged:
        return _refuse(
            f,
            ("KA7",),
            f.ceo,
            "Kritiken är redan kvitterad.",
            "The criticism is already acknowledged.",
        )
    return decision


# --- Level 2: the business-area manager ----------------------------------------------------


def line_manager(f: Facts, person: PersonFacts) -> Party | None:
    """Who holds AO3/AO4 rights over a person: their area manager; for a manager, the CEO."""
    if person.is_ceo:
        return None  # the board, outside Ansvar
    if person.is_area_manager or f.area is None or f.area.manager is None:
        return f.ceo
    if f.area.manager.email == person.email:
        return f.ceo
    return f.area.manager


def _manager_right(f: Facts, clause: str, sv: str, en: str, self_ok: bool = False) -> Decision:
    person = f.person
    assert person is not None, "manager rules need a person target"
    manager = line_manager(f, person)
    if not self_ok and person.email == f.actor.email:
        return _refuse(
            f,
            (clause,),
            manager,
            f"Ingen {sv} för sig själv ({clause}); det gör {_name(manager)}.",
            f"Nobody may {en} for themself ({clause}); {_name_en(manager)} does.",
        )
    if manager is not None and f.actor.email == manager.email:
        role = "ceo" if f.actor.is_ceo else "area_manager"
        return _allow(
            f,
            (clause,),
            role,
            f"Du är {person.name}s lönesättande chef och får {sv} ({clause}).",
            f"You are {person.name}'s line manager and may {en} ({clause}).",
        )
    if manager is None:
        return _refuse(
            f,
            (clause,),
            None,
            f"För vd beslutar styrelsen, utanför Ansvar ({clause}).",
            f"For the CEO the board decides, outside Ansvar ({clause}).",
        )
    return _refuse(
        f,
        (clause,),
        manager,
        f"Bara {person.name}s chef, {manager.name}, får {sv} ({clause}).",
        f"Only {person.name}'s manager, {manager.name}, may {en} ({clause}).",
    )


@rule(
    "set_salary",
    target="person",
    clauses=("AO3",),
    sv="personens affärsområdeschef; vd för en affärsområdeschef",
    en="the person's area manager; the CEO for an area manager",
)
def may_set_salary(f: Facts) -> Decision:
    return _manager_right(f, "AO3", "sätta lön", "set the salary")


@rule(
    "view_salary",
    target="person",
    clauses=("AO3",),
    sv="personen själv, dess chef och vd",
    en="the person, their manager and the CEO",
)
def may_view_salary(f: Facts) -> Decision:
    return _self_ceo_or_manager(
        f,
        ("Du får se din egen lön (AO3).", "You may see your own salary (AO3)."),
        ("Vd får se alla löner (AO3).", "The CEO may see every salary (AO3)."),
        ("se lönen", "see the salary"),
    )


def _self_ceo_or_manager(
    f: Facts, own: tuple[str, str], as_ceo: tuple[str, str], what: tuple[str, str]
) -> Decision:
    """AO3 reads: the person themself, the CEO, or the person's line manager."""
    person = f.person
    assert person is not None
    if person.email == f.actor.email:
        return _allow(f, ("AO3",), "self", *own)
    if f.ceo is not None and f.actor.email == f.ceo.email:
        return _allow(f, ("AO3",), "ceo", *as_ceo)
    return _manager_right(f, "AO3", *what)


@rule(
    "record_development_talk",
    target="person",
    clauses=("AO3",),
    sv="personens affärsområdeschef",
    en="the person's area manager",
)
def may_record_development_talk(f: Facts) -> Decision:
    return _manager_right(f, "AO3", "hålla utvecklingssamtal", "hold the development talk")


@rule(
    "record_probation_follow_up",
    target="person",
    clauses=("AO4",),
    sv="personens affärsområdeschef",
    en="the person's area manager",
)
def may_record_probation_follow_up(f: Facts) -> Decision:
    return _manager_right(f, "AO4", "hålla uppföljningssamtal", "hold the follow-up talk")


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


@rule(
    "answer_coaching",
    target="person",
    clauses=("AO5",),
    sv="chefen som tillfrågades",
    en="the manager who was asked",
)
def may_answer_coaching(f: Facts) -> Decision:
    manager = f.person
    assert manager is not None
    if manager.email == f.actor.email:
        return _allow(
            f,
            ("AO5",),
            "area_manager",
            "Du svarar på en coachningsförfrågan till dig (AO5).",
            "You answer a coaching request made to you (AO5).",
        )
    return _refuse(
        f,
        ("AO5",),
        manager.party,
        f"Förfrågan gäller {manager.name}; bara {manager.name} svarar (AO5).",
        f"The request was made to {manager.name}; only they answer it (AO5).",
    )


@rule(
    "view_talk_notes",
    target="person",
    clauses=("AO3", "AO4"),
    sv="personen själv, dess chef och vd",
    en="the person, their manager and the CEO",
)
def may_view_talk_notes(f: Facts) -> Decision:
    return _self_ceo_or_manager(
        f,
        ("Du får läsa dina egna samtal.", "You may read your own talks."),
        ("Vd får läsa samtalsanteckningar.", "The CEO may read talk notes."),
        ("läsa samtalsanteckningarna", "read the talk notes"),
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


@rule(
    "request_coaching",
    target="person",
    clauses=("AO5",),
    sv="en konsult i chefens affärsområde",
    en="a consultant of that manager's area",
)
def may_request_coaching(f: Facts) -> Decision:
    manager = f.person
    assert manager is not None
    if (
        f.actor.area is not None
        and f.actor.area in manager.manages
        and manager.email != f.actor.email
    ):
        return _allow(
            f,
            ("AO5",),
            "consultant",
            f"{manager.name} är din affärsområdeschef och finns till hands (AO5).",
            f"{manager.name} is your area manager and is there for you (AO5).",
        )
    return _refuse(
        f,
        ("AO5",),
        None,
        f"{manager.name} är inte din affärsområdeschef; be din egen chef (AO5).",
        f"{manager.name} is not your area manager; ask your own (AO5).",
    )


# --- Everyone: the competence register (KA6) -----------------------------------------------


@rule(
    "set_skill",
    target="person",
    clauses=("KA6",),
    sv="personen själv",
    en="the person themself",
)
def may_set_skill(f: Facts) -> Decision:
    person = f.person
    assert person is not None, "set_skill needs a person target"
    if person.email == f.actor.email:
        return _allow(
            f,
            ("KA6",),
            "self",
            "Du håller själv din kompetensprofil aktuell; alla kan se den (KA6).",
            "You keep your own competence profile up to date; everyone can see it (KA6).",
        )
    return _refuse(
        f,
        ("KA6",),
        person.party,
        f"Bara {person.name} själv för in sina kompetenser (KA6).",
        f"Only {person.name} records their own skills (KA6).",
    )
