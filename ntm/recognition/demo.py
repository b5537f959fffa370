"""The recognition demo: whole chains of recognition (công nhận) built through the services
only, from the data files in ``examples/recognition/`` (``schema: ntm-demo-recognition/1``).

Four chains (QĐ 18/2022/QĐ-TTg; recognition-procedure.md §2, every step [M]):

- ``phuc-chu-2024.yaml``: xã Phúc Chu (05560), xã NTM nâng cao 2024, on the review and plan
  that ``manage.py ntm_demo`` loads: illustrative readings make the 11 criteria the plan lists
  as not met "Đạt", then submit (12/2024, so the district chain) → huyện Định Hóa verifies →
  the province appraises → the coordinator records an illustrative decision;
- ``ngoc-hoi-2024.yaml``: xã Ngọc Hội (case 04, Tuyên Quang), xã NTM: the district's
  verification of 02/7/2024 returns two criteria ("17/19", "must supplement evidence
  files"), the commune corrects them, resubmits, and the dossier goes through;
- ``mai-phu-2024.yaml``: xã Mai Phụ (case 09, Hà Tĩnh), xã NTM kiểu mẫu, recognised directly
  by QĐ 1763/QĐ-UBND (the real number; the day is illustrative);
- ``phu-dinh-2025.yaml``: xã Phú Đình (05602), a commune of Thái Nguyên formed on 1/7/2025, xã
  NTM 2025, wholly illustrative: submitted in 11/2025 under the province chain (no district),
  it stops there (``ends: submitted``) and waits on the province's desk for the coordinator's
  verification, to be walked on by hand.

A chain ends with its dossier recognised unless its file says ``ends: <status>``. The commune
is the unit of that code valid on the day the dossier is opened (the 2025 merger reused codes:
05602 is both the former and the new xã Phú Đình). ``hamlets:`` lists hamlets the commune
officer enters (through :func:`ntm.territories.hamlets.hamlet_create`) when missing.

Every fact of a chain file is either quoted from a source or marked ``illustrative: true``;
every illustrative reading's source starts with :data:`ILLUSTRATIVE_PREFIX` so the workspace
can label it. The workflow's transitions are dated (``at=``) as the file says; readings and
evidence files carry the time the demo ran.

A chain is built in one transaction: all of it or nothing (an evidence file already written
to the storage when a later step fails stays there, as :func:`ntm.evidence.services.
evidence_upload` says). A chain whose dossier exists is skipped, so building twice neither
fails nor duplicates.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from config.env import BASE_DIR
from ntm.core.recognition.workflow import Action, Decision
from ntm.core.rules.results import IndicatorStatus, Outcome
from ntm.core.yamlio import load_yaml
from ntm.evidence.services import evidence_upload
from ntm.recognition.forms import FactsForm
from ntm.recognition.models import Dossier, Recognition, RecognitionLevel
from ntm.recognition.services import (
    dossier_act,
    dossier_create,
    dossier_facts_update,
    recognition_record,
    survey_record,
)
from ntm.recognition.state import dossier_state, dossier_workflow
from ntm.reviews.imports import review_import
from ntm.reviews.models import ILLUSTRATIVE_SOURCE_PREFIX, Reading, Review
from ntm.reviews.selectors import review_evaluate
from ntm.reviews.services import CELLS, reading_record, review_carry_forward
from ntm.territories.hamlets import hamlet_create
from ntm.territories.models import Unit, UnitKind
from ntm.users.models import Membership, Role
from ntm.web.management.commands.ntm_demo import PASSWORD

__all__ = [
    "CHAIN_FILES",
    "DEMO_DIR",
    "ILLUSTRATIVE_PREFIX",
    "ChainOutcome",
    "DemoDataError",
    "chain_build",
    "chain_load",
    "demo_pdf",
    "demo_recognition_build",
]

#: Where the chains' data files are.
DEMO_DIR = BASE_DIR / "examples" / "recognition"

#: The chains, in the order they are built.
CHAIN_FILES = (
    "phuc-chu-2024.yaml",
    "ngoc-hoi-2024.yaml",
    "mai-phu-2024.yaml",
    "phu-dinh-2025.yaml",
)

#: How every illustrative reading's source starts (the workspace labels such readings).
ILLUSTRATIVE_PREFIX = ILLUSTRATIVE_SOURCE_PREFIX

#: The schema of a chain file.
SCHEMA = "ntm-demo-recognition/1"

#: The Vietnamese verb of each workflow action, for the command's report.
ACTION_LABELS: dict[str, str] = {
    Action.SUBMIT: "xã nộp hồ sơ",
    Action.VERIFY: "thẩm tra",
    Action.RETURN: "trả lại hồ sơ",
    Action.RESUBMIT: "xã nộp lại",
    Action.APPRAISE: "thẩm định",
    Action.RECOGNISE: "công nhận",
}

#: The levels as the report names them (QĐ 18/2022/QĐ-TTg), whatever the interface language.
LEVEL_NAMES = {
    "basic": "xã đạt chuẩn NTM",
    "advanced": "xã đạt chuẩn NTM nâng cao",
    "model": "xã NTM kiểu mẫu",
}

#: The dossier's states as the report names them.
STATUS_NAMES = {
    "draft": "đang soạn",
    "submitted": "đã nộp",
    "verified": "đã thẩm tra",
    "returned": "bị trả lại",
    "appraised": "đã thẩm định",
    "recognised": "đã công nhận",
    "refused": "không công nhận",
}

#: How a chain ends unless its file says ``ends:``.
RECOGNISED = "recognised"

#: The facts form's fields a chain file may give (ntm.recognition.forms.FactsForm).
FACT_FIELDS = tuple(FactsForm.base_fields)

#: Called after each step with the step's action and the dossier as it stands (tests use it
#: to check what the dossier allows at that point).
Observer = Callable[[str, Dossier], None]


class DemoDataError(Exception):
    """A chain file that cannot be built: the message names the file and the field."""


@dataclass(frozen=True)
class ChainOutcome:
    """What building one chain did.

    Attributes:
        key: the chain's key ("phuc-chu-2024").
        dossier: the chain's dossier (as stored at the end).
        built: False when the dossier existed and nothing was done.
        lines: what was done, in Vietnamese, one line each.
    """

    key: str
    dossier: Dossier
    built: bool
    lines: tuple[str, ...]


# --- the data file -------------------------------------------------------------------------


def _fail(path: Path, message: str) -> DemoDataError:
    return DemoDataError(f"{path.name}: {message}")


def _date(path: Path, text: object, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(text))
    except ValueError:
        raise _fail(path, f"{where}: '{text}' is not a date (YYYY-MM-DD)") from None


def _moment(path: Path, text: object, where: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(str(text))
    except ValueError:
        raise _fail(path, f"{where}: '{text}' is not a date and time") from None
    if moment.tzinfo is None:
        raise _fail(path, f"{where}: '{text}' has no time zone (+07:00)")
    return moment


def _check_labelled(path: Path, item: Mapping[str, Any], where: str) -> None:
    """A fact is quoted from a source or marked illustrative, never neither."""
    if not item.get("illustrative") and not str(item.get("source", "")).strip():
        raise _fail(path, f"{where}: give its source or mark it illustrative: true")


def _check_reading(path: Path, item: Mapping[str, Any], where: str) -> None:
    _check_labelled(path, item, where)
    if "criterion" not in item:
        raise _fail(path, f"{where}: name the criterion (and the indicator, if any)")
    if item.get("illustrative") and not str(item.get("source", "")).startswith(ILLUSTRATIVE_PREFIX):
        raise _fail(
            path, f"{where}: an illustrative reading's source starts with '{ILLUSTRATIVE_PREFIX}'"
        )


def chain_load(path: Path) -> dict[str, Any]:
    """Read and check a chain file (``schema: ntm-demo-recognition/1``).

    Checks that each fact, reading, hamlet, step and recognition held is quoted from a
    source or marked illustrative; that illustrative readings' sources start with
    :data:`ILLUSTRATIVE_PREFIX`; that dates and times parse (times with their zone); that
    the facts are fields of the dossier's facts form; that ``ends``, when given, is a
    dossier status.

    Raises:
        OSError: the file cannot be read.
        ntm.core.InputError: the YAML is invalid.
        DemoDataError: a check above fails (the message names the file and field).
    """
    data = load_yaml(path.read_text("utf-8"), file=str(path))
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise _fail(path, f"not a {SCHEMA} file")
    for key in ("key", "commune", "year", "level", "review", "opened", "facts", "survey", "steps"):
        if key not in data:
            raise _fail(path, f"'{key}' is missing")
    if data["level"] not in RecognitionLevel.values:
        raise _fail(path, f"level '{data['level']}' is not one of {RecognitionLevel.values}")
    if data.setdefault("ends", RECOGNISED) not in STATUS_NAMES:
        raise _fail(path, f"ends '{data['ends']}' is not one of {list(STATUS_NAMES)}")
    for index, hamlet in enumerate(data.get("hamlets") or []):
        _check_labelled(path, hamlet, f"hamlets[{index}]")
        for key in ("code", "name", "type_name"):
            if key not in hamlet:
                raise _fail(path, f"hamlets[{index}]: '{key}' is missing")
    for index, reading in enumerate(data.get("readings") or []):
        _check_reading(path, reading, f"readings[{index}]")
    for index, held in enumerate(data.get("recognitions_held") or []):
        _check_labelled(path, held, f"recognitions_held[{index}]")
        if "decision_date" in held:
            _date(path, held["decision_date"], f"recognitions_held[{index}].decision_date")
    _check_labelled(path, data["opened"], "opened")
    _moment(path, data["opened"]["at"], "opened.at")
    for name, fact in data["facts"].items():
        if name not in FACT_FIELDS:
            raise _fail(path, f"facts.{name}: not a field of the dossier's facts")
        if not isinstance(fact, dict) or "value" not in fact:
            raise _fail(path, f"facts.{name}: write {{value: …, source: … | illustrative: true}}")
        _check_labelled(path, fact, f"facts.{name}")
    _check_labelled(path, data["survey"], "survey")
    for index, step in enumerate(data["steps"]):
        where = f"steps[{index}]"
        _check_labelled(path, step, where)
        if step["action"] == "correct":
            for number, reading in enumerate(step.get("readings") or []):
                _check_reading(path, reading, f"{where}.readings[{number}]")
            continue
        _moment(path, step["at"], f"{where}.at")
        if "decision" in step:
            _date(path, step["decision"]["date"], f"{where}.decision.date")
    return data


# --- evidence files ------------------------------------------------------------------------


def _ascii(text: str) -> str:
    """The text without diacritics (đ → d), for the PDF's standard font."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch if 32 <= ord(ch) < 127 else "?" for ch in plain)


