"""The clauses of the management policy, by id, in Ansvar's own words.

The ids are those of the specification (CLAUSES.md); rules, refusals, the decision log and
the tests cite them. The wording here is the product's own summary, not the policy text.
"""

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    RIGHT = "right"
    DUTY = "duty"
    INVARIANT = "invariant"
    SIGNAL = "signal"
    FEATURE = "feature"


@dataclass(frozen=True)
class Clause:
    id: str
    kinds: tuple[Kind, ...]
    sv: str
    en: str


def _c(id_: str, kinds: str, sv: str, en: str) -> Clause:
    return Clause(id_, tuple(Kind(k) for k in kinds.split()), sv, en)


CLAUSES: dict[str, Clause] = {
    c.id: c
    for c in [
        _c(
            "P1",
            "signal",
            "Alla konsulter ska leda något eget.",
            "Every consultant is meant to lead something of their own.",
        ),
        _c(
            "P2",
            "signal",
            "Nyanställda ska snabbt kunna ta ett helt kundansvar.",
            "New hires should soon be able to take a whole client responsibility.",
        ),
        _c(
            "P3",
            "right",
            "Det första kundansvaret gör dig till chef med mandat att leda arbetet.",
            "Your first client responsibility makes you a manager with the mandate to lead.",
        ),
        _c(
            "P4",
            "invariant",
            "Varje ansvarsområde har alltid exakt en beslutsfattare.",
            "Every area of responsibility always has exactly one decision maker.",
        ),
        _c(
            "P5",
            "feature",
            "Frihet under ansvar: inga godkännanden utöver policyns.",
            "Freedom with responsibility: no approvals beyond those the policy names.",
        ),
        _c(
            "P6",
            "right",
            "Kundansvaret är heligt: den kundansvariga leder alla i arbetsgruppen, "
            "även sin egen chef.",
            "The client responsibility is sacred: the client lead leads everyone in the work "
            "group, their own manager included.",
        ),
        _c(
            "P7",
            "right",
            "Vd och affärsområdeschef detaljstyr aldrig en konsults kundansvar.",
            "The CEO and area managers never micromanage a consultant's client responsibility.",
        ),
        _c(
            "KA1",
            "right",
            "Kundansvarig leder och fördelar det dagliga arbetet.",
            "The client lead leads and distributes the daily work.",
        ),
        _c(
            "KA2",
            "right",
            "Kundansvarig fattar ensam besluten om samarbetet.",
            "The client lead alone decides about the collaboration.",
        ),
        _c(
            "KA3",
            "right",
            "Kundansvarig hittar egna uppdrag och utser sin arbetsgrupp.",
            "The client lead finds assignments and appoints the work group.",
        ),
        _c(
            "KA4",
            "signal",
            "Kundansvarig delegerar för kvalitet, delaktighet och utveckling.",
            "The client lead delegates for quality, participation and development.",
        ),
        _c(
            "KA5",
            "right signal",
            "Kundansvarig gör sig ersättlig, bland annat med en ersättare.",
            "The client lead makes themself replaceable, for instance with a deputy.",
        ),
        _c(
            "KA6",
            "feature",
            "Kundansvarig använder den bästa kompetens som finns att tillgå.",
            "The client lead uses the best competence available.",
        ),
        _c(
            "KA7",
            "duty",
            "Kundansvarig berättar för vd när kunden framför kritik.",
            "The client lead tells the CEO when the client voices criticism.",
        ),
        _c(
            "AO1",
            "signal",
            "Affärsområdeschefen är först och främst en framgångsrik kundansvarig.",
            "An area manager is first of all a successful client lead.",
        ),
        _c(
            "AO2",
            "feature",
            "Affärsområdeschefen bygger ett lönsamt affärsområde.",
            "An area manager builds a profitable business area.",
        ),
        _c(
            "AO3",
            "right duty",
            "Affärsområdeschefen rekryterar, sätter lön och håller utvecklingssamtal.",
            "An area manager recruits, sets salaries and holds development talks.",
        ),
        _c(
            "AO4",
            "duty",
            "Affärsområdeschefen håller månatliga uppföljningssamtal under provanställningen.",
            "An area manager holds monthly follow-up talks during probation.",
        ),
        _c(
            "AO5",
            "feature",
            "Affärsområdeschefen finns till hands för coachning.",
            "An area manager is available for coaching.",
        ),
        _c(
            "VD1",
            "right",
            "Vd skapar tydliga ansvarsförhållanden.",
            "The CEO creates clear responsibilities.",
        ),
        _c(
            "VD2",
            "right",
            "Vd utser kundansvariga och affärsområdeschefer.",
            "The CEO appoints client leads and area managers.",
        ),
        _c(
            "VD3",
            "right duty",
            "Vd beslutar om enhetsrotation två gånger om året.",
            "The CEO decides on unit rotation twice a year.",
        ),
        _c(
            "VD4",
            "right",
            "Vd befordrar till seniorkonsult, säger upp och avskedar.",
            "The CEO promotes to senior consultant, gives notice and dismisses.",
        ),
        _c("VD5", "right", "Vd har vetorätt mot nya uppdrag.", "The CEO may veto new assignments."),
    ]
}

RIGHT_CLAUSES = tuple(c.id for c in CLAUSES.values() if Kind.RIGHT in c.kinds)
