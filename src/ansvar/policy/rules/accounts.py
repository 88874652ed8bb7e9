"""Rules on accounts: technical administration, separate from the policy's decisions (P7).

Only a technical administrator of the organisation manages accounts: invites people, sends
an invitation again, deactivates and reactivates log-ins, and names further administrators.
Being one is no decision right: no other rule looks at it, so an administrator who is a
consultant decides exactly what a consultant decides. A refusal for the target's state (no
account yet, already invited) names the administrator as the one who decides, like any
refusal on the arguments.
"""

from collections.abc import Callable

from ansvar.policy.actions import ActionName
from ansvar.policy.decision import Decision
from ansvar.policy.facts import AccountFacts, Facts, PersonFacts
from ansvar.policy.rules.common import _allow, _refuse, _refuse_case
from ansvar.policy.rules.registry import rule

ACCOUNT_ACTIONS = frozenset(
    {
        ActionName.INVITE_PERSON,
        ActionName.RESEND_INVITATION,
        ActionName.DEACTIVATE_ACCOUNT,
        ActionName.REACTIVATE_ACCOUNT,
        ActionName.ADD_TECHNICAL_ADMIN,
    }
)
# The endpoints other systems are told of decisions at (rules in ``policy.rules.webhooks``).
WEBHOOK_ACTIONS = frozenset(
    {
        ActionName.REGISTER_WEBHOOK,
        ActionName.CHANGE_WEBHOOK,
        ActionName.REMOVE_WEBHOOK,
        ActionName.ROTATE_WEBHOOK_SECRET,
    }
)
# The rules that read the account facts: the administrators' actions, the webhooks', the
# system's naming of the first administrator, and the read rules of founding an organisation
# from a file and of downloading it as one.
ACCOUNT_FACT_ACTIONS = (
    ACCOUNT_ACTIONS
    | WEBHOOK_ACTIONS
    | {
        ActionName.NAME_FIRST_TECHNICAL_ADMIN,
        ActionName.IMPORT_ORGANISATION,
        ActionName.EXPORT_ORGANISATION,
    }
)
CLAUSES = ("P7",)
HOLDER_SV = "en teknisk administratör"
HOLDER_EN = "a technical administrator"

# A check of the target's state: None when it passes, else (Swedish, English) reasons.
Check = Callable[[Facts, AccountFacts, PersonFacts], tuple[str, str] | None]


def _names(accounts: AccountFacts) -> str:
    return ", ".join(a.name for a in accounts.administrators)


# What the administrators manage, as a refusal names it: accounts unless another part of
# technical administration says what (``policy.rules.webhooks``).
ACCOUNTS_SV = "Konton sköts"
ACCOUNTS_EN = "Accounts are managed"


def _administrators_only(
    f: Facts, accounts: AccountFacts, what: tuple[str, str] = (ACCOUNTS_SV, ACCOUNTS_EN)
) -> Decision | None:
    if any(a.email == f.actor.email for a in accounts.administrators):
        return None
    if not accounts.administrators:
        return _refuse(
            f,
            CLAUSES,
            None,
            "Organisationen har ingen teknisk administratör ännu; den första utses på "
            "servern med `ansvar admin add` (P7).",
            "The organisation has no technical administrator yet; the first one is named on "
            "the server with `ansvar admin add` (P7).",
        )
    return _refuse(
        f,
        CLAUSES,
        accounts.administrators[0],
        f"{what[0]} av organisationens tekniska administratörer ({_names(accounts)}). "
        "Det är teknisk administration, skild från policyns beslut, och ingen chefsroll "
        "ger den (P7).",
        f"{what[1]} by the organisation's technical administrators "
        f"({_names(accounts)}). That is technical administration, apart from the policy's "
        "decisions, and no manager's role gives it (P7).",
    )


