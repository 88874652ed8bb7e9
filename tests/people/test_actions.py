"""People actions through the one action path: effects, log entries, refusals, bad input."""

import json
from datetime import date
from decimal import Decimal

import pytest

from ansvar.decisions import log
from ansvar.decisions.models import AccessRecord, Entry, PersonalPayload, Refusal
from ansvar.engine.errors import InvalidInput, PolicyRefused
from ansvar.engine.registry import can, perform
from ansvar.org.models import AreaMembership, Employment, Holding, Person
from ansvar.people import selectors
from ansvar.people.actions import erase_expired_candidates
from ansvar.people.models import (
    Candidate,
    CoachingRequest,
    ProbationDecision,
    RotationDecision,
    SalaryDecision,
    Separation,
    Talk,
)

AT = date(2026, 11, 27)


def _counts() -> tuple[int, int, int, int]:
    return (
        Entry.objects.count(),
        Talk.objects.count(),
        SalaryDecision.objects.count(),
        AreaMembership.objects.count(),
    )


# --- recruitment -----------------------------------------------------------------------


def test_hire_creates_person_probationary_employment_and_membership(org, people):
    done = perform(
        org,
        people["anna"],
        "hire",
        "area:opinion",
        {"name": "Kim Ny", "email": "Kim@Example.se", "starts_on": "2027-01-15"},
        at=AT,
    )
    kim = Person.objects.get(organisation=org, email="kim@example.se")
    assert done.result == kim
    employment = Employment.objects.get(person=kim)
    assert employment.starts_on == date(2027, 1, 15)
    assert employment.probation_until == date(2027, 7, 15)  # six months, the parameter
    membership = AreaMembership.objects.get(person=kim)
    assert membership.area.slug == "opinion" and membership.valid_from == date(2027, 1, 15)
    assert done.entry.public["probation_months"] == 6
    assert "kim@example.se" not in json.dumps(done.entry.public)


def test_hire_over_six_months_is_refused_naming_las(org, people):
    before = _counts()
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["anna"],
            "hire",
            "area:opinion",
            {"name": "Kim", "email": "kim@example.se", "starts_on": "2027-01-15"}
            | {"probation_months": "9"},
            at=AT,
        )
    assert "LAS 6 §" in refused.value.decision.reason_sv
    assert _counts() == before
    assert not Person.objects.filter(email="kim@example.se").exists()
    assert Refusal.objects.filter(action="hire").count() == 1


def test_hire_of_an_existing_email_is_bad_input(org, people):
    with pytest.raises(InvalidInput) as bad:
        perform(
            org,
            people["anna"],
            "hire",
            "area:opinion",
            {"name": "Erik", "email": "erik@example.se", "starts_on": "2027-01-15"},
            at=AT,
        )
    assert bad.value.field == "email"


def _candidate(org, people, stage_at=AT):
    position = perform(
        org, people["anna"], "open_position", "area:opinion", {"title": "Konsult"}, at=stage_at
    ).result
    candidate = perform(
        org,
        people["anna"],
        "add_candidate",
        "area:opinion",
        {"position": position.pk, "name": "Lo Sökande", "email": "lo@example.org"},
        at=stage_at,
    ).result
    return position, candidate


def test_candidate_retention_and_erasure(org, people):
    _, candidate = _candidate(org, people)
    perform(
        org,
        people["anna"],
        "move_candidate",
        "area:opinion",
        {"candidate": candidate.pk, "stage": "rejected"},
        at=AT,
    )
    candidate.refresh_from_db()
    assert candidate.decided_on == AT
    assert candidate.retention_until == date(2028, 11, 27)  # 24 months, the parameter
    assert erase_expired_candidates(org, date(2028, 11, 26)) == 0
    assert erase_expired_candidates(org, date(2028, 11, 27)) == 1
    candidate.refresh_from_db()
    assert (candidate.name, candidate.email, candidate.erased_on) == ("", "", date(2028, 11, 27))
    entry = Entry.objects.get(organisation=org, action="erase_candidate_data")
    assert entry.public["candidates"] == [candidate.pk]
    added = Entry.objects.get(organisation=org, action="add_candidate")
    assert PersonalPayload.objects.get(entry=added).data is None
    exported = "\n".join(log.export_lines(org))
    assert "lo@example.org" not in exported and "Lo Sökande" not in exported
    assert log.verify(org).ok
    assert erase_expired_candidates(org, date(2029, 1, 1)) == 0  # idempotent


