"""The province page: its communes × the criteria, and the same matrix as XLSX. Only the
province's coordinators and viewers (:func:`ntm.users.permissions.require_province`)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ntm.common.http import XLSX, download
from ntm.core import Criterion, Level
from ntm.reviews.presenters import OUTCOME_MARKS, level_word, outcome_label
from ntm.territories.models import Unit, UnitKind
from ntm.territories.selectors import (
    MatrixOptions,
    MatrixRow,
    ProvinceMatrix,
    province_matrix,
    province_matrix_options,
)
from ntm.territories.xlsx import write_province_matrix_xlsx
from ntm.users.permissions import province_coordinated


def province_for(request: HttpRequest, code: str) -> Unit:
    """The province by its official code, if the user coordinates or views it (404 for an
    unknown code, 403 otherwise). The 2025 merger kept some codes ("19" Thái Nguyên before
    and after): the one the user holds a role in, today's first."""
    if "\x00" in code:  # PostgreSQL refuses a NUL in a query; no code holds one
        raise Http404
    candidates = list(
        Unit.objects.filter(kind=UnitKind.PROVINCE, code=code).order_by(
            F("valid_to").desc(nulls_first=True), "-id"
        )
    )
    if not candidates:
        raise Http404
    for province in candidates:
        if province_coordinated(request.user, province):
            return province
    raise PermissionDenied


class MatrixFilterForm(forms.Form):
    """The page's filters (GET); the choices are those the province's data has."""

    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None
    )
    level = forms.ChoiceField(label=gettext_lazy("Level"), required=False)
    criteria_set = forms.ChoiceField(label=gettext_lazy("Criteria set"), required=False)
    district = forms.ChoiceField(
        label=gettext_lazy("District (before 1 July 2025)"), required=False
    )
    reviewed = forms.BooleanField(
        label=gettext_lazy("Only communes with a review"),
        required=False,
        widget=forms.CheckboxInput(attrs={"style": "width:auto"}),
    )

    def __init__(self, data: Any, *, options: MatrixOptions) -> None:
        super().__init__(data)
        self.options = options
        fields: Any = self.fields
        fields["year"].choices = [
            ("", _("Latest review of each commune")),
            *((year, str(year)) for year in options.years),
        ]
        fields["level"].choices = [
            ("", _("All levels")),
            *((level.value, level_word(level)) for level in Level),
        ]
        fields["criteria_set"].choices = [
            ("", _("The set most communes were reviewed against")),
            *((code, name) for code, name, _level in options.criteria_sets),
        ]
        fields["district"].choices = [
            ("", _("All districts")),
            *((unit.code, unit.full_name) for unit in options.districts),
        ]

    def filters(self) -> dict[str, Any]:
        """The valid filters, as :func:`province_matrix` takes them; an invalid field is
        left out (and its error shown on the form)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        district = next(
            (unit for unit in self.options.districts if unit.code == data.get("district")), None
        )
        return {
            "year": data.get("year"),
            "level": Level(data["level"]) if data.get("level") else None,
            "criteria_set": data.get("criteria_set") or None,
            "district": district,
            "reviewed_only": bool(data.get("reviewed")),
        }


@dataclass(frozen=True)
class Cell:
    """One cell of the matrix: the criterion, the outcome ("" without a review), its mark."""

    criterion: Criterion
    outcome: str = ""
    mark: str = ""
    label: str = ""


def _cells(row: MatrixRow, criteria: tuple[Criterion, ...]) -> list[Cell]:
    return [
        Cell(criterion)
        if outcome is None
        else Cell(criterion, outcome.value, OUTCOME_MARKS[outcome], outcome_label(outcome))
        for criterion, outcome in zip(criteria, row.outcomes, strict=True)
    ]


def _matrix(request: HttpRequest, code: str) -> tuple[MatrixFilterForm, ProvinceMatrix]:
    province = province_for(request, code)
    form = MatrixFilterForm(request.GET or None, options=province_matrix_options(province))
    return form, province_matrix(province, **form.filters())


@login_required
@require_safe
def province_page(request: HttpRequest, code: str) -> HttpResponse:
    """The matrix of the province's communes × criteria, the counts, the hardest criteria."""
    form, matrix = _matrix(request, code)
    return render(
        request,
        "territories/province.html",
        {
            "province": matrix.province,
            "form": form,
            "matrix": matrix,
            "rows": [(row, _cells(row, matrix.criteria)) for row in matrix.rows],
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_safe
def province_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The matrix, with the page's filters, as an XLSX workbook."""
    _form, matrix = _matrix(request, code)
    buffer = io.BytesIO()
    write_province_matrix_xlsx(matrix, out=buffer)
    name = f"ma-tran-tieu-chi-{matrix.province.code}"
    if matrix.year:
        name += f"-{matrix.year}"
    return download(buffer.getvalue(), f"{name}.xlsx", XLSX)
