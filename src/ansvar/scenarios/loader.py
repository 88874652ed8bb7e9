"""Read a policy scenario file and check its shape before anything touches the database.

A malformed file raises ``ScenarioError`` whose message names the file, the line (from the
YAML node marks) and the field, e.g. ``alfa.yaml:14: cases[3].expect: must be allowed,
refused or invalid``. The format is described in ``docs/scenarios.md``.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ansvar.common import yamlbounds
from ansvar.org.founding import AreaSpec, ClientSpec, OrganisationSpec, PersonSpec


class ScenarioError(Exception):
    """A malformed scenario file; the message names the line and the field."""


class _Map(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Map:
    mapping = _Map()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ScenarioError(
                f"{key_node.start_mark.line + 1}: a key must be plain text, not a list or a mapping"
            ) from None
        if key in mapping:
            raise ScenarioError(f"{key_node.start_mark.line + 1}: {key!r} appears twice")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date-like value that is no date (2026-13-01) stays text; the field check names it."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


# The fields of a file's parts, required and optional (docs/scenarios.md describes each).
ORGANISATION_FIELDS = ("name", "ceo", "people", "areas")
ORGANISATION_OPTIONAL = ("clients", "slug", "founded_on", "parameters")
CASE_FIELDS = ("name", "at", "actor", "action", "target", "expect")
# ``actor: system``: the system itself, for its own steps (what ``ansvar tick`` does).
SYSTEM_ACTOR = "system"
CASE_OPTIONAL = ("args", "clause", "error", "then", "as")

# allowed: the rule allows and the effect is made; refused: a rule refuses, citing a clause;
# invalid: the input is malformed (InvalidInput) and nothing is written.
EXPECTATIONS = ("allowed", "refused", "invalid")


@dataclass
class Case:
    number: int
    name: str
    line: int
    at: date
    actor: str
    action: str
    target: str
    args: dict[str, Any]
    expect: str
    clauses: list[str]
    then: dict[str, Any] = field(default_factory=dict)
    save_as: str = ""
    error: str = ""  # with expect invalid: text the bad-input message must contain


@dataclass
class Scenario:
    path: str
    organisation: OrganisationSpec
    cases: list[Case]


class _Reader:
    """Field checks that raise ScenarioError naming file, line and field."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, line: int, where: str, message: str) -> ScenarioError:
        return ScenarioError(f"{self.path}:{line}: {where}: {message}")

    def line_of(self, mapping: Any, key: str) -> int:
        if isinstance(mapping, _Map):
            return mapping.key_lines.get(key, mapping.line)
        return 0

    def mapping(self, value: Any, line: int, where: str) -> _Map:
        if not isinstance(value, _Map):
            raise self.fail(line, where, "must be a mapping (key: value)")
        return value

    def keys(self, m: _Map, where: str, required: set[str], optional: set[str]) -> None:
        for key in m:
            if key not in required | optional:
                known = ", ".join(sorted(required | optional))
                raise self.fail(
                    self.line_of(m, key), f"{where}.{key}", f"unknown field; known: {known}"
                )
        for key in sorted(required):
            if key not in m or m[key] is None:
                raise self.fail(m.line, f"{where}.{key}", "is required")

    def text(self, m: _Map, key: str, where: str, default: str | None = None) -> str:
        value = m.get(key, default)
        if value is None:
            raise self.fail(m.line, f"{where}.{key}", "is required")
        if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
            raise self.fail(self.line_of(m, key), f"{where}.{key}", "must be non-empty text")
        return str(value).strip()

    def day(self, m: _Map, key: str, where: str, required: bool = True) -> date | None:
        value = m.get(key)
        if value is None:
            if required:
                raise self.fail(m.line, f"{where}.{key}", "is required")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(
                self.line_of(m, key), f"{where}.{key}", f"{value!r} is not a date (YYYY-MM-DD)"
            ) from None

    def items(self, m: _Map, key: str, where: str, required: bool = True) -> list[Any]:
        value = m.get(key)
        if value is None:
            if required:
                raise self.fail(m.line, f"{where}.{key}", "is required")
            return []
        if not isinstance(value, list):
            raise self.fail(self.line_of(m, key), f"{where}.{key}", "must be a list")
        return value


# A scenario file is a few kB; a larger one is refused unread.
MAX_BYTES = 2 * 2**20


