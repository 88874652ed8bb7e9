"""The models' choice labels (Swedish, as the models keep them) marked for translation.

Templates show a choice with ``{% translate obj.get_FOO_display %}``; the labels live in
the models as plain Swedish strings, so they are listed here for ``makemessages`` to find.
``tests/interfaces/test_i18n_pages.py`` checks that this list and the models agree.
"""

from django.utils.translation import gettext_noop

CHOICE_WORDS = (
    # org.Person.Title
    gettext_noop("Konsult"),
    gettext_noop("Seniorkonsult"),
    # org.Client.Status
    gettext_noop("Föreslagen"),
    gettext_noop("Aktiv"),
    gettext_noop("Stoppad"),
    gettext_noop("Avslutad"),
    # org.Assignment.Status
    gettext_noop("Föreslaget"),
    gettext_noop("Aktivt"),
    gettext_noop("Stoppat"),
    gettext_noop("Avslutat"),
    # org.WorkGroupMembership.Role
    gettext_noop("Medlem"),
    gettext_noop("Biträdande"),
    gettext_noop("Ersättare"),
    # org.Holding.Kind
    gettext_noop("Vd"),
    gettext_noop("Affärsområdeschef"),
    gettext_noop("Kundansvarig"),
    # clients.WorkItem.Purpose
    gettext_noop("Kvalitet"),
    gettext_noop("Delaktighet"),
    gettext_noop("Kompetensutveckling"),
    # people.Position.Status
    gettext_noop("Öppen"),
    gettext_noop("Tillsatt"),
    gettext_noop("Stängd"),
    # people.Candidate.Stage
    gettext_noop("Ansökt"),
    gettext_noop("Intervju"),
    gettext_noop("Erbjudande"),
    gettext_noop("Anställd"),
    gettext_noop("Avböjd"),
    # people.Talk.Kind
    gettext_noop("Utvecklingssamtal"),
    gettext_noop("Uppföljning under provanställning"),
    # people.ProbationDecision.Outcome
    gettext_noop("Fortsätter som tillsvidareanställning"),
    gettext_noop("Avslutas"),
    # people.Separation.Kind
    gettext_noop("Uppsägning"),
    gettext_noop("Avsked"),
    gettext_noop("Avslutad provanställning"),
    # people.Separation.Ground
    gettext_noop("Personliga skäl"),
    gettext_noop("Arbetsbrist"),
)