def test_a_decided_candidate_does_not_move_again(org, people):
    _, candidate = _candidate(org, people)
    args = {"candidate": candidate.pk, "stage": "rejected"}
    perform(org, people["anna"], "move_candidate", "area:opinion", args, at=AT)
    with pytest.raises(PolicyRefused) as refused:
        perform(org, people["anna"], "move_candidate", "area:opinion", args, at=AT)
    # Anna holds the right (AO3); the case is refused, so a page still offers her the form.
    assert refused.value.decision.clauses == ("AO3",)
    assert refused.value.decision.about == "case"
    assert Candidate.objects.get(pk=candidate.pk).stage == "rejected"


# --- talks and salaries -------------------------------------------------------------------


def test_talk_dated_in_the_future_is_bad_input_and_writes_nothing(org, people):
    before = _counts()
    with pytest.raises(InvalidInput) as bad:
        perform(
            org,
            people["anna"],
            "record_development_talk",
            "person:cecilia@example.se",
            {"held_on": "2026-12-01", "notes": "x"},
            at=AT,
        )
    assert bad.value.field == "held_on"
    assert _counts() == before


def test_follow_up_only_during_probation(org, people):
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["anna"],
            "record_probation_follow_up",
            "person:cecilia@example.se",
            {"held_on": "2026-11-01"},
            at=AT,
        )
    assert refused.value.decision.clauses == ("AO4",)
    assert "provanställd" in refused.value.decision.reason_sv
    done = perform(
        org,
        people["anna"],
        "record_probation_follow_up",
        "person:erik@example.se",
        {"held_on": "2026-11-01", "notes": "Hälsa: ryggbesvär"},
        at=AT,
    )
    assert done.result.kind == Talk.Kind.PROBATION_FOLLOW_UP
    assert "ryggbesvär" not in json.dumps(done.entry.public)


def test_salary_outside_the_managers_area_is_refused(org, people):
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["olof"],
            "set_salary",
            "person:cecilia@example.se",
            {"amount": "50000"},
            at=AT,
        )
    assert refused.value.decision.decider.email == "anna@example.se"
    assert not SalaryDecision.objects.exists()
    refusal = Refusal.objects.get(action="set_salary")
    assert refusal.clauses == "AO3"
    # The amount typed is never kept in the refusal log.
    assert "50000" not in json.dumps(refusal.args)
    assert refusal.args["amount"] == "[dold / hidden]"


def test_negative_salary_is_bad_input(org, people):
    with pytest.raises(InvalidInput) as bad:
        perform(
            org, people["anna"], "set_salary", "person:cecilia@example.se", {"amount": "-1"}, at=AT
        )
    assert bad.value.field == "amount"
    assert not SalaryDecision.objects.exists()


def _salary(org, people):
    return perform(
        org,
        people["anna"],
        "set_salary",
        "person:cecilia@example.se",
        {"amount": "51234.50", "effective_from": "2027-01-01"},
        at=AT,
    )


def test_salary_history_is_visible_to_the_circle_and_every_read_is_recorded(org, people):
    _salary(org, people)
    cecilia = people["cecilia"]
    for viewer in ("cecilia", "anna", "vera"):
        rows = selectors.salary_history(people[viewer], cecilia, AT)
        assert [r.amount for r in rows] == [Decimal("51234.50")]
    assert AccessRecord.objects.filter(subject=cecilia, what="salary").count() == 3
    for viewer in ("erik", "olof", "petra"):
        with pytest.raises(PolicyRefused):
            selectors.salary_history(people[viewer], cecilia, AT)
    assert AccessRecord.objects.filter(subject=cecilia).count() == 3
    viewers = {r["viewer"] for r in selectors.access_log(cecilia)}
    assert viewers == {"cecilia@example.se", "anna@example.se", "vera@example.se"}


