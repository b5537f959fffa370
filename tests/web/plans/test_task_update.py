"""Updating a task: who may, what is written (note, status, audit event), and bad input."""

from __future__ import annotations

from django.contrib.auth.models import User

from ntm.audit.models import AuditEvent
from ntm.plans.models import Plan, TaskNote, TaskStatus
from tests.web.conftest import client_for
from tests.web.plans.conftest import MY_TASKS_URL, PLAN_URL, in_english, task_of, task_url

LABOUR = "cong-chuc-van-hoa-xa-hoi"
HOUSING = "cong-chuc-dia-chinh-xay-dung"
ENVIRONMENT = "cong-chuc-dia-chinh-nong-nghiep-moi-truong"
NOTE = "Đã rà soát 412 lao động trong độ tuổi, 38 người cần đào tạo nghề."


def _task_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="task.update"))


def test_the_labour_official_updates_the_labour_task(
    labour_official: User, phuc_chu_plan: Plan
) -> None:
    task = task_of(phuc_chu_plan, LABOUR)
    response = client_for(labour_official).post(
        task_url(task), {"status": "doing", "note": f"  {NOTE}  "}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{PLAN_URL}#task-{task.pk}"
    task.refresh_from_db()
    assert task.status == TaskStatus.DOING
    note = TaskNote.objects.get(task=task)
    assert (note.text, note.status, note.author) == (NOTE, "doing", labour_official)


def test_the_update_writes_an_audit_event_with_the_status_before_and_after(
    labour_official: User, phuc_chu_plan: Plan
) -> None:
    task = task_of(phuc_chu_plan, LABOUR)
    client = client_for(labour_official)
    client.post(task_url(task), {"status": "doing", "note": NOTE})
    client.post(task_url(task), {"status": "done", "note": "Hồ sơ tiêu chí 12 đã hoàn thiện."})
    events = _task_events()  # newest first
    assert [(e.before, e.after) for e in events] == [
        ({"status": "doing"}, {"status": "done", "note": "Hồ sơ tiêu chí 12 đã hoàn thiện."}),
        ({"status": "todo"}, {"status": "doing", "note": NOTE}),
    ]
    assert all(e.actor == labour_official for e in events)
    assert all(e.unit == phuc_chu_plan.commune for e in events)
    assert events[0].target_type == "task"
    assert events[0].target_id == str(task.pk)
    assert events[0].summary == "2024 Công chức Văn hóa - Xã hội"


def test_the_labour_official_cannot_update_the_housing_task(
    labour_official: User, phuc_chu_plan: Plan
) -> None:
    task = task_of(phuc_chu_plan, HOUSING)
    response = client_for(labour_official).post(
        task_url(task), {"status": "done", "note": NOTE}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO
    assert not TaskNote.objects.exists()
    assert _task_events() == []


def test_the_officer_updates_any_task(officer: User, phuc_chu_plan: Plan) -> None:
    client = client_for(officer)
    for position in (LABOUR, HOUSING, ENVIRONMENT, "truong-xom"):
        task = task_of(phuc_chu_plan, position)
        response = client.post(task_url(task), {"status": "done", "note": f"Xong: {position}"})
        assert response.status_code == 302
        task.refresh_from_db()
        assert task.status == TaskStatus.DONE
    assert TaskNote.objects.count() == 4
    assert len(_task_events()) == 4


def test_htmx_gets_the_updated_row(labour_official: User, phuc_chu_plan: Plan) -> None:
    task = task_of(phuc_chu_plan, LABOUR)
    response = client_for(labour_official).post(
        task_url(task), {"status": "doing", "note": NOTE}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith(f'<tbody id="task-{task.pk}">')
    assert html.endswith("</tbody>")
    assert NOTE in html
    assert "phucchu.vhxh" in html  # the note's author
    assert "<html" not in html


def test_a_note_without_a_status_change_is_recorded(
    labour_official: User, phuc_chu_plan: Plan
) -> None:
    task = task_of(phuc_chu_plan, LABOUR)
    response = client_for(labour_official).post(task_url(task), {"status": "todo", "note": NOTE})
    assert response.status_code == 302
    assert TaskNote.objects.get(task=task).text == NOTE
    assert [(e.before, e.after) for e in _task_events()] == [
        ({"status": "todo"}, {"status": "todo", "note": NOTE})
    ]


def test_an_unknown_status_is_refused_on_the_form(
    labour_official: User, phuc_chu_plan: Plan
) -> None:
    task = task_of(phuc_chu_plan, LABOUR)
    response = client_for(labour_official).post(
        task_url(task), {"status": "finished", "note": NOTE}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert "finished" in html  # Django's "finished is not one of the available choices"
    assert NOTE in html  # what was typed stays in the form
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO
    assert not TaskNote.objects.exists()
    assert _task_events() == []


def test_marking_done_without_a_note_is_refused(labour_official: User, phuc_chu_plan: Plan) -> None:
    task = task_of(phuc_chu_plan, LABOUR)
    response = in_english(client_for(labour_official)).post(
        task_url(task), {"status": "done", "note": "  "}
    )
    assert response.status_code == 422
    assert "Write a progress note" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO
    assert not TaskNote.objects.exists()
    assert _task_events() == []


def test_htmx_bad_input_comes_back_in_the_row(labour_official: User, phuc_chu_plan: Plan) -> None:
    task = task_of(phuc_chu_plan, LABOUR)
    response = in_english(client_for(labour_official)).post(
        task_url(task), {"status": "done", "note": ""}, HTTP_HX_REQUEST="true"
    )
    # htmx swaps only 2xx responses: the row with the form's error comes back as 200.
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith(f'<tbody id="task-{task.pk}">')
    assert "Write a progress note" in html
    assert "<details open>" in html
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO
    assert _task_events() == []


def test_a_task_of_another_plan_year_is_not_found(officer: User, phuc_chu_plan: Plan) -> None:
    task = task_of(phuc_chu_plan, LABOUR)
    response = client_for(officer).post(
        f"/xa/05560/2023/ke-hoach/viec/{task.pk}/", {"status": "done", "note": NOTE}
    )
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO


def test_an_update_from_my_tasks_returns_to_my_tasks(
    labour_official: User, phuc_chu_plan: Plan
) -> None:
    task = task_of(phuc_chu_plan, LABOUR)
    client = client_for(labour_official)
    response = client.post(task_url(task), {"status": "doing", "note": NOTE, "view": "mine"})
    assert response.status_code == 302
    assert response["Location"] == MY_TASKS_URL
    response = client.post(
        task_url(task), {"status": "doing", "note": NOTE, "view": "mine"}, HTTP_HX_REQUEST="true"
    )
    assert (
        '<a href="/xa/05560~20250701/2024/ke-hoach/#task-' in response.content.decode()
    )  # year column


def test_the_update_url_takes_only_post(officer: User, phuc_chu_plan: Plan) -> None:
    task = task_of(phuc_chu_plan, LABOUR)
    assert client_for(officer).get(task_url(task)).status_code == 405
