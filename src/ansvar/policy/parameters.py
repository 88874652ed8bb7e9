"""Policy parameters: the numbers an organisation may change, with their defaults.

Defaults follow CLAUSES.md and LABOUR_LAW.md (LAS as amended 2022). A collective agreement
may deviate from the law's numbers (LAS 2 §), so each is a parameter, changed only by a CEO
decision (VD1) that is written to the decision log.
"""

from dataclasses import dataclass
from typing import Any

from ansvar.policy import law


class ParameterError(ValueError):
    """A parameter name or value that is not accepted; the message says why."""


@dataclass(frozen=True)
class Parameter:
    name: str
    default: Any
    kind: type
    minimum: int | None
    maximum: int | None
    label_sv: str
    label_en: str

    def parse(self, raw: object) -> Any:
        if self.kind is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "ja", "on"}:
                return True
            if text in {"0", "false", "no", "nej", "off"}:
                return False
            raise ParameterError(f"{self.name}: expected true or false, got {raw!r}")
        if self.kind is int:
            try:
                value = int(str(raw).strip())
            except ValueError:
                raise ParameterError(f"{self.name}: expected a whole number, got {raw!r}") from None
            if self.minimum is not None and value < self.minimum:
                raise ParameterError(f"{self.name}: must be at least {self.minimum}, got {value}")
            if self.maximum is not None and value > self.maximum:
                raise ParameterError(f"{self.name}: must be at most {self.maximum}, got {value}")
            return value
        if self.kind is list:
            return _parse_list(self.name, raw)
        return str(raw)


def _parse_list(name: str, raw: object) -> list[Any]:
    if isinstance(raw, list):
        return raw
    text = str(raw).strip()
    return [part.strip() for part in text.split(",") if part.strip()]


def _p(
    name: str, default: Any, kind: type, lo: int | None, hi: int | None, sv: str, en: str
) -> Parameter:
    return Parameter(name, default, kind, lo, hi, sv, en)


PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in [
        _p(
            "veto_window_working_days",
            3,
            int,
            0,
            30,
            "Vetofönster (arbetsdagar)",
            "Veto window (working days)",
        ),
        # LAS 6 §: a probationary employment lasts at most six months.
        _p(
            "probation_months",
            law.PROBATION_MAX_MONTHS,
            int,
            1,
            law.PROBATION_MAX_MONTHS,
            "Provanställningens längd (månader)",
            "Probation length (months)",
        ),
        _p(
            "probation_follow_up_interval_months",
            1,
            int,
            1,
            6,
            "Uppföljningssamtal under provanställning (var n:e månad)",
            "Probation follow-up talks (every n months)",
        ),
        _p(
            "development_talk_interval_months",
            12,
            int,
            1,
            36,
            "Utvecklingssamtal (var n:e månad)",
            "Development talks (every n months)",
        ),
        _p(
            "salary_review_interval_months",
            12,
            int,
            1,
            36,
            "Lönerevision (var n:e månad)",
            "Salary review (every n months)",
        ),
        _p(
            "rotation_decision_dates",
            ["01-01", "07-01"],
            list,
            None,
            None,
            "Enhetsrotation beslutas före (MM-DD)",
            "Unit rotation decided before (MM-DD)",
        ),
        _p(
            "criticism_acknowledgement_days",
            2,
            int,
            0,
            30,
            "Vd kvitterar kundkritik inom (arbetsdagar)",
            "CEO acknowledges client criticism within (working days)",
        ),
        _p(
            "coaching_response_days",
            5,
            int,
            0,
            60,
            "Svar på coachningsförfrågan inom (arbetsdagar)",
            "Coaching request answered within (working days)",
        ),
        _p(
            "candidate_retention_months",
            24,
            int,
            1,
            120,
            "Kandidatuppgifter sparas (månader efter beslut)",
            "Candidate data kept (months after decision)",
        ),
        # GDPR art. 5.1 e (storage limitation): a former employee's talk notes and coaching
        # texts serve no purpose once claims under the employment can no longer be made, so
        # they are kept this long after the last day and then emptied (``ansvar tick``).
        _p(
            "talk_notes_retention_months",
            24,
            int,
            1,
            120,
            "Samtalsanteckningar sparas (månader efter sista anställningsdag)",
            "Talk notes kept (months after the last day of employment)",
        ),
        _p(
            "coaching_retention_months",
            12,
            int,
            1,
            120,
            "Coachningstexter sparas (månader efter sista anställningsdag)",
            "Coaching texts kept (months after the last day of employment)",
        ),
        # LAS 30 §, 31 §: advance notification (underrättelse) before acting.
        _p(
            "notice_underrattelse_days",
            14,
            int,
            0,
            90,
            "Underrättelse före uppsägning (dagar)",
            "Notification before notice (days)",
        ),
        _p(
            "dismissal_underrattelse_days",
            7,
            int,
            0,
            90,
            "Underrättelse före avsked (dagar)",
            "Notification before dismissal (days)",
        ),
        _p(
            "probation_end_underrattelse_days",
            14,
            int,
            0,
            90,
            "Underrättelse före avslutad provanställning (dagar)",
            "Notification before a probation ends (days)",
        ),
        # LAS 18 §: grounds known longer than this may not alone justify avsked.
        _p(
            "dismissal_grounds_max_age_months",
            2,
            int,
            0,
            24,
            "Avskedsgrund får vara känd högst (månader)",
            "Dismissal grounds known at most (months)",
        ),
        # LAS 25 §: the right of re-employment after a redundancy notice: more than 12
        # months employed within the 36 before the notice; lasts until 9 months after the
        # last day.
        _p(
            "reemployment_qualifying_months",
            12,
            int,
            1,
            60,
            "Företrädesrätt kräver anställning mer än (månader)",
            "Re-employment right needs employment of more than (months)",
        ),
        _p(
            "reemployment_window_months",
            36,
            int,
            1,
            120,
            "… under de senaste (månader före uppsägningen)",
            "… within the last (months before the notice)",
        ),
        _p(
            "reemployment_months_after_last_day",
            9,
            int,
            0,
            60,
            "Företrädesrätt gäller till (månader efter sista dagen)",
            "Re-employment right lasts until (months after the last day)",
        ),
        # LAS 22 §: how many employees the employer may exempt from the order of selection.
        _p(
            "selection_exemptions",
            3,
            int,
            0,
            50,
            "Undantag från turordningen (antal personer)",
            "Exemptions from the order of selection (people)",
        ),
        # LAS 11 §: notice period in months by whole years of employment: "years:months".
        _p(
            "notice_period_table",
            list(law.DEFAULT_NOTICE_TABLE),
            list,
            None,
            None,
            "Uppsägningstid efter anställningstid (år:månader)",
            "Notice period by employment time (years:months)",
        ),
        # MBL 11 §: applies only where a collective agreement binds the employer.
        _p(
            "collective_agreement",
            False,
            bool,
            None,
            None,
            "Kollektivavtal gäller (MBL)",
            "Collective agreement applies (MBL)",
        ),
    ]
}