def test_salary_amount_is_absent_from_every_view_for_who_may_not_see_it(org, people):
    done = _salary(org, people)
    perform(
        org,
        people["anna"],
        "record_development_talk",
        "person:cecilia@example.se",
        {"held_on": "2026-11-20", "notes": "Hemligt samtal"},
        at=AT,
    )
    # The chained, public part of the log never holds the amount or the notes.
    assert "51234" not in json.dumps(done.entry.public)
    for entry in Entry.objects.filter(organisation=org):
        assert "51234" not in json.dumps(entry.public)
        assert "Hemligt" not in json.dumps(entry.public)
    # The stored payload has them (erasable, outside the chain) ...
    raw = "\n".join(log.export_lines(org))
    assert "51234" in raw and "Hemligt" in raw
    # ... the log as someone outside the circle reads it does not.
    for viewer in ("erik", "olof", "petra"):
        shown = "\n".join(selectors.export_lines(org, people[viewer], AT))
        assert "51234" not in shown and "Hemligt" not in shown
        assert '"withheld": true' in shown
    before = AccessRecord.objects.count()
    shown = "\n".join(selectors.export_lines(org, people["anna"], AT))
    assert "51234" in shown and "Hemligt" in shown
    assert AccessRecord.objects.count() == before + 2  # the salary and the talk notes
    # The refused read leaves no amount in the refusal either.
    with pytest.raises(PolicyRefused):
        selectors.salary_history(people["erik"], people["cecilia"], AT)
    assert "51234" not in json.dumps(list(Refusal.objects.values("args", "reason")))


def test_talk_notes_read_through_the_policy(org, people):
    perform(
        org,
        people["anna"],
        "record_development_talk",
        "person:cecilia@example.se",
        {"held_on": "2026-11-20", "notes": "Mål: leda en kund till"},
        at=AT,
    )
    talks = selectors.talks(people["cecilia"], people["cecilia"], AT)
    assert [t.notes for t in talks] == ["Mål: leda en kund till"]
    assert AccessRecord.objects.filter(what="talk_notes").count() == 1
    with pytest.raises(PolicyRefused):
        selectors.talks(people["erik"], people["cecilia"], AT)


# --- probation decision ---------------------------------------------------------------------


def test_probation_status_shows_the_last_day_to_inform(org, people):
    status = selectors.probation_status(people["erik"], AT)
    assert status is not None
    assert status["permanent_from"] == date(2027, 3, 1)
    assert status["last_day_to_inform"] == date(2027, 2, 14)
    assert selectors.probation_status(people["cecilia"], AT) is None


def test_ending_a_probation_too_late_names_las_31(org, people):
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["vera"],
            "decide_probation",
            "person:erik@example.se",
            {"decision": "end", "informed_on": "2026-11-20"},
            at=AT,
        )
    assert "LAS 31 §" in refused.value.decision.reason_sv
    assert "2026-11-13" in refused.value.decision.reason_sv  # the last day to inform
    assert Employment.objects.get(person=people["erik"]).last_day is None


def test_ending_a_probation_in_time_ends_the_employment(org, people):
    done = perform(
        org,
        people["vera"],
        "decide_probation",
        "person:erik@example.se",
        {"decision": "end", "informed_on": "2026-11-13"},
        at=AT,
    )
    assert done.entry.public["last_day_to_inform"] == "2027-02-14"
    assert Employment.objects.get(person=people["erik"]).last_day == AT
    assert Separation.objects.get(person=people["erik"]).kind == "probation_end"
    assert ProbationDecision.objects.get(person=people["erik"]).decision == "end"
    assert not AreaMembership.objects.filter(person=people["erik"], valid_to__isnull=True).exists()


# --- coaching -------------------------------------------------------------------------------