def _account_rule(f: Facts, checks: tuple[Check, ...], done_sv: str, done_en: str) -> Decision:
    accounts = f.accounts or AccountFacts()
    refused = _administrators_only(f, accounts)
    if refused is not None:
        return refused
    person = f.person
    assert person is not None, "account actions act on a person"
    for check in checks:
        problem = check(f, accounts, person)
        if problem is not None:
            return _refuse_case(f, CLAUSES, problem[0], problem[1])
    return _allow(
        f,
        CLAUSES,
        "technical_admin",
        f"Som teknisk administratör {done_sv.format(name=person.name)}; det är teknisk "
        "administration och ger ingen beslutsrätt (P7).",
        f"As a technical administrator you {done_en.format(name=person.name)}; that is "
        "technical administration and gives no decision right (P7).",
    )


def _employed_ahead(f: Facts, a: AccountFacts, p: PersonFacts) -> tuple[str, str] | None:
    if a.employed_ahead:
        return None
    ended_sv = f" (sista anställningsdag {a.last_day})" if a.last_day else ""
    ended_en = f" (last day of employment {a.last_day})" if a.last_day else ""
    return (
        f"{p.name} är inte anställd {f.at} eller senare{ended_sv} och kan inte logga in.",
        f"{p.name} is not employed on {f.at} or later{ended_en} and cannot log in.",
    )


# Django's user name, which is the e-mail address, holds at most 150 characters.
LOGIN_MAX_LENGTH = 150


def _login_free(f: Facts, a: AccountFacts, p: PersonFacts) -> tuple[str, str] | None:
    if len(p.email) > LOGIN_MAX_LENGTH:
        return (
            f"{p.email} är längre än {LOGIN_MAX_LENGTH} tecken och kan inte vara en inloggning.",
            f"{p.email} is longer than {LOGIN_MAX_LENGTH} characters and cannot be a log-in.",
        )
    if not a.login_taken:
        return None
    return (
        f"{p.email} är redan inloggningen för någon annan; en adress är ett enda konto.",
        f"{p.email} is already someone else's log-in; an address is one account only.",
    )


def _no_account_yet(f: Facts, a: AccountFacts, p: PersonFacts) -> tuple[str, str] | None:
    if not a.has_account:
        return None
    if not a.account_active:
        return (
            f"{p.name}s konto är avstängt; återaktivera det i stället.",
            f"{p.name}'s account is deactivated; reactivate it instead.",
        )
    if a.password_set:
        return (
            f"{p.name} har redan ett konto; ett glömt lösenord återställs från inloggningssidan.",
            f"{p.name} has an account already; a forgotten password is reset from the log-in page.",
        )
    return (
        f"{p.name} är redan inbjuden; skicka inbjudan igen i stället.",
        f"{p.name} is invited already; send the invitation again instead.",
    )


def _invited_not_set(f: Facts, a: AccountFacts, p: PersonFacts) -> tuple[str, str] | None:
    if not a.has_account:
        return (
            f"{p.name} är inte inbjuden ännu; bjud in först.",
            f"{p.name} is not invited yet; invite them first.",
        )
    if a.password_set:
        return (
            f"{p.name} har redan valt ett lösenord; ett glömt lösenord återställs från "
            "inloggningssidan.",
            f"{p.name} has chosen a password already; a forgotten password is reset from the "
            "log-in page.",
        )
    if not a.account_active:
        return (
            f"{p.name}s konto är avstängt; återaktivera det först.",
            f"{p.name}'s account is deactivated; reactivate it first.",
        )
    return None


def _has_account(f: Facts, a: AccountFacts, p: PersonFacts) -> tuple[str, str] | None:
    if a.has_account:
        return None
    return (f"{p.name} har inget konto.", f"{p.name} has no account.")


def _active(f: Facts, a: AccountFacts, p: PersonFacts) -> tuple[str, str] | None:
    if a.account_active:
        return None
    return (
        f"{p.name}s konto är redan avstängt.",
        f"{p.name}'s account is deactivated already.",
    )


def _deactivated(f: Facts, a: AccountFacts, p: PersonFacts) -> tuple[str, str] | None:
    if not a.account_active:
        return None
    return (f"{p.name}s konto är redan aktivt.", f"{p.name}'s account is active already.")


