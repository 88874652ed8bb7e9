"""GDPR erasure (art. 17) reaches the notifications and the e-mail outbox: the texts to or
about the person are emptied in the erasure's transaction, the rows stay with their dates
and status, and the decision log still verifies."""

import json

from ansvar.cli.main import main
from ansvar.clients.models import Notification
from ansvar.decisions import log
from ansvar.decisions.models import Entry
from ansvar.engine.registry import perform
from ansvar.notify.delivery import send_due
from ansvar.notify.models import OutboxMessage
from ansvar.notify.record import tell_what_time_decides
from ansvar.people.models import CoachingRequest
from tests.notify.conftest import AT

MARKER = "Kvastfenan-7731"


def texts(rows) -> str:
    return json.dumps(list(rows), default=str, ensure_ascii=False)


def everything() -> str:
    notes = Notification.objects.values("kind", "subject", "text_sv", "text_en")
    mails = OutboxMessage.objects.values(
        "kind", "subject", "title_sv", "title_en", "text_sv", "text_en", "lines", "last_error"
    )
    return texts(notes) + texts(mails)


def test_erasing_a_person_empties_their_notifications_and_mail_and_keeps_the_rows(
    org, people, smtp, capsys
):
    # Anna must answer within two working days: the request is in her digest of the day.
    org.parameters = {**org.parameters, "coaching_response_days": 2}
    org.save(update_fields=["parameters"])
    perform(
        org,
        people["erik"],
        "request_coaching",
        "person:anna@example.se",
        {"topic": f"Debatt {MARKER}"},
        at=AT,
    )
    request = CoachingRequest.objects.get()
    perform(
        org,
        people["anna"],
        "answer_coaching",
        "person:anna@example.se",
        {"request": request.pk, "answer": f"Svar om {MARKER}"},
        at=AT,
    )
    perform(
        org, people["vera"], "appoint_area_manager", "area:analys", {"person": "petra@example.se"}
    )
    tell_what_time_decides(org, AT)
    send_due()
    assert MARKER in everything() and "erik@example.se" in everything()
    assert any(MARKER in line["sv"] or "Erik Ny" in line["sv"] for line in digest_lines())
    petra = list(Notification.objects.filter(person=people["petra"]).values("text_sv", "text_en"))
    assert petra and "Erik" not in texts(petra)
    before = {
        "notes": list(Notification.objects.values_list("pk", "person_id", "kind", "created_on")),
        "mails": list(OutboxMessage.objects.values_list("pk", "person_id", "kind", "on", "status")),
    }
    assert "sent" in {row[4] for row in before["mails"]}

    assert main(["log", "erase-personal", "--person", "erik@example.se", "--at", "2026-12-01"]) == 0
    capsys.readouterr()

    assert MARKER not in everything()
    assert "erik@example.se" not in everything() and "Erik Ny" not in everything()
    # The rows, their dates and their status are as they were: counts still add up.
    after = {
        "notes": list(Notification.objects.values_list("pk", "person_id", "kind", "created_on")),
        "mails": list(OutboxMessage.objects.values_list("pk", "person_id", "kind", "on", "status")),
    }
    assert after == before
    # What is neither to nor about Erik keeps its words.
    assert (
        list(Notification.objects.filter(person=people["petra"]).values("text_sv", "text_en"))
        == petra
    )
    last = Entry.objects.filter(organisation=org).order_by("-seq").first()
    assert last.action == "erase_personal_data"
    assert last.public["notifications_emptied"] >= 2 and last.public["mails_emptied"] >= 3
    assert log.verify(org).ok
    assert main(["log", "verify"]) == 0
    assert "verified" in capsys.readouterr().out


def digest_lines() -> list[dict]:
    return [line for m in OutboxMessage.objects.filter(kind="digest") for line in m.lines]


def test_erasing_again_empties_nothing_more(org, people):
    perform(
        org,
        people["erik"],
        "request_coaching",
        "person:anna@example.se",
        {"topic": MARKER},
        at=AT,
    )
    from ansvar.people.actions.erasure import erase_person

    _, first = erase_person(org, people["erik"], effective_on=AT)
    assert first.public["notifications_emptied"] == 1 and first.public["mails_emptied"] == 1
    _, second = erase_person(org, people["erik"], effective_on=AT)
    assert second.public["notifications_emptied"] == 0 and second.public["mails_emptied"] == 0
    assert MARKER not in everything() and log.verify(org).ok
