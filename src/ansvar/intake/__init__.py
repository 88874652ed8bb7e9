"""Founding an organisation from a file (``ansvar import``, and the administrators' upload page).

``read`` turns the file into tables (``reading``), ``plan`` checks them whole and lists every
problem by sheet, row and column, and ``check`` adds what only the database knows (the slug
is taken) (``plan``); ``found`` writes the plan in one transaction — the organisation, its
people, areas, clients, work groups and competence register — or nothing at all, and
``found_with_administrator`` names its first technical administrator with it (``apply``).
``uploads`` keeps an uploaded file between the page's preview and its confirmation.
``template`` writes an empty workbook with the columns and an explanation.
"""

from ansvar.intake.apply import Founded, found, found_with_administrator
from ansvar.intake.plan import Plan, Problem, check, plan
from ansvar.intake.reading import Unreadable, read, read_bytes
from ansvar.intake.template import template_bytes, write_template

__all__ = [
    "Founded",
    "Plan",
    "Problem",
    "Unreadable",
    "check",
    "found",
    "found_with_administrator",
    "plan",
    "read",
    "read_bytes",
    "template_bytes",
    "write_template",
]