def _pdf_string(text: str) -> bytes:
    escaped = _ascii(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("ascii")


def demo_pdf(lines: Sequence[str]) -> bytes:
    """A real one-page PDF (A4, Helvetica) showing ``lines``, diacritics removed (the
    standard font has no Vietnamese letters), with a correct cross-reference table."""
    content = bytearray(b"BT /F1 12 Tf 56 780 Td 16 TL\n")
    for line in lines:
        content += b"(" + _pdf_string(line) + b") Tj T*\n"
    content += b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), bytes(content)),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _evidence_targets(
    review: Review, criteria: Sequence[int] | None = None
) -> list[tuple[int, str]]:
    """(criterion, indicator) pairs that need a file for the dossier to be complete: each
    met indicator, and the first indicator of a met criterion that has no met indicator
    (an evidence file is always filed under an indicator)."""
    result = review_evaluate(review)
    targets: list[tuple[int, str]] = []
    for criterion in result.criteria:
        if criterion.outcome is not Outcome.MET:
            continue
        if criteria is not None and criterion.number not in criteria:
            continue
        met = [i.indicator.code for i in criterion.indicators if i.status is IndicatorStatus.MET]
        if met:
            targets.extend((criterion.number, code) for code in met)
        elif criterion.indicators:
            targets.append((criterion.number, criterion.indicators[0].indicator.code))
    return targets


