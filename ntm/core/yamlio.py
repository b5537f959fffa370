"""YAML loading that keeps numbers exact and dates as written.

PyYAML's safe loader turns ``97.5`` into a float and ``2022-03-08`` into a ``date``. The
criteria files and review files need neither: a float would make an exact threshold
inexact, and dates are checked by the schema as ``YYYY-MM-DD`` strings. This loader keeps
both as strings; integers stay integers.
"""

from __future__ import annotations

from typing import Any

import yaml

from ntm.core.exceptions import InputError, Location

__all__ = ["load_yaml"]


class _ExactLoader(yaml.SafeLoader):
    """SafeLoader without the float and timestamp resolvers."""


_ExactLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, *, file: str) -> Any:
    """Parse YAML text; floats and dates stay strings.

    Raises:
        InputError: the text is not valid YAML (the message names the line and column).
    """
    try:
        return yaml.load(text, Loader=_ExactLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"not valid YAML: {problem}", Location(file=file, row=row)) from None
