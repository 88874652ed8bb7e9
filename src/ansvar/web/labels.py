"""The web's words for actions and their arguments: Swedish first, English second."""

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "acknowledge_criticism": ("Kvittera kundkritik", "Acknowledge client criticism"),
    "add_candidate": ("Lägg till kandidat", "Add a candidate"),
    "add_technical_admin": ("Gör till teknisk administratör", "Make a technical administrator"),
    "name_first_technical_admin": (
        "Första tekniska administratören",
        "The first technical administrator",
    ),
    "add_work_group_member": ("Lägg till i arbetsgruppen", "Add to the work group"),
    "answer_coaching": ("Besvara coachningsförfrågan", "Answer a coaching request"),
    "appoint_area_manager": ("Utse affärsområdeschef", "Appoint an area manager"),
    "appoint_client_lead": ("Utse kundansvarig", "Appoint a client lead"),
    "assign_work_item": ("Fördela en arbetsuppgift", "Assign a work item"),
    "close_assignment": ("Avsluta uppdrag", "Close the assignment"),
    "create_business_area": ("Skapa affärsområde", "Create a business area"),
    "decide_probation": ("Besluta om provanställningen", "Decide on the probation"),
    "deactivate_account": ("Stäng av kontot", "Deactivate the account"),
    "decide_rotation": ("Besluta om enhetsrotation", "Decide on unit rotation"),
    "dismiss": ("Avskeda", "Dismiss"),
    "end_client": ("Avsluta kunden", "End the client"),
    "give_notice": ("Säga upp", "Give notice"),
    "hire": ("Anställa", "Hire"),
    "invite_person": ("Bjud in till konto", "Invite to an account"),
    "mark_work_item_done": ("Klar", "Done"),
    "move_candidate": ("Flytta kandidat", "Move a candidate"),
    "open_position": ("Öppna tjänst", "Open a position"),
    "promote_to_senior": ("Befordra till seniorkonsult", "Promote to senior consultant"),
    "propose_assignment": ("Föreslå nytt uppdrag", "Propose a new assignment"),
    "propose_client": ("Föreslå ny kund", "Propose a new client"),
    "reactivate_account": ("Återaktivera kontot", "Reactivate the account"),
    "record_client_figures": ("Registrera intäkt och marginal", "Record revenue and margin"),
    "record_collaboration_decision": ("Besluta om samarbetet", "Decide on the collaboration"),
    "record_development_talk": ("Registrera utvecklingssamtal", "Record a development talk"),
    "record_probation_follow_up": ("Registrera uppföljningssamtal", "Record a follow-up talk"),
    "remove_work_group_member": ("Ta bort ur arbetsgruppen", "Remove from the work group"),
    "report_criticism": ("Rapportera kritik från kunden", "Report client criticism"),
    "request_coaching": ("Be om coachning", "Ask for coaching"),
    "resend_invitation": ("Skicka inbjudan igen", "Send the invitation again"),
    "register_webhook": ("Registrera en webhook-mottagare", "Register a webhook endpoint"),
    "change_webhook": ("Ändra en webhook-mottagare", "Change a webhook endpoint"),
    "remove_webhook": ("Ta bort en webhook-mottagare", "Remove a webhook endpoint"),
    "rotate_webhook_secret": ("Ge mottagaren en ny hemlighet", "Give the endpoint a new secret"),
    "set_deputy": ("Utse ersättare", "Name a deputy"),
    "set_policy_parameter": ("Ändra policyparameter", "Change a policy parameter"),
    "set_salary": ("Sätta lön", "Set the salary"),
    "set_skill": ("Ange kompetens", "Record a skill"),
    "veto_assignment": ("Lägg veto", "Veto"),
    "view_salary": ("Se lön", "See the salary"),
    "view_talk_notes": ("Läs samtalsanteckningar", "Read talk notes"),
    # The system's own actions (no person may take them; they show in the log).
    "erase_candidate_data": ("Radera kandidaters uppgifter", "Erase candidates' data"),
    "erase_talk_notes": (
        "Radera tidigare anställdas samtalsanteckningar",
        "Erase former employees' talk notes",
    ),
    "erase_coaching_texts": (
        "Radera tidigare anställdas coachningstexter",
        "Erase former employees' coaching texts",
    ),
    "erase_personal_data": ("Radera personuppgifter (GDPR)", "Erase personal data (GDPR)"),
    "found_organisation": ("Grunda organisationen", "Found the organisation"),
    "import_activity": ("Importera vardagsdata", "Import everyday data"),
    "import_history": ("Importera historik", "Import the history"),
    "lapse_proposal": ("Vetofönstret stängt utan veto", "Veto window closed without a veto"),
}

