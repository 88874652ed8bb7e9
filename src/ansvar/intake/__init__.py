"""Founding an organisation from a file (``ansvar import``, and the administrators' upload page).

``read`` turns the file into tables (``reading``), ``plan`` checks them whole and lists every
problem by sheet, row and column (``plan``), ``found`` writes the plan in one transaction —
the organisation, its people, areas, clients, work groups and competence register — or
nothing at all. ``template`` writes an empty workbook with the columns and an explanation.
"""

from ansvar.intake.apply import found
from ansvar.intake.plan import Plan, Problem, plan
from ansvar.intake.reading import Unreadable, read, read_bytes
from ansvar.intake.template import write_template

__all__ = [
    "Plan",
    "Problem",
    "Unreadable",
    "found",
    "plan",
    "read",
    "read_bytes",
    "write_template",
]
