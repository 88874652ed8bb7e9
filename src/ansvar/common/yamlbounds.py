"""Bounds on a YAML document before it is built: how deep it nests and how many nodes it has
once every alias is expanded.

PyYAML builds an alias as a second reference to the anchored object, so a "billion laughs"
file (each list naming the one before it ten times) loads in little memory, but everything
that later walks the value (``str()`` of a cell, the log's JSON of an argument) walks the
expansion: 10**9 nodes. Its composer also recurses once per nesting level, so ten thousand
``[`` end in a RecursionError. ``check`` reads the file's events once, in a loop without
recursion, and raises ``TooLarge`` before anything is built. Both readers of YAML input (the
scenario loader, the organisation import) call it before ``yaml.safe_load``.
"""

import yaml

# A scenario file or an organisation's YAML has a few thousand nodes and nests six deep.
MAX_NODES = 200_000
MAX_DEPTH = 64


class TooLarge(Exception):
    """The document nests deeper, or expands to more nodes, than the bounds allow."""


def check(text: str, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> None:
    """Raise ``TooLarge`` when ``text`` nests deeper than ``max_depth`` or expands (aliases
    counted as what they stand for) past ``max_nodes``; ``yaml.YAMLError`` as PyYAML's
    parser raises it for text that is no YAML."""
    sizes: dict[str, int] = {}  # anchor -> expanded size of its node
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, size so far) of each open node
    total = 0

    def add(size: int) -> None:
        nonlocal total
        if open_nodes:
            anchor, so_far = open_nodes[-1]
            open_nodes[-1] = (anchor, so_far + size)
        else:
            total += size
        if total + sum(s for _, s in open_nodes) > max_nodes:
            raise TooLarge(f"expands to more than {max_nodes} values (aliases counted)")

    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            add(sizes.get(event.anchor or "", 1))
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            add(1)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            open_nodes.append((event.anchor, 1))
            if len(open_nodes) > max_depth:
                raise TooLarge(f"nests deeper than {max_depth} levels")
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            anchor, size = open_nodes.pop()
            if anchor:
                sizes[anchor] = size
            add(size)
