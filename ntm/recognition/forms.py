"""The forms of a dossier: the facts its documents need, a workflow action, the survey's
counts per hamlet. Numbers are read as Vietnamese write them ("12,5"); dates as dd/mm/yyyy
or ISO."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ntm.common.text import control_character_problem
from ntm.core import InputError
from ntm.core.values import parse_decimal

__all__ = ["ActionForm", "FactsForm", "facts_initial", "submission_number_bare"]

_DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _no_control_characters(*, multiline: bool) -> Callable[[str], None]:
    def validate(text: str) -> None:
        # NUL has Django's own message (ProhibitNullCharactersValidator).
        problem = control_character_problem(text.replace("\x00", ""), multiline=multiline)
        if problem:
            raise forms.ValidationError(problem, code="control_character")

    return validate


def _date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(
        input_formats=_DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class FactsForm(forms.Form):
    """What the dossier's documents need that the product does not compute
    (recognition-procedure.md §3 [M]): the submission's number and date, the period the
    report was published for comments, the comments, the meeting, the construction debt."""

    submission_number = forms.CharField(
        label=_("Submission number"),
        help_text=_("The number only, e.g. 86: the document prints 86/TTr-UBND."),
        max_length=50,
        required=False,
    )
    submission_date = _date(label=_("Submission date"), required=False)
    signer_name = forms.CharField(label=_("Signed by (name)"), max_length=100, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100, required=False)
    publication_from = _date(label=_("Published for comments from"), required=False)
    publication_to = _date(label=_("until"), required=False)
    publication_places = forms.CharField(
        label=_("Where it was published"), max_length=500, required=False
    )
    comments = forms.CharField(
        label=_("Comments received: one a line, 'source | content | response'"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        required=False,
    )
    meeting_body = forms.CharField(
        label=_("Who met"),
        help_text=_("E.g. Ban Chỉ đạo xây dựng nông thôn mới xã."),
        max_length=200,
        required=False,
    )
    meeting_date = _date(label=_("Meeting date"), required=False)
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200, required=False)
    meeting_chair = forms.CharField(label=_("Chaired by"), max_length=100, required=False)
    meeting_secretary = forms.CharField(label=_("Secretary"), max_length=100, required=False)
    meeting_invited = forms.IntegerField(label=_("Members invited"), min_value=0, required=False)
    meeting_attended = forms.IntegerField(label=_("Members present"), min_value=0, required=False)
    meeting_votes_total = forms.IntegerField(label=_("Votes cast"), min_value=0, required=False)
    meeting_agreed = forms.IntegerField(label=_("Votes in favour"), min_value=0, required=False)
    meeting_conclusion = forms.CharField(
        label=_("Conclusion of the meeting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    debt_declared = forms.BooleanField(
        label=_("The construction debt has been reviewed"), required=False
    )
    debt_items = forms.CharField(
        label=_("Outstanding construction debt: one work a line, 'work | million đồng'"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
    )
    debt_as_of = _date(label=_("Debt as of"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the form's own copies
            if isinstance(field, forms.CharField):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(_no_control_characters(multiline=multiline))

    def clean_submission_number(self) -> str:
        """The number without the "/TTr-UBND" the document adds, if it was typed."""
        return submission_number_bare(self.cleaned_data["submission_number"])

    def clean_comments(self) -> list[dict[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["comments"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) > 3 or not parts[0] or len(parts) < 2 or not parts[1]:
                raise forms.ValidationError(
                    _("Line %(line)d: write 'source | content | response' (response optional).")
                    % {"line": number}
                )
            rows.append(
                {
                    "source": parts[0],
                    "content": parts[1],
                    "response": parts[2] if len(parts) == 3 else "",
                }
            )
        return rows

    def clean_debt_items(self) -> list[dict[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["debt_items"].splitlines(), start=1):
            if not line.strip():
                continue
            work, separator, amount_text = line.rpartition("|")
            if not separator or not work.strip():
                raise forms.ValidationError(
                    _("Line %(line)d: write 'work | million đồng'.") % {"line": number}
                )
            try:
                amount = parse_decimal(amount_text.strip())
            except InputError:
                raise forms.ValidationError(
                    _("Line %(line)d: '%(text)s' is not an amount in million đồng.")
                    % {"line": number, "text": amount_text.strip()}
                ) from None
            if amount < 0:
                raise forms.ValidationError(
                    _("Line %(line)d: an amount cannot be negative.") % {"line": number}
                )
            rows.append({"work": work.strip(), "amount": str(amount)})
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("publication_from"), data.get("publication_to")
        if start and end and end < start:
            self.add_error("publication_to", _("The end of the period is before its start."))
        invited, attended = data.get("meeting_invited"), data.get("meeting_attended")
        agreed, votes = data.get("meeting_agreed"), data.get("meeting_votes_total")
        if invited is not None and attended is not None and attended > invited:
            self.add_error("meeting_attended", _("More members present than invited."))
        if attended is not None and votes is not None and votes > attended:
            self.add_error("meeting_votes_total", _("More votes cast than members present."))
        cast = votes if votes is not None else attended
        if cast is not None and agreed is not None and agreed > cast:
            self.add_error("meeting_agreed", _("More votes in favour than votes cast."))
        if data.get("debt_items") and not data.get("debt_declared"):
            self.add_error("debt_declared", _("Tick this box when the debt has been reviewed."))
        return data

    def facts(self) -> dict[str, Any]:
        """The cleaned data as the dossier's stored facts (dates ISO, amounts as text)."""
        facts: dict[str, Any] = {}
        for key, value in self.cleaned_data.items():
            if isinstance(value, datetime.date):
                facts[key] = value.isoformat()
            elif isinstance(value, Decimal):
                facts[key] = str(value)
            elif value in ("", None, []) and key not in ("comments", "debt_items"):
                continue
            else:
                facts[key] = value
        return facts


def submission_number_bare(text: str) -> str:
    """ "86/TTr-UBND" → "86": the tờ trình's template writes the type and the issuing
    body's abbreviation after the number (NĐ 30/2020/NĐ-CP, Phụ lục I)."""
    number = text.strip()
    head, slash, tail = number.partition("/")
    if slash and tail.replace(" ", "").upper() == "TTR-UBND":
        return head.strip()
    return number


def facts_initial(facts: dict[str, Any]) -> dict[str, Any]:
    """The stored facts as the form's initial values."""
    initial = dict(facts)
    initial["comments"] = "\n".join(
        " | ".join(
            [row["source"], row["content"]] + ([row["response"]] if row.get("response") else [])
        )
        for row in facts.get("comments", [])
    )
    initial["debt_items"] = "\n".join(
        f"{row['work']} | {row['amount'].replace('.', ',')}" for row in facts.get("debt_items", [])
    )
    return initial


class ActionForm(forms.Form):
    """A workflow action; the reasons per criterion come as ``reason-<number>`` fields."""

    action = forms.CharField(max_length=64)
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=100,
        required=False,
        validators=[_no_control_characters(multiline=False)],
    )
    decision_date = _date(label=_("Decision date"), required=False)

    def errors_text(self) -> str:
        """The form's errors in one line, each after its field's label ("Số quyết định:
        …"); the action's own error alone (an action the page never offers)."""
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else None
            text = " ".join(str(error) for error in errors)
            parts.append(f"{label}: {text}" if label else text)
        return "; ".join(parts)
