"""Inputs for the fuzz tests: random text and bytes, random YAML/JSON values, and mutations
of the project's own valid files (a scenario file, a workbook, a signed checkpoint), so most
inputs get past the first check and reach the deeper ones."""

import string
from typing import Any

from hypothesis import strategies as st

# What makes YAML, CSV and JSON mean something, and what breaks their readers.
SYNTAX = string.printable + "{}[]:,-?&*!|>'\"%@`#;=\x00\ufeff\u2028\x85é€𝄞\udcff"
BOMS = (b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")

# Values that stress a parser of numbers, dates and text.
AWKWARD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "1" * 5000,
        "9" * 30,
        "-0",
        "1e999999999",
        "NaN",
        "-Infinity",
        "0x1F",
        "1_000",
        "١٢٣",
        "²",
        "2026-02-30",
        "2026-13-01",
        "9999-12-31",
        "0001-01-01",
        "2026-01-01T25:00",
        "10000-01-01",
        "a" * 6000,
        "vera@example.se",
        "VERA@EXAMPLE.SE ",
        "anna@example.se=opinion,erik@example.se=analys",
        "=",
        "a=b,",
        "true",
        "ja",
        "1,005",
        "1 000,50",
        "\ud800",
        "org",
        "person:1",
        "area:opinion",
        "client:alfa",
        "\u202e",
    ]
)

TEXT = st.one_of(AWKWARD_TEXT, st.text(alphabet=SYNTAX, max_size=40), st.text(max_size=20))

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    TEXT,
)


def values(scalars: st.SearchStrategy[Any] = SCALARS) -> st.SearchStrategy[Any]:
    """Nested lists and mappings of ``scalars``."""
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(TEXT, st.integers()), inner, max_size=4),
        ),
        max_leaves=12,
    )


VALUES = values()


@st.composite
def mutated_text(draw: st.DrawFn, base: str) -> str:
    """``base`` with a few random edits: characters inserted, removed or replaced, a line
    dropped or repeated."""
    text = base
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not text:
            text = draw(st.text(alphabet=SYNTAX, max_size=20))
            continue
        i = draw(st.integers(min_value=0, max_value=len(text) - 1))
        j = min(len(text), i + draw(st.integers(min_value=0, max_value=12)))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "line", "repeat"]))
        if edit == "insert":
            text = text[:i] + draw(st.text(alphabet=SYNTAX, min_size=1, max_size=8)) + text[i:]
        elif edit == "delete":
            text = text[:i] + text[j:]
        elif edit == "replace":
            text = text[:i] + draw(TEXT) + text[j:]
        else:
            lines = text.split("\n")
            n = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            if edit == "line":
                del lines[n]
            else:
                lines.insert(n, lines[n])
            text = "\n".join(lines)
    return text


@st.composite
def mutated_value(draw: st.DrawFn, base: Any, depth: int = 0) -> Any:
    """``base`` (a parsed file) with one part replaced, removed or given a stranger key."""
    if isinstance(base, dict) and base and depth < 6 and draw(st.integers(0, 4)):
        key = draw(st.sampled_from(sorted(base, key=str)))
        copy = dict(base)
        edit = draw(st.sampled_from(["down", "down", "down", "drop", "add"]))
        if edit == "down":
            copy[key] = draw(mutated_value(base[key], depth + 1))
        elif edit == "drop":
            del copy[key]
        else:
            copy[draw(TEXT)] = draw(VALUES)
        return copy
    if isinstance(base, list) and base and depth < 6 and draw(st.integers(0, 4)):
        i = draw(st.integers(0, len(base) - 1))
        copy = list(base)
        edit = draw(st.sampled_from(["down", "down", "down", "drop", "repeat"]))
        if edit == "down":
            copy[i] = draw(mutated_value(base[i], depth + 1))
        elif edit == "drop":
            del copy[i]
        else:
            copy.insert(i, copy[i])
        return copy
    return draw(VALUES)


def encoded(text: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """``text`` as a file's bytes: UTF-8 (lone surrogates escaped), another encoding, a BOM in
    front, or a few bytes flipped into invalid UTF-8."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        value = draw(text)
        encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1"]))
        data = value.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "replace")
        data = draw(st.sampled_from(BOMS)) + data
        if data and draw(st.integers(0, 5)) == 0:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + draw(st.binary(min_size=1, max_size=3)) + data[i + 1 :]
        return data

    return build()
