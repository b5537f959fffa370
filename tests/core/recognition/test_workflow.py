"""The recognition workflow as data, and its state machine (ntm.core.recognition.workflow).

The chains are recognition-procedure.md §2 [M]: commune → district → province until
30/6/2025, commune → province from 1/7/2025. Unit codes are illustrative: commune 05500,
district 164, province 19 (Thái Nguyên).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from ntm.core.exceptions import CatalogError
from ntm.core.recognition.workflow import (
    DRAFT,
    RETURNED,
    Decision,
    DossierState,
    Level,
    Workflow,
    WorkflowError,
    WorkflowErrorCode,
    WorkflowRegistry,
    apply,
)

VN = timezone(timedelta(hours=7))
COMMUNE, DISTRICT, PROVINCE = "05500", "164", "19"
CRITERIA = tuple(str(number) for number in range(1, 20))

# role, level, unit of each actor
OFFICER = ("commune_officer", Level.COMMUNE, COMMUNE)
VERIFIER = ("district_verifier", Level.DISTRICT, DISTRICT)
COORDINATOR = ("province_coordinator", Level.PROVINCE, PROVINCE)
APPRAISER = ("province_appraiser", Level.PROVINCE, PROVINCE)
# The decision step is recorded by the coordination office (the chairman signs on paper).
CHAIR = ("province_coordinator", Level.PROVINCE, PROVINCE)


def at(day: int, month: int = 9, year: int = 2024) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=VN)


def act(
    workflow: Workflow,
    state: DossierState,
    action: str,
    who: tuple[str, Level, str],
    when: datetime,
    **extra: Any,
) -> DossierState:
    role, level, unit = who
    return apply(
        workflow,
        state,
        action,
        actor_id=f"user-{role}",
        actor_role=role,
        actor_level=level,
        actor_unit=unit,
        at=when,
        **extra,
    )


@pytest.fixture
def registry() -> WorkflowRegistry:
    return WorkflowRegistry.shipped()


@pytest.fixture
def district_chain(registry: WorkflowRegistry) -> Workflow:
    return registry.for_date(date(2024, 9, 2))


def draft(workflow: Workflow) -> DossierState:
    return DossierState.start(
        workflow, commune=COMMUNE, district=DISTRICT, province=PROVINCE, criteria=CRITERIA
    )


def submitted(workflow: Workflow) -> DossierState:
    return act(workflow, draft(workflow), "submit", OFFICER, at(2))


# --- the data -------------------------------------------------------------------------------


def test_shipped_file_loads_with_both_chains_unverified(registry: WorkflowRegistry) -> None:
    assert [workflow.id for workflow in registry.workflows] == [
        "qd-18-2022-district",
        "qd-18-2022-province",
    ]
    assert all(not workflow.verified for workflow in registry.workflows)
    assert registry.get("qd-18-2022-district").valid_to == date(2025, 6, 30)
    assert registry.get("qd-18-2022-province").valid_from == date(2025, 7, 1)
    assert registry.extra_steps == {}


@pytest.mark.parametrize(
    ("day", "expected", "verifier"),
    [
        (date(2022, 8, 2), "qd-18-2022-district", ("district", "district_verifier")),
        (date(2025, 6, 30), "qd-18-2022-district", ("district", "district_verifier")),
        (date(2025, 7, 1), "qd-18-2022-province", ("province", "province_coordinator")),
        (date(2026, 3, 1), "qd-18-2022-province", ("province", "province_coordinator")),
    ],
)
def test_chain_by_submission_date(
    registry: WorkflowRegistry, day: date, expected: str, verifier: tuple[str, str]
) -> None:
    workflow = registry.for_date(day)
    assert workflow.id == expected
    assert [step.id for step in workflow.steps] == ["submit", "verify", "appraise", "recognise"]
    verify = workflow.step("verify")
    assert (verify.level, verify.role) == verifier
    assert [step.may_return for step in workflow.steps] == [False, True, True, False]
    assert [step.decision for step in workflow.steps] == [False, False, False, True]


def test_no_chain_before_qd_18_2022(registry: WorkflowRegistry) -> None:
    with pytest.raises(
        CatalogError, match="no recognition workflow applies to a dossier submitted on 2022-08-01"
    ):
        registry.for_date(date(2022, 8, 1))


# --- the whole chain -----------------------------------------------------------------------


def test_happy_path_with_the_district(district_chain: Workflow) -> None:
    state = draft(district_chain)
    assert (state.status, state.locked, state.is_editable("17")) == (DRAFT, False, True)
    state = act(district_chain, state, "submit", OFFICER, at(2))
    assert (state.status, state.locked, state.is_editable("17")) == ("submitted", True, False)
    state = act(district_chain, state, "verify", VERIFIER, at(20))
    state = act(district_chain, state, "appraise", APPRAISER, at(15, 10))
    decision = Decision("1763/QĐ-UBND", date(2024, 10, 15))
    state = act(
        district_chain,
        state,
        "recognise",
        CHAIR,
        at(15, 10) + timedelta(hours=3),
        decision=decision,
    )
    assert state.status == "recognised"
    assert state.closed and state.decision == decision
    assert state.next(district_chain) is None
    assert [(t.action, t.actor.level, t.actor.unit, t.at.date()) for t in state.history] == [
        ("submit", "commune", COMMUNE, date(2024, 9, 2)),
        ("verify", "district", DISTRICT, date(2024, 9, 20)),
        ("appraise", "province", PROVINCE, date(2024, 10, 15)),
        ("recognise", "province", PROVINCE, date(2024, 10, 15)),
    ]
    assert state.history[0].actor.user == "user-commune_officer"


def test_happy_path_after_the_merger(registry: WorkflowRegistry) -> None:
    workflow = registry.for_date(date(2025, 9, 1))
    state = DossierState.start(workflow, commune=COMMUNE, province=PROVINCE)
    assert Level.DISTRICT not in state.units
    state = act(workflow, state, "submit", OFFICER, at(1, 9, 2025))
    state = act(workflow, state, "verify", COORDINATOR, at(10, 9, 2025))
    state = act(workflow, state, "appraise", APPRAISER, at(1, 10, 2025))
    state = act(
        workflow,
        state,
        "recognise",
        CHAIR,
        at(3, 10, 2025),
        decision=Decision("2001/QĐ-UBND", date(2025, 10, 2)),
    )
    assert state.status == "recognised"
    assert [t.step for t in state.history] == ["submit", "verify", "appraise", "recognise"]


def test_district_chain_needs_the_district(district_chain: Workflow) -> None:
    with pytest.raises(WorkflowError, match="needs the commune's district"):
        DossierState.start(district_chain, commune=COMMUNE, province=PROVINCE)


# --- returns -------------------------------------------------------------------------------


def test_return_unlocks_exactly_the_returned_criteria_then_resubmit(
    district_chain: Workflow,
) -> None:
    state = submitted(district_chain)
    reasons = {
        "5": "Thiếu biên bản nghiệm thu trường học",
        "17": "Tỷ lệ thu gom rác chưa có minh chứng",
    }
    state = act(district_chain, state, "return", VERIFIER, at(10), reasons=reasons)
    assert state.status == RETURNED
    assert state.unlocked_criteria == {"5", "17"}
    assert state.locked
    assert [c for c in CRITERIA if state.is_editable(c)] == ["5", "17"]
    assert state.history[-1].criteria == ("5", "17")
    assert state.history[-1].reasons == reasons
    # only a resubmission moves it on
    with pytest.raises(WorkflowError, match="must be resubmitted first"):
        act(district_chain, state, "verify", VERIFIER, at(11))
    state = act(district_chain, state, "resubmit", OFFICER, at(12))
    assert (state.status, state.unlocked_criteria) == ("submitted", frozenset())
    assert [c for c in CRITERIA if state.is_editable(c)] == []
    # back to the same verifying step
    assert state.next(district_chain) == district_chain.step("verify")
    assert state.history[-1].step == "verify"
    state = act(district_chain, state, "verify", VERIFIER, at(20))
    assert state.status == "verified"


def test_return_by_the_province_comes_back_to_the_appraisal(district_chain: Workflow) -> None:
    state = act(district_chain, submitted(district_chain), "verify", VERIFIER, at(10))
    state = act(
        district_chain, state, "return", APPRAISER, at(11), reasons={"13": "Chưa có hợp tác xã"}
    )
    state = act(district_chain, state, "resubmit", OFFICER, at(12))
    assert (state.status, state.next(district_chain)) == (
        "verified",
        district_chain.step("appraise"),
    )


@pytest.mark.parametrize(
    ("reasons", "code"),
    [
        (None, WorkflowErrorCode.REASONS_REQUIRED),
        ({}, WorkflowErrorCode.REASONS_REQUIRED),
        ({"5": "  "}, WorkflowErrorCode.REASONS_REQUIRED),
        ({"5": "thiếu", "17": ""}, WorkflowErrorCode.REASONS_REQUIRED),
        ({"20": "không có tiêu chí 20"}, WorkflowErrorCode.UNKNOWN_CRITERION),
    ],
)
def test_return_needs_a_reason_for_each_known_criterion(
    district_chain: Workflow, reasons: dict[str, str] | None, code: WorkflowErrorCode
) -> None:
    state = submitted(district_chain)
    with pytest.raises(WorkflowError) as caught:
        act(district_chain, state, "return", VERIFIER, at(10), reasons=reasons)
    assert caught.value.code == code


def test_resubmit_without_a_return_is_refused(district_chain: Workflow) -> None:
    with pytest.raises(
        WorkflowError, match="only a returned dossier can be resubmitted; it is submitted"
    ):
        act(district_chain, submitted(district_chain), "resubmit", OFFICER, at(3))


# --- who acts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(("commune_officer", Level.DISTRICT, DISTRICT), id="wrong role"),
        pytest.param(("district_verifier", Level.PROVINCE, DISTRICT), id="wrong level"),
        pytest.param(("district_verifier", Level.DISTRICT, "165"), id="wrong unit"),
    ],
)
def test_verification_by_another_role_level_or_unit_is_refused(
    district_chain: Workflow, who: tuple[str, Level, str]
) -> None:
    state = submitted(district_chain)
    with pytest.raises(WorkflowError) as caught:
        act(district_chain, state, "verify", who, at(10))
    assert caught.value.code == WorkflowErrorCode.WRONG_ACTOR
    role, level, unit = who
    assert caught.value.message == (
        "verify at step 'verify' (Ủy ban nhân dân huyện thẩm tra hồ sơ và thực tế, trình Ủy ban"
        " nhân dân tỉnh) is done by district_verifier at the district level of unit 164; you act"
        f" as {role} at the {level} level of unit {unit}"
    )


def test_a_step_out_of_order_is_refused(district_chain: Workflow) -> None:
    with pytest.raises(
        WorkflowError, match="appraise is not possible now: the next step is 'verify'"
    ):
        act(district_chain, submitted(district_chain), "appraise", APPRAISER, at(10))


def test_time_cannot_go_back(district_chain: Workflow) -> None:
    with pytest.raises(WorkflowError) as caught:
        act(district_chain, submitted(district_chain), "verify", VERIFIER, at(1))
    assert caught.value.code == WorkflowErrorCode.TIME_ORDER


def test_naive_time_is_a_programming_error(district_chain: Workflow) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        act(district_chain, draft(district_chain), "submit", OFFICER, datetime(2024, 9, 2, 9, 0))


# --- undo ----------------------------------------------------------------------------------


def test_undo_by_another_level_is_refused_by_the_same_level_accepted(
    district_chain: Workflow,
) -> None:
    state = act(district_chain, submitted(district_chain), "verify", VERIFIER, at(10))
    with pytest.raises(WorkflowError) as caught:
        act(district_chain, state, "undo", OFFICER, at(11))
    assert caught.value.code == WorkflowErrorCode.UNDO_FORBIDDEN
    assert (
        "only district_verifier at the district level of unit 164 may undo the last transition (verify of step 'verify')"
        in caught.value.message
    )
    with pytest.raises(WorkflowError, match="only district_verifier"):
        act(district_chain, state, "undo", APPRAISER, at(11))
    state = act(district_chain, state, "undo", VERIFIER, at(11))
    assert state.status == "submitted"
    assert state.next(district_chain) == district_chain.step("verify")
    assert [t.action for t in state.history] == ["submit", "verify", "undo"]
    assert state.history[-1].undoes == 1
    assert [t.action for t in state.effective] == ["submit"]
    # then the commune may undo its own submission, and the dossier is a draft again
    state = act(district_chain, state, "undo", OFFICER, at(12))
    assert (state.status, state.locked, state.effective) == (DRAFT, False, ())
    with pytest.raises(WorkflowError, match="there is nothing to undo"):
        act(district_chain, state, "undo", OFFICER, at(13))


def test_undo_of_a_return_relocks_the_criteria(district_chain: Workflow) -> None:
    state = act(
        district_chain,
        submitted(district_chain),
        "return",
        VERIFIER,
        at(10),
        reasons={"5": "thiếu"},
    )
    state = act(district_chain, state, "undo", VERIFIER, at(11))
    assert (state.status, state.unlocked_criteria) == ("submitted", frozenset())


# --- the decision ---------------------------------------------------------------------------


def appraised(workflow: Workflow) -> DossierState:
    state = act(workflow, submitted(workflow), "verify", VERIFIER, at(10))
    return act(workflow, state, "appraise", APPRAISER, at(15, 10))


def test_decision_date_before_the_appraisal_is_refused(district_chain: Workflow) -> None:
    state = appraised(district_chain)
    with pytest.raises(WorkflowError) as caught:
        act(
            district_chain,
            state,
            "recognise",
            CHAIR,
            at(20, 10),
            decision=Decision("1763/QĐ-UBND", date(2024, 10, 14)),
        )
    assert caught.value.code == WorkflowErrorCode.DECISION_DATE
    assert caught.value.message == (
        "the decision is dated 14/10/2024, before the last step (Hội đồng thẩm định tỉnh"
        " thẩm định hồ sơ) on 15/10/2024"
    )


@pytest.mark.parametrize("decision", [None, Decision(" ", date(2024, 10, 20))])
def test_recognition_needs_the_decision(
    district_chain: Workflow, decision: Decision | None
) -> None:
    with pytest.raises(WorkflowError, match="needs the decision's number and date"):
        act(
            district_chain,
            appraised(district_chain),
            "recognise",
            CHAIR,
            at(20, 10),
            decision=decision,
        )


def test_nothing_after_recognition_but_the_provinces_undo(district_chain: Workflow) -> None:
    state = act(
        district_chain,
        appraised(district_chain),
        "recognise",
        CHAIR,
        at(20, 10),
        decision=Decision("1763/QĐ-UBND", date(2024, 10, 20)),
    )
    with pytest.raises(WorkflowError) as caught:
        act(district_chain, state, "return", CHAIR, at(21, 10), reasons={"5": "x"})
    assert caught.value.code == WorkflowErrorCode.CLOSED
    with pytest.raises(WorkflowError, match="only province_coordinator"):
        act(district_chain, state, "undo", OFFICER, at(21, 10))
    state = act(district_chain, state, "undo", CHAIR, at(21, 10))
    assert (state.status, state.decision, state.closed) == ("appraised", None, False)


def test_refusal_closes_the_dossier(district_chain: Workflow) -> None:
    state = act(
        district_chain,
        appraised(district_chain),
        "refuse",
        CHAIR,
        at(20, 10),
        reasons={"10": "Thu nhập chưa đạt"},
    )
    assert (state.status, state.closed) == ("refused", True)
    with pytest.raises(WorkflowError, match="the dossier is refused"):
        act(district_chain, state, "resubmit", OFFICER, at(21, 10))


def test_refusal_only_at_the_decision_step(district_chain: Workflow) -> None:
    with pytest.raises(WorkflowError, match="only step 'recognise' may refuse"):
        act(
            district_chain,
            submitted(district_chain),
            "refuse",
            VERIFIER,
            at(10),
            reasons={"5": "x"},
        )


def test_the_state_belongs_to_its_workflow(
    registry: WorkflowRegistry, district_chain: Workflow
) -> None:
    other = registry.for_date(date(2025, 7, 1))
    with pytest.raises(WorkflowError) as caught:
        act(other, submitted(district_chain), "verify", COORDINATOR, at(10))
    assert caught.value.code == WorkflowErrorCode.WRONG_WORKFLOW


# --- a province's extra step and bad files ---------------------------------------------------

SHIPPED = Path(__file__).parents[3] / "ntm" / "registers" / "recognition-workflows.yaml"

RECEIVE = """\
provinces:
  "19":
    label: Thái Nguyên
    extra_steps:
      - after: verify
        workflows: [qd-18-2022-district]
        id: receive
        level: province
        role: province_coordinator
        state: received
        may_return: true
        label: Văn phòng Điều phối nông thôn mới tỉnh tiếp nhận, kiểm tra hồ sơ
        source: illustrative
        verified: false
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "workflows.yaml"
    path.write_text(text, "utf-8")
    return path