ARG_LABELS: dict[str, tuple[str, str]] = {
    "url": ("Adress", "Address"),
    "events": ("Händelser", "Events"),
    "actions": ("Bara dessa åtgärder", "Only these actions"),
    "reads_as": ("Läser som", "Reads as"),
    "endpoint": ("Mottagare", "Endpoint"),
    "active": ("Påslagen", "Switched on"),
    "amount": ("Månadslön (kr)", "Monthly salary (SEK)"),
    "answer": ("Svar", "Answer"),
    "assignee": ("Till", "To"),
    "candidate": ("Kandidat", "Candidate"),
    "target": ("Gäller", "Target"),
    "decision": ("Beslut", "Decision"),
    "effective_from": ("Gäller från", "Effective from"),
    "email": ("E-postadress", "E-mail address"),
    "ground": ("Grund för uppsägningen", "Ground for the notice"),
    "grounds_known_on": ("Grunden känd sedan", "Grounds known since"),
    "held_on": ("Hölls den", "Held on"),
    "informed_on": ("Underrättad den", "Informed on"),
    "level": ("Nivå (1–5)", "Level (1–5)"),
    "manager": ("Affärsområdeschef", "Area manager"),
    "margin": ("Marginal (kr)", "Margin (SEK)"),
    "month": ("Månad (ÅÅÅÅ-MM)", "Month (YYYY-MM)"),
    "moves": ("Flyttar (e-post=område, en per rad)", "Moves (e-mail=area, one per line)"),
    "name": ("Namn", "Name"),
    "notes": ("Anteckningar", "Notes"),
    "password_hash": ("Lösenordshash", "Password hash"),
    "person": ("Person", "Person"),
    "position": ("Tjänst", "Position"),
    "probation_months": ("Provanställning (månader)", "Probation (months)"),
    "purpose": ("Syfte", "Purpose"),
    "reason": ("Motivering", "Reason"),
    "request": ("Förfrågan", "Request"),
    "requested_by": ("Grundad på begäran av", "Founded at the request of"),
    "revenue": ("Intäkt (kr)", "Revenue (SEK)"),
    "role": ("Roll", "Role"),
    "rows": ("Rader", "Rows"),
    "slug": ("Kortnamn (a-z, 0-9, -)", "Short name (a-z, 0-9, -)"),
    "spec": ("Organisationens uppgifter", "The organisation's specification"),
    "stage": ("Steg", "Stage"),
    "starts_on": ("Börjar", "Starts on"),
    "step": ("Importsteg", "Import step"),
    "summary": ("Sammanfattning", "Summary"),
    "title": ("Rubrik", "Title"),
    "topic": ("Ämne", "Topic"),
    "value": ("Värde", "Value"),
    "work_item": ("Arbetsuppgift", "Work item"),
}

