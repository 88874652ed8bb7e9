"""The clauses of the management policy, by id, in Ansvar's own words.

Rules, refusals, the decision log and the tests cite these ids. Each clause has its kinds
(what Ansvar does with it), a short reading and its consequence in the product, in Swedish
and English: the product's own summary, not the policy text. ``docs/policy.md`` is generated
from this module (``ansvar docs``) and a test fails when it is out of date.
"""

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    RIGHT = "right"
    DUTY = "duty"
    INVARIANT = "invariant"
    SIGNAL = "signal"
    FEATURE = "feature"


# What each kind of clause means in Ansvar (sv, en).
KIND_MEANING: dict[Kind, tuple[str, str]] = {
    Kind.RIGHT: (
        "Ett beslut som bara en innehavare får fatta; alla andra nekas med paragrafen och "
        "namnet på den som beslutar.",
        "A decision only one holder may take; everyone else is refused, citing the clause and "
        "naming the one who decides.",
    ),
    Kind.DUTY: (
        "Något någon ska göra senast ett visst datum; det räknas fram ur uppgifterna, visas i "
        "`ansvar duties` och markeras försenat när datumet passerat.",
        "Something someone must do by a date; it is derived from the data, shown in `ansvar "
        "duties` and marked overdue once the date has passed.",
    ),
    Kind.INVARIANT: (
        "Ett tillstånd som uppgifterna aldrig får hamna i; databasen själv hindrar det, inte "
        "bara Python-koden.",
        "A state the data must never be in; the database itself prevents it, not only the "
        "Python code.",
    ),
    Kind.SIGNAL: (
        "Ett mått eller en varning för dem det gäller; ingen hindras.",
        "A measure or a warning for those concerned; nobody is stopped.",
    ),
    Kind.FEATURE: (
        "En funktion som stöder paragrafen utan att neka eller kräva något.",
        "A feature that supports the clause without refusing or requiring anything.",
    ),
}

# The levels of the policy, by the prefix of their clause ids (sv, en).
LEVELS: dict[str, tuple[str, str]] = {
    "P": ("Principer", "Principles"),
    "KA": ("Kundansvarig, för varje kund hen leder", "Client lead, for each client they lead"),
    "AO": ("Affärsområdeschef, för sitt område", "Business area manager, for their area"),
    "VD": ("Vd", "CEO"),
}


@dataclass(frozen=True)
class Clause:
    id: str
    kinds: tuple[Kind, ...]
    sv: str
    en: str
    consequence_sv: str = ""  # what Ansvar does with the clause
    consequence_en: str = ""

    @property
    def level(self) -> str:
        return self.id.rstrip("0123456789")


def _c(id_: str, kinds: str, sv: str, en: str, consequence_sv: str, consequence_en: str) -> Clause:
    return Clause(
        id_, tuple(Kind(k) for k in kinds.split()), sv, en, consequence_sv, consequence_en
    )


