"""The home page shows a person's notifications, duties and areas of responsibility."""

from django.utils import timezone

from ansvar.engine.registry import perform
from tests.fixtures import log_in


def test_the_ceo_sees_client_criticism_at_once_and_the_duty_to_acknowledge(client, org, people):
    today = timezone.localdate()
    perform(
        org,
        people["cecilia"],
        "report_criticism",
        "client:alfa",
        {"summary": "Missnöjd med tempot"},
        at=today,
    )
    log_in(client, people["vera"])
    page = client.get("/").content.decode()
    assert 'id="notifications"' in page and "Alfa AB" in page
    assert 'id="duties"' in page and "KA7" in page
    assert "Vd sedan" in page


def test_a_client_lead_sees_her_client_and_no_one_elses_notifications(client, org, people):
    perform(
        org,
        people["cecilia"],
        "report_criticism",
        "client:alfa",
        {"summary": "Missnöjd"},
        at=timezone.localdate(),
    )
    log_in(client, people["cecilia"])
    page = client.get("/").content.decode()
    assert "Kundansvarig för Alfa AB" in page
    assert "Inga olästa aviseringar." in page