def _not_oneself(f: Facts, a: AccountFacts, p: PersonFacts) -> tuple[str, str] | None:
    if p.email != f.actor.email:
        return None
    return (
        "Du kan inte stänga av ditt eget konto; be en annan teknisk administratör.",
        "You cannot deactivate your own account; ask another technical administrator.",
    )


def _not_administrator(f: Facts, a: AccountFacts, p: PersonFacts) -> tuple[str, str] | None:
    if not a.administrator:
        return None
    return (
        f"{p.name} är redan teknisk administratör.",
        f"{p.name} is a technical administrator already.",
    )


@rule("invite_person", target="person", clauses=CLAUSES, sv=HOLDER_SV, en=HOLDER_EN)
def may_invite_person(f: Facts) -> Decision:
    return _account_rule(
        f,
        (_employed_ahead, _login_free, _no_account_yet),
        "bjuder du in {name} till ett konto",
        "invite {name} to an account",
    )


@rule("resend_invitation", target="person", clauses=CLAUSES, sv=HOLDER_SV, en=HOLDER_EN)
def may_resend_invitation(f: Facts) -> Decision:
    return _account_rule(
        f,
        (_employed_ahead, _invited_not_set),
        "skickar du inbjudan till {name} igen",
        "send {name}'s invitation again",
    )


@rule("deactivate_account", target="person", clauses=CLAUSES, sv=HOLDER_SV, en=HOLDER_EN)
def may_deactivate_account(f: Facts) -> Decision:
    return _account_rule(
        f,
        (_has_account, _active, _not_oneself),
        "stänger du av {name}s konto",
        "deactivate {name}'s account",
    )


@rule("reactivate_account", target="person", clauses=CLAUSES, sv=HOLDER_SV, en=HOLDER_EN)
def may_reactivate_account(f: Facts) -> Decision:
    return _account_rule(
        f,
        (_has_account, _deactivated, _employed_ahead),
        "återaktiverar du {name}s konto",
        "reactivate {name}'s account",
    )


@rule("add_technical_admin", target="person", clauses=CLAUSES, sv=HOLDER_SV, en=HOLDER_EN)
def may_add_technical_admin(f: Facts) -> Decision:
    return _account_rule(
        f,
        (_employed_ahead, _not_administrator),
        "gör du {name} till teknisk administratör",
        "make {name} a technical administrator",
    )


@rule(
    ActionName.IMPORT_ORGANISATION,
    target="org",
    clauses=CLAUSES,
    sv=HOLDER_SV,
    en=HOLDER_EN,
    reads=True,
)
def may_import_organisation(f: Facts) -> Decision:
    """Who opens the page that founds a further organisation from a file: the technical
    administrators of the reader's own organisation. Running Ansvar is technical
    administration, so no policy role gives it, the CEO's included (P7); the founding is then
    the system's step, exactly as ``ansvar import`` on the server, and the new organisation's
    first administrator is named with it. An installation with no organisation has nobody
    to log in, so its first organisation is imported on the server."""
    accounts = f.accounts or AccountFacts()
    if any(a.email == f.actor.email for a in accounts.administrators):
        return _allow(
            f,
            CLAUSES,
            "technical_admin",
            "Som teknisk administratör grundar du en ny organisation från en fil, så som "
            "`ansvar import` gör på servern; det är teknisk administration och ger ingen "
            "beslutsrätt, varken här eller i den nya organisationen (P7).",
            "As a technical administrator you found a new organisation from a file, as "
            "`ansvar import` does on the server; that is technical administration and gives no "
            "decision right, here or in the new organisation (P7).",
        )
    if not accounts.administrators:
        return _refuse(
            f,
            CLAUSES,
            None,
            "Organisationer grundas från fil av en teknisk administratör, och organisationen "
            "har ingen ännu; den första utses på servern med `ansvar admin add`, och "
            "`ansvar import` grundar en organisation där (P7).",
            "Organisations are founded from a file by a technical administrator, and the "
            "organisation has none yet; the first one is named on the server with "
            "`ansvar admin add`, and `ansvar import` founds an organisation there (P7).",
        )
    return _refuse(
        f,
        CLAUSES,
        accounts.administrators[0],
        f"Nya organisationer grundas från fil av de tekniska administratörerna "
        f"({_names(accounts)}). Det är teknisk administration, skild från policyns beslut, och "
        "ingen chefsroll ger den (P7).",
        f"New organisations are founded from a file by the technical administrators "
        f"({_names(accounts)}). That is technical administration, apart from the policy's "
        "decisions, and no manager's role gives it (P7).",
    )


