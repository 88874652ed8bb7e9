"""What every measure shares: percentiles, the machine's description, a stopwatch."""

import os
import platform
import statistics
import time
from collections.abc import Callable, Iterable
from typing import Any


def percentile(values: Iterable[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by the nearest rank: a value that was measured."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values to take a percentile of")
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(seconds: list[float]) -> dict[str, Any]:
    """p50, p99 and mean of a list of durations, in microseconds, with their count."""
    return {
        "n": len(seconds),
        "p50_us": round(percentile(seconds, 50) * 1e6, 2),
        "p99_us": round(percentile(seconds, 99) * 1e6, 2),
        "mean_us": round(statistics.fmean(seconds) * 1e6, 2),
    }


def each_timed(fn: Callable[[Any], Any], items: list[Any]) -> tuple[list[float], list[Any]]:
    """Call ``fn`` on every item; the wall time of each call and its answer."""
    clock = time.perf_counter
    times: list[float] = []
    answers: list[Any] = []
    for item in items:
        started = clock()
        answer = fn(item)
        times.append(clock() - started)
        answers.append(answer)
    return times, answers


class CountQueries:
    """Counts the queries run inside it, however many (Django's CaptureQueriesContext keeps
    at most 9,000 and then counts none)."""

    def __init__(self) -> None:
        self.count = 0
        self._wrapper: Any = None

    def _count(self, execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> "CountQueries":
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wrapper.__exit__(*exc)

    def __len__(self) -> int:
        return self.count


def _meminfo_total_mib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024, 0)
    except OSError:
        return None
    return None


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine(vendor: str) -> dict[str, Any]:
    """The machine and the software the figures were taken with."""
    import sqlite3

    from django.db import connection

    server = None
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
    return {
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "memory_mib": _meminfo_total_mib(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": server,
        "load_average_start": load_average(),
    }