def _evidence_add(
    *,
    actor: User,
    review: Review,
    targets: Sequence[tuple[int, str]],
    description: str,
    suffix: str = "",
) -> int:
    commune = review.commune
    for criterion, indicator in targets:
        name = f"TC{criterion:02d}-{indicator}-minh-hoa{suffix}.pdf"
        data = demo_pdf(
            [
                "MINH HOA (DEMO) - KHONG PHAI HO SO THAT",
                f"{commune.full_name} ({commune.code}), nam {review.year}",
                f"Ho so minh chung: tieu chi {criterion}, chi tieu {indicator}",
                description,
            ]
        )
        evidence_upload(
            actor=actor,
            review=review,
            criterion=criterion,
            indicator=indicator,
            uploaded_file=SimpleUploadedFile(name, data, content_type="application/pdf"),
            description=description,
        )
    return len(targets)


# --- units, users, readings --------------------------------------------------------------


def _unit(kind: str, code: str, ended: bool) -> Unit:
    units = Unit.objects.filter(kind=kind, code=code, valid_to__isnull=not ended)
    unit = units.order_by("-valid_to").first()
    if unit is None:
        raise DemoDataError(f"no {kind} with code {code} ({'ended' if ended else 'current'})")
    return unit


def _units_ensure(spec: Mapping[str, Any]) -> None:
    """Create the case's province, district and commune when missing (fake codes)."""
    province_spec, district_spec, commune_spec = (
        spec["province"],
        spec["district"],
        spec["commune"],
    )
    province, _created = Unit.objects.get_or_create(
        kind=UnitKind.PROVINCE,
        code=province_spec["code"],
        valid_to=None,
        defaults={
            "name": province_spec["name"],
            "type_name": province_spec["type_name"],
            "source": province_spec["source"][:200],
        },
    )
    if province.province_id != province.pk:
        province.province = province
        province.save(update_fields=["province", "updated_at"])
    district, _created = Unit.objects.get_or_create(
        kind=UnitKind.DISTRICT,
        code=district_spec["code"],
        valid_to=datetime.date.fromisoformat(district_spec["ended"]),
        defaults={
            "name": district_spec["name"],
            "type_name": district_spec["type_name"],
            "parent": province,
            "province": province,
            "source": district_spec["source"][:200],
        },
    )
    Unit.objects.get_or_create(
        kind=UnitKind.COMMUNE,
        code=commune_spec["code"],
        valid_to=datetime.date.fromisoformat(commune_spec["ended"]),
        defaults={
            "name": commune_spec["name"],
            "type_name": commune_spec["type_name"],
            "parent": district,
            "province": province,
            "source": commune_spec["source"][:200],
        },
    )


