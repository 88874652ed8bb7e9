"""The daily digest: duties overdue or due within a week, one message a day per person, put
together again when it is sent; and each person's choice of immediate, digest or none."""

from datetime import timedelta

import pytest

from ansvar.clients.models import Notification
from ansvar.engine.registry import perform
from ansvar.notify.delivery import send_due
from ansvar.notify.models import OutboxMessage, Preference
from ansvar.notify.record import tell_what_time_decides
from ansvar.people.models import CoachingRequest

DIGEST_SV = "Dagens sammanfattning från Ansvar"
ANNA = "anna@lill.example"


def ask(small, topic: str, days_ago: int) -> CoachingRequest:
    org, people, today = small
    return perform(
        org,
        people["kim"],
        "request_coaching",
        f"person:{ANNA}",
        {"topic": topic},
        at=today - timedelta(days=days_ago),
    ).result


def digests(smtp, subject=DIGEST_SV):
    return [r for r in smtp.to(ANNA) if r.subject == subject]


@pytest.fixture
def slow_answers(small):
    """Twenty working days to answer a coaching request: one asked 40 days ago is overdue,
    one asked today is due in about four weeks."""
    org = small[0]
    org.parameters = {**org.parameters, "coaching_response_days": 20}
    org.save(update_fields=["parameters"])
    return small


def test_the_digest_lists_what_is_overdue_or_due_within_a_week_and_nothing_later(
    slow_answers, smtp
):
    org, _, today = slow_answers
    ask(slow_answers, "Prissättning", days_ago=40)
    ask(slow_answers, "Upphandling", days_ago=0)
    tell_what_time_decides(org, today)
    send_due()
    [digest] = digests(smtp)
    assert "Dina åtaganden som är försenade eller ska vara gjorda inom en vecka:" in digest.body
    lines = [line for line in digest.body.splitlines() if line.startswith("- ")]
    assert len(lines) == 1 and "Svara på Kim Nys coachningsförfrågan (försenat" in lines[0]
    # The two requests themselves were told at once (Anna chose nothing else).
    assert [r.subject for r in smtp.to(ANNA)].count("Någon ber dig om coachning") == 2


def test_the_digest_is_in_english_for_a_person_who_chose_english(small, smtp):
    org, people, today = small
    people["anna"].language = "en"
    people["anna"].save(update_fields=["language"])
    ask(small, "Pricing", days_ago=10)
    tell_what_time_decides(org, today)
    send_due()
    [digest] = digests(smtp, "Today's summary from Ansvar")
    assert "Hello Anna Ao," in digest.body and "Answer Kim Ny's coaching request" in digest.body
    assert "Your duties that are overdue or due within a week:" in digest.body
    assert digest.message["Content-Language"] == "en"


def test_a_duty_done_before_the_digest_goes_out_is_left_out_and_an_empty_one_not_sent(small, smtp):
    org, people, today = small
    request = ask(small, "Prissättning", days_ago=10)
    tell_what_time_decides(org, today)
    digest = OutboxMessage.objects.get(kind="digest", person=people["anna"])
    assert [line["kind"] for line in digest.lines] == ["coaching_answer"]
    # Anna answers before the worker gets to the digest.
    perform(
        org, people["anna"], "answer_coaching", f"person:{ANNA}", {"request": request.pk}, at=today
    )
    report = send_due()
    assert digests(smtp) == [] and report.cancelled == 1
    digest.refresh_from_db()
    assert digest.status == OutboxMessage.Status.CANCELLED
    # Kim heard of the answer; the day's digest is not made again.
    assert [r.subject for r in smtp.to("kim@lill.example")] == ["Svar på din fråga om coachning"]
    tell_what_time_decides(org, today)
    assert OutboxMessage.objects.filter(kind="digest", person=people["anna"]).count() == 1


def test_one_digest_a_day_and_the_next_day_a_new_one(small, smtp):
    org, _, today = small
    ask(small, "Prissättning", days_ago=10)
    for _ in range(2):
        tell_what_time_decides(org, today)
        send_due()
    assert len(digests(smtp)) == 1
    tell_what_time_decides(org, today + timedelta(days=1))
    send_due()
    assert len(digests(smtp)) == 2
    anna = small[1]["anna"]
    keys = OutboxMessage.objects.filter(kind="digest", person=anna).values_list("key", flat=True)
    assert set(keys) == {
        f"digest:{anna.pk}:{today.isoformat()}",
        f"digest:{anna.pk}:{(today + timedelta(days=1)).isoformat()}",
    }


def test_a_person_who_chose_the_digest_gets_notifications_once_a_day(small, smtp):
    org, people, today = small
    Preference.objects.create(person=people["anna"], mode=Preference.Mode.DIGEST)
    ask(small, "Prissättning", days_ago=10)
    send_due()
    assert smtp.to(ANNA) == []
    note = Notification.objects.get(person=people["anna"])
    assert "Kim Ny ber dig om coachning: Prissättning" in note.text_sv  # in the app at once
    tell_what_time_decides(org, today)
    send_due()
    [digest] = digests(smtp)
    assert "Aviseringar sedan förra sammanfattningen:" in digest.body
    assert "Kim Ny ber dig om coachning: Prissättning" in digest.body
    assert "Svara på Kim Nys coachningsförfrågan" in digest.body
    held = OutboxMessage.objects.get(kind="coaching_request")
    assert held.status == OutboxMessage.Status.IN_DIGEST and held.digest is not None
    # The next day the notification is not repeated; the open duty is.
    tell_what_time_decides(org, today + timedelta(days=1))
    send_due()
    second = digests(smtp)[1]
    assert "ber dig om coachning" not in second.body and "coachningsförfrågan" in second.body


def test_a_person_who_chose_no_email_gets_none_but_sees_it_in_the_app(small, smtp):
    org, people, today = small
    Preference.objects.create(person=people["anna"], mode=Preference.Mode.NONE)
    ask(small, "Prissättning", days_ago=10)
    tell_what_time_decides(org, today)
    send_due()
    assert smtp.to(ANNA) == []
    assert OutboxMessage.objects.get(kind="coaching_request").status == "skipped"
    assert not OutboxMessage.objects.filter(kind="digest", person=people["anna"]).exists()
    assert Notification.objects.filter(person=people["anna"], kind="coaching_request").exists()
