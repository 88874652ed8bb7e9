"""Every action's name, in one vocabulary: the CLI, the web forms, the scenario files and the
decision log all use these strings, so a member's value is never renamed (new ones may be
added). ``rule`` and ``action`` accept only these names, so a misspelt one fails at import.
"""

from enum import StrEnum


class ActionName(StrEnum):
    # What people decide (one rule each, by target kind in ``policy.rules``).
    ACKNOWLEDGE_CRITICISM = "acknowledge_criticism"
    ADD_CANDIDATE = "add_candidate"
    ADD_WORK_GROUP_MEMBER = "add_work_group_member"
    ANSWER_COACHING = "answer_coaching"
    APPOINT_AREA_MANAGER = "appoint_area_manager"
    APPOINT_CLIENT_LEAD = "appoint_client_lead"
    ASSIGN_WORK_ITEM = "assign_work_item"
    CLOSE_ASSIGNMENT = "close_assignment"
    CREATE_BUSINESS_AREA = "create_business_area"
    DECIDE_PROBATION = "decide_probation"
    DECIDE_ROTATION = "decide_rotation"
    DISMISS = "dismiss"
    END_CLIENT = "end_client"
    GIVE_NOTICE = "give_notice"
    HIRE = "hire"
    MARK_WORK_ITEM_DONE = "mark_work_item_done"
    MOVE_CANDIDATE = "move_candidate"
    OPEN_POSITION = "open_position"
    PROMOTE_TO_SENIOR = "promote_to_senior"
    PROPOSE_ASSIGNMENT = "propose_assignment"
    PROPOSE_CLIENT = "propose_client"
    RECORD_CLIENT_FIGURES = "record_client_figures"
    RECORD_COLLABORATION_DECISION = "record_collaboration_decision"
    RECORD_DEVELOPMENT_TALK = "record_development_talk"
    RECORD_PROBATION_FOLLOW_UP = "record_probation_follow_up"
    REMOVE_WORK_GROUP_MEMBER = "remove_work_group_member"
    REPORT_CRITICISM = "report_criticism"
    REQUEST_COACHING = "request_coaching"
    SET_DEPUTY = "set_deputy"
    SET_POLICY_PARAMETER = "set_policy_parameter"
    SET_SALARY = "set_salary"
    SET_SKILL = "set_skill"
    VETO_ASSIGNMENT = "veto_assignment"
    VIEW_SALARY = "view_salary"
    VIEW_TALK_NOTES = "view_talk_notes"

    # Technical administration (P7): accounts, never a policy right (``policy.rules.accounts``).
    ADD_TECHNICAL_ADMIN = "add_technical_admin"
    DEACTIVATE_ACCOUNT = "deactivate_account"
    INVITE_PERSON = "invite_person"
    REACTIVATE_ACCOUNT = "reactivate_account"
    RESEND_INVITATION = "resend_invitation"
    # Webhooks: the endpoints other systems are told of decisions at (``policy.rules.webhooks``).
    CHANGE_WEBHOOK = "change_webhook"
    REGISTER_WEBHOOK = "register_webhook"
    REMOVE_WEBHOOK = "remove_webhook"
    ROTATE_WEBHOOK_SECRET = "rotate_webhook_secret"
    # A read rule of technical administration: who opens the page that founds a further
    # organisation from a file (the founding itself is the system's ``found_organisation``).
    IMPORT_ORGANISATION = "import_organisation"
    # ... and who downloads it in the import's columns (``ansvar export`` on the server).
    EXPORT_ORGANISATION = "export_organisation"

    # Who may see a page or what a log entry says (``policy.rules.reads``): read rules, with
    # no handler and no log entry, since a read is not a decision.
    VERIFY_LOG = "verify_log"
    VIEW_AREA_FIGURES = "view_area_figures"
    VIEW_CANDIDATES = "view_candidates"
    VIEW_CEO_PAGE = "view_ceo_page"
    VIEW_DUTIES = "view_duties"
    VIEW_LOG = "view_log"
    VIEW_LOG_ENTRY = "view_log_entry"
    VIEW_ORG_PICTURE = "view_org_picture"
    VIEW_PERSON = "view_person"
    VIEW_REFUSALS = "view_refusals"
    VIEW_SIGNALS = "view_signals"

    # What the system does by itself, and no person may (``policy.rules.system``).
    FOUND_ORGANISATION = "found_organisation"
    IMPORT_HISTORY = "import_history"
    IMPORT_ACTIVITY = "import_activity"
    LAPSE_PROPOSAL = "lapse_proposal"
    ERASE_CANDIDATE_DATA = "erase_candidate_data"
    ERASE_TALK_NOTES = "erase_talk_notes"
    ERASE_COACHING_TEXTS = "erase_coaching_texts"
    ERASE_PERSONAL_DATA = "erase_personal_data"
    NAME_FIRST_TECHNICAL_ADMIN = "name_first_technical_admin"


SYSTEM_ACTIONS = frozenset(
    {
        ActionName.FOUND_ORGANISATION,
        ActionName.IMPORT_HISTORY,
        ActionName.IMPORT_ACTIVITY,
        ActionName.LAPSE_PROPOSAL,
        ActionName.ERASE_CANDIDATE_DATA,
        ActionName.ERASE_TALK_NOTES,
        ActionName.ERASE_COACHING_TEXTS,
        ActionName.ERASE_PERSONAL_DATA,
        ActionName.NAME_FIRST_TECHNICAL_ADMIN,
    }
)


def action_name(name: str) -> ActionName:
    """The member for ``name``; a name outside the vocabulary is a programming error."""
    try:
        return ActionName(name)
    except ValueError:
        raise ValueError(f"{name!r} is not an action name of ansvar.policy.actions") from None