def test_a_province_adds_a_step(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8").replace("provinces: {}\n", RECEIVE)
    registry = WorkflowRegistry.load(write(tmp_path, text))
    workflow = registry.for_date(date(2024, 9, 2), province_code="19")
    assert workflow.key == "qd-18-2022-district+19"
    assert [step.id for step in workflow.steps] == [
        "submit",
        "verify",
        "receive",
        "appraise",
        "recognise",
    ]
    assert workflow.step("receive").province == "19"
    # other provinces and the chain after the merger (not named) are unchanged
    assert [s.id for s in registry.for_date(date(2024, 9, 2), province_code="20").steps] == [
        "submit",
        "verify",
        "appraise",
        "recognise",
    ]
    assert registry.for_date(date(2025, 7, 1), province_code="19").key == "qd-18-2022-province"
    state = act(workflow, submitted(workflow), "verify", VERIFIER, at(10))
    with pytest.raises(WorkflowError, match="the next step is 'receive'"):
        act(workflow, state, "appraise", APPRAISER, at(11))
    state = act(workflow, state, "receive", COORDINATOR, at(11))
    state = act(workflow, state, "appraise", APPRAISER, at(12))
    assert state.status == "appraised"
    # a state of the plain chain does not fit the province's
    with pytest.raises(
        WorkflowError, match="follows workflow qd-18-2022-district, not qd-18-2022-district\\+19"
    ):
        act(workflow, submitted(registry.for_date(date(2024, 9, 2))), "verify", VERIFIER, at(10))


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "        role: district_verifier\n",
            "",
            "workflows.qd-18-2022-district.steps.verify",
            "'role' is missing",
        ),
        (
            "        level: district\n",
            "        level: county\n",
            "workflows.qd-18-2022-district.steps.verify.level",
            "'county' is not one of ['commune', 'district', 'province']",
        ),
        (
            "      - id: verify\n        level: district",
            "      - id: undo\n        level: district",
            "workflows.qd-18-2022-district.steps.undo.id",
            "should not be valid",
        ),
        (
            'valid_from: "2025-07-01"',
            'valid_from: "2025-06-30"',
            "workflows.qd-18-2022-province.valid_from",
            "both apply on 2025-06-30",
        ),
        (
            'valid_to: "2025-06-30"',
            'valid_to: "2025-06-31"',
            "workflows.qd-18-2022-district.valid_to",
            "'2025-06-31' is not a date",
        ),
        (
            "        decision: true\n        label: Chủ tịch Ủy ban nhân dân tỉnh quyết định công nhận (Văn phòng Điều phối ghi nhận số, ngày quyết định)\n\n",
            "        label: Chủ tịch Ủy ban nhân dân tỉnh quyết định công nhận (Văn phòng Điều phối ghi nhận số, ngày quyết định)\n\n",
            "workflows.qd-18-2022-district.steps.recognise",
            "the last step records the decision",
        ),
        (
            "provinces: {}\n",
            RECEIVE.replace("after: verify", "after: inspect"),
            "provinces.19.extra_steps.receive.after",
            "no step 'inspect' to follow in workflow qd-18-2022-district",
        ),
        (
            "provinces: {}\n",
            RECEIVE.replace("id: receive", "id: appraise"),
            "provinces.19.extra_steps",
            "step 'appraise' appears twice",
        ),
    ],
)
def test_a_bad_file_names_the_field(
    tmp_path: Path, old: str, new: str, field: str, message: str
) -> None:
    text = SHIPPED.read_text("utf-8")
    assert old in text
    path = write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(CatalogError) as caught:
        WorkflowRegistry.load(path)
    assert caught.value.location.file == str(path)
    assert caught.value.location.field == field
    assert message in caught.value.message