def load(path: str | Path) -> Scenario:
    """Read and validate one scenario file."""
    name = str(path)
    try:
        with Path(path).open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(f"{name}: cannot be read: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(f"{name}: larger than {MAX_BYTES // 2**20} MB; not read")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{name}: not UTF-8 (byte {exc.start + 1})") from None
    return parse(text, name)


def parse(text: str, name: str = "<scenario>") -> Scenario:
    try:
        yamlbounds.check(text)
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no object tags
    except yamlbounds.TooLarge as exc:
        raise ScenarioError(f"{name}: refused: the YAML {exc}") from None
    except ScenarioError as exc:
        raise ScenarioError(f"{name}:{exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 0
        raise ScenarioError(f"{name}:{line}: not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{name}: not valid YAML: {exc}") from None
    except ValueError as exc:  # what PyYAML's constructors let through: an int of 5000 digits
        raise ScenarioError(f"{name}: not valid YAML: {exc}") from None
    r = _Reader(name)
    root = r.mapping(data, 1, "file")
    r.keys(root, "file", {"organisation", "cases"}, set())
    organisation = _organisation(r, r.mapping(root["organisation"], root.line, "organisation"))
    raw_cases = r.items(root, "cases", "file")
    if not raw_cases:
        raise r.fail(r.line_of(root, "cases"), "cases", "must list at least one case")
    cases = [_case(r, i + 1, c, root.line) for i, c in enumerate(raw_cases)]
    return Scenario(name, organisation, cases)


def _organisation(r: _Reader, m: _Map) -> OrganisationSpec:
    r.keys(m, "organisation", set(ORGANISATION_FIELDS), set(ORGANISATION_OPTIONAL))
    people = []
    for i, raw in enumerate(r.items(m, "people", "organisation")):
        where = f"organisation.people[{i + 1}]"
        p = r.mapping(raw, m.line, where)
        r.keys(
            p,
            where,
            {"email", "name", "area", "employed_from"},
            {"probation_until", "title", "last_day"},
        )
        people.append(
            PersonSpec(
                email=r.text(p, "email", where).lower(),
                name=r.text(p, "name", where),
                area=r.text(p, "area", where),
                employed_from=r.day(p, "employed_from", where) or date.min,
                probation_until=r.day(p, "probation_until", where, required=False),
                title=r.text(p, "title", where, default="consultant"),
                last_day=r.day(p, "last_day", where, required=False),
            )
        )
    areas = []
    for i, raw in enumerate(r.items(m, "areas", "organisation")):
        where = f"organisation.areas[{i + 1}]"
        a = r.mapping(raw, m.line, where)
        r.keys(a, where, {"slug", "name", "manager"}, set())
        areas.append(
            AreaSpec(
                r.text(a, "slug", where), r.text(a, "name", where), r.text(a, "manager", where)
            )
        )
    clients = []
    for i, raw in enumerate(r.items(m, "clients", "organisation", required=False)):
        where = f"organisation.clients[{i + 1}]"
        c = r.mapping(raw, m.line, where)
        r.keys(c, where, {"slug", "name", "lead"}, {"work_group", "since"})
        group = []
        for j, member in enumerate(r.items(c, "work_group", where, required=False)):
            w = f"{where}.work_group[{j + 1}]"
            g = r.mapping(member, c.line, w)
            r.keys(g, w, {"person"}, {"role"})
            group.append((r.text(g, "person", w).lower(), r.text(g, "role", w, default="member")))
        clients.append(
            ClientSpec(
                slug=r.text(c, "slug", where),
                name=r.text(c, "name", where),
                lead=r.text(c, "lead", where).lower(),
                work_group=group,
                since=r.day(c, "since", where, required=False),
            )
        )
    parameters = m.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise r.fail(r.line_of(m, "parameters"), "organisation.parameters", "must be a mapping")
    return OrganisationSpec(
        name=r.text(m, "name", "organisation"),
        ceo=r.text(m, "ceo", "organisation").lower(),
        people=people,
        areas=areas,
        clients=clients,
        slug=str(m.get("slug") or ""),
        founded_on=r.day(m, "founded_on", "organisation", required=False),
        parameters=dict(parameters),
    )


def _case(r: _Reader, number: int, raw: Any, line: int) -> Case:
    where = f"cases[{number}]"
    m = r.mapping(raw, line, where)
    r.keys(m, where, set(CASE_FIELDS), set(CASE_OPTIONAL))
    expect = r.text(m, "expect", where)
    if expect not in EXPECTATIONS:
        raise r.fail(
            r.line_of(m, "expect"), f"{where}.expect", "must be allowed, refused or invalid"
        )
    error = ""
    if "error" in m:
        if expect != "invalid":
            raise r.fail(
                r.line_of(m, "error"), f"{where}.error", "belongs only to a case expected invalid"
            )
        error = r.text(m, "error", where)
    if expect == "invalid" and m.get("clause") is not None:
        raise r.fail(
            r.line_of(m, "clause"),
            f"{where}.clause",
            "an invalid case cites no clause: bad input never reaches a rule",
        )
    if expect == "invalid" and m.get("as") is not None:
        raise r.fail(r.line_of(m, "as"), f"{where}.as", "an invalid case makes nothing to name")
    clause = m.get("clause")
    if clause is None:
        clauses: list[str] = []
    elif isinstance(clause, str) and clause.strip():
        clauses = [clause.strip()]
    elif isinstance(clause, list) and clause and all(isinstance(c, str) for c in clause):
        clauses = [c.strip() for c in clause]
    else:
        raise r.fail(
            r.line_of(m, "clause"), f"{where}.clause", "must be a clause id or a list of ids"
        )
    args = m.get("args") or {}
    if not isinstance(args, dict):
        raise r.fail(r.line_of(m, "args"), f"{where}.args", "must be a mapping")
    then = m.get("then") or {}
    if not isinstance(then, dict):
        raise r.fail(r.line_of(m, "then"), f"{where}.then", "must be a mapping")
    from ansvar.scenarios.checks import CHECKS

    for key in then:
        if key not in CHECKS:
            raise r.fail(
                r.line_of(then, key),
                f"{where}.then.{key}",
                f"unknown check; known: {', '.join(sorted(CHECKS))}",
            )
        problem = CHECKS[key].validate(then[key])
        if problem:
            raise r.fail(r.line_of(then, key), f"{where}.then.{key}", problem)
    return Case(
        number=number,
        name=r.text(m, "name", where),
        line=m.line,
        at=r.day(m, "at", where) or date.min,
        actor=r.text(m, "actor", where).lower(),
        action=r.text(m, "action", where),
        target=r.text(m, "target", where),
        args={str(k): v for k, v in args.items()},
        expect=expect,
        clauses=clauses,
        then=dict(then),
        save_as=str(m.get("as") or ""),
        error=error,
    )
