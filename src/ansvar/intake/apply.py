"""Write an import plan: the organisation through founding, then its competence register, in
one transaction, logged — all or nothing."""

from collections.abc import Callable

from django.db import transaction

from ansvar.clients.models import Skill
from ansvar.intake.plan import Plan
from ansvar.org.founding import found_organisation
from ansvar.org.importing import log_import
from ansvar.org.models import Organisation, Person

Progress = Callable[[str, int, int], None]


def _silent(stage: str, done: int, total: int) -> None:
    return None


def found(plan: Plan, *, progress: Progress = _silent, batch_size: int = 2000) -> Organisation:
    """Found the organisation of ``plan``; raises ``InvalidInput`` (nothing written) when the
    database refuses it, e.g. an organisation with the same slug exists already."""
    spec = plan.organisation
    total = len(spec.people)
    with transaction.atomic():
        progress("organisation", 0, total)
        org = found_organisation(spec, batch_size=batch_size)
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
            for start in range(0, len(rows), batch_size):
                Skill.objects.bulk_create(rows[start : start + batch_size])
                progress("skills", min(start + batch_size, len(rows)), len(rows))
            log_import(org, "skills", len(rows), founded, action="import_organisation")
        log_import(org, "organisation", total, founded, action="import_organisation")
    return org