def test_times_in_other_zones_compare_as_instants(district_chain: Workflow) -> None:
    state = submitted(district_chain)  # 2024-09-02 09:00 +07:00 = 02:00 UTC
    state = act(district_chain, state, "verify", VERIFIER, datetime(2024, 9, 2, 3, 0, tzinfo=UTC))
    assert state.status == "verified"


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            'valid_to: "2025-06-30"',
            'valid_to: "2022-08-01"',
            "workflows.qd-18-2022-district.valid_to",
            "valid_to 2022-08-01 is before valid_from 2022-08-02",
        ),
        (
            "        state: verified\n",
            "        state: submitted\n",
            "workflows.qd-18-2022-district.steps.verify",
            "state 'submitted' is reached by two steps",
        ),
        (
            "        level: commune\n",
            "        level: district\n",
            "workflows.qd-18-2022-district.steps.submit",
            "the first step is the commune's submission",
        ),
        (
            "        state: appraised\n",
            "        state: appraised\n        decision: true\n",
            "workflows.qd-18-2022-district.steps.appraise.decision",
            "only the last step may record the decision",
        ),
        (
            "provinces: {}\n",
            RECEIVE.replace("[qd-18-2022-district]", "[qd-18-2022-xyz]"),
            "provinces.19.extra_steps.receive.workflows",
            "unknown workflow 'qd-18-2022-xyz'",
        ),
        (
            "provinces: {}\n",
            RECEIVE.replace("after: verify", "after: recognise"),
            "provinces.19.extra_steps.receive.after",
            "a step cannot follow the decision step 'recognise'",
        ),
        (
            "      - id: verify\n",
            "      - idx: verify\n",
            "workflows.qd-18-2022-district.steps[1]",
            "unknown field: 'idx' was unexpected",
        ),
        (
            "schema: ntm-recognition-workflows/1\n",
            "schema: ntm-recognition-workflows/1\nschema: again\n",
            None,
            "appears twice",
        ),
    ],
)
def test_a_file_breaking_a_check_names_the_field(
    tmp_path: Path, old: str, new: str, field: str | None, message: str
) -> None:
    text = SHIPPED.read_text("utf-8")
    assert old in text
    with pytest.raises(CatalogError) as caught:
        WorkflowRegistry.load(write(tmp_path, text.replace(old, new, 1)))
    assert caught.value.location.field == field
    assert message in caught.value.message


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="a catalog file must hold a mapping"):
        WorkflowRegistry.load(write(tmp_path, "- 1\n"))


