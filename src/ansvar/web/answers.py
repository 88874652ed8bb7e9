"""What a form says after a post, in the page's language: the problem with a field, or what
the decision did.

The engine names bad input in English (``InvalidInput``: the field and what is wrong); a
Swedish page shows it in Swedish. Each known shape of message has its Swedish wording here;
a message of no known shape is shown as "ogiltigt värde" rather than in English.
"""

import re
from collections.abc import Callable

from ansvar.engine.errors import InvalidInput
from ansvar.engine.registry import Done
from ansvar.org.selectors import area_manager_on

_Q = r"'(?P<v>.*)'"  # a value as the engine quotes it (repr of a string)

# (English pattern, Swedish wording): the pattern matches the whole message after the field.
_SWEDISH: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
    (r"is required", lambda m: "måste fyllas i"),
    (rf"{_Q} is not a whole number", lambda m: f"”{m['v']}” är inget heltal"),
    (rf"{_Q} is not a number", lambda m: f"”{m['v']}” är inget tal"),
    (rf"{_Q} is too large", lambda m: f"”{m['v']}” är för stort"),
    (r"is too large", lambda m: "är för stort"),
    (r"is a positive amount", lambda m: "ska vara ett belopp större än noll"),
    (
        rf"{_Q} has more than two decimals \(öre\)",
        lambda m: f"”{m['v']}” har fler än två decimaler (öre)",
    ),
    (
        r"(?P<d>\d{4}-\d{2}-\d{2}) is outside the dates Ansvar takes "
        r"\((?P<a>[\d-]+) to (?P<b>[\d-]+)\)",
        lambda m: f"{m['d']} ligger utanför de datum Ansvar tar emot ({m['a']}–{m['b']})",
    ),
    (r"cannot be negative", lambda m: "kan inte vara negativt"),
    (
        rf"{_Q} is not a date \(YYYY-MM-DD\)",
        lambda m: f"”{m['v']}” är inget datum; skriv det som ÅÅÅÅ-MM-DD",
    ),
    (r"is longer than (?P<n>\d+) characters", lambda m: f"är längre än {m['n']} tecken"),
    (
        rf"{_Q} is not a slug \(lower-case letters, digits, -; at most (?P<n>\d+)\)",
        lambda m: (
            f"”{m['v']}” är inget kortnamn: använd små bokstäver a–z, siffror och "
            f"bindestreck, högst {m['n']} tecken"
        ),
    ),
    (rf"a business area {_Q} exists already", lambda m: f"affärsområdet ”{m['v']}” finns redan"),
    (rf"a client {_Q} exists already", lambda m: f"kunden ”{m['v']}” finns redan"),
    (
        rf"there is no person {_Q} in (?P<org>.+)",
        lambda m: f"det finns ingen person ”{m['v']}” i {m['org']}",
    ),
    (
        rf"there is no business area {_Q} in (?P<org>.+)",
        lambda m: f"det finns inget affärsområde ”{m['v']}” i {m['org']}",
    ),
    (
        r"there is no coaching request (?P<n>\d+) to (?P<who>\S+)",
        lambda m: f"det finns ingen coachningsförfrågan nr {m['n']} till {m['who']}",
    ),
    (
        rf"{_Q} is not person=area",
        lambda m: f"”{m['v']}” är inte på formen e-post=område",
    ),
    (
        r"must be a non-empty list of \{person, to_area\}",
        lambda m: "ange minst en flytt, e-post=område",
    ),
    (
        r"move (?P<n>\d+) needs person and to_area",
        lambda m: f"flytt {m['n']} behöver både person och område",
    ),
    (r"(?P<who>\S+) is moved twice", lambda m: f"{m['who']} flyttas två gånger"),
    (
        r"there is no (?P<t>(?:client|area|person|assignment|criticism):\S+) in (?P<org>.+)",
        lambda m: f"det finns ingen ”{m['t']}” i {m['org']}",
    ),
    (rf"{_Q} is not one of (?P<list>.+)", lambda m: f"”{m['v']}” är inget av {m['list']}"),
    (rf"{_Q} is not an e-mail address", lambda m: f"”{m['v']}” är ingen e-postadress"),
    (rf"{_Q} is not a month \(YYYY-MM\)", lambda m: f"”{m['v']}” är ingen månad (ÅÅÅÅ-MM)"),
    (r"innehåller.*", lambda m: m[0]),
    # Webhook endpoints (webhooks.checks).
    (rf"{_Q} is not a web address", lambda m: f"”{m['v']}” är ingen webbadress"),
    (
        rf"{_Q} is not an https:// address",
        lambda m: f"”{m['v']}” är ingen https://-adress",
    ),
    (
        rf"{_Q} is plain http; use https:// .*",
        lambda m: (
            f"”{m['v']}” är okrypterad http; använd https:// (http bara till 127.0.0.1, ::1 "
            "eller localhost)"
        ),
    ),
    (
        r"must not carry a user name or password; .*",
        lambda m: "får inte innehålla användarnamn eller lösenord; signaturen styrker avsändaren",
    ),
    (r"name at least one of (?P<list>.+)", lambda m: f"välj minst en av {m['list']}"),
    (
        rf"{_Q} is not the name of an action .*",
        lambda m: f"”{m['v']}” är inget namn på en åtgärd (se ansvar actions)",
    ),
    (
        r"there is no webhook endpoint (?P<n>\d+) in (?P<org>.+)",
        lambda m: f"det finns ingen mottagare nr {m['n']} i {m['org']}",
    ),
    # Policy parameters (policy.parameters.ParameterError), after the parameter's name.
    (
        rf"\w+: expected a whole number, got {_Q}",
        lambda m: f"ska vara ett heltal, inte ”{m['v']}”",
    ),
    (
        r"\w+: must be at least (?P<n>-?\d+), got (?P<v>-?\d+)",
        lambda m: f"ska vara minst {m['n']}, inte {m['v']}",
    ),
    (
        r"\w+: must be at most (?P<n>-?\d+), got (?P<v>-?\d+)",
        lambda m: f"ska vara högst {m['n']}, inte {m['v']}",
    ),
    (
        rf"\w+: expected true or false, got {_Q}",
        lambda m: f"ska vara ja eller nej, inte ”{m['v']}”",
    ),
    (
        rf"\w+: {_Q} is not a MM-DD date",
        lambda m: f"”{m['v']}” är inget datum på formen MM-DD",
    ),
    (
        rf"\w+: {_Q} is not 'years:months'",
        lambda m: f"”{m['v']}” är inte på formen år:månader",
    ),
    (
        rf"unknown policy parameter {_Q}; known: .*",
        lambda m: f"det finns ingen policyparameter ”{m['v']}”",
    ),
)


