"""Files made to exhaust a reader, and how much memory reading them takes.

Run as a script (``python -m tests.fuzz.bombs``) it reads every bomb in this one fresh
process and prints, as JSON, each one's error and the process's peak resident memory
(``resource.getrusage``) after it, with the peak before the first: ``test_bombs`` asserts
on that. A fresh process, so that the peak is this reading's and not the test run's."""

import io
import json
import os
import resource
import struct
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path


def billion_laughs(levels: int = 9) -> str:
    """Each list names the one before it ten times: 10**9 values once expanded."""
    lines = ['lol0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def scenario_bomb() -> str:
    """A scenario whose first case's argument is the bomb: a runner that turned it into
    text would build 10**9 values."""
    return billion_laughs() + (
        "organisation: {name: X, ceo: v@x.se, people: [], areas: []}\n"
        "cases:\n- {name: a, at: 2026-01-01, actor: v@x.se, action: add_person, target: org,\n"
        "   expect: allowed, args: {note: *a9}}\n"
    )


def import_bomb() -> str:
    return billion_laughs() + "organisation: {name: *a9, ceo: v@x.se, people: [], areas: []}\n"


def deep(n: int = 10_000) -> str:
    return "[" * n + "]" * n


def zip_bomb() -> bytes:
    """A 'workbook' whose sheet says it unpacks to 210 MB, past the 200 MB that reading
    allows. (The real 210 MB of zeros take seconds to pack; a ZIP's reader trusts and
    enforces the sizes its directory declares, which is what the refusal reads.)"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 2**20)
    data = bytearray(buffer.getvalue())
    declared = struct.pack("<I", 210 * 2**20)
    name = b"xl/worksheets/sheet1.xml"
    local = data.index(name) - 30  # the local header's fixed part precedes the name
    central = data.index(name, local + 31) - 46  # and the central directory's
    assert data[local : local + 4] == b"PK\x03\x04" and data[central : central + 4] == b"PK\x01\x02"
    data[local + 22 : local + 26] = declared
    data[central + 24 : central + 28] = declared
    return bytes(data)


def _error(read: Callable[[], object]) -> str:
    try:
        read()
    except Exception as exc:  # the caller asserts it is the product's own error
        return f"{type(exc).__name__}: {exc}"
    return "read without error"


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansvar.config.settings")
    django.setup()
    from ansvar.decisions.checkpoint import read_checkpoint
    from ansvar.intake import read_bytes
    from ansvar.scenarios.loader import load

    work = Path(tempfile.mkdtemp(prefix="ansvar-bombs-"))

    def file(name: str, data: str | bytes) -> Path:
        path = work / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    bombs: dict[str, Callable[[], object]] = {
        "scenario: billion laughs": lambda: load(file("s.yaml", scenario_bomb())),
        "scenario: 10000 levels deep": lambda: load(file("d.yaml", deep())),
        "scenario: 3 MB scalar": lambda: load(file("h.yaml", "a: " + "x" * 3 * 2**20)),
        "scenario: 200 kB scalar": lambda: load(file("m.yaml", "a: " + "x" * 200_000)),
        "import: billion laughs": lambda: read_bytes("f.yaml", import_bomb().encode()),
        "import: 10000 levels deep": lambda: read_bytes("f.yaml", deep().encode()),
        "import: zip bomb workbook": lambda: read_bytes("f.xlsx", zip_bomb()),
        "checkpoint: 20000 levels deep": lambda: read_checkpoint(file("c.json", deep(20_000))),
        "checkpoint: 1 MB file": lambda: read_checkpoint(file("b.json", "1" * 2**20)),
    }
    report: dict[str, object] = {"baseline_kib": _peak_kib(), "bombs": {}}
    for name, read in bombs.items():
        started = time.perf_counter()
        error = _error(read)
        seconds = round(time.perf_counter() - started, 3)
        report["bombs"][name] = {"error": error, "peak_kib": _peak_kib(), "seconds": seconds}  # type: ignore[index]
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
