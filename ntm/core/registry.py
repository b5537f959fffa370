"""The catalog: every criteria set and overlay shipped in ``ntm/catalogs/`` (or in a folder).

``Catalog.shipped()`` reads the package's catalog files once. A set code may name
overlays after a "+": ``xa-ntm-nang-cao-2021-2025+thai-nguyen-qd-2194-2022`` is the
national nâng cao set with Thái Nguyên's QĐ 2194/QĐ-UBND applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ntm.core.catalog import CriteriaSet, Level, Overlay, apply_overlay, parse_catalog_text
from ntm.core.exceptions import CatalogError, Location
from ntm.core.i18n import _

__all__ = ["Catalog", "CatalogEntry"]


@dataclass(frozen=True)
class CatalogEntry:
    """A parsed catalog file and its path relative to the catalog root."""

    path: str
    item: CriteriaSet | Overlay


@dataclass(frozen=True)
class Catalog:
    """Criteria sets and overlays by code."""

    entries: tuple[CatalogEntry, ...]

    @staticmethod
    def shipped() -> Catalog:
        """The catalog shipped with ntm (``ntm/catalogs``), read once per process.

        Raises:
            CatalogError: a shipped file is wrong (a bug: the tests load every file).
        """
        return _shipped()

    @staticmethod
    def from_files(files: Iterable[tuple[str, str]]) -> Catalog:
        """Build a catalog from ``(path, text)`` pairs.

        Raises:
            CatalogError: a file is wrong, or two files share a code.
        """
        entries: list[CatalogEntry] = []
        seen: dict[str, str] = {}
        for path, text in files:
            item = parse_catalog_text(text, file=path)
            if item.code in seen:
                raise CatalogError(
                    _("code {code} is also used by {path}").format(
                        code=item.code, path=seen[item.code]
                    ),
                    Location(file=path, field="code"),
                )
            seen[item.code] = path
            entries.append(CatalogEntry(path=path, item=item))
        return Catalog(entries=tuple(entries))

    @staticmethod
    def from_directory(root: Path) -> Catalog:
        """Build a catalog from every ``*.yaml`` file under ``root``."""
        return Catalog.from_files(
            (str(path.relative_to(root)), path.read_text("utf-8"))
            for path in sorted(root.rglob("*.yaml"))
        )

    def with_files(self, files: Iterable[tuple[str, str]]) -> Catalog:
        """This catalog plus more files (e.g. a province's own set imported from XLSX).

        Raises:
            CatalogError: a file is wrong, or uses a code this catalog already has.
        """
        extra = Catalog.from_files(files)
        known = {entry.item.code: entry.path for entry in self.entries}
        for entry in extra.entries:
            if entry.item.code in known:
                raise CatalogError(
                    _("code {code} is already used by {path}").format(
                        code=entry.item.code, path=known[entry.item.code]
                    ),
                    Location(file=entry.path, field="code"),
                )
        return Catalog(entries=(*self.entries, *extra.entries))

    def sets(self) -> Iterator[CriteriaSet]:
        """The national and provincial criteria sets, without overlays applied."""
        for entry in self.entries:
            if isinstance(entry.item, CriteriaSet):
                yield entry.item

    def overlays(self) -> Iterator[Overlay]:
        """The overlays."""
        for entry in self.entries:
            if isinstance(entry.item, Overlay):
                yield entry.item

    def codes(self) -> list[str]:
        """Every set code, and for each overlay each ``set+overlay`` code it makes."""
        codes = [criteria_set.code for criteria_set in self.sets()]
        for overlay in self.overlays():
            codes.extend(f"{base}+{overlay.code}" for base in overlay.applies_to)
        return codes

    def criteria_set(self, code: str) -> CriteriaSet:
        """The set with that code, overlays (after "+") applied in order.

        Raises:
            CatalogError: the set or an overlay is unknown, or an overlay does not apply.
        """
        base_code, *overlay_codes = code.split("+")
        base = next((s for s in self.sets() if s.code == base_code), None)
        if base is None:
            known = ", ".join(sorted(self.codes()))
            raise CatalogError(
                _("unknown criteria set '{code}'; known sets: {known}").format(
                    code=base_code, known=known
                )
            )
        for overlay_code in overlay_codes:
            overlay = next((o for o in self.overlays() if o.code == overlay_code), None)
            if overlay is None:
                known = ", ".join(sorted(o.code for o in self.overlays()))
                raise CatalogError(
                    _("unknown overlay '{code}'; known overlays: {known}").format(
                        code=overlay_code, known=known
                    )
                )
            base = apply_overlay(base, overlay)
        return base

    def model_set_for(self, criteria_set: CriteriaSet) -> CriteriaSet | None:
        """The model-level set (QĐ 319) that builds on this set's base, if any."""
        if criteria_set.level is not Level.ADVANCED:
            return None
        base_code = criteria_set.code.split("+", 1)[0]
        return next((s for s in self.sets() if s.builds_on == base_code), None)


def _walk(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, str]]:
    for child in sorted(folder.iterdir(), key=lambda item: item.name):
        name = f"{prefix}{child.name}"
        if child.is_dir():
            yield from _walk(child, f"{name}/")
        elif child.name.endswith(".yaml"):
            yield name, child.read_text("utf-8")


@cache
def _shipped() -> Catalog:
    return Catalog.from_files(_walk(resources.files("ntm").joinpath("catalogs")))
