"""The scenario loader and runner: validation messages, rollback, rule-only cases, the CLI."""

import textwrap
from pathlib import Path

import pytest

from ansvar.cli.main import main
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import ACTIONS, record_refusal
from ansvar.org.models import Organisation, Person, WorkGroupMembership
from ansvar.policy.decision import Decision
from ansvar.scenarios import runner
from ansvar.scenarios.loader import ScenarioError, parse
from ansvar.scenarios.runner import run

HERE = Path(__file__).resolve().parent

ORG = """\
organisation:
  name: Liten byrå
  ceo: vera@example.se
  people:
    - {email: vera@example.se, name: Vera Vd, area: ledning, employed_from: 2015-01-01}
    - {email: cecilia@example.se, name: Cecilia Ka, area: ledning, employed_from: 2021-08-15}
    - {email: erik@example.se, name: Erik Ny, area: ledning, employed_from: 2022-01-01}
  areas:
    - {slug: ledning, name: Ledning, manager: vera@example.se}
  clients:
    - slug: alfa
      name: Alfa AB
      lead: cecilia@example.se
      work_group:
        - {person: erik@example.se}
"""


def scenario(cases: str) -> str:
    return ORG + "cases:\n" + textwrap.indent(textwrap.dedent(cases), "  ")


def test_malformed_case_names_case_field_and_line():
    text = scenario(
        """\
        - name: one
          at: 2026-11-27
          actor: vera@example.se
          action: set_deputy
          target: client:alfa
          expect: maybe
        """
    )
    with pytest.raises(ScenarioError) as error:
        parse(text, "x.yaml")
    message = str(error.value)
    expected_line = text.splitlines().index("    expect: maybe") + 1
    assert message.startswith(f"x.yaml:{expected_line}: cases[1].expect:"), message
    assert "must be allowed, refused or invalid" in message


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("{name: a, actor: vera@example.se, action: x, target: org, expect: allowed}", "at"),
        (
            "{name: a, at: 2026-13-01, actor: v@e.se, action: x, target: org, expect: refused}",
            "at",
        ),
        (
            "{name: a, at: 2026-01-01, actor: v@e.se, action: x, target: org, expect: refused,"
            " colour: red}",
            "colour",
        ),
        (
            "{name: a, at: 2026-01-01, actor: v@e.se, action: x, target: org, expect: refused,"
            " clause: 7}",
            "clause",
        ),
        (
            "{name: a, at: 2026-01-01, actor: v@e.se, action: x, target: org, expect: refused,"
            " then: {weather: sunny}}",
            "then.weather",
        ),
        (
            "{name: a, at: 2026-01-01, actor: system, action: x, target: org, expect: allowed,"
            " then: {talk_notes: {v@e.se: gone}}}",
            "then.talk_notes",
        ),
        (
            "{name: a, at: 2026-01-01, actor: system, action: x, target: org, expect: allowed,"
            " then: {coaching_texts: []}}",
            "then.coaching_texts",
        ),
    ],
)
def test_malformed_fields_are_named(case, field):
    with pytest.raises(ScenarioError) as error:
        parse(ORG + "cases:\n  - " + case + "\n", "f.yaml")
    assert f"cases[1].{field}" in str(error.value)


CASE = "{name: a, at: 2026-01-01, actor: v@e.se, action: x, target: org, "


@pytest.mark.parametrize(
    ("case", "field", "why"),
    [
        (CASE + "expect: refused, error: person}", "error", "only to a case expected invalid"),
        (CASE + "expect: invalid, clause: KA1}", "clause", "cites no clause"),
        (CASE + "expect: invalid, as: x}", "as", "makes nothing to name"),
        (CASE + "expect: invalid, error: ''}", "error", "non-empty text"),
    ],
)
def test_invalid_cases_are_checked_for_shape(case, field, why):
    with pytest.raises(ScenarioError) as error:
        parse(ORG + "cases:\n  - " + case + "\n", "i.yaml")
    assert f"cases[1].{field}: " in str(error.value) and why in str(error.value)


def test_malformed_organisation_and_yaml_syntax():
    with pytest.raises(ScenarioError, match=r"organisation.people\[1\].employed_from"):
        parse(ORG.replace(", employed_from: 2015-01-01", "", 1) + "cases: []\n", "o.yaml")
    with pytest.raises(ScenarioError, match=r"^b.yaml:\d+: not valid YAML"):
        parse("organisation:\n  name: [unclosed\n", "b.yaml")
    with pytest.raises(ScenarioError, match="cases: must list at least one case"):
        parse(ORG + "cases: []\n", "c.yaml")


def test_run_rolls_back_everything(db):
    before = (Organisation.objects.count(), Entry.objects.count(), Refusal.objects.count())
    result = run(
        parse(
            scenario(
                """\
                - name: lead names a deputy
                  at: 2026-11-27
                  actor: cecilia@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: allowed
                  clause: KA5
                  then:
                    work_group: {client:alfa: {erik@example.se: deputy}}
                - name: the CEO may not
                  at: 2026-11-27
                  actor: vera@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: refused
                  clause: [P7, KA5]
                """
            )
        )
    )
    assert (result.passed, result.failed) == (2, 0)
    after = (Organisation.objects.count(), Entry.objects.count(), Refusal.objects.count())
    assert after == before
    assert not WorkGroupMembership.objects.exists()


