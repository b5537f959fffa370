"""The upload form: the request's shape only; the service checks the rest (the indicator
belongs to the criterion, the file's size and type)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EvidenceUploadForm(forms.Form):
    indicator = forms.CharField(
        max_length=16, error_messages={"required": _("Choose the indicator this file proves.")}
    )
    # Empty files reach the service, whose message names the file.
    file = forms.FileField(
        allow_empty_file=True,
        error_messages={
            "required": _("Choose a file to upload."),
            "invalid": _("Choose a file to upload."),
            "missing": _("Choose a file to upload."),
        },
    )
    description = forms.CharField(max_length=500, required=False)
