"""The account rules, table-driven, without a database: only a technical administrator
manages accounts (P7), the target's state decides what can be done, and being an
administrator gives no other right."""

from datetime import date
from typing import Any

import pytest

from ansvar.policy.facts import AccountFacts
from ansvar.policy.rules import RULES, evaluate
from ansvar.policy.rules.accounts import ACCOUNT_ACTIONS
from tests.policy.test_rules_table import PEOPLE, facts

ERIK = PEOPLE["erik"].party  # the administrator: a consultant on probation, leads nothing
NONE_YET = AccountFacts(administrators=(ERIK,), employed_ahead=True)
INVITED = AccountFacts(
    administrators=(ERIK,), employed_ahead=True, has_account=True, account_active=True
)
ACTIVE = AccountFacts(
    administrators=(ERIK,),
    employed_ahead=True,
    has_account=True,
    account_active=True,
    password_set=True,
)
DEACTIVATED = AccountFacts(
    administrators=(ERIK,), employed_ahead=True, has_account=True, password_set=True
)
LEFT = AccountFacts(administrators=(ERIK,), last_day=date(2026, 10, 31))
TAKEN = AccountFacts(administrators=(ERIK,), employed_ahead=True, login_taken=True)
ADMIN = AccountFacts(
    administrators=(ERIK, PEOPLE["sara"].party), employed_ahead=True, administrator=True
)

# action, actor, target person, account facts, allowed, words the reason must contain
CASES: list[tuple[str, str, str, AccountFacts, bool, str]] = [
    ("invite_person", "erik", "sara", NONE_YET, True, "bjuder du in Sara Senior"),
    ("invite_person", "erik", "sara", INVITED, False, "redan inbjuden"),
    ("invite_person", "erik", "sara", ACTIVE, False, "har redan ett konto"),
    ("invite_person", "erik", "sara", DEACTIVATED, False, "avstängt"),
    ("invite_person", "erik", "sara", LEFT, False, "sista anställningsdag 2026-10-31"),
    ("invite_person", "erik", "sara", TAKEN, False, "någon annan"),
    ("resend_invitation", "erik", "sara", INVITED, True, "skickar du inbjudan"),
    ("resend_invitation", "erik", "sara", NONE_YET, False, "inte inbjuden"),
    ("resend_invitation", "erik", "sara", ACTIVE, False, "redan valt ett lösenord"),
    ("resend_invitation", "erik", "sara", LEFT, False, "inte anställd"),
    ("deactivate_account", "erik", "sara", ACTIVE, True, "stänger du av"),
    ("deactivate_account", "erik", "sara", INVITED, True, "stänger du av"),
    ("deactivate_account", "erik", "sara", DEACTIVATED, False, "redan avstängt"),
    ("deactivate_account", "erik", "sara", NONE_YET, False, "inget konto"),
    ("deactivate_account", "erik", "erik", ACTIVE, False, "ditt eget konto"),
    ("reactivate_account", "erik", "sara", DEACTIVATED, True, "återaktiverar du"),
    ("reactivate_account", "erik", "sara", ACTIVE, False, "redan aktivt"),
    (
        "reactivate_account",
        "erik",
        "sara",
        AccountFacts(administrators=(ERIK,), has_account=True, last_day=date(2026, 10, 31)),
        False,
        "inte anställd",
    ),
    ("add_technical_admin", "erik", "sara", NONE_YET, True, "teknisk administratör"),
    ("add_technical_admin", "erik", "sara", ADMIN, False, "redan teknisk administratör"),
    ("add_technical_admin", "erik", "sara", LEFT, False, "inte anställd"),
]


@pytest.mark.parametrize(("action", "who", "target", "accounts", "allowed", "words"), CASES)
def test_what_an_administrator_may_do_depends_on_the_account(
    action: str, who: str, target: str, accounts: AccountFacts, allowed: bool, words: str
) -> None:
    decision = evaluate(facts(action, who, f"person:{target}", accounts=accounts))
    assert decision.allowed is allowed, decision.reason_sv
    assert decision.clauses == ("P7",)
    assert words in decision.reason_sv
    assert decision.reason_en
    if allowed:
        assert decision.role == "technical_admin"
    else:  # a refusal on the account's state: the administrator is the one who decides
        assert decision.decider == ERIK