@rule(
    ActionName.EXPORT_ORGANISATION,
    target="org",
    clauses=CLAUSES,
    sv=HOLDER_SV,
    en=HOLDER_EN,
    reads=True,
)
def may_export_organisation(f: Facts) -> Decision:
    """Who downloads the organisation in the import's own columns (everyone's name, address,
    employment, area, holdings, work groups and skills): the technical administrators, who
    also found organisations from such a file. Moving the organisation's data in and out of
    Ansvar is technical administration, which no manager's role gives (P7); ``ansvar export``
    does the same on the server."""
    accounts = f.accounts or AccountFacts()
    if any(a.email == f.actor.email for a in accounts.administrators):
        return _allow(
            f,
            CLAUSES,
            "technical_admin",
            "Som teknisk administratör hämtar du organisationen i importens kolumner, så som "
            "`ansvar export` gör på servern; hämtningen förs in i åtkomstloggen (P7).",
            "As a technical administrator you download the organisation in the import's "
            "columns, as `ansvar export` does on the server; the download is recorded in the "
            "access log (P7).",
        )
    who = accounts.administrators[0] if accounts.administrators else None
    names_sv = f" ({_names(accounts)})" if accounts.administrators else ", och det finns ingen än"
    names_en = f" ({_names(accounts)})" if accounts.administrators else ", and there is none yet"
    return _refuse(
        f,
        CLAUSES,
        who,
        f"Hela organisationen hämtas som fil av de tekniska administratörerna{names_sv}. Det är "
        "teknisk administration, skild från policyns beslut, och ingen chefsroll ger den (P7).",
        f"The whole organisation is downloaded as a file by the technical "
        f"administrators{names_en}. That is technical administration, apart from the policy's "
        "decisions, and no manager's role gives it (P7).",
    )


@rule(
    ActionName.NAME_FIRST_TECHNICAL_ADMIN,
    target="person",
    clauses=CLAUSES,
    sv="systemet, på serverns kommando eller när organisationen grundas från fil, när den "
    "saknar administratör",
    en="the system, on the server's command or when the organisation is founded from a file, "
    "while it has no administrator",
)
def system_names_first_technical_admin(f: Facts) -> Decision:
    """The first administrator is named on the server (``ansvar admin add``), or with the
    founding when an administrator founds the organisation from a file on the web; later ones
    by an administrator (``add_technical_admin``). Only people who may log in."""
    accounts = f.accounts or AccountFacts()
    person = f.person
    assert person is not None, "account actions act on a person"
    if accounts.administrators:
        return _refuse(
            f,
            CLAUSES,
            accounts.administrators[0],
            f"Organisationen har redan tekniska administratörer ({_names(accounts)}); en av "
            "dem utser fler (P7).",
            f"The organisation has technical administrators already ({_names(accounts)}); one "
            "of them adds another (P7).",
        )
    problem = _employed_ahead(f, accounts, person)
    if problem is not None:
        return _refuse(f, CLAUSES, None, problem[0], problem[1])
    return Decision(
        True,
        f.action,
        CLAUSES,
        None,
        f"{person.name} blir organisationens första tekniska administratör; det ger ingen "
        "beslutsrätt (P7).",
        f"{person.name} becomes the organisation's first technical administrator; that gives "
        "no decision right (P7).",
        role="system",
    )
