"""Write an import plan: the organisation through founding, then its competence register, in
one transaction, each a decision of the system through ``perform`` — all or nothing."""

from collections.abc import Callable

from django.db import transaction

from ansvar.clients.models import Skill
from ansvar.intake.plan import Plan
from ansvar.org.founding import found_organisation
from ansvar.org.importing import import_rows
from ansvar.org.models import Organisation, Person

Progress = Callable[[str, int, int], None]


def _silent(stage: str, done: int, total: int) -> None:
    return None


def found(plan: Plan, *, progress: Progress = _silent) -> Organisation:
    """Found the organisation of ``plan``; raises ``InvalidInput`` (nothing written) when the
    database refuses it, e.g. an organisation with the same slug exists already."""
    spec = plan.organisation
    total = len(spec.people)
    with transaction.atomic():
        progress("organisation", 0, total)
        org = found_organisation(spec)
        progress("organisation", total, total)
        founded = spec.founded_on or min(p.employed_from for p in spec.people)
        english = [email for email, language in plan.languages.items() if language == "en"]
        if english:  # Swedish is every person's default (Person.language)
            Person.objects.filter(organisation=org, email__in=english).update(
                language=Person.Language.ENGLISH
            )
        if plan.skills:
            ids = dict(Person.objects.filter(organisation=org).values_list("email", "pk"))
            rows = [
                Skill(person_id=ids[s.person], name=s.skill, level=s.level, updated_on=founded)
                for s in plan.skills
            ]
            progress("skills", 0, len(rows))
            import_rows(org, "skills", rows, founded)
            progress("skills", len(rows), len(rows))
    return org
