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


def test_the_home_page_shows_the_most_urgent_duties_and_links_to_all_of_them(client, org, people):
    from ansvar.web.views import DUTIES_SHOWN

    today = timezone.localdate()
    for n in range(DUTIES_SHOWN + 5):
        perform(
            org,
            people["cecilia"],
            "report_criticism",
            "client:alfa",
            {"summary": f"Synpunkt {n}"},
            at=today,
        )
    log_in(client, people["vera"])
    home = client.get("/").content.decode()
    table = home.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert table.count("<tr>") == DUTIES_SHOWN
    assert 'id="all-duties" href="/ataganden/"' in home
    every = client.get("/ataganden/").content.decode()
    rows = every.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    # Every acknowledgement the CEO owes (KA7) is there, each a link to where it is done.
    assert rows.count("KA7") >= DUTIES_SHOWN + 5 and rows.count("<tr>") > DUTIES_SHOWN

    client.logout()
    log_in(client, people["erik"])
    mine = client.get("/ataganden/").content.decode()
    assert "KA7" not in mine
