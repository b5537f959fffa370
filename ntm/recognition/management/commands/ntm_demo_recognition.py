"""Build the recognition demo after ``ntm_demo``: Phúc Chu's 2024 nâng cao dossier, two
communes from the published cases (one returned, then recognised; one recognised directly)
and a commune of the merged province whose 2025 dossier waits for the province, through the
services, with dated transitions; then start Phúc Chu's 2025 review from its recognised
2024 one; print in Vietnamese what was done.

Running it twice changes nothing: a chain whose dossier exists is skipped."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ntm.common.errors import Refused
from ntm.recognition.demo import (
    CHAIN_FILES,
    DEMO_DIR,
    DemoDataError,
    chain_load,
    demo_next_year,
    demo_recognition_build,
)
from ntm.web.management.commands.ntm_demo import PASSWORD


class Command(BaseCommand):
    help = (
        "Build the recognition demo (Phúc Chu 2024, two communes from the cases, one dossier "
        "waiting for the province); run after ntm_demo --demo."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Confirm that this database is a demo: the demo users get a published password.",
        )

    def handle(self, *args: object, **options: object) -> None:
        if not options["demo"]:
            raise CommandError(
                "ntm_demo_recognition creates users with a published password: run it only "
                "on a demo database, with --demo (make demo does)."
            )
        try:
            outcomes = demo_recognition_build()
        except DemoDataError as error:
            raise CommandError(str(error)) from None
        except Refused as error:
            raise CommandError(f"Bị từ chối: {error.message}") from None
        self.stdout.write("Demo công nhận (dữ liệu minh họa ghi “Minh họa (demo):”):")
        for outcome in outcomes:
            for line in outcome.lines:
                self.stdout.write(line)
        next_year = demo_next_year()
        if next_year:
            self.stdout.write(next_year)
        self.stdout.write("")
        users = [
            user["username"]
            for name in CHAIN_FILES
            for user in chain_load(DEMO_DIR / name).get("users") or []
        ]
        self.stdout.write(
            f"Người dùng thêm (mật khẩu chung / password for all: {PASSWORD}): " + ", ".join(users)
        )
