"""Reading the YAML data files (dictionaries, codebook, gold, parameters): one place for their errors.

YAML aliases let a few hundred bytes stand for billions of nodes ("billion laughs"); a document
whose aliases expand past `max_nodes`, or that refers to itself, is refused before it is built.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from policyreport.errors import UserError

MAX_BYTES = 50_000_000
MAX_NODES = 2_000_000
# libyaml's safe loader when PyYAML has it (the same documents, several times faster)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(Exception):
    pass


def _expanded_size(root: yaml.Node, limit: int) -> int:
    """Nodes of the document with every alias expanded, counted without expanding it."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise _Refused("an alias refers to the node that contains it")
        open_.add(key)
        if isinstance(node, yaml.SequenceNode):
            n = 1 + sum(size(c) for c in node.value)
        elif isinstance(node, yaml.MappingNode):
            n = 1 + sum(size(k) + size(v) for k, v in node.value)
        else:
            n = 1
        open_.discard(key)
        if n > limit:
            raise _Refused(f"its aliases expand to more than {limit:,} nodes")
        sizes[key] = n
        return n

    return size(root)


def parse_yaml(text: str, source: str, what: str, max_nodes: int = MAX_NODES):
    """The parsed YAML of `text`; a one-line UserError naming `source` and `what` it is otherwise."""
    loader = None
    try:
        loader = LOADER(text)
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, max_nodes)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise UserError(f"{source}: {what} is not valid YAML ({str(exc).splitlines()[0]})") from None
    except _Refused as exc:
        raise UserError(f"{source}: {what} is refused: {exc}") from None
    except RecursionError:
        raise UserError(f"{source}: {what} is refused: it is nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


def read_text(path: str | Path, what: str, max_bytes: int = MAX_BYTES) -> str:
    """The UTF-8 text of a data file, at most `max_bytes` long; a UserError naming the file otherwise."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise UserError(f"{path}: cannot read {what} ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise UserError(f"{path}: {what} is larger than {max_bytes:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{path}: {what} is not UTF-8 text") from None


def read_yaml(path: str | Path, what: str, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES):
    """The parsed YAML of a data file; a UserError naming the file and what it is otherwise."""
    return parse_yaml(read_text(path, what, max_bytes), str(path), what, max_nodes)
