"""Amounts in kronor and öre, dates the law's arithmetic can hold: anything else is bad
input naming its field, in the reader's language, and nothing is written."""

from datetime import date

import pytest
from django.test import Client

from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import can, perform
from ansvar.org.models import Employment
from ansvar.people.models import SalaryDecision
from ansvar.web.answers import problem_text
from tests.fixtures import log_in

ERIK = "person:erik@example.se"


def _counts():
    return Entry.objects.count(), Refusal.objects.count(), SalaryDecision.objects.count()


@pytest.mark.parametrize(
    "action,target,args,field",
    [
        ("set_salary", ERIK, {"amount": "41234.505"}, "amount"),
        ("set_salary", ERIK, {"amount": "0,001"}, "amount"),
        (
            "record_client_figures",
            "client:alfa",
            {"month": "2026-11", "revenue": "10.125", "margin": "1"},
            "revenue",
        ),
        ("set_salary", ERIK, {"amount": "41234", "effective_from": "9999-12-31"}, "effective_from"),
        (
            "hire",
            "area:opinion",
            {
                "name": "Kim",
                "email": "kim@example.se",
                "starts_on": "9999-12-31",
                "probation_months": 6,
            },
            "starts_on",
        ),
        (
            "hire",
            "area:opinion",
            {"name": "Kim", "email": "kim@example.se", "starts_on": "1066-10-14"},
            "starts_on",
        ),
    ],
)
def test_bad_amounts_and_far_dates_are_bad_input_and_write_nothing(
    org, people, action, target, args, field
):
    who = people["cecilia"] if target.startswith("client") else people["anna"]
    before = _counts()
    with pytest.raises(InvalidInput) as bad:
        perform(org, who, action, target, args)
    assert bad.value.field == field
    with pytest.raises(InvalidInput):
        can(org, who, action, target, args)  # the same answer without acting
    assert _counts() == before


def test_amounts_with_two_decimals_or_trailing_zeros_are_taken(org, people):
    for amount in ("41234.50", "41234.500", "41234", "4.1234E+4"):
        perform(org, people["anna"], "set_salary", ERIK, {"amount": amount})
    amounts = SalaryDecision.objects.order_by("id").values_list("amount", flat=True)
    assert [str(a) for a in amounts] == ["41234.50", "41234.50", "41234.00", "41234.00"]


def test_the_last_date_taken_still_has_room_for_the_law(org, people):
    done = perform(
        org,
        people["anna"],
        "hire",
        "area:opinion",
        {
            "name": "Kim",
            "email": "kim@example.se",
            "starts_on": "2999-12-31",
            "probation_months": 6,
        },
    )
    employment = Employment.objects.get(person__email="kim@example.se")
    assert employment.starts_on == date(2999, 12, 31)
    assert employment.probation_until is not None and employment.probation_until.year == 3000
    assert done.entry.action == "hire"


def test_the_web_says_it_in_swedish_next_to_the_field(org, people):
    with pytest.raises(InvalidInput) as bad:
        perform(org, people["anna"], "set_salary", ERIK, {"amount": "41234.505"})
    assert problem_text(bad.value, "sv") == "”41234.505” har fler än två decimaler (öre)"
    with pytest.raises(InvalidInput) as far:
        perform(
            org, people["anna"], "set_salary", ERIK, {"amount": "1", "effective_from": "9999-12-31"}
        )
    assert "ligger utanför de datum Ansvar tar emot (1900-01-01–2999-12-31)" in problem_text(
        far.value, "sv"
    )
    web = Client()
    log_in(web, people["anna"])
    fields = {"target": ERIK, "amount": "41234.505", "next": "/"}
    page = web.post("/handling/set_salary/", fields, follow=True).content.decode()
    assert "har fler än två decimaler (öre)" in page
    assert not SalaryDecision.objects.exists()


@pytest.mark.parametrize("address", ["kim@", "kim@exempel", "kim exempel@firma.se", "@firma.se"])
def test_founding_checks_every_address_as_a_hire_does(db, address):
    """Founding from a specification (the import, the demo) takes only what Django's own
    e-mail validator takes, as hiring does; nothing is written."""
    from ansvar.org.founding import PersonSpec, found_organisation
    from ansvar.org.models import Organisation
    from tests.fixtures import example_spec

    spec = example_spec()
    spec.people.append(PersonSpec(address, "Kim", "opinion", date(2024, 1, 1)))
    with pytest.raises(InvalidInput) as bad:
        found_organisation(spec)
    assert bad.value.field == f"people[{len(spec.people)}].email"
    assert "is not an e-mail address" in bad.value.message
    assert not Organisation.objects.exists() and not Entry.objects.exists()
    with pytest.raises(InvalidInput):
        perform_hire = {"name": "Kim", "email": address, "starts_on": "2027-01-01"}
        found = found_organisation(example_spec())
        perform(
            found, found.people.get(email="anna@example.se"), "hire", "area:opinion", perform_hire
        )
