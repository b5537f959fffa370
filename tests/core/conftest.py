"""The core's tests assert its messages in English, the language they are written in."""

from collections.abc import Iterator

import pytest

from ntm.core.i18n import language


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with language("en"):
        yield