def effective_parameters(stored: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults overlaid with an organisation's stored values. A stored value that does not
    read as its parameter (written by an older version, or by hand in the database) gives
    way to the default, so one bad value never stops every page that counts with the
    parameters; ``unreadable_parameters`` names them for the CEO's page."""
    values = {name: p.default for name, p in PARAMETERS.items()}
    for name, value in _stored(stored).items():
        try:
            values[name] = parse_parameter(name, value)
        except (ParameterError, TypeError, ValueError):
            continue
    return values


def unreadable_parameters(stored: dict[str, Any] | None) -> list[str]:
    """The names of stored parameters whose value does not read (the default applies)."""
    wrong = []
    for name, value in _stored(stored).items():
        try:
            parse_parameter(name, value)
        except (ParameterError, TypeError, ValueError):
            wrong.append(name)
    return wrong


def _stored(stored: Any) -> dict[str, Any]:
    if not isinstance(stored, dict):
        return {}
    return {k: v for k, v in stored.items() if k in PARAMETERS}


def parse_parameter(name: str, raw: object) -> Any:
    try:
        parameter = PARAMETERS[name]
    except KeyError:
        known = ", ".join(sorted(PARAMETERS))
        raise ParameterError(f"unknown policy parameter {name!r}; known: {known}") from None
    value = parameter.parse(raw)
    if name == "rotation_decision_dates":
        _check_month_days(name, value)
    if name == "notice_period_table":
        _check_notice_table(name, value)
    return value


def _check_month_days(name: str, value: list[Any]) -> None:
    import datetime as dt

    for item in value:
        try:
            dt.date.fromisoformat(f"2024-{item}")
        except ValueError:
            raise ParameterError(f"{name}: {item!r} is not a MM-DD date") from None


def _check_notice_table(name: str, value: list[Any]) -> None:
    for item in value:
        years, _, months = str(item).partition(":")
        # ASCII digits only: str.isdigit() also accepts "²", which law.notice_table cannot read.
        if not (years.isascii() and years.isdigit() and months.isascii() and months.isdigit()):
            raise ParameterError(f"{name}: {item!r} is not 'years:months'")
