"""A person's own data (GDPR Art. 15): every row about them, found independently over every
foreign key to a person in the project, and nothing about anyone else."""

import json
from datetime import date

import pytest
from django.apps import apps

from ansvar import demo
from ansvar.cli.main import main
from ansvar.decisions.models import AccessRecord
from ansvar.engine.registry import perform
from ansvar.exports.personal import personal_data
from ansvar.org.models import Person
from ansvar.people.models import SalaryDecision, Talk
from ansvar.people.selectors import snapshot
from ansvar.people.subjects import ACTED, SUBJECT, person_keys

TODAY = date(2026, 11, 2)


@pytest.fixture
def demo_org(db):
    return demo.load(people=45, seed=1, today=TODAY)


def test_every_foreign_key_to_a_person_is_classified():
    """A new model that refers to a person must say whether its rows are about them."""
    unknown = []
    for model, field in person_keys():
        label = model._meta.label
        if SUBJECT.get(label) != field.name and f"{label}.{field.name}" not in ACTED:
            unknown.append(f"{label}.{field.name}")
    assert unknown == []


def test_the_export_holds_every_row_about_the_person_and_nothing_of_others(demo_org):
    person = (
        Person.objects.filter(organisation=demo_org, talks__isnull=False)
        .filter(salary_decisions__isnull=False)
        .distinct()
        .first()
    )
    assert person is not None
    manager = snapshot(demo_org, TODAY).line_manager(person.pk)
    salary = perform(
        demo_org, manager, "set_salary", f"person:{person.email}", {"amount": "61234"}, at=TODAY
    )
    data = personal_data(person)
    assert salary.entry.seq in {d["seq"] for d in data["decisions"]}
    # Every row whose subject is the person, by an independent walk over every model.
    for model, field in person_keys():
        label = model._meta.label
        if SUBJECT.get(label) != field.name:
            continue
        expected = set(
            model._default_manager.filter(**{field.name: person}).values_list("pk", flat=True)
        )
        assert {r["id"] for r in data["tables"][label]} == expected, label
    assert data["tables"]["people.Talk"] and data["tables"]["people.SalaryDecision"]
    assert data["decisions"], "the decisions about the person"
    assert all(d["clauses"] for d in data["decisions"])

    text = json.dumps(data, ensure_ascii=False)
    others = Person.objects.filter(organisation=demo_org).exclude(pk=person.pk)
    assert not [p.email for p in others if p.email in text]
    other_amounts = set(
        SalaryDecision.objects.filter(person__organisation=demo_org)
        .exclude(person=person)
        .values_list("amount", flat=True)
    ) - set(SalaryDecision.objects.filter(person=person).values_list("amount", flat=True))
    assert not [a for a in other_amounts if f'"amount": "{a}"' in text]
    other_notes = [
        n for n in Talk.objects.exclude(person=person).values_list("notes", flat=True) if n
    ]
    own_notes = set(Talk.objects.filter(person=person).values_list("notes", flat=True))
    assert not [n for n in other_notes if n not in own_notes and json.dumps(n)[1:-1] in text]
    # The read itself is in the person's access log.
    assert AccessRecord.objects.filter(subject=person, what="personal_data").count() == 1


def test_cli_and_page(demo_org, tmp_path, client, capsys):
    person = Person.objects.filter(organisation=demo_org, talks__isnull=False).first()
    out = tmp_path / "me.json"
    assert (
        main(["--org", demo_org.slug, "export", "--person", person.email, "--out", str(out)]) == 0
    )
    assert json.loads(out.read_text())["person"]["email"] == person.email
    assert main(["--org", demo_org.slug, "export", "--person", "ingen@example.se"]) == 2
    assert "there is no person" in capsys.readouterr().err

    client.force_login(person.user)
    page = client.get("/mina-uppgifter/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "registerutdrag (artikel 15)" in page.content.decode()  # the CLI export above
    download = client.get("/mina-uppgifter/?format=json")
    assert download["Content-Disposition"].startswith("attachment")
    assert json.loads(download.content)["person"]["name"] == person.name
    assert apps.get_model("decisions.AccessRecord").objects.filter(subject=person).count() == 2