CLAUSES: dict[str, Clause] = {
    c.id: c
    for c in [
        _c(
            "P1",
            "signal",
            "Alla konsulter ska leda något eget.",
            "Every consultant is meant to lead something of their own.",
            "Ansvar räknar de aktiva konsulter som leder minst en kund och listar dem som inte "
            "leder någon, för vd på /vd/ och i `ansvar signals`, och visar andelen över tid på "
            "/vd/signaler/. Ingen hindras.",
            "Ansvar counts the active consultants who lead at least one client and lists those "
            "who lead none, for the CEO on /vd/ and in `ansvar signals`, and shows the share "
            "over time on /vd/signaler/. Nobody is stopped.",
        ),
        _c(
            "P2",
            "signal",
            "Nyanställda ska snabbt kunna ta ett helt kundansvar.",
            "New hires should soon be able to take a whole client responsibility.",
            "För varje aktiv person visas dagarna från anställningens början till det första "
            "kundansvaret (eller dagarna hittills), med median och 90:e percentil. En signal, "
            "inget hinder.",
            "For every active person Ansvar shows the days from the start of the employment to "
            "the first client responsibility (or the days so far), with the median and the 90th "
            "percentile. A signal, not a block.",
        ),
        _c(
            "P3",
            "right",
            "Det första kundansvaret gör dig till chef med mandat att leda arbetet.",
            "Your first client responsibility makes you a manager with the mandate to lead.",
            "Inget befordringssteg: den som är kundansvarig för en kund en viss dag har alla "
            "kundansvarigas rättigheter för den kunden från den dagen, och förlorar dem när "
            "ansvaret upphör.",
            "No promotion step: whoever leads a client on a date holds every client-lead right "
            "for that client from that date, and loses them when the responsibility ends.",
        ),
        _c(
            "P4",
            "invariant",
            "Varje ansvarsområde har alltid exakt en beslutsfattare.",
            "Every area of responsibility always has exactly one decision maker.",
            "Databasen tillåter högst ett pågående innehav för vd, per affärsområde och per kund, "
            "med daterad historik; ett byte stänger det gamla och öppnar det nya i samma steg. "
            "Ett område utan beslutsfattare är vd:s första plikt, och en uppsägning, ett avsked "
            "eller en rotation som skulle lämna ett område utan ansvarig nekas tills ansvaret "
            "lämnats över.",
            "The database allows at most one current holding for the CEO, for each business area "
            "and for each client, with dated history; a change closes the old holding and opens "
            "the new one in one step. An area without a decision maker is the CEO's first duty, "
            "and a notice, dismissal or rotation that would leave one without is refused until "
            "the responsibility is handed over.",
        ),
        _c(
            "P5",
            "feature",
            "Frihet under ansvar: inga godkännanden utöver policyns.",
            "Freedom with responsibility: no approvals beyond those the policy names.",
            "Ett konstruktionsval: Ansvar har inga godkännandesteg utöver dem policyn själv "
            "nämner, och ingen administratör kan gå förbi en regel.",
            "A design choice: Ansvar has no approval steps beyond those the policy itself names, "
            "and no administrator can bypass a rule.",
        ),
        _c(
            "P6",
            "right",
            "Kundansvaret är heligt: den kundansvariga leder alla i arbetsgruppen, även sin egen "
            "chef.",
            "The client responsibility is sacred: the client lead leads everyone in the work "
            "group, their own manager included.",
            "Kundansvarig kan ta in vem som helst i arbetsgruppen, även sin egen "
            "affärsområdeschef eller vd, och fördela arbete till dem; inom kunden leder hon dem, "
            "medan chefen fortsätter att sätta hennes lön.",
            "A client lead may take anyone into the work group, their own area manager or the CEO "
            "included, and give them work; within that client the lead leads them, while the "
            "manager keeps setting the lead's salary.",
        ),
        _c(
            "P7",
            "right",
            "Vd och affärsområdeschef detaljstyr aldrig en konsults kundansvar.",
            "The CEO and area managers never micromanage a consultant's client responsibility.",
            "Vd och affärsområdeschefer nekas varje beslut som tillhör kundansvarig för en kund "
            "de inte själva leder, med den här paragrafen och kundansvarigas namn som skäl. Det "
            "finns ingen administratörsväg förbi.",
            "The CEO and area managers are refused every client-lead decision on a client they do "
            "not lead themselves, citing this clause and naming the lead. There is no "
            "administrator's way around it.",
        ),
        _c(
            "KA1",
            "right",
            "Kundansvarig leder och fördelar det dagliga arbetet.",
            "The client lead leads and distributes the daily work.",
            "Bara kundansvarig skapar arbetsuppgifter inom kunden och ger dem till medlemmar i "
            "arbetsgruppen. Kundansvarig markerar en uppgift som klar, och den som fått "
            "uppgiften markerar själv sin egen (P5).",
            "Only the client lead creates work items within the client and gives them to members "
            "of the work group. The lead marks a work item done, and the one given it marks "
            "their own (P5).",
        ),
        _c(
            "KA2",
            "right",
            "Kundansvarig fattar ensam besluten om samarbetet.",
            "The client lead alone decides about the collaboration.",
            "Bara kundansvarig registrerar beslut om samarbetet med kunden (omfattning, pris, "
            "leveranser, bemanning), avslutar uppdrag och avslutar samarbetet. Ett avslutat "
            "samarbete stänger uppdragen, de öppna uppgifterna, kundansvaret och arbetsgruppen "
            "samma dag; därefter beslutas inget mer för kunden.",
            "Only the client lead records decisions about the collaboration with the client "
            "(scope, price, deliverables, staffing), closes assignments and ends the "
            "collaboration. An end closes the assignments, the open work, the client "
            "responsibility and the work group the same day; after it nothing more is decided "
            "for the client.",
        ),
        _c(
            "KA3",
            "right",
            "Kundansvarig hittar egna uppdrag och utser sin arbetsgrupp.",
            "The client lead finds assignments and appoints the work group.",
            "Kundansvarig föreslår nya uppdrag, som går till vd:s vetofönster, och lägger till "
            "eller tar bort medlemmar i arbetsgruppen från hela företaget. Vem som helst kan "
            "föreslå en ny kund och blir dess kundansvarig om vd inte säger nej.",
            "The client lead proposes new assignments, which go to the CEO's veto window, and "
            "adds or removes work-group members from across the firm. Anyone may propose a new "
            "client and becomes its lead unless the CEO says no.",
        ),
        _c(
            "KA4",
            "signal",
            "Kundansvarig delegerar för kvalitet, delaktighet och utveckling.",
            "The client lead delegates for quality, participation and development.",
            "Varje delegerad arbetsuppgift har ett syfte: kvalitet, delaktighet eller "
            "kompetensutveckling, och fördelningen syns per kund.",
            "Every delegated work item carries a purpose: quality, participation or competence "
            "development, and the spread is shown per client.",
        ),
        _c(
            "KA5",
            "right signal",
            "Kundansvarig gör sig ersättlig, bland annat med en ersättare.",
            "The client lead makes themself replaceable, for instance with a deputy.",
            "Kundansvarig kan utse en ersättare i arbetsgruppen. Kundansvarig ser sina kunder som "
            "saknar ersättare och dem där kundansvarig själv har mer än hälften av det öppna "
            "arbetet.",
            "The client lead may name a deputy in the work group. The lead sees their clients "
            "that have no deputy and those where they hold more than half of the open work.",
        ),
        _c(
            "KA6",
            "feature",
            "Kundansvarig använder den bästa kompetens som finns att tillgå.",
            "The client lead uses the best competence available.",
            "Var och en håller sina egna kompetenser (område och nivå); bemanningsförslag "
            "rangordnar alla i alla affärsområden efter passform och sedan beläggning, med ett "
            "skäl per plats.",
            "Everyone keeps their own skills (subject and level); staffing suggestions rank "
            "everyone in every business area by fit, then by load, with a reason for each place.",
        ),
        _c(
            "KA7",
            "duty",
            "Kundansvarig berättar för vd när kunden framför kritik.",
            "The client lead tells the CEO when the client voices criticism.",
            "När kundansvarig rapporterar kritik från kunden får vd genast en avisering och en "
            "plikt att kvittera; rapporten loggas. Den ger vd inga kundansvarigas rättigheter.",
            "When the client lead reports criticism from the client, the CEO is notified at once "
            "and has a duty to acknowledge it; the report is logged. It gives the CEO none of the "
            "lead's rights.",
        ),
        _c(
            "AO1",
            "signal",
            "Affärsområdeschefen är först och främst en framgångsrik kundansvarig.",
            "An area manager is first of all a successful client lead.",
            "En affärsområdeschef som inte leder någon kund visas för vd.",
            "An area manager who leads no client is shown to the CEO.",
        ),
        _c(
            "AO2",
            "feature",
            "Affärsområdeschefen bygger ett lönsamt affärsområde.",
            "An area manager builds a profitable business area.",
            "Affärsområdets siffror över tid: antal personer och kunder, och intäkt och marginal "
            "där kundansvarig har registrerat dem, som diagram och tabell på områdets sida för "
            "affärsområdeschefen och vd.",
            "The area's figures over time: people and clients, and revenue and margin where the "
            "client leads have recorded them, as charts and a table on the area's page for the "
            "area manager and the CEO.",
        ),
        _c(
            "AO3",
            "right duty",
            "Affärsområdeschefen rekryterar, sätter lön och håller utvecklingssamtal.",
            "An area manager recruits, sets salaries and holds development talks.",
            "Affärsområdeschefen öppnar tjänster, hanterar kandidater och anställer till sitt "
            "område, sätter lön för områdets personer och registrerar utvecklingssamtal. Ett "
            "utvecklingssamtal och en lönerevision per person och år blir plikter. Lönen syns "
            "bara för personen, chefen och vd, och ingen sätter sin egen: en affärsområdeschefs "
            "lön sätts av vd.",
            "The area manager opens positions, handles candidates and hires into the area, sets "
            "the salaries of the area's people and records development talks. A development talk "
            "and a salary review per person and year become duties. A salary is visible only to "
            "the person, their manager and the CEO, and nobody sets their own: an area manager's "
            "salary is set by the CEO.",
        ),
        _c(
            "AO4",
            "duty",
            "Affärsområdeschefen håller månatliga uppföljningssamtal under provanställningen.",
            "An area manager holds monthly follow-up talks during probation.",
            "Under en provanställning blir ett uppföljningssamtal per månad från anställningens "
            "början en plikt för affärsområdeschefen; de som passerat sitt datum visas som "
            "försenade.",
            "During a probationary employment, one follow-up talk a month from its start becomes "
            "the area manager's duty; those past their date are shown as overdue.",
        ),
        _c(
            "AO5",
            "feature",
            "Affärsområdeschefen finns till hands för coachning.",
            "An area manager is available for coaching.",
            "En konsult kan be sin affärsområdeschef om coachning; att svara blir chefens plikt "
            "och svarstiden mäts.",
            "A consultant may ask their area manager for coaching; answering becomes the "
            "manager's duty and the response time is measured.",
        ),
        _c(
            "VD1",
            "right",
            "Vd skapar tydliga ansvarsförhållanden.",
            "The CEO creates clear responsibilities.",
            "Bara vd skapar affärsområden och ändrar policyns parametrar. Ansvarskartan visar vem "
            "som beslutade vad en given dag, och områden utan beslutsfattare markeras; "
            "organisationsbilden visar samma dag som en bild, för alla anställda.",
            "Only the CEO creates business areas and changes the policy parameters. The "
            "responsibility map shows who decided what on any date and marks areas without a "
            "decision maker; the organisation's picture shows the same day drawn, to everyone "
            "employed.",
        ),
        _c(
            "VD2",
            "right",
            "Vd utser kundansvariga och affärsområdeschefer.",
            "The CEO appoints client leads and area managers.",
            "Bara vd utser eller byter kundansvarig och affärsområdeschef, och bara till någon "
            "som är anställd.",
            "Only the CEO appoints or replaces a client lead or an area manager, and only someone "
            "who is employed.",
        ),
        _c(
            "VD3",
            "right duty",
            "Vd beslutar om enhetsrotation två gånger om året.",
            "The CEO decides on unit rotation twice a year.",
            "Vd beslutar om rotation mellan affärsområden en gång per halvår, och beslutet är "
            "vd:s plikt. En rotation flyttar personer mellan områden men ändrar aldrig vem som "
            "leder en kund; ett förslag kan tas fram, men vd beslutar.",
            "The CEO decides on rotation between business areas once every half-year, and the "
            "decision is the CEO's duty. A rotation moves people between areas but never changes "
            "who leads a client; a proposal can be drawn up, but the CEO decides.",
        ),
        _c(
            "VD4",
            "right",
            "Vd befordrar till seniorkonsult, säger upp och avskedar.",
            "The CEO promotes to senior consultant, gives notice and dismisses.",
            "Bara vd befordrar till seniorkonsult, säger upp och avskedar, med lagens frister "
            "(LAS) som policyparametrar.",
            "Only the CEO promotes to senior consultant, gives notice and dismisses, with the "
            "law's deadlines (LAS) as policy parameters.",
        ),
        _c(
            "VD5",
            "right",
            "Vd har vetorätt mot nya uppdrag.",
            "The CEO may veto new assignments.",
            "Ett föreslaget uppdrag eller en ny kund blir gällande om vd inte lägger in veto, med "
            "skäl, inom vetofönstret (arbetsdagar, en policyparameter). Vd kan inte ändra "
            "förslaget. När fönstret löpt ut blir förslagsställaren kundansvarig, loggat som vd:s "
            "utnämning genom samtycke.",
            "A proposed assignment or new client takes effect unless the CEO vetoes it, with a "
            "reason, within the veto window (working days, a policy parameter). The CEO cannot "
            "edit the proposal. When the window has passed, the proposer's lead responsibility is "
            "logged as the CEO's appointment by consent.",
        ),
    ]
}

RIGHT_CLAUSES = tuple(c.id for c in CLAUSES.values() if Kind.RIGHT in c.kinds)