CHOICE_LABELS: dict[str, tuple[str, str]] = {
    "quality": ("Kvalitet", "Quality"),
    "participation": ("Delaktighet", "Participation"),
    "competence": ("Kompetensutveckling", "Competence development"),
    "member": ("Medlem", "Member"),
    "assistant": ("Biträdande", "Assistant"),
    "deputy": ("Ersättare", "Deputy"),
    "continue": ("Fortsätter", "Continues"),
    "end": ("Avslutas", "Ends"),
    "applied": ("Ansökt", "Applied"),
    "interview": ("Intervju", "Interview"),
    "offer": ("Erbjudande", "Offer"),
    "rejected": ("Avböjd", "Rejected"),
    "personal": ("Personliga skäl", "Personal grounds"),
    "redundancy": ("Arbetsbrist", "Redundancy"),
    # Import steps of the system's import_history and import_activity.
    "former_people": ("Tidigare anställda", "Former employees"),
    "area_memberships": ("Tillhörighet till affärsområden", "Business-area memberships"),
    "holdings": ("Tidigare ansvar", "Earlier responsibilities"),
    "work_groups": ("Arbetsgrupper", "Work groups"),
    "skills": ("Kompetenser", "Skills"),
    "salary_decisions": ("Lönebeslut", "Salary decisions"),
    "talks": ("Samtal", "Talks"),
    "work_items": ("Arbetsuppgifter", "Work items"),
    "client_figures": ("Intäkter och marginaler", "Revenue and margins"),
}

# The role an actor acted in, as the decision log records it.
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "assignee": ("Den som fått uppgiften", "The one given the work"),
    "ceo": ("Vd", "CEO"),
    "area_manager": ("Affärsområdeschef", "Area manager"),
    "client_lead": ("Kundansvarig", "Client lead"),
    "consultant": ("Konsult", "Consultant"),
    "deputy": ("Ersättare", "Deputy"),
    "self": ("För egen del", "For oneself"),
    "system": ("Systemet", "The system"),
    "technical_admin": ("Teknisk administratör", "Technical administrator"),
}


# What each decision is about, as a noun phrase: the line that names who decides a page's
# decisions reads "Adam Lindberg beslutar om arbetsuppgifterna och ersättaren i arbetsgruppen".
ACTION_TOPICS: dict[str, tuple[str, str]] = {
    "acknowledge_criticism": ("kvittering av kundkritik", "acknowledging client criticism"),
    "add_candidate": ("kandidaterna", "the candidates"),
    "add_technical_admin": ("tekniska administratörer", "technical administrators"),
    "name_first_technical_admin": (
        "den första tekniska administratören",
        "the first technical administrator",
    ),
    "add_work_group_member": ("vilka som ingår i arbetsgruppen", "who is in the work group"),
    "answer_coaching": ("svaret på en coachningsförfrågan", "the answer to a coaching request"),
    "appoint_area_manager": ("vem som är affärsområdeschef", "who manages the business area"),
    "appoint_client_lead": ("vem som är kundansvarig", "who leads the client"),
    "assign_work_item": ("arbetsuppgifterna", "the work items"),
    "close_assignment": ("när ett uppdrag avslutas", "when an assignment closes"),
    "create_business_area": ("nya affärsområden", "new business areas"),
    "decide_probation": ("hur provanställningen slutar", "how the probation ends"),
    "deactivate_account": ("avstängda konton", "deactivating accounts"),
    "decide_rotation": ("enhetsrotationen", "the unit rotation"),
    "dismiss": ("avsked", "dismissal"),
    "end_client": ("när samarbetet med kunden slutar", "ending the collaboration with the client"),
    "give_notice": ("uppsägning", "notice of termination"),
    "hire": ("anställningar", "hiring"),
    "invite_person": ("inbjudningar till Ansvar", "invitations to Ansvar"),
    "resend_invitation": ("nya inbjudningslänkar", "new invitation links"),
    "register_webhook": ("nya webhook-mottagare", "new webhook endpoints"),
    "change_webhook": ("webhook-mottagarnas inställningar", "the webhook endpoints' settings"),
    "remove_webhook": ("borttagna webhook-mottagare", "removing webhook endpoints"),
    "rotate_webhook_secret": ("webhook-mottagarnas hemligheter", "the webhook endpoints' secrets"),
    "mark_work_item_done": ("när en arbetsuppgift är klar", "when a work item is done"),
    "move_candidate": (
        "kandidaternas steg i rekryteringen",
        "the candidates' steps in recruitment",
    ),
    "open_position": ("nya tjänster att rekrytera till", "new positions to recruit for"),
    "promote_to_senior": ("befordran till senior konsult", "promotion to senior consultant"),
    "propose_assignment": ("förslag om nya uppdrag", "proposals of new assignments"),
    "propose_client": ("förslag om nya kunder", "proposals of new clients"),
    "reactivate_account": ("återöppnade konton", "reactivating accounts"),
    "record_client_figures": ("kundens månadssiffror", "the client's monthly figures"),
    "record_collaboration_decision": (
        "beslutet om fortsatt samarbete",
        "the decision on continued collaboration",
    ),
    "record_development_talk": ("utvecklingssamtalen", "the development talks"),
    "record_probation_follow_up": (
        "uppföljningssamtalen under provanställningen",
        "the probation follow-up talks",
    ),
    "remove_work_group_member": ("vem som lämnar arbetsgruppen", "who leaves the work group"),
    "report_criticism": ("rapporter om kundkritik", "reports of client criticism"),
    "request_coaching": ("förfrågningar om coachning", "coaching requests"),
    "set_deputy": ("ersättaren i arbetsgruppen", "the deputy in the work group"),
    "set_policy_parameter": ("policyparametrarna", "the policy parameters"),
    "set_salary": ("lönen", "the salary"),
    "set_skill": ("kompetensprofilen", "the skills profile"),
    "veto_assignment": ("veto mot nya uppdrag", "vetoes of new assignments"),
    "view_salary": ("insyn i lönen", "seeing the salary"),
    "view_talk_notes": ("insyn i samtalsanteckningarna", "reading the talk notes"),
    "erase_candidate_data": ("radering av kandidaters uppgifter", "erasing candidates' data"),
    "erase_talk_notes": ("radering av samtalsanteckningar", "erasing talk notes"),
    "erase_coaching_texts": ("radering av coachningstexter", "erasing coaching texts"),
    "erase_personal_data": ("radering av personuppgifter", "erasing personal data"),
}