def test_coaching_response_times(org, people):
    request = perform(
        org, people["erik"], "request_coaching", "person:anna@example.se", {"topic": "Tal"}, at=AT
    ).result
    perform(
        org,
        people["petra"],
        "request_coaching",
        "person:olof@example.se",
        {"topic": "Ledarskap"},
        at=AT,
    )
    perform(
        org,
        people["anna"],
        "answer_coaching",
        "person:anna@example.se",
        {"request": request.pk},
        at=date(2026, 12, 2),
    )
    assert CoachingRequest.objects.get(pk=request.pk).answered_on == date(2026, 12, 2)
    times = selectors.coaching_response_times(org, date(2026, 12, 4))
    assert times["anna@example.se"] == {
        "answered": 1,
        "open": 0,
        "mean_days": 5.0,
        "longest_days": 5,
    }
    assert times["olof@example.se"]["open"] == 1
    assert times["olof@example.se"]["longest_days"] == 7


# --- rotation -------------------------------------------------------------------------------


def test_rotation_moves_membership_from_its_date_and_keeps_holdings(org, people):
    holdings = list(Holding.objects.values_list("pk", "person_id", "valid_to"))
    done = perform(
        org,
        people["vera"],
        "decide_rotation",
        "org",
        {"moves": "cecilia@example.se=analys", "effective_from": "2027-01-01"},
        at=AT,
    )
    assert isinstance(done.result, RotationDecision)
    rows = AreaMembership.objects.filter(person=people["cecilia"]).order_by("valid_from")
    assert [(m.area.slug, m.valid_to) for m in rows] == [
        ("opinion", date(2027, 1, 1)),
        ("analys", None),
    ]
    assert list(Holding.objects.values_list("pk", "person_id", "valid_to")) == holdings
    salary = {"amount": "50000"}
    target = "person:cecilia@example.se"
    assert can(org, people["anna"], "set_salary", target, salary, at=AT).allowed
    assert not can(org, people["olof"], "set_salary", target, salary, at=AT).allowed
    later = date(2027, 1, 1)
    assert can(org, people["olof"], "set_salary", target, salary, at=later).allowed
    assert not can(org, people["anna"], "set_salary", target, salary, at=later).allowed


def test_rotation_into_a_missing_area_is_bad_input(org, people):
    before = _counts()
    with pytest.raises(InvalidInput) as bad:
        perform(
            org,
            people["vera"],
            "decide_rotation",
            "org",
            {"moves": [{"person": "cecilia@example.se", "to_area": "finns-inte"}]},
            at=AT,
        )
    assert "finns-inte" in bad.value.message
    assert _counts() == before


def test_rotation_warns_of_mbl_with_a_collective_agreement(org, people):
    org.parameters = {"collective_agreement": True}
    org.save()
    done = perform(
        org, people["vera"], "decide_rotation", "org", {"moves": "cecilia@example.se=analys"}, at=AT
    )
    assert any("MBL 11 §" in w for w in done.decision.warnings)
    assert any("MBL 11 §" in w for w in done.entry.public["warnings"])


# --- promotion, notice, dismissal -----------------------------------------------------------


def test_notice_lists_the_holdings_then_follows_las_11(org, people):
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["vera"],
            "give_notice",
            "person:petra@example.se",
            {"reason": "Arbetsbrist", "ground": "redundancy"},
            at=AT,
        )
    assert "client:beta" in refused.value.decision.reason_sv
    assert "P4" in refused.value.decision.clauses
    perform(
        org,
        people["vera"],
        "appoint_client_lead",
        "client:beta",
        {"person": "olof@example.se"},
        at=AT,
    )
    done = perform(
        org,
        people["vera"],
        "give_notice",
        "person:petra@example.se",
        {"reason": "Arbetsbrist", "ground": "redundancy"},
        at=AT,
    )
    separation = done.result
    # Employed since 2019-02-01: seven whole years, four months' notice (LAS 11 §).
    assert (separation.employment_years, separation.notice_months) == (7, 4)
    assert separation.last_day == date(2027, 3, 27)
    assert Employment.objects.get(person=people["petra"]).last_day == date(2027, 3, 27)
    membership = AreaMembership.objects.get(person=people["petra"])
    assert membership.valid_to == date(2027, 3, 28)