def _commune(path: Path, code: str, day: datetime.date) -> Unit:
    """The commune of ``code`` valid on ``day``: the 2025 merger reused codes (05602 is the
    former xã Phú Đình until 30/6/2025 and the new one from 1/7/2025)."""
    commune = (
        Unit.objects.filter(kind=UnitKind.COMMUNE, code=code)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .first()
    )
    if commune is None:
        raise _fail(
            path, f"no commune {code} on {_day(day)}: run `manage.py ntm_demo --demo` first"
        )
    return commune


def _hamlets_ensure(officer: User, commune: Unit, specs: Sequence[Mapping[str, Any]]) -> int:
    """Enter the hamlets the commune does not have yet, as its officer; how many were."""
    count = 0
    for spec in specs:
        code = str(spec["code"])
        if Unit.objects.filter(kind=UnitKind.HAMLET, code=code, parent=commune).exists():
            continue
        hamlet_create(
            actor=officer,
            commune=commune,
            code=code,
            name=str(spec["name"]),
            type_name=str(spec["type_name"]),
        )
        count += 1
    return count


def _next_line(dossier: Dossier) -> str:
    """Where a chain that stops before the decision leaves its dossier, and who acts next."""
    workflow = dossier_workflow(dossier)
    state = dossier_state(dossier, workflow=workflow)
    text = (
        f"  dừng ở trạng thái “{STATUS_NAMES.get(dossier.status, dossier.status)}” "
        f"(quy trình {dossier.workflow})"
    )
    step = state.next(workflow)
    if step is None:
        return text + "."
    users = sorted(
        Membership.objects.filter(
            role=step.role,
            unit__kind=str(step.level),
            unit__code=state.units.get(step.level, ""),
            unit__valid_to__isnull=True,
        ).values_list("user__username", flat=True)
    )
    return f"{text}; bước tiếp theo, làm bằng tay trong demo: {step.label} ({', '.join(users)})"


