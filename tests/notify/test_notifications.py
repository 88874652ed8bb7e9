"""Everyone a decision concerns is told, once, in the app and by e-mail in their language,
through a real SMTP server on the loopback address."""

from datetime import timedelta

import pytest

from ansvar.cli.main import main
from ansvar.clients.models import CriticismReport, Notification
from ansvar.engine.registry import ACTIONS, perform
from ansvar.notify.delivery import send_due
from ansvar.notify.messages import TELLS
from ansvar.notify.models import OutboxMessage, Preference
from ansvar.notify.record import tell_what_time_decides
from ansvar.org.models import Assignment, Holding
from ansvar.people.models import CoachingRequest
from tests.fixtures import on_day
from tests.notify.conftest import AT


@pytest.fixture
def english_erik(people):
    people["erik"].language = "en"
    people["erik"].save(update_fields=["language"])
    return people


def test_each_decision_tells_the_people_it_concerns_once_in_their_language(org, english_erik, smtp):
    people = english_erik
    seen = 0

    def step(actor, action, target, args, to, subject, *words):
        """Do one decision, deliver, and check that exactly one new e-mail went to ``to``."""
        nonlocal seen
        done = perform(org, people[actor], action, target, args, at=AT)
        report = send_due()
        new = smtp.received[seen:]
        seen = len(smtp.received)
        assert report.sent == 1 and len(new) == 1, (action, [r.subject for r in new])
        mail = new[0]
        assert mail.recipients == [people[to].email], action
        assert mail.subject == subject, action
        for word in words:
            assert word in mail.body, (action, word, mail.body)
        note = Notification.objects.filter(person=people[to]).first()
        assert note is not None and any(w in note.text_sv or w in note.text_en for w in words)
        return done

    proposal = step(
        "cecilia",
        "propose_assignment",
        "client:alfa",
        {"title": "Kampanj"},
        "vera",
        "Ett förslag väntar på ditt besked",
        "Cecilia Ka föreslår",
        "Kampanj",
        "Hej Vera Vd!",
    ).result
    step(
        "vera",
        "veto_assignment",
        f"assignment:{proposal.pk}",
        {"reason": "För dyrt"},
        "cecilia",
        "Ditt förslag stoppades",
        "Vera Vd har lagt veto",
        "För dyrt",
    )
    step(
        "cecilia",
        "report_criticism",
        "client:alfa",
        {"summary": "Sen leverans"},
        "vera",
        "Kritik från en kund",
        "Sen leverans",
    )
    step(
        "cecilia",
        "assign_work_item",
        "client:alfa",
        {"assignee": "erik@example.se", "title": "Pressmeddelande", "purpose": "competence"},
        "erik",
        "Work assigned to you",
        "Hello Erik Ny,",
        "Cecilia Ka assigned you work for Alfa AB: Pressmeddelande",
        "competence development",
    )
    step(
        "cecilia",
        "add_work_group_member",
        "client:alfa",
        {"person": "petra@example.se"},
        "petra",
        "Du är med i en arbetsgrupp",
        "arbetsgruppen för Alfa AB som medlem",
    )
    step(
        "cecilia",
        "set_deputy",
        "client:alfa",
        {"person": "petra@example.se"},
        "petra",
        "Du är ersättare",
        "ersättare för kundansvarige för Alfa AB",
    )
    step(
        "cecilia",
        "remove_work_group_member",
        "client:alfa",
        {"person": "petra@example.se"},
        "petra",
        "Du är inte längre med i en arbetsgrupp",
        "tagit bort dig ur arbetsgruppen för Alfa AB",
    )
    step(
        "vera",
        "appoint_client_lead",
        "client:beta",
        {"person": "olof@example.se"},
        "olof",
        "Du är kundansvarig",
        "kundansvarig för Beta AB",
    )
    step(
        "vera",
        "appoint_area_manager",
        "area:analys",
        {"person": "petra@example.se"},
        "petra",
        "Du är affärsområdeschef",
        "affärsområdeschef för Analys",
    )
    step(
        "erik",
        "request_coaching",
        "person:anna@example.se",
        {"topic": "Debattartiklar"},
        "anna",
        "Någon ber dig om coachning",
        "Erik Ny ber dig om coachning: Debattartiklar",
    )
    request = CoachingRequest.objects.get()
    step(
        "anna",
        "answer_coaching",
        "person:anna@example.se",
        {"request": request.pk, "answer": "Vi ses på torsdag"},
        "erik",
        "An answer to your coaching request",
        "Anna Ao answered your coaching request (Debattartiklar): Vi ses på torsdag.",
    )
    step(
        "anna",
        "record_development_talk",
        "person:cecilia@example.se",
        {"held_on": AT.isoformat(), "notes": "Vill leda mer"},
        "cecilia",
        "Ett samtal med dig är registrerat",
        "ert utvecklingssamtal den 2026-11-27",
    )
    step(
        "anna",
        "record_probation_follow_up",
        "person:erik@example.se",
        {"held_on": AT.isoformat(), "notes": "Bra start"},
        "erik",
        "A talk with you was recorded",
        "your probation follow-up talk of 2026-11-27",
    )
    step(
        "vera",
        "decide_rotation",
        "org",
        {"moves": [{"person": "cecilia@example.se", "to_area": "analys"}]},
        "cecilia",
        "Du byter affärsområde",
        "går från Opinion till Analys den 2026-11-27",
    )
    step(
        "vera",
        "promote_to_senior",
        "person:cecilia@example.se",
        {},
        "cecilia",
        "Du är seniorkonsult",
        "befordrat dig till seniorkonsult",
    )
    # Nothing is said about the talks' notes, and nothing is sent twice.
    assert not any("Vill leda mer" in r.body or "Bra start" in r.body for r in smtp.received)
    assert len({r.message_id for r in smtp.received}) == len(smtp.received) == 15
    assert send_due().sent == 0