def test_unknown_ids_are_refused(registry: WorkflowRegistry, district_chain: Workflow) -> None:
    with pytest.raises(CatalogError, match="unknown recognition workflow 'qd-2540'"):
        registry.get("qd-2540")
    with pytest.raises(CatalogError, match="workflow qd-18-2022-district has no step 'receive'"):
        district_chain.step("receive")
    with pytest.raises(CatalogError, match="workflow qd-18-2022-district appears twice"):
        WorkflowRegistry(workflows=(district_chain, district_chain))


def test_reasons_and_decisions_only_where_they_belong(district_chain: Workflow) -> None:
    with pytest.raises(
        WorkflowError, match="reasons are given only with a return or a refusal, not with verify"
    ):
        act(
            district_chain,
            submitted(district_chain),
            "verify",
            VERIFIER,
            at(10),
            reasons={"5": "x"},
        )
    with pytest.raises(WorkflowError, match="a decision is recorded only by step 'recognise'"):
        act(
            district_chain,
            submitted(district_chain),
            "verify",
            VERIFIER,
            at(10),
            decision=Decision("1/QĐ-UBND", date(2024, 9, 10)),
        )
    with pytest.raises(WorkflowError, match="cannot return the dossier"):
        act(
            district_chain,
            appraised(district_chain),
            "return",
            CHAIR,
            at(20, 10),
            reasons={"5": "x"},
        )


def test_a_stored_history_restores_the_same_state(
    district_chain: Workflow, registry: WorkflowRegistry
) -> None:
    """What the application stores (the transitions) folds back to the state apply() made:
    returned for criterion 17 and resubmitted, then verified and undone."""
    state = draft(district_chain)
    state = act(district_chain, state, "submit", OFFICER, at(2))
    state = act(district_chain, state, "return", VERIFIER, at(5), reasons={"17": "thiếu biên bản"})
    returned = state
    state = act(district_chain, state, "resubmit", OFFICER, at(6))
    state = act(district_chain, state, "verify", VERIFIER, at(7))
    state = act(district_chain, state, "undo", VERIFIER, at(8))
    for expected in (returned, state):
        restored = DossierState.restore(district_chain, draft(district_chain), expected.history)
        assert restored == expected
    assert (state.status, state.next_step, state.unlocked_criteria) == ("submitted", 1, frozenset())
    assert returned.unlocked_criteria == frozenset({"17"})
    other = registry.for_date(date(2025, 7, 1))
    with pytest.raises(WorkflowError) as caught:
        DossierState.restore(other, draft(district_chain), state.history)
    assert caught.value.code == WorkflowErrorCode.WRONG_WORKFLOW