def field_of(error: InvalidInput) -> str:
    """The form field a problem belongs to: ``moves[2].person`` is the ``moves`` field."""
    return (error.field or "").split("[", 1)[0]


def problem_text(error: InvalidInput, language: str) -> str:
    """What is wrong with the field, without its name, in ``language``."""
    text = error.message.split(": ", 1)[1] if error.field else error.message
    if language.startswith("en"):
        return text
    for pattern, swedish in _SWEDISH:
        found = re.fullmatch(pattern, text, flags=re.S)
        if found:
            return swedish(found)
    return "ogiltigt värde"


def _value(value: object, language: str) -> str:
    if isinstance(value, bool):
        if language.startswith("en"):
            return "yes" if value else "no"
        return "ja" if value else "nej"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "–" if value is None else str(value)


def done_text(done: Done, language: str) -> str | None:
    """What the decision did, from what its log entry records; None for an action whose
    page says it with the decision's own reason."""
    public = done.entry.public or {}
    en = language.startswith("en")
    action = done.entry.action
    if action == "decide_rotation":
        n, start = public.get("moves"), public.get("effective_from")
        if en:
            return f"The rotation is decided: {n} {'move' if n == 1 else 'moves'} from {start}."
        return f"Rotationen är beslutad: {n} {'flytt' if n == 1 else 'flyttar'} från {start}."
    if action == "answer_coaching":
        days = public.get("response_days")
        if en:
            return f"Your answer is sent to the one who asked ({days} days after the request)."
        return f"Ditt svar är skickat till den som frågade ({days} dagar efter förfrågan)."
    if action == "request_coaching":
        if en:
            return "Your request is sent to your area manager."
        return "Din förfrågan är skickad till din affärsområdeschef."
    if action == "create_business_area":
        area = done.result
        holder = area_manager_on(area, done.entry.effective_on)
        manager = holder.name if holder else "–"
        if en:
            return f"The business area {area.name} is created; its manager is {manager}."
        return f"Affärsområdet {area.name} är skapat; chef är {manager}."
    if action == "set_policy_parameter":
        name = public.get("name")
        now = _value(public.get("value"), language)
        before = _value(public.get("previous"), language)
        if en:
            return f"{name} is now {now} (was {before})."
        return f"{name} är nu {now} (var {before})."
    return None
