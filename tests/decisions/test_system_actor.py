"""The system writes the log through the same door as everyone: ``perform`` is the one caller
of ``decisions.log.append``; the system's entries have no actor and the role "system"; no
person may take the system's steps, and the system takes no person's decision."""

import ast
import json
from datetime import date
from pathlib import Path

import pytest

from ansvar.cli.main import main
from ansvar.clients.actions import lapse_proposals
from ansvar.decisions import log
from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.actor import SYSTEM
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.registry import ACTIONS, can, perform
from ansvar.org.founding import PersonSpec
from ansvar.org.models import Assignment, Holding, Person
from ansvar.people import selectors
from ansvar.people.actions.erasure import erase_person
from ansvar.policy.actions import SYSTEM_ACTIONS
from tests.fixtures import example_spec, log_in

SRC = Path(__file__).resolve().parents[2] / "src" / "ansvar"
AT = date(2026, 12, 3)


def _appends_in(path: Path) -> list[tuple[str, int]]:
    """Calls of ``decisions.log.append`` in one module: ``log.append(...)`` with ``log``
    imported from ``ansvar.decisions``, or ``append`` imported from ``ansvar.decisions.log``,
    by the enclosing function's name and line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    log_names: set[str] = set()
    append_names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "ansvar.decisions":
            log_names |= {a.asname or a.name for a in node.names if a.name == "log"}
        if isinstance(node, ast.ImportFrom) and node.module == "ansvar.decisions.log":
            append_names |= {a.asname or a.name for a in node.names if a.name == "append"}
        if isinstance(node, ast.Import):
            log_names |= {a.asname for a in node.names if a.name == "ansvar.decisions.log"}
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            by_module = (
                isinstance(func, ast.Attribute)
                and func.attr == "append"
                and isinstance(func.value, ast.Name)
                and func.value.id in log_names
            )
            by_name = isinstance(func, ast.Name) and func.id in append_names
            if by_module or by_name:
                found.append((function.name, node.lineno))
    return found


def test_the_decision_log_has_one_writer():
    callers = {
        (str(path.relative_to(SRC)), name)
        for path in sorted(SRC.rglob("*.py"))
        for name, _line in _appends_in(path)
    }
    assert callers == {("engine/registry.py", "_apply")}
    # ... and _apply runs only inside perform, after the rule allowed the decision.
    registry = ast.parse((SRC / "engine" / "registry.py").read_text(encoding="utf-8"))
    calls_apply = {
        f.name
        for f in ast.walk(registry)
        if isinstance(f, ast.FunctionDef)
        for n in ast.walk(f)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_apply"
    }
    assert calls_apply == {"perform"}


def test_the_guard_sees_an_append_written_either_way(tmp_path):
    """The inspection is not vacuous: both spellings of a call are found."""
    module = tmp_path / "m.py"
    module.write_text(
        "from ansvar.decisions import log\n"
        "from ansvar.decisions.log import append as add\n"
        "def a():\n    log.append(1)\n"
        "def b():\n    add(2)\n"
        "def c():\n    rows = []\n    rows.append(3)\n",
        encoding="utf-8",
    )
    assert [name for name, _ in _appends_in(module)] == ["a", "b"]


def test_founding_is_the_systems_first_entry(org):
    first = Entry.objects.get(organisation=org, seq=1)
    assert (first.action, first.actor_id_ref, first.actor_role) == (
        "found_organisation",
        None,
        "system",
    )
    assert first.clauses == "P4"
    assert first.public == {"people": 6, "areas": 3, "clients": 2}
    assert first.payload.data == {"name": "Exempelbyrån", "ceo": "vera@example.se"}
    assert log.verify(org).ok


def test_exports_and_the_log_page_name_the_system(client, org, people):
    perform(
        org, people["cecilia"], "set_deputy", "client:alfa", {"person": "erik@example.se"}, at=AT
    )
    rows = [json.loads(line) for line in log.export_lines(org)]
    assert [(r["actor"], r["role"], r["actor_name"]) for r in rows] == [
        (None, "system", "Systemet / the system"),
        (people["cecilia"].pk, "client_lead", "Cecilia Ka"),
    ]
    read = [json.loads(line) for line in selectors.export_lines(org, people["petra"], AT)]
    assert [r["actor_name"] for r in read] == [r["actor_name"] for r in rows]
    log_in(client, people["vera"])
    page = client.get("/beslutslogg/").content.decode()
    row = page.split('data-seq="1"')[1].split("</tr>")[0]
    decided = row.split('data-label="Beslut">')[1].split("</td>")[0]
    assert "Grunda organisationen" in decided and "Systemet" in decided
    assert "<a " not in decided, "the system is no person with a page"


def _lapsed_proposal(org, people) -> Assignment:
    return perform(
        org,
        people["erik"],
        "propose_client",
        "org",
        {"name": "Gamma AB", "slug": "gamma"},
        at=date(2026, 11, 27),
    ).result


def _system_attempts(org, people) -> list[tuple[str, str, dict]]:
    proposal = _lapsed_proposal(org, people)
    return [
        ("found_organisation", "org", {}),
        ("import_history", "org", {"step": "holdings"}),
        ("import_activity", "org", {"step": "skills"}),
        ("lapse_proposal", f"assignment:{proposal.pk}", {}),
        ("erase_candidate_data", "org", {}),
        ("erase_talk_notes", "org", {}),
        ("erase_coaching_texts", "org", {}),
        ("erase_personal_data", "person:erik@example.se", {}),
        ("name_first_technical_admin", "person:petra@example.se", {}),
    ]


@pytest.mark.parametrize("who", ["vera", "cecilia"])
def test_no_person_takes_a_system_step_through_any_door(client, org, people, who, capsys):
    attempts = _system_attempts(org, people)
    assert {a for a, _, _ in attempts} == SYSTEM_ACTIONS
    before = Entry.objects.filter(organisation=org).count()
    for action_name, target, args in attempts:
        with pytest.raises(PolicyRefused) as refused:
            perform(org, people[who], action_name, target, args, at=AT)
        decision = refused.value.decision
        assert decision.decider is None and "bara av systemet" in decision.reason_sv
        assert can(org, people[who], action_name, target, args, at=AT) == decision
        refusal = Refusal.objects.filter(organisation=org, action=action_name).latest("id")
        assert refusal.actor == people[who] and refusal.clauses == ",".join(decision.clauses)
    # The CLI door gives the same refusal (exit 3) and writes nothing either.
    code = main(["do", f"{who}@example.se", "lapse_proposal", attempts[3][1], "--at", "2026-12-03"])
    assert code == 3 and "bara av systemet" in capsys.readouterr().err
    # ... and so does the web's one form handler.
    log_in(client, people[who])
    response = client.post("/handling/lapse_proposal/", {"target": attempts[3][1]}, follow=True)
    assert "Nekat (VD5, VD2, P4)" in response.content.decode()
    assert Entry.objects.filter(organisation=org).count() == before
    assert Assignment.objects.get(pk=int(attempts[3][1].split(":")[1])).status == "proposed"
    assert not Holding.objects.filter(client__slug="gamma").exists()
    assert Person.objects.filter(organisation=org).count() == 6


def test_the_system_takes_no_persons_decision(org, people):
    before = Entry.objects.filter(organisation=org).count()
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org, SYSTEM, "appoint_client_lead", "client:beta", {"person": "erik@example.se"}, at=AT
        )
    assert "Systemet fattar inga beslut" in refused.value.decision.reason_sv
    refusal = Refusal.objects.get(organisation=org, action="appoint_client_lead")
    assert refusal.actor is None and refusal.clauses == "VD2"
    assert Entry.objects.filter(organisation=org).count() == before
    assert Holding.objects.get(client__slug="beta", valid_to__isnull=True).person == people["petra"]


def test_the_lapse_is_the_systems_step_and_never_the_ceos_appointment(org, people):
    proposal = _lapsed_proposal(org, people)
    [lapse] = lapse_proposals(org, AT)
    assert lapse.assignment == proposal.pk and lapse.activated
    entry = Entry.objects.filter(organisation=org).latest("seq")
    assert (entry.action, entry.actor_id_ref, entry.actor_role, entry.clauses) == (
        "lapse_proposal",
        None,
        "system",
        "VD5,VD2",
    )
    assert entry.payload.data == {
        "proposer": "erik@example.se",
        "ceo": "vera@example.se",
        "title": "Gamma AB",
    }
    by_ceo = Entry.objects.filter(organisation=org, actor_id_ref=people["vera"].pk)
    assert not by_ceo.exists()


def test_a_system_step_given_the_wrong_input_writes_nothing(org):
    before = Entry.objects.filter(organisation=org).count()
    with pytest.raises(InvalidInput, match="rows: every row must be a PastHolding"):
        perform(org, SYSTEM, "import_history", "org", {"step": "holdings", "rows": ["x"]}, at=AT)
    with pytest.raises(InvalidInput, match="step: is required"):
        perform(org, SYSTEM, "import_activity", "org", {"rows": []}, at=AT)
    with pytest.raises(InvalidInput, match="is founded already"):
        perform(org, SYSTEM, "found_organisation", "org", {"spec": example_spec()}, at=AT)
    assert Entry.objects.filter(organisation=org).count() == before


def test_an_import_step_is_one_entry_however_many_rows(org):
    """The history of many people is one logged step each, never one entry per row."""
    from ansvar.org.importing import HistorySpec, PastMembership, import_history

    former = [
        PersonSpec(
            f"f{n}@example.se", f"F {n}", "opinion", date(2019, 1, 1), last_day=date(2020, 6, 30)
        )
        for n in range(50)
    ]
    history = HistorySpec(
        former_people=former,
        memberships=[
            PastMembership(p.email, "opinion", date(2019, 1, 1), date(2020, 7, 1)) for p in former
        ],
    )
    before = Entry.objects.filter(organisation=org).count()
    counts = import_history(org, history, effective_on=AT)
    assert counts == {"former_people": 50, "memberships": 50, "holdings": 0, "work_groups": 0}
    steps = list(
        Entry.objects.filter(organisation=org, seq__gt=before)
        .order_by("seq")
        .values_list("action", "actor_role", "public")
    )
    assert steps == [
        ("import_history", "system", {"step": "former_people", "rows": 50}),
        ("import_history", "system", {"step": "area_memberships", "rows": 50}),
        ("import_history", "system", {"step": "holdings", "rows": 0}),
        ("import_history", "system", {"step": "work_groups", "rows": 0}),
    ]
    assert log.verify(org).ok


def test_gdpr_erasure_is_the_systems_step_naming_the_person_by_id(org, people):
    perform(
        org, people["cecilia"], "set_deputy", "client:alfa", {"person": "erik@example.se"}, at=AT
    )
    erased, entry = erase_person(org, people["erik"], effective_on=AT)
    assert erased == 1
    assert (entry.action, entry.actor_id_ref, entry.actor_role, entry.clauses) == (
        "erase_personal_data",
        None,
        "system",
        "P7",
    )
    assert entry.target == f"person:{people['erik'].pk}" and entry.payload.data is None
    assert log.verify(org).ok


def test_every_system_action_has_a_system_handler():
    assert {name for name, spec in ACTIONS.items() if spec.system} == SYSTEM_ACTIONS
