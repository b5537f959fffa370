"""What every ``ntm`` command shares: the error reporting, the catalog, atomic writes."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from ntm.core import Catalog, CoreError, Location
from ntm.core.i18n import _

__all__ = ["catalog_with", "read_text", "reports_errors", "write_output"]

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(function: F) -> F:
    """Turn a :class:`CoreError` into one line on standard error and exit status 2."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CoreError as error:
            click.echo(_("error: {error}").format(error=error), err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def catalog_with(extra_files: tuple[str, ...]) -> Catalog:
    """The shipped catalog, with the criteria-set and overlay files given on the command line."""
    shipped = Catalog.shipped()
    if not extra_files:
        return shipped
    return shipped.with_files((path, read_text(path)) for path in extra_files)


def read_text(path: str) -> str:
    """A UTF-8 text file's content; a CoreError naming the file when it cannot be read."""
    try:
        return Path(path).read_text("utf-8")
    except UnicodeDecodeError as error:
        raise CoreError(
            _("not UTF-8 text (byte {byte}): a catalog file is YAML saved as UTF-8").format(
                byte=error.start + 1
            ),
            Location(file=path),
        ) from None
    except OSError as error:
        raise CoreError(
            _("cannot read the file: {reason}").format(reason=error.strerror),
            Location(file=path),
        ) from None


def write_output(path: str, data: bytes) -> None:
    """Write the whole file or nothing: a temporary file in the same folder, then a rename."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", delete=False
        ) as handle:
            temporary = Path(handle.name)
            try:
                handle.write(data)
                handle.flush()
            except OSError:
                handle.close()
                temporary.unlink(missing_ok=True)
                raise
        os.replace(temporary, target)
    except OSError as error:
        raise CoreError(
            _("cannot write the file: {reason}").format(reason=error.strerror),
            Location(file=path),
        ) from None
    click.echo(_("wrote {path}").format(path=path))
