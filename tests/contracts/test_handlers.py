"""Every action's handler takes exactly the arguments its registration declares, each typed as
the argument parser delivers it: a declared argument is never silently dropped, and a
handler never waits for one that the doors cannot send."""

import inspect
import types
import typing
from datetime import date
from decimal import Decimal

import pytest

from ansvar.engine.registry import ACTIONS, Arg
from ansvar.org.models import BusinessArea, Person

KIND_TYPES: dict[str, type] = {
    "text": str,
    "choice": str,
    "person": Person,
    "area": BusinessArea,
    "date": date,
    "int": int,
    "decimal": Decimal,
    "bool": bool,
    "moves": list,
    "value": object,  # a system step's rows, passed as they are (Any)
}


def _accepts(hint: object, wanted: type, optional: bool) -> bool:
    if hint is typing.Any or wanted is object:
        return hint is typing.Any  # a system step checks its own loosely typed input
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    bare = {typing.get_origin(o) or o for o in options}
    if optional and type(None) not in bare and not isinstance(None, tuple(bare)):
        return False
    return wanted in bare


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_handler_signature_matches_its_arguments(name):
    spec = ACTIONS[name]
    signature = inspect.signature(spec.handler)
    positional = [p for p in signature.parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
    keyword = {p.name: p for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY}
    assert len(positional) == 2, f"{name}: a handler takes (ctx, target) positionally"
    assert set(keyword) == {a.name for a in spec.args}, name
    hints = typing.get_type_hints(spec.handler)
    for arg in spec.args:
        optional = not arg.required and arg.default is None
        assert _accepts(hints[arg.name], KIND_TYPES[arg.kind], optional), (
            f"{name}({arg.name}): declared {arg.kind}, annotated {hints[arg.name]}"
        )


def test_the_check_catches_a_mismatch():
    assert _accepts(str, str, False)
    assert _accepts(date | None, date, True)
    assert not _accepts(date, date, True)
    assert not _accepts(int, str, False)
    assert Arg("x").kind == "text"
