"""Shared fixtures: a small test catalog (tests/core/fixtures) and a clean environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from ntm.core import Catalog

FIXTURES = Path(__file__).parent / "core" / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never depend on ambient settings."""
    for name in ("NTM_CATALOG_DIR", "NTM_LANG", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def test_catalog() -> Catalog:
    """The test-advanced set, its model conditions and a provincial overlay (test data)."""
    return Catalog.from_directory(FIXTURES)
