"""The plan of the house, enforced: which package may import which, and where rows are written.

Layers, bottom up: ``policy`` (pure rules, no Django) → ``decisions`` and ``org`` (the log and
the organisation's own tables) → ``engine`` (the one action path) → the domain apps
``accounts``, ``clients`` and ``people`` → ``notify`` and ``webhooks`` (who is told of a
decision, people and other systems) → the
doors ``web``, ``cli``, ``scenarios``. A package imports only its own layer and those
below. Rows are written only by actions (and the engine, the log and migrations): never
by a view, a command or a selector.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "ansvar"

# What each top-level package of ansvar may import from ansvar (besides itself).
ALLOWED: dict[str, set[str]] = {
    "policy": set(),
    "common": {"policy"},
    "org": {"policy", "engine", "decisions", "common"},
    "decisions": {"policy", "org", "common"},
    "engine": {"policy", "org", "decisions", "common"},
    "duties": {"policy", "org", "engine", "decisions", "common"},
    "accounts": {"policy", "org", "engine", "decisions", "common"},
    "clients": {"policy", "org", "engine", "decisions", "duties", "people", "common"},
    "people": {"policy", "org", "engine", "decisions", "duties", "clients", "accounts", "common"},
    "notify": {
        "policy",
        "org",
        "engine",
        "decisions",
        "duties",
        "accounts",
        "clients",
        "people",
        "common",
    },
    "webhooks": {
        "policy",
        "org",
        "engine",
        "decisions",
        "duties",
        "accounts",
        "clients",
        "people",
        "common",
    },
}

WRITES = {
    "save",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "update",
}


def modules(package: str | None = None) -> list[Path]:
    root = SRC / package if package else SRC
    return sorted(p for p in root.rglob("*.py") if "migrations" not in p.parts)


def imported(path: Path) -> set[str]:
    """Top-level ansvar packages a module imports (``ansvar.org.models`` → ``org``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "ansvar" and len(parts) > 1:
                found.add(parts[1])
    return found


def package_of(path: Path) -> str:
    return path.relative_to(SRC).parts[0]


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_package_imports_upward(package):
    bad = []
    for path in modules(package):
        for other in imported(path) - {package} - ALLOWED[package]:
            bad.append(f"{path.relative_to(SRC)} imports ansvar.{other}")
    assert not bad, "\n".join(bad)


def test_policy_imports_no_django():
    bad = []
    for path in modules("policy"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            bad += [f"{path.relative_to(SRC)}: {n}" for n in names if n.split(".")[0] == "django"]
    assert not bad, "\n".join(bad)


NOT_ROWS = {"dict", "set", "context", "kwargs", "params", "headers"}


def orm_writes(path: Path) -> list[str]:
    """Calls of a row-writing method (``x.save()``, ``Model.objects.create(...)``, ...)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
            and ast.unparse(node.func.value) not in NOT_ROWS
        ):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node.func)}()")
    return found


def test_no_orm_write_in_doors_or_selectors():
    paths = modules("web") + modules("cli")
    paths += [p for p in modules() if p.name == "selectors.py"]
    bad = [f"{p.parent.name}/{hit}" for p in paths for hit in orm_writes(p)]
    assert not bad, "rows are written only by actions:\n" + "\n".join(bad)


def test_the_checks_see_what_they_look_for(tmp_path):
    """The scanners are not blind: they find an upward import and a raw write."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from ansvar.web.views import home\n\n\ndef f(p, qs):\n    p.save()\n"
        "    qs.filter(x=1).update(y=2)\n    context.update({})\n",
        encoding="utf-8",
    )
    assert imported(sample) == {"web"}
    assert orm_writes(sample) == ["sample.py:5: p.save()", "sample.py:6: qs.filter(x=1).update()"]