def test_failures_say_why(db):
    result = run(
        parse(
            scenario(
                """\
                - name: wrong expectation
                  at: 2026-11-27
                  actor: erik@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: allowed
                - name: wrong clause
                  at: 2026-11-27
                  actor: vera@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: refused
                  clause: VD4
                - name: unknown person
                  at: 2026-11-27
                  actor: nobody@example.se
                  action: set_deputy
                  target: client:alfa
                  expect: refused
                - name: bad input
                  at: 2026-11-27
                  actor: cecilia@example.se
                  action: set_deputy
                  target: client:omega
                  args: {person: erik@example.se}
                  expect: allowed
                - name: then fails
                  at: 2026-11-27
                  actor: cecilia@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: allowed
                  then:
                    who_decides: {client:alfa: erik@example.se}
                """
            ),
            "f.yaml",
        )
    )
    assert (result.passed, result.failed) == (0, 5)
    lines = result.failures()
    assert "case 1 «wrong expectation»: expected allowed, was refused (KA5)" in lines[0]
    assert "expected clause VD4" in lines[1]
    assert "actor: there is no person nobody@example.se" in lines[2]
    assert "bad input: target: there is no client:omega" in lines[3]
    assert "who_decides client:alfa: expected erik@example.se, got cecilia@example.se" in (lines[4])


def test_an_action_without_handler_is_checked_on_the_rule_alone(db, monkeypatch):
    monkeypatch.delitem(ACTIONS, "set_deputy")
    result = run(
        parse(
            scenario(
                """\
                - name: rule says yes
                  at: 2026-11-27
                  actor: cecilia@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: allowed
                  clause: [KA5, P3]
                  then:
                    work_group: {client:alfa: {erik@example.se: deputy}}
                - name: rule says no
                  at: 2026-11-27
                  actor: vera@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: refused
                  clause: P7
                """
            ),
            "r.yaml",
        )
    )
    assert (result.passed, result.failed) == (2, 0)
    assert all(r.rule_only for r in result.results)
    notes = result.rule_only_notes()
    assert len(notes) == 2 and "checked on the decision only" in notes[0]
    assert not WorkGroupMembership.objects.filter(role="deputy").exists()