def _users_ensure(specs: Sequence[Mapping[str, Any]]) -> None:
    for spec in specs:
        user, _created = User.objects.get_or_create(username=spec["username"])
        user.first_name = spec["full_name"][:150]
        user.set_password(PASSWORD)
        user.save()
        where = spec["unit"]
        unit = _unit(where["kind"], where["code"], bool(where.get("ended")))
        Membership.objects.update_or_create(
            user=user,
            role=Role(spec["role"]),
            unit=unit,
            defaults={"title": spec["full_name"]},
        )


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise DemoDataError(
            f"no user '{username}': run `manage.py ntm_demo --demo` first"
        ) from None


def _reading_add(actor: User, review: Review, spec: Mapping[str, Any]) -> Reading:
    criterion = int(spec["criterion"])
    indicator = str(spec.get("indicator", ""))
    current = Reading.objects.filter(
        review=review, criterion=criterion, indicator=indicator, current=True
    ).first()
    cells = {key: str(spec[key]) for key in CELLS if key in spec}
    return reading_record(
        actor=actor,
        review=review,
        criterion=criterion,
        indicator=indicator,
        cells=cells,
        base_id=current.pk if current else None,
    )


def _facts(path: Path, specs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The facts as the dossier's facts form cleans them, with each fact's label:
    ``illustrative`` (the fields that are) and ``sources`` (field → source quoted)."""
    data: dict[str, str] = {}
    for name, spec in specs.items():
        value = spec["value"]
        if name == "comments":
            data[name] = "\n".join(
                " | ".join([row["source"], row["content"], row.get("response", "")]).rstrip(" |")
                for row in value
            )
        elif name == "debt_items":
            data[name] = "\n".join(f"{row['work']} | {row['amount']}" for row in value)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    form = FactsForm(data=data)
    if not form.is_valid():
        raise _fail(path, f"facts: {form.errors.as_text()}")
    facts = form.facts()
    facts["illustrative"] = sorted(name for name, spec in specs.items() if spec.get("illustrative"))
    facts["sources"] = {
        name: str(spec["source"]) for name, spec in specs.items() if spec.get("source")
    }
    return facts


# --- one chain -----------------------------------------------------------------------------


def _day(moment: datetime.datetime | datetime.date) -> str:
    return f"{moment:%d/%m/%Y}"


def _who(user: User) -> str:
    return user.first_name or user.username


def chain_build(path: Path, *, observer: Observer | None = None) -> ChainOutcome:
    """Build one chain from its file, through the services, in one transaction; skip it
    when the commune's dossier of that level and year exists.

    Needs ``manage.py ntm_demo --demo`` first for Phúc Chu and Phú Đình (their units,
    Phúc Chu's review, officer and coordinator), and ``phuc-chu-2024.yaml`` built before
    chains whose steps name its users. ``observer`` is called after each workflow step. The
    dossier ends recognised, or in the status the file's ``ends`` names.

    Raises:
        DemoDataError: the file is wrong, a unit or user it names is missing, or the
            dossier does not end as the file says (a return that unlocks other criteria
            than those returned, a submission refused as incomplete).
        ntm.territories.hamlets.HamletRefused: a hamlet's code is taken or not the
            commune's.
        ntm.common.errors.Refused: a service refused a step (its message says why).
        django.core.exceptions.PermissionDenied: a user lacks the role the file gives.
    """
    data = chain_load(path)
    key = str(data["key"])
    lines: list[str] = []
    with transaction.atomic():
        if "units" in data:
            _units_ensure(data["units"])
        _users_ensure(data.get("users") or [])
        opened = data["opened"]
        opened_at = _moment(path, opened["at"], "opened.at")
        commune = _commune(path, str(data["commune"]), timezone.localdate(opened_at))
        year, level = int(data["year"]), str(data["level"])
        label = LEVEL_NAMES[level]
        existing = Dossier.objects.filter(commune=commune, level=level, year=year).first()
        if existing is not None:
            return ChainOutcome(
                key,
                existing,
                False,
                (
                    f"{commune.full_name} ({commune.code}): hồ sơ {label} năm {year} đã có "
                    f"({STATUS_NAMES.get(existing.status, existing.status)}), không làm lại.",
                ),
            )
        officer = _user(opened["by"])
        review = _review(path, data, commune, officer)
        lines.append(f"{commune.full_name} ({commune.code}), {label} năm {year}:")
        hamlets = data.get("hamlets") or []
        if hamlets:
            count = _hamlets_ensure(officer, commune, hamlets)
            lines.append(
                f"  nhập {count} thôn, xóm minh họa ({', '.join(str(h['code']) for h in hamlets)})"
            )
        for held in data.get("recognitions_held") or []:
            if not Recognition.objects.filter(
                commune=commune, level=held["level"], year=held["year"]
            ).exists():
                recognition_record(
                    actor=_user(held["recorded_by"]),
                    commune=commune,
                    level=held["level"],
                    year=int(held["year"]),
                    criteria_set=held.get("criteria_set", ""),
                    decision_number=held.get("decision_number", ""),
                    decision_date=datetime.date.fromisoformat(held["decision_date"])
                    if "decision_date" in held
                    else None,
                    source=held["source"],
                )
                lines.append(
                    f"  ghi nhận công nhận đã có: {LEVEL_NAMES[held['level']]} năm "
                    f"{held['year']} ({held.get('decision_number') or 'chưa rõ số quyết định'})"
                )
        readings = data.get("readings") or []
        for spec in readings:
            _reading_add(officer, review, spec)
        if readings:
            lines.append(
                f"  ghi {len(readings)} kết quả tự đánh giá minh họa "
                f"(nguồn: “{ILLUSTRATIVE_PREFIX} …”)"
            )
        dossier = dossier_create(actor=officer, review=review, at=opened_at)
        dossier = dossier_facts_update(
            actor=officer, dossier=dossier, facts=_facts(path, data["facts"])
        )
        survey = data["survey"]
        counts = {
            str(hamlet): (int(a), int(b), int(c)) for hamlet, (a, b, c) in survey["hamlets"].items()
        }
        stored = survey_record(
            actor=officer, dossier=dossier, counts=counts, source=str(survey["source"])
        )
        lines.append(
            f"  mở hồ sơ, nhập thông tin văn bản và khảo sát hài lòng (minh họa): "
            f"{stored.satisfied}/{stored.answered} hộ trả lời hài lòng, {stored.asked} hộ được hỏi"
        )
        description = str(data["evidence"]["description"])
        count = _evidence_add(
            actor=officer, review=review, targets=_evidence_targets(review), description=description
        )
        lines.append(f"  tải lên {count} tệp minh chứng PDF minh họa")
        for step in data["steps"]:
            dossier = _step(path, step, dossier, review, description, lines)
            if observer is not None:
                observer(str(step["action"]), dossier)
        dossier.refresh_from_db()
        ends = str(data["ends"])
        if dossier.status != ends:
            raise _fail(path, f"the chain ends with the dossier {dossier.status}, not {ends}")
        if ends != RECOGNISED:
            lines.append(_next_line(dossier))
    return ChainOutcome(key, dossier, True, tuple(lines))


def _review(path: Path, data: Mapping[str, Any], commune: Unit, officer: User) -> Review:
    spec = data["review"]
    year = int(data["year"])
    if spec.get("loaded_by") == "ntm_demo":
        review = Review.objects.filter(commune=commune, year=year).first()
        if review is None:
            raise _fail(
                path, f"no {year} review of {commune.code}: run `manage.py ntm_demo --demo` first"
            )
        return review
    file = BASE_DIR / str(spec["file"])
    review = Review.objects.filter(commune=commune, year=year).first()
    return review or review_import(actor=officer, commune=commune, path=str(file))


def _step(
    path: Path,
    step: Mapping[str, Any],
    dossier: Dossier,
    review: Review,
    description: str,
    lines: list[str],
) -> Dossier:
    actor = _user(step["by"])
    action = str(step["action"])
    if action == "correct":
        review.refresh_from_db()
        readings = step.get("readings") or []
        criteria = sorted({int(spec["criterion"]) for spec in readings})
        for spec in readings:
            _reading_add(actor, review, spec)
        count = _evidence_add(
            actor=actor,
            review=review,
            targets=_evidence_targets(review, criteria),
            description=f"{description} (bổ sung sau thẩm tra)",
            suffix="-bo-sung",
        )
        lines.append(
            f"  xã sửa các tiêu chí được trả lại ({', '.join(map(str, criteria))}): "
            f"{len(readings)} kết quả minh họa, {count} tệp minh chứng bổ sung"
        )
        return dossier
    at = _moment(path, step["at"], "steps.at")
    reasons = {str(k): " ".join(str(v).split()) for k, v in (step.get("reasons") or {}).items()}
    decision = None
    if "decision" in step:
        decision = Decision(
            str(step["decision"]["number"]), datetime.date.fromisoformat(step["decision"]["date"])
        )
    dossier = dossier_act(
        actor=actor,
        dossier=dossier,
        action=action,
        reasons=reasons or None,
        decision=decision,
        at=at,
    )
    if action == Action.RETURN:
        review.refresh_from_db()
        returned = sorted(int(code) for code in reasons)
        if (
            sorted(review.unlocked_criteria) != returned
            or sorted(int(c) for c in dossier.unlocked_criteria) != returned
        ):
            raise _fail(
                path,
                f"the return of {returned} unlocked {review.unlocked_criteria} of the review",
            )
    text = f"  {_day(at)}: {ACTION_LABELS.get(action, action)} ({_who(actor)})"
    if reasons:
        text += f": tiêu chí {', '.join(reasons)}"
    if decision is not None:
        text += f": Quyết định số {decision.number} ngày {_day(decision.date)}"
        if step["decision"].get("date_illustrative"):
            text += " (số theo nguồn, ngày minh họa)"
    lines.append(text)
    return dossier


def demo_recognition_build(
    files: Sequence[str] = CHAIN_FILES, *, directory: Path = DEMO_DIR
) -> list[ChainOutcome]:
    """Build every chain of :data:`CHAIN_FILES` (see :func:`chain_build`), in order.

    Raises:
        as :func:`chain_build`; the chains built before the failing one stay.
    """
    return [chain_build(directory / name) for name in files]


def demo_next_year(*, commune_code: str = "05560", year: int = 2024) -> str | None:
    """Start Phúc Chu's review of the next year from its recognised review (the recognised
    review stays locked with its dossier; the recognition joins the levels held), so that
    the demo's officer can enter readings and watch the revocation watch move. Returns the
    line to print, or ``None`` when that review exists already or the recognised review is
    missing."""
    review = (
        Review.objects.filter(commune__code=commune_code, year=year, dossiers__status="recognised")
        .select_related("commune")
        .first()
    )
    if (
        review is None
        or Review.objects.filter(
            commune=review.commune, year=year + 1, criteria_set=review.criteria_set
        ).exists()
    ):
        return None
    officer = User.objects.get(username="phucchu.ntm")
    # The nâng cao recognition of 2024 joins the levels held (the revocation watch's sync).
    new = review_carry_forward(actor=officer, review=review, year=year + 1)
    return (
        f"{review.commune.full_name} ({commune_code}): bắt đầu rà soát năm {new.year} từ số liệu "
        f"năm {year} ({new.readings.count()} số liệu); nhập số liệu năm {new.year} để xem "
        "theo dõi thu hồi thay đổi."
    )