# How a decision came in (``engine.door``); a command names the operating-system user.
DOOR_LABELS: dict[str, tuple[str, str]] = {
    "web": ("via webben", "through the web"),
    "api": ("via API:et", "through the API"),
    "system": ("inifrån Ansvar", "from within Ansvar"),
}


def door_label(door: str, language: str) -> str:
    """The door of a log entry in words; empty for an entry from before doors were kept."""
    if door.startswith("cli:"):
        user = door.removeprefix("cli:")
        return pick((f"via kommandoraden ({user})", f"on the command line ({user})"), language)
    return pick(DOOR_LABELS.get(door, (door, door)), language)


# The access log (``decisions.access``): what was read, and by which way.
ACCESS_WHAT_LABELS: dict[str, tuple[str, str]] = {
    "salary": ("lön", "salary"),
    "talk_notes": ("samtalsanteckningar", "talk notes"),
    "personal_details": ("uppgifter i ett personalbeslut", "details of an HR decision"),
    "personal_data": ("alla dina uppgifter", "all your data"),
    "duties_export": ("åtaganden som rör dig, i en fil", "duties about you, in a file"),
    "organisation_export": ("hela organisationen, i en fil", "the whole organisation, in a file"),
    "refusals_export": ("nekade försök, i en fil", "refused attempts, in a file"),
}
ACCESS_PURPOSE_LABELS: dict[str, tuple[str, str]] = {
    "view_salary": ("lönesidan", "the salary page"),
    "view_talk_notes": ("samtalssidan", "the talks page"),
    "log_view": ("beslutsloggen", "the decision log"),
    "api": ("API:et", "the API"),
    "gdpr_art15_export": ("registerutdrag (artikel 15)", "data export (Article 15)"),
    "web export": ("hämtning från webben", "download from the web"),
    "ansvar export": ("kommandot ansvar export", "the ansvar export command"),
}


def access_labels(what: str, purpose: str, language: str) -> tuple[str, str]:
    """An access record's ``what`` and ``purpose`` in words; a purpose such as
    "web export; as of 2026-12-03: 12 duties" keeps its details after the way."""
    way, sep, details = purpose.partition(";")
    said = pick(ACCESS_PURPOSE_LABELS.get(way, (way, way)), language)
    return pick(ACCESS_WHAT_LABELS.get(what, (what, what)), language), said + sep + details


def pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language.startswith("en") else pair[0]