def test_dismissal_on_grounds_known_too_long_is_refused_naming_las_18(org, people):
    before = (_counts(), Separation.objects.count())
    with pytest.raises(PolicyRefused) as refused:
        perform(
            org,
            people["vera"],
            "dismiss",
            "person:erik@example.se",
            {"reason": "Grovt", "informed_on": "2026-11-20", "grounds_known_on": "2026-09-01"},
            at=AT,
        )
    decision = refused.value.decision
    assert "LAS 18 §" in decision.clauses and "LAS 18 §" in decision.reason_sv
    assert decision.decider is not None and decision.decider.email == "vera@example.se"
    assert (_counts(), Separation.objects.count()) == before
    assert Employment.objects.get(person=people["erik"]).last_day is None


def test_dismissal_takes_effect_the_day_it_is_given(org, people):
    done = perform(
        org,
        people["vera"],
        "dismiss",
        "person:erik@example.se",
        {"reason": "Grovt", "informed_on": "2026-11-20", "grounds_known_on": "2026-10-01"},
        at=AT,
    )
    assert done.result.last_day == AT and done.result.notice_months == 0
    assert done.result.ground == "personal"
    assert Employment.objects.get(person=people["erik"]).last_day == AT


def test_promotion_sets_the_title(org, people):
    perform(org, people["vera"], "promote_to_senior", "person:cecilia@example.se", at=AT)
    assert Person.objects.get(pk=people["cecilia"].pk).title == "senior"


# --- client figures ---------------------------------------------------------------------------


def test_area_figures(org, people):
    perform(
        org,
        people["cecilia"],
        "record_client_figures",
        "client:alfa",
        {"month": "2026-10", "revenue": "200000", "margin": "50000"},
        at=AT,
    )
    perform(
        org,
        people["petra"],
        "record_client_figures",
        "client:beta",
        {"month": "2026-11", "revenue": "100000", "margin": "-5000"},
        at=AT,
    )
    perform(
        org,
        people["cecilia"],
        "propose_assignment",
        "client:alfa",
        {"title": "Opinionsmätning"},
        at=date(2026, 10, 1),
    )
    rows = {r["area"]: r for r in selectors.area_figures(org, AT, months=2)}
    assert [m["active_assignments"] for m in rows["opinion"]["months"]] == [1, 1]
    assert [m["active_assignments"] for m in rows["analys"]["months"]] == [0, 0]
    opinion = rows["opinion"]
    assert [m["month"] for m in opinion["months"]] == ["2026-10", "2026-11"]
    assert opinion["months"][0]["revenue"] == "200000.00"
    assert opinion["months"][1]["revenue"] == "0"
    assert opinion["months"][1]["people"] == 3 and opinion["months"][1]["clients_led"] == ["alfa"]
    assert opinion["manager_clients"] == [] and opinion["manager_leads_no_client"]
    assert rows["analys"]["months"][1]["margin"] == "-5000.00"
    with pytest.raises(InvalidInput):
        perform(
            org,
            people["cecilia"],
            "record_client_figures",
            "client:alfa",
            {"month": "oktober", "revenue": "1", "margin": "1"},
            at=AT,
        )


@pytest.mark.parametrize(
    ("action", "args", "field"),
    [
        ("open_position", {"title": "x" * 201}, "title"),
        ("add_candidate", {"name": "x" * 201, "email": "lo@example.org"}, "name"),
        ("add_candidate", {"name": "Lo", "email": "l" * 250 + "@x.se"}, "email"),
        ("hire", {"name": "x" * 201, "email": "kim@example.se"}, "name"),
        ("hire", {"name": "Kim", "email": "k" * 250 + "@x.se"}, "email"),
    ],
)
def test_text_longer_than_its_column_is_bad_input(org, people, action, args, field):
    # PostgreSQL refuses a value longer than the column with an error, not a message.
    if action == "add_candidate":
        args = {**args, "position": _candidate(org, people)[0].pk}
    if action == "hire":
        args = {**args, "starts_on": "2027-01-15"}
    before = _counts()
    with pytest.raises(InvalidInput) as bad:
        perform(org, people["anna"], action, "area:opinion", args, at=AT)
    assert bad.value.field == field
    assert "longer than" in bad.value.message
    assert _counts() == before