def test_nobody_is_told_of_their_own_decision(org, people, smtp):
    perform(
        org, people["cecilia"], "set_skill", "person:cecilia@example.se", {"name": "r", "level": 3}
    )
    perform(
        org, people["vera"], "appoint_area_manager", "area:analys", {"person": "vera@example.se"}
    )
    send_due()
    assert smtp.received == [] and not Notification.objects.exists()


def test_a_proposal_taking_effect_tells_its_proposer_once_however_often_tick_runs(
    org, people, smtp, capsys
):
    main(["tick", "--at", AT.isoformat()])  # the log is read from here on
    perform(
        org,
        people["cecilia"],
        "propose_client",
        "org",
        {"name": "Gamma AB", "slug": "gamma"},
        at=AT,
    )
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "Analys"}, at=AT)
    later = AT + timedelta(days=14)
    with on_day(later):
        main(["tick", "--at", later.isoformat()])
        main(["tick", "--at", later.isoformat()])
    to_cecilia = smtp.to("cecilia@example.se")
    assert sorted(r.subject for r in to_cecilia) == ["Ditt förslag gäller nu"] * 2
    bodies = " ".join(r.body for r in to_cecilia)
    assert "Gamma AB är ny kund" in bodies and "du är dess kundansvarige" in bodies
    assert "uppdraget Analys för Alfa AB gäller från" in bodies
    # The CEO heard of both proposals when they were made, once each.
    assert [r.subject for r in smtp.to("vera@example.se")].count(
        "Ett förslag väntar på ditt besked"
    ) == 2
    assert Assignment.objects.filter(status="active").count() == 2
    assert "E-mail: 0 sent" in capsys.readouterr().out.splitlines()[-1]


def test_criticism_and_an_unowned_area_reach_the_ceo_at_once_whatever_she_chose(org, people, smtp):
    Preference.objects.create(person=people["vera"], mode=Preference.Mode.NONE)
    perform(org, people["cecilia"], "propose_assignment", "client:alfa", {"title": "X"}, at=AT)
    perform(org, people["cecilia"], "report_criticism", "client:alfa", {"summary": "Sen"}, at=AT)
    # Beta's lead's holding ends with nobody after her (as an import can leave a client).
    Holding.objects.filter(client__slug="beta").update(valid_to=AT)
    tell_what_time_decides(org, AT)
    tell_what_time_decides(org, AT)
    send_due()
    subjects = sorted(r.subject for r in smtp.to("vera@example.se"))
    assert subjects == ["Ett område saknar beslutsfattare", "Kritik från en kund"]
    unowned = next(r for r in smtp.received if r.subject.startswith("Ett område"))
    assert "Beta AB" in unowned.body and "(P4)" in unowned.body
    # The proposal is in her notifications, only not in her mail (her choice).
    assert OutboxMessage.objects.get(kind="proposal").status == "skipped"
    assert Notification.objects.filter(person=people["vera"], kind="proposal").exists()
    report = CriticismReport.objects.get()
    assert Notification.objects.get(kind="client_criticism").subject == f"criticism:{report.pk}"


def test_added_as_deputy_and_a_new_area_s_manager_are_told_so(org, people, smtp):
    perform(
        org,
        people["cecilia"],
        "add_work_group_member",
        "client:alfa",
        {"person": "olof@example.se", "role": "deputy"},
        at=AT,
    )
    perform(
        org,
        people["vera"],
        "create_business_area",
        "org",
        {"slug": "digitalt", "name": "Digitalt", "manager": "petra@example.se"},
        at=AT,
    )
    send_due()
    [deputy] = smtp.to("olof@example.se")
    assert deputy.subject == "Du är ersättare" and "Alfa AB" in deputy.body
    [manager] = smtp.to("petra@example.se")
    assert manager.subject == "Du är affärsområdeschef"
    assert "affärsområdeschef för Digitalt från 2026-11-27" in manager.body
    assert len(smtp.received) == 2


def test_every_message_function_is_for_an_action_that_exists():
    # activate_assignment is logged by the lapse of a veto window, outside perform.
    assert set(TELLS) - set(ACTIONS) == {"activate_assignment"}


def test_a_decision_looks_for_decision_makers_only_where_it_ended_a_holding(org, people):
    from ansvar.notify.record import left_without

    # Beta falls without a lead by hand: no decision did it, so tick is what tells the CEO.
    Holding.objects.filter(client__slug="beta").update(valid_to=AT)
    done = perform(
        org,
        people["cecilia"],
        "add_work_group_member",
        "client:alfa",
        {"person": "olof@example.se"},
        at=AT,
    )
    scope = left_without(org, done.entry)
    assert scope is not None and not scope.areas and not scope.clients
    assert not OutboxMessage.objects.filter(kind="unowned_area").exists()
    tell_what_time_decides(org, AT)
    assert OutboxMessage.objects.filter(kind="unowned_area", subject="client:beta").count() == 1
    # Handing Alfa over ends Cecilia's holding that day: Alfa is looked at (and has a lead).
    done = perform(
        org,
        people["vera"],
        "appoint_client_lead",
        "client:alfa",
        {"person": "anna@example.se"},
        at=AT,
    )
    alfa = org.clients.get(slug="alfa")
    assert left_without(org, done.entry).clients == {alfa.pk}
    assert OutboxMessage.objects.filter(kind="unowned_area").count() == 1