def test_cli_policy_test_prints_summary_and_exit_codes(db, tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(
        scenario(
            """\
            - name: the CEO may not name a deputy
              at: 2026-11-27
              actor: vera@example.se
              action: set_deputy
              target: client:alfa
              args: {person: erik@example.se}
              expect: refused
              clause: P7
            """
        ),
        encoding="utf-8",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("clause: P7", "clause: KA1"))
    assert main(["policy", "test", str(good)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 passed, 0 failed"
    assert main(["policy", "test", str(good), str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "1 passed, 1 failed"
    assert any("«the CEO may not name a deputy»" in line and "KA1" in line for line in out)
    broken = tmp_path / "broken.yaml"
    broken.write_text(good.read_text(encoding="utf-8").replace("expect: refused", "expect: no"))
    assert main(["policy", "test", str(good), str(broken)]) == 2
    assert "cases[1].expect" in capsys.readouterr().err
    assert not Person.objects.filter(email="cecilia@example.se").exists()


def test_invalid_input_is_expected_named_and_writes_nothing(db):
    result = run(
        parse(
            scenario(
                """\
                - name: a person who does not exist cannot join the work group
                  at: 2026-11-27
                  actor: cecilia@example.se
                  action: add_work_group_member
                  target: client:alfa
                  args: {person: nobody@example.se}
                  expect: invalid
                  error: person
                  then:
                    work_group: {client:alfa: {nobody@example.se: null, erik@example.se: member}}
                - name: a deputy must be named
                  at: 2026-11-27
                  actor: cecilia@example.se
                  action: set_deputy
                  target: client:alfa
                  expect: invalid
                  error: "person: is required"
                - name: an unknown actor is bad input too
                  at: 2026-11-27
                  actor: nobody@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: invalid
                  error: actor
                - name: so is an impossible work item purpose
                  at: 2026-11-27
                  actor: cecilia@example.se
                  action: assign_work_item
                  target: client:alfa
                  args: {assignee: erik@example.se, title: Analys, purpose: fun}
                  expect: invalid
                  error: purpose
                """
            ),
            "i.yaml",
        )
    )
    assert result.failures() == []
    assert (result.passed, result.failed) == (4, 0)
    assert [r.decision for r in result.results] == [None] * 4
    assert not Refusal.objects.exists() and not Entry.objects.exists()


def test_invalid_expectations_fail_with_the_reason(db):
    result = run(
        parse(
            scenario(
                """\
                - name: valid input expected invalid
                  at: 2026-11-27
                  actor: cecilia@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: invalid
                - name: invalid on another field than the file says
                  at: 2026-11-27
                  actor: cecilia@example.se
                  action: add_work_group_member
                  target: client:alfa
                  args: {person: nobody@example.se}
                  expect: invalid
                  error: role
                - name: a refusal is not invalid input
                  at: 2026-11-27
                  actor: vera@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: invalid
                - name: unknown action
                  at: 2026-11-27
                  actor: vera@example.se
                  action: paint_office
                  target: org
                  expect: refused
                """
            ),
            "j.yaml",
        )
    )
    assert (result.passed, result.failed) == (0, 4)
    lines = result.failures()
    assert "expected invalid, was allowed (KA5" in lines[0]
    assert "containing 'role', got \"person: there is no person" in lines[1]
    assert "expected invalid, was refused (P7" in lines[2]
    assert (
        "expected refused, was invalid: bad input: action: unknown action 'paint_office'"
        in (lines[3])
    )


def test_then_is_checked_after_a_refusal(db):
    result = run(
        parse(
            scenario(
                """\
                - name: the CEO may not name a deputy, and nothing changes
                  at: 2026-11-27
                  actor: vera@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: refused
                  clause: P7
                  then:
                    work_group: {client:alfa: {erik@example.se: member}}
                    who_decides: {client:alfa: cecilia@example.se}
                - name: a then that does not hold after a refusal fails
                  at: 2026-11-27
                  actor: vera@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: refused
                  then:
                    work_group: {client:alfa: {erik@example.se: deputy}}
                """
            ),
            "t.yaml",
        )
    )
    assert (result.passed, result.failed) == (1, 1)
    assert (
        "work_group client:alfa erik@example.se: expected deputy, got member"
        in (result.failures()[0])
    )


def _decision(allowed: bool, clauses: tuple[str, ...]) -> Decision:
    return Decision(allowed, "set_deputy", clauses, None, "sv", "en")


@pytest.mark.parametrize(
    ("said", "can_says"),
    [
        (lambda: _decision(True, ("KA5",)), "allowed (KA5)"),
        (lambda: _decision(False, ("VD2",)), "refused (VD2)"),
        (lambda: _raise(InvalidInput("is required", "person")), "invalid (person: is required)"),
    ],
    ids=["can-allows", "other-clause", "can-finds-invalid"],
)
def test_a_disagreement_between_can_and_perform_fails_naming_both(db, monkeypatch, said, can_says):
    """The real perform refuses the CEO (P7); a can that answers otherwise is reported."""
    monkeypatch.setattr(runner, "can", lambda *args, **kwargs: said())
    perform_says = "refused (P7, KA5; decides: cecilia@example.se)"
    result = run(
        parse(
            scenario(
                """\
                - name: the CEO may not name a deputy
                  at: 2026-11-27
                  actor: vera@example.se
                  action: set_deputy
                  target: client:alfa
                  args: {person: erik@example.se}
                  expect: refused
                  clause: P7
                """
            ),
            "d.yaml",
        )
    )
    assert result.failed == 1
    line = result.failures()[0]
    assert f"can and perform disagree: can said {can_says}, perform said {perform_says}" in line


def _raise(error: Exception) -> Decision:
    raise error


def test_an_invalid_case_that_writes_a_refusal_fails(db, monkeypatch):
    def perform_then_complain(organisation, actor, action_name, target, args, *, at):
        record_refusal(organisation, actor, action_name, target, _decision(False, ()), {}, at)
        raise InvalidInput("is required", "person")

    monkeypatch.setattr(runner, "perform", perform_then_complain)
    monkeypatch.setattr(
        runner, "can", lambda *a, **k: _raise(InvalidInput("is required", "person"))
    )
    result = run(
        parse(
            scenario(
                """\
                - name: no deputy named
                  at: 2026-11-27
                  actor: cecilia@example.se
                  action: set_deputy
                  target: client:alfa
                  expect: invalid
                  error: person
                """
            ),
            "w.yaml",
        )
    )
    assert "an invalid case wrote 0 decision-log entries and 1 refusals" in result.failures()[0]


def test_the_system_as_actor_and_the_texts_it_keeps_or_erases(db):
    """``actor: system`` takes the system's own steps; ``talk_notes`` fails naming the
    person and both states when the notes are not as expected."""
    result = run(
        parse(
            ORG
            + """cases:
  - name: nothing is past retention in a new organisation
    at: 2026-01-01
    actor: system
    action: erase_talk_notes
    target: org
    expect: allowed
  - name: the system takes no person's decision
    at: 2026-01-01
    actor: system
    action: set_policy_parameter
    target: org
    args: {name: veto_window_working_days, value: 4}
    expect: refused
    clause: VD1
  - name: a person without talks has no notes to keep
    at: 2026-01-01
    actor: vera@example.se
    action: erase_talk_notes
    target: org
    expect: refused
    then:
      talk_notes: {vera@example.se: kept}
""",
            "s.yaml",
        )
    )
    first, second, third = result.results
    assert first.problems == [
        "expected allowed, was invalid: bad input: at: no former employee's talk notes are "
        "past retention on 2026-01-01"
    ]
    assert second.passed, second.problems
    assert third.problems == ["talk_notes vera@example.se: expected kept, but there are none"]
