"""The yearly plan (kế hoạch) as a DOCX: the plan's decisions, the review's lists.

The body follows the seed plan (``shared/seed/000_900349470cd22162.txt``) section by section:

- the legal bases ("Căn cứ …;") and the lead-in sentence;
- I. MỤC ĐÍCH, YÊU CẦU: 1. Mục đích, 2. Yêu cầu;
- II. NỘI DUNG KẾ HOẠCH: 1. Nhiệm vụ chung; 2. Nhiệm vụ cụ thể: the criteria met and not
  met (from the review, never from the plan), the year's targets, the solutions, and the
  measures of each target;
- III. TỔ CHỨC THỰC HIỆN: one numbered item per assignment, in the plan's order;
- the closing sentence ending in "./.", the recipients and the signature block.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ntm.core.catalog import CriteriaSet, Level
from ntm.core.exceptions import Location
from ntm.core.i18n import language
from ntm.core.io.plan_yaml import LoadedPlan
from ntm.core.plan import Assignment, Plan, assignment_values, criterion_label, expand_text
from ntm.core.rules.results import Outcome
from ntm.documents.render import Block, end_sentence, render_template, shipped_template

__all__ = ["header_context", "keep_year_together", "plan_blocks", "plan_context", "render_plan"]

#: How a level is named after "tiêu chí" in the plan's headings.
LEVEL_WORDS = {
    Level.BASIC: "nông thôn mới",
    Level.ADVANCED: "nâng cao",
    Level.MODEL: "kiểu mẫu",
    Level.MODERN: "hiện đại",
}

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def render_plan(loaded: LoadedPlan, *, template: bytes | str | None = None) -> bytes:
    """The plan as DOCX bytes, from the shipped template or a user's (a path).

    Raises:
        InputError: a user's template that is not a DOCX or has broken tags.
    """
    return render_template(template or shipped_template("ke-hoach.docx"), plan_context(loaded))


def keep_year_together(text: str, year: int) -> str:
    """The text with a no-break space in "năm 2024" (and "NĂM 2024"), so that a title never
    ends with the year alone on its last line."""
    for word in ("năm", "NĂM"):
        text = text.replace(f"{word} {year}", f"{word}\u00a0{year}")
    return text


def header_context(plan: Plan) -> dict[str, Any]:
    """The header, title and signature facts shared by every document of a commune."""
    body = plan.issuing_body
    recipients = [item.rstrip(" ;.") for item in plan.recipients]
    return {
        "body": {
            "parent": body.parent or "",
            "name": body.name,
            "unit": body.unit,
            "abbreviation": body.abbreviation,
        },
        # A blank number leaves room for the clerk, as "Số:      /KH-UBND".
        "number": plan.number if plan.number else "\u00a0" * 6,
        "dated_line": plan.date.dated_line(plan.place),
        "subject": keep_year_together(plan.subject, plan.year),
        "recipients": [
            f"{item}." if index == len(recipients) - 1 else f"{item};"
            for index, item in enumerate(recipients)
        ],
        "signature_lines": list(plan.signature.lines()),
        "signer": plan.signature.name,
    }


def plan_context(loaded: LoadedPlan) -> dict[str, Any]:
    """Everything the plan template needs: the header facts and the body ``blocks``, with
    the placeholders of the plan's texts filled in."""
    with language("vi"):
        loaded = replace(loaded, plan=_expanded(loaded.plan))
        context = header_context(loaded.plan)
        context["blocks"] = plan_blocks(loaded)
    return context


def _expanded(plan: Plan) -> Plan:
    """The plan with ``{year}`` and ``{target_count}`` filled in its general texts (the
    assignments' texts are filled where they are written, with their own values)."""
    values = plan.values()

    def fill(text: str, field: str) -> str:
        return expand_text(text, values, location=Location(file=plan.file, field=field))

    return replace(
        plan,
        subject=fill(plan.subject, "subject"),
        preamble=fill(plan.preamble, "preamble"),
        purposes=tuple(fill(t, "purposes") for t in plan.purposes),
        requirements=tuple(fill(t, "requirements") for t in plan.requirements),
        general_tasks=tuple(fill(t, "general_tasks") for t in plan.general_tasks),
        solutions=tuple(fill(t, "solutions") for t in plan.solutions),
        targets=tuple(
            replace(target, measures=tuple(fill(t, "measures") for t in target.measures))
            for target in plan.targets
        ),
    )


def plan_blocks(loaded: LoadedPlan) -> list[Block]:
    """The body paragraphs of the plan, in order (see the module docstring)."""
    plan, result = loaded.plan, loaded.review
    criteria_set = result.criteria_set
    level = LEVEL_WORDS[criteria_set.level]
    blocks: list[Block] = [
        Block("body", f"Căn cứ {citation.text()};") for citation in plan.legal_bases
    ]
    if plan.preamble:
        blocks.append(Block("body", end_sentence(plan.preamble)))
    sections = [
        _purposes(plan),
        _content(loaded, criteria_set, level),
        _organisation(plan, criteria_set),
    ]
    for number, (title, section) in enumerate(
        (section for section in sections if section[1]), start=0
    ):
        blocks.append(Block("h1", f"{_ROMAN[number]}. {title}"))
        blocks.extend(section)
    subject = plan.subject[:1].lower() + plan.subject[1:]
    blocks.append(Block("closing", f"Trên đây là Kế hoạch {subject}./."))
    return blocks