@pytest.mark.parametrize("action", sorted(ACCOUNT_ACTIONS))
@pytest.mark.parametrize("who", ["vera", "anna", "cecilia", "sara"])
def test_nobody_else_manages_accounts_not_the_ceo_nor_a_manager(action: str, who: str) -> None:
    decision = evaluate(facts(action, who, "person:petra", accounts=NONE_YET))
    assert not decision.allowed
    assert decision.clauses == ("P7",)
    assert decision.decider == ERIK  # the administrator, named
    assert "Erik Ny" in decision.reason_sv and "Erik Ny" in decision.reason_en
    assert "teknisk administration" in decision.reason_sv


def test_without_an_administrator_the_first_is_named_on_the_server() -> None:
    decision = evaluate(facts("invite_person", "vera", "person:petra", accounts=AccountFacts()))
    assert not decision.allowed and decision.decider is None
    assert "ansvar admin add" in decision.reason_sv and "ansvar admin add" in decision.reason_en


def test_an_administrator_who_has_left_cannot_act() -> None:
    decision = evaluate(
        facts(
            "invite_person",
            "lars",
            "person:petra",
            accounts=AccountFacts(administrators=(PEOPLE["lars"].party,), employed_ahead=True),
        )
    )
    assert not decision.allowed and "inte anställd" in decision.reason_sv


def test_no_other_rule_reads_who_administers_accounts() -> None:
    """Being an administrator is no decision right (P7): every other rule decides the same
    with or without the administrators in the facts."""
    examples: list[tuple[str, str, dict[str, Any]]] = [
        ("appoint_client_lead", "client:alfa", {"person": "erik"}),
        ("assign_work_item", "client:alfa", {"assignee": "anna"}),
        ("set_salary", "person:cecilia", {"amount": "50000"}),
        ("hire", "area:opinion", {}),
        ("create_business_area", "org", {"slug": "ny", "name": "Ny", "manager": "anna"}),
    ]
    for action, target, args in examples:
        assert action not in ACCOUNT_ACTIONS and action in RULES
        plain = evaluate(facts(action, "erik", target, args))
        with_admin = evaluate(facts(action, "erik", target, args, accounts=ADMIN))
        assert plain == with_admin and not plain.allowed, action


# --- the import page (a read rule of technical administration) -----------------------------


def test_an_administrator_opens_the_import_page() -> None:
    decision = evaluate(facts("import_organisation", "erik", "org", accounts=NONE_YET))
    assert decision.allowed and decision.role == "technical_admin"
    assert decision.clauses == ("P7",)
    assert "ansvar import" in decision.reason_sv and "ansvar import" in decision.reason_en
    assert RULES["import_organisation"].reads


@pytest.mark.parametrize("who", ["vera", "anna", "cecilia", "sara"])
def test_nobody_else_founds_an_organisation_from_a_file_not_the_ceo(who: str) -> None:
    decision = evaluate(facts("import_organisation", who, "org", accounts=NONE_YET))
    assert not decision.allowed and decision.clauses == ("P7",)
    assert decision.decider == ERIK
    assert "Erik Ny" in decision.reason_sv and "Erik Ny" in decision.reason_en


def test_without_an_administrator_the_import_is_the_server_s() -> None:
    decision = evaluate(facts("import_organisation", "vera", "org", accounts=AccountFacts()))
    assert not decision.allowed and decision.decider is None
    assert "ansvar admin add" in decision.reason_sv and "ansvar import" in decision.reason_en


def test_an_administrator_who_has_left_cannot_open_the_import_page() -> None:
    lars = AccountFacts(administrators=(PEOPLE["lars"].party,))
    decision = evaluate(facts("import_organisation", "lars", "org", accounts=lars))
    assert not decision.allowed and "läsa" in decision.reason_sv
