"""The import forms: the files and their options, then the column mapping."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files (an XLSX; or a households CSV and a persons CSV)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xlsx,.csv,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class RegisterUploadForm(forms.Form):
    """The first step: the file(s), the date the rows describe, where they come from."""

    upload = MultipleFileField(
        label=_("Register file"),
        help_text=_(
            "An XLSX with a households sheet and a persons sheet (the template below), a "
            "KoboToolbox export (XLSX) or an ODK Central export (ZIP) of the survey form, or "
            "two CSV files (households, persons)."
        ),
    )
    reference_date = forms.DateField(
        label=_("Reference date of the register"),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        initial=_("The commune's household review list"),
    )
    replace = forms.BooleanField(
        label=_("The file is the whole register: remove the stored households that are not in it"),
        required=False,
    )

    def clean_reference_date(self) -> date:
        value: date = self.cleaned_data["reference_date"]
        if value > date.today():
            raise forms.ValidationError(_("The reference date is in the future."))
        if value.year < 2000:
            raise forms.ValidationError(_("The reference date is before 2000."))
        return value