def _items(texts: tuple[str, ...]) -> list[Block]:
    return [Block("item", f"- {end_sentence(text)}") for text in texts]


def _paragraphs(texts: tuple[str, ...]) -> list[Block]:
    return [Block("body", end_sentence(text)) for text in texts]


def _purposes(plan: Plan) -> tuple[str, list[Block]]:
    blocks: list[Block] = []
    parts = (("Mục đích:", plan.purposes), ("Yêu cầu:", plan.requirements))
    for number, (title, texts) in enumerate(((t, x) for t, x in parts if x), start=1):
        blocks.append(Block("h2", f"{number}. {title}"))
        blocks.extend(_items(texts))
    return "MỤC ĐÍCH, YÊU CẦU", blocks


def _numbered(criteria_set: CriteriaSet, numbers: list[int]) -> list[Block]:
    return [
        Block("item", f"{index}. {criterion_label(criteria_set, number)}")
        for index, number in enumerate(numbers, start=1)
    ]


def _content(loaded: LoadedPlan, criteria_set: CriteriaSet, level: str) -> tuple[str, list[Block]]:
    plan, result = loaded.plan, loaded.review
    blocks: list[Block] = []
    sub = 0
    if plan.general_tasks:
        sub += 1
        blocks.append(Block("h2", f"{sub}. Nhiệm vụ chung"))
        blocks.extend(_paragraphs(plan.general_tasks))
    sub += 1
    blocks.append(Block("h2", f"{sub}. Nhiệm vụ cụ thể"))
    met = result.numbers(Outcome.MET)
    not_met = result.numbers(Outcome.NOT_MET)
    undecided = result.numbers(Outcome.UNDECIDED)
    blocks.append(
        Block(
            "h3", f"- Rà soát các chỉ tiêu NTM đã đạt tiêu chí {level} gồm {len(met):02d} tiêu chí:"
        )
    )
    blocks.extend(_numbered(criteria_set, met))
    blocks.append(Block("h3", f"- Các tiêu chí chưa đạt gồm {len(not_met):02d} tiêu chí:"))
    blocks.extend(_numbered(criteria_set, not_met))
    if undecided:
        blocks.append(
            Block("h3", f"- Các tiêu chí chưa đánh giá được gồm {len(undecided):02d} tiêu chí:")
        )
        blocks.extend(_numbered(criteria_set, undecided))
    targets = [target.criterion for target in plan.targets]
    if targets:
        blocks.append(
            Block(
                "h3",
                f"- Các tiêu chí thực hiện đạt {level} năm {plan.year} gồm các tiêu chí sau:",
            )
        )
        blocks.extend(_numbered(criteria_set, targets))
    if plan.solutions:
        blocks.append(Block("h3", "- Giải pháp thực hiện các tiêu chí chưa đạt"))
        blocks.extend(_paragraphs(plan.solutions))
    if targets:
        blocks.append(Block("h3", f"- Hoàn thành {len(targets):02d} tiêu chí đạt {level} gồm:"))
        for target in plan.targets:
            blocks.append(
                Block("criterion", f"* {criterion_label(criteria_set, target.criterion)}")
            )
            blocks.extend(_paragraphs(target.measures))
    return "NỘI DUNG KẾ HOẠCH", blocks


def _organisation(plan: Plan, criteria_set: CriteriaSet) -> tuple[str, list[Block]]:
    blocks: list[Block] = []
    for number, assignment in enumerate(plan.assignments, start=1):
        position = plan.position(assignment.position)
        assert position is not None  # check_plan refused unknown positions
        blocks.append(Block("h2", f"{number}. {position.label}"))
        blocks.extend(
            Block("body", text) for text in _assignment_texts(plan, assignment, criteria_set)
        )
    return "TỔ CHỨC THỰC HIỆN", blocks


def _assignment_texts(plan: Plan, assignment: Assignment, criteria_set: CriteriaSet) -> list[str]:
    """The assignment's tasks with their placeholders filled; the criteria and the deadline
    are added in a closing sentence when no task names them, so no decision is lost."""
    values = assignment_values(plan, assignment, criteria_set)
    texts = [
        end_sentence(expand_text(text, values, location=assignment.location))
        for text in assignment.tasks
    ]
    says_criteria = any("{criteria}" in text for text in assignment.tasks)
    says_deadline = any("{deadline}" in text for text in assignment.tasks)
    extra = []
    if assignment.criteria and not says_criteria:
        extra.append(f"Phụ trách {values['criteria']}")
    if assignment.deadline is not None and not says_deadline:
        extra.append(f"hoàn thành vào {values['deadline']}")
    if extra:
        sentence = ", ".join(extra)
        texts.append(end_sentence(sentence[:1].upper() + sentence[1:]))
    return texts
