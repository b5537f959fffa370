"""What every ``ntm`` command shares: the error reporting, the catalog, atomic writes."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from ntm.core import REGIONS, Catalog, CoreError, HeldRecognition, Level, Location
from ntm.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, language
from ntm.core.io.os_errors import os_reason
from ntm.core.io.review_cells import check_commune_code
from ntm.core.io.review_files import ReviewDefaults

__all__ = [
    "NtmGroup",
    "catalog_with",
    "read_text",
    "reports_errors",
    "review_options",
    "write_output",
    "write_outputs",
]

F = TypeVar("F", bound=Callable[..., Any])


class NtmGroup(click.Group):
    """The ``ntm`` group: a usage error (a bad or missing option) is one line on standard
    error, like every other error, with exit status 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command; print a usage error as ``lỗi: …`` with a pointer to ``--help``."""
        standalone = kwargs.pop("standalone_mode", True)
        arguments = kwargs.get("args", args[0] if args else None)
        with language(_language_of(sys.argv[1:] if arguments is None else list(arguments))):
            return self._main(standalone, *args, **kwargs)

    def _main(self, standalone: bool, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.ClickException as error:
            if not standalone:
                raise
            message = error.format_message()
            if isinstance(error, click.BadParameter) and error.param_hint:
                message = f"{error.param_hint}: {error.message}"
            context = getattr(error, "ctx", None)
            if isinstance(error, click.UsageError) and context is not None:
                message += " " + _("(see: {command} --help)").format(command=context.command_path)
            click.echo(_("error: {error}").format(error=message), err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            if not standalone:
                raise
            click.echo(_("stopped"), err=True)
            sys.exit(1)


def _language_of(arguments: list[str]) -> str:
    """The language asked for with ``--lang`` (or ``NTM_LANG``), known before click parses
    the arguments, so that even a usage error speaks it."""
    chosen = os.environ.get("NTM_LANG", DEFAULT_LANGUAGE)
    for index, argument in enumerate(arguments):
        if argument == "--lang" and index + 1 < len(arguments):
            chosen = arguments[index + 1]
        elif argument.startswith("--lang="):
            chosen = argument.partition("=")[2]
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def review_options(function: F) -> F:
    """The options that say how to read a review file (its set, year, commune, region…
    when the file does not say) and which criteria sets to use besides the shipped ones;
    the command receives them as ``defaults`` (:class:`ReviewDefaults`) and ``catalog``."""

    @click.option("--set", "set_code", help="Criteria set code (overrides the file's).")
    @click.option(
        "--year", type=click.IntRange(2010, 2100), help="Review year (overrides the file's)."
    )
    @click.option("--commune", help="Commune name, for CSV/XLSX files without it.")
    @click.option("--commune-code", help="Official commune code (5 digits).")
    @click.option(
        "--region",
        type=click.Choice(list(REGIONS)),
        help="Region code for 2021-2025 thresholds (QĐ 318/QĐ-TTg), e.g. TDMNPB.",
    )
    @click.option(
        "--group", "commune_group", type=click.IntRange(1, 3), help="Commune group (2026-2030)."
    )
    @click.option(
        "--recognised",
        "recognised",
        multiple=True,
        help="A level already held, LEVEL:YEAR, e.g. basic:2018 (repeatable).",
    )
    @click.option(
        "--catalog",
        "catalog_files",
        multiple=True,
        help="A criteria-set or overlay YAML file to use besides the shipped ones (repeatable).",
    )
    @wraps(function)
    def wrapper(
        *args: Any,
        set_code: str | None,
        year: int | None,
        commune: str | None,
        commune_code: str | None,
        region: str | None,
        commune_group: int | None,
        recognised: tuple[str, ...],
        catalog_files: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        if set_code is not None and not set_code.strip():
            raise click.BadParameter(_("is empty"), param_hint="--set")
        if commune_code is not None:
            check_commune_code(commune_code, Location(field="--commune-code"))
        defaults = ReviewDefaults(
            criteria_set=set_code,
            year=year,
            commune=commune,
            commune_code=commune_code,
            region=region,
            commune_group=commune_group,
            recognitions=tuple(_recognition(text) for text in recognised),
        )
        return function(*args, defaults=defaults, catalog=catalog_with(catalog_files), **kwargs)

    return wrapper  # type: ignore[return-value]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _recognition(text: str) -> HeldRecognition:
    level, _colon, year = text.partition(":")
    try:
        held = HeldRecognition(level=Level(level), year=int(year) if year else None)
        if held.year is not None and not 2010 <= held.year <= 2100:
            raise ValueError(held.year)
        return held
    except ValueError:
        raise click.BadParameter(
            _("'{text}' is not LEVEL:YEAR (LEVEL: basic, advanced, model)").format(text=text),
            param_hint="--recognised",
        ) from None


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
            _("cannot read the file: {reason}").format(reason=os_reason(error)),
            Location(file=path),
        ) from None


def write_output(path: str, data: bytes) -> None:
    """Write the whole file or nothing (see :func:`write_outputs`)."""
    write_outputs({path: data})


def write_outputs(files: dict[str, bytes]) -> None:
    """Write every file whole, or none: each goes to a temporary file in its folder first,
    and only when all are written are they renamed into place. A temporary file is never
    left behind.

    Raises:
        CoreError: a target is a folder, or a file cannot be written (naming it).
    """
    temporaries: dict[Path, Path] = {}
    current = ""
    try:
        for path, data in files.items():
            current = path
            target = Path(path)
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, "is a directory", path)
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                dir=target.parent, prefix=f".{target.name}.", delete=False
            ) as handle:
                temporaries[target] = Path(handle.name)
                handle.write(data)
                handle.flush()
            # A temporary file is private (0600); the document is not: the usual mode.
            os.chmod(temporaries[target], 0o666 & ~_umask())
        for target, temporary in temporaries.items():
            current = str(target)
            os.replace(temporary, target)
    except OSError as error:
        raise CoreError(
            _("cannot write the file: {reason}").format(reason=os_reason(error)),
            Location(file=current),
        ) from None
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
    for path in files:
        click.echo(_("wrote {path}").format(path=path))
