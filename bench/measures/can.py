"""``engine.registry.can`` with its facts read from the database, as the API's ``check`` and
a form's answer do: no cache, every call reads afresh. The queries are the rule check's, so
the answers must be the rule's on its prebuilt facts (which also checks that those facts
are the database's)."""

import time
from datetime import date
from typing import Any

from measures.base import CountQueries, percentile
from measures.rulecheck import Query


def measure(
    organisation: Any, at: date, sample: list[Query], expected: list[bool]
) -> dict[str, Any]:

    from ansvar.engine.errors import InvalidInput
    from ansvar.engine.registry import can

    times: list[float] = []
    counts: list[int] = []
    differ: list[str] = []
    invalid = 0
    clock = time.perf_counter
    for q, allowed in zip(sample, expected, strict=True):
        with CountQueries() as captured:
            started = clock()
            try:
                answer = can(organisation, q.actor, q.action, q.target, q.raw, at=at).allowed
            except InvalidInput:
                # A blank required argument (a veto's reason): the form says so, and the
                # rule refuses it too.
                answer = False
                invalid += 1
            times.append(clock() - started)
        counts.append(len(captured))
        if answer != allowed:
            differ.append(f"{q.actor.email} {q.action} {q.target} {q.raw}: can={answer}")
    if differ:
        raise AssertionError(
            f"can answers {len(differ)} of {len(sample)} queries unlike the rule on the "
            f"snapshot's facts: {'; '.join(differ[:5])}"
        )
    return {
        "n": len(times),
        "p50_ms": round(percentile(times, 50) * 1e3, 3),
        "p99_ms": round(percentile(times, 99) * 1e3, 3),
        "queries_p50": percentile(counts, 50),
        "queries_max": max(counts),
        "answers_equal": True,
        "invalid_input": invalid,
    }
