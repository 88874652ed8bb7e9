"""Raw action input as the web's forms (text), the API's JSON bodies (any JSON value) and the
CLI's ``--arg NAME=VALUE`` (text) hand it to the engine: ``parse_target`` and ``can`` (which
parses the target and every argument as ``perform`` does) answer a decision or raise the
product's own error (``InvalidInput`` naming the field, a refusal), never another exception.
Nothing is written: ``can`` only reads."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansvar.decisions.models import Entry, Refusal
from ansvar.engine.actor import SYSTEM
from ansvar.engine.errors import AnsvarError, InvalidInput
from ansvar.engine.registry import ACTIONS, can
from ansvar.engine.targets import TARGET_KINDS, Target, parse_target
from ansvar.policy.decision import Decision
from tests.fuzz import strategies as fs
from tests.fuzz.budget import FUZZ

ACTION_NAMES = sorted(ACTIONS)
KEYS = ["alfa", "beta", "opinion", "analys", "vera@example.se", "ANNA@example.se", "1", "2"]
# What a valid argument of some kind looks like, so that many inputs pass their first
# argument and reach the next one, the action's own checks and its rule.
PLAUSIBLE = st.sampled_from(
    [
        "vera@example.se",
        "anna@example.se",
        "erik@example.se",
        "opinion",
        "analys",
        "2026-09-01",
        "2027-03-01",
        "1",
        "25000",
        "1000,50",
        "true",
        "member",
        "deputy",
        "anna@example.se=analys",
        [{"person": "anna@example.se", "to_area": "analys"}],
        "https://example.se/hook",
        date(2026, 1, 1),
    ]
)
ARG_VALUES = st.one_of(PLAUSIBLE, fs.TEXT, fs.VALUES)


@st.composite
def attempts(draw: st.DrawFn) -> tuple[str, str, dict]:
    name = draw(st.sampled_from(ACTION_NAMES) | fs.TEXT)
    spec = ACTIONS.get(name)
    kind = spec.target if spec and draw(st.integers(0, 4)) else draw(st.sampled_from(TARGET_KINDS))
    key = draw(st.sampled_from(KEYS) | fs.TEXT)
    target = draw(
        st.sampled_from(["org" if kind == "org" else f"{kind}:{key}"]) | fs.TEXT | st.just("org")
    )
    names = [a.name for a in spec.args] if spec else []
    chosen = draw(st.lists(st.sampled_from(names), unique=True)) if names else []
    args = {n: draw(ARG_VALUES) for n in chosen}
    if draw(st.integers(0, 9)) == 0:
        args[draw(fs.TEXT)] = draw(ARG_VALUES)
    return name, target, args


@FUZZ
@given(fs.TEXT | st.text())
def test_parse_target(text):
    try:
        target = parse_target(text)
    except InvalidInput as exc:
        assert exc.field == "target"
        return
    assert isinstance(target, Target) and target.kind in TARGET_KINDS


@pytest.mark.django_db
@FUZZ
@given(attempts(), st.sampled_from(["vera", "anna", "cecilia", "erik", "system"]))
def test_can_with_raw_input(people_of_example, attempt, who):
    org, people = people_of_example
    name, target, args = attempt
    actor = SYSTEM if who == "system" else people[who]
    try:
        decision = can(org, actor, name, target, args, at=date(2026, 10, 1))
    except AnsvarError as exc:
        assert exc.message
        return
    assert isinstance(decision, Decision)


@pytest.fixture
def people_of_example(org, people):
    """The example organisation; after all the inputs, no new decision and no refusal."""

    def written() -> tuple[int, int]:
        entries = Entry.objects.filter(organisation=org).count()
        return entries, Refusal.objects.filter(organisation=org).count()

    before = written()
    yield org, people
    assert written() == before
