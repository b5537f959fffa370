"""YAML loading that keeps numbers exact, dates as written, and refuses YAML's surprises.

PyYAML's safe loader follows YAML 1.1: ``97.5`` becomes a float, ``2022-03-08`` a date,
``0140`` an octal 96, ``1:36`` a base-60 96, ``yes`` a boolean, a repeated key silently
overwrites the first, and aliases can expand a few hundred bytes into gigabytes. The
criteria files and review files need none of that. This loader:

- keeps floats, dates and every integer form other than plain decimal digits as strings;
- reads only ``true``/``false`` as booleans;
- refuses aliases and repeated keys, naming the line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

from ntm.core.exceptions import InputError, Location
from ntm.core.i18n import _

__all__ = ["load_yaml"]

_DROPPED_TAGS = {
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
}


class _ExactLoader(yaml.SafeLoader):
    """SafeLoader with strict scalars, no aliases and no repeated keys."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise InputError(
                _("aliases (*name) are not allowed in ntm files"),
                Location(row=event.start_mark.line + 1),
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise InputError(
                    _("the key '{key}' appears twice (first on line {line})").format(
                        key=key, line=seen[key]
                    ),
                    Location(row=line),
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


_ExactLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ExactLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(0|[1-9][0-9]*)$"), list("-+0123456789")
)
_ExactLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_yaml(text: str, *, file: str) -> Any:
    """Parse YAML text with the strict rules of the module docstring; text comes out in
    Unicode NFC (composed) form whatever form it was typed in.

    Raises:
        InputError: the text is not valid YAML, uses an alias, repeats a key, or nests too
            deeply (the message names the file and line).
    """
    # Vietnamese typed on some systems arrives decomposed (NFD); ntm keeps NFC throughout.
    text = unicodedata.normalize("NFC", text)
    try:
        return yaml.load(text, Loader=_ExactLoader)  # a SafeLoader subclass
    except InputError as error:
        raise InputError(error.message, error.location.with_(file=file)) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(
            _("not valid YAML: {problem}").format(problem=problem), Location(file=file, row=row)
        ) from None
    except RecursionError:
        raise InputError(
            _("the YAML nests too deeply to be an ntm file"), Location(file=file)
        ) from None
