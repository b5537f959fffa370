"""Load the demo: Thái Nguyên's units, the Phúc Chu 2024 review and plan (real data from the
seed plan), and demo users for the roles of the seed; print the logins."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config.env import BASE_DIR
from ntm.plans.services import plan_import
from ntm.reviews.imports import review_import
from ntm.reviews.models import Review
from ntm.territories.models import Unit, UnitKind
from ntm.territories.services import units_load
from ntm.users.models import Membership, Role

EXAMPLE = BASE_DIR / "examples" / "phuc-chu-2024"

#: The demo password of every demo user (printed; never use it outside the demo).
PASSWORD = "ntm-demo-2024"

#: (user name, full name, role, unit code, plan position, criteria). The officials and the
#: signer are those of the seed plan; the names other than Lộc Văn Dương are illustrative.
USERS = [
    (
        "phucchu.ntm",
        "Cán bộ NTM xã Phúc Chu",
        Role.COMMUNE_OFFICER,
        "05560",
        "can-bo-phu-trach-ntm",
        [],
    ),
    (
        "phucchu.diachinh",
        "Công chức Địa chính - Xây dựng",
        Role.COMMUNE_OFFICIAL,
        "05560",
        "cong-chuc-dia-chinh-xay-dung",
        [9],
    ),
    (
        "phucchu.vanhoa",
        "Công chức Văn hóa - Xã hội",
        Role.COMMUNE_OFFICIAL,
        "05560",
        "cong-chuc-van-hoa-xa-hoi",
        [12],
    ),
    (
        "phucchu.moitruong",
        "Công chức Địa chính - Nông nghiệp - Môi trường",
        Role.COMMUNE_OFFICIAL,
        "05560",
        "cong-chuc-dia-chinh-nong-nghiep-moi-truong",
        [17],
    ),
    ("phucchu.lanhdao", "Lộc Văn Dương (Phó Chủ tịch UBND xã)", Role.VIEWER, "05560", "", []),
    (
        "thainguyen.dieuphoi",
        "Điều phối NTM tỉnh Thái Nguyên",
        Role.PROVINCE_COORDINATOR,
        "19",
        "",
        [],
    ),
    ("baolinh.ntm", "Cán bộ NTM xã Bảo Linh (xã khác)", Role.COMMUNE_OFFICER, "05554", "", []),
]


class Command(BaseCommand):
    help = "Load the Phúc Chu 2024 demo (units, review, plan, users) and print the logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Confirm that this database is a demo: the demo users get a published password.",
        )

    def handle(self, *args: object, **options: object) -> None:
        if not options["demo"]:
            raise CommandError(
                "ntm_demo creates users with a published password: run it only on a demo "
                "database, with --demo (make demo does)."
            )
        summary = units_load(province="Thái Nguyên")
        self.stdout.write(
            f"Thái Nguyên: {summary.new_communes} xã sau 01/7/2025, "
            f"{summary.old_communes} xã trước, {summary.districts} huyện cũ"
        )
        with transaction.atomic():
            users = {}
            for username, full_name, role, code, position, criteria in USERS:
                user, _ = User.objects.get_or_create(username=username)
                user.first_name = full_name
                user.set_password(PASSWORD)
                user.save()
                if role == Role.PROVINCE_COORDINATOR:  # today's province
                    unit = Unit.objects.get(
                        kind=UnitKind.PROVINCE, code=code, valid_to__isnull=True
                    )
                else:  # the communes of the 2024 data, before the merger
                    unit = Unit.objects.get(
                        kind=UnitKind.COMMUNE, code=code, valid_to__isnull=False
                    )
                Membership.objects.update_or_create(
                    user=user,
                    role=role,
                    unit=unit,
                    defaults={"position": position, "criteria": criteria, "title": full_name},
                )
                users[username] = user
            phuc_chu = Unit.objects.get(kind=UnitKind.COMMUNE, code="05560")
            officer = users["phucchu.ntm"]
            if not Review.objects.filter(commune=phuc_chu, year=2024).exists():
                review = review_import(
                    actor=officer, commune=phuc_chu, path=str(EXAMPLE / "review.yaml")
                )
                plan_import(actor=officer, review=review, path=str(EXAMPLE / "plan.yaml"))
        self.stdout.write("")
        self.stdout.write(f"Đăng nhập demo (mật khẩu chung / password for all: {PASSWORD}):")
        for username, full_name, role, _code, _position, _criteria in USERS:
            self.stdout.write(f"  {username:22} {Role(role).label}: {full_name}")
