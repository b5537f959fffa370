"""What a dossier still lacks before the commune may submit it (interim; replaced by the
core's check once the dossier content is mapped)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ntm.core.catalog import Level
from ntm.core.recognition.revocation import RecognitionRules
from ntm.core.recognition.satisfaction import satisfaction_check
from ntm.core.rules.results import Outcome
from ntm.recognition.models import Dossier, SatisfactionSurvey
from ntm.reviews.selectors import review_evaluate

__all__ = ["dossier_missing_messages"]


def dossier_missing_messages(dossier: Dossier) -> list[str]:
    """The messages of what is missing, in Vietnamese by default; empty when complete."""
    missing: list[str] = []
    result = review_evaluate(dossier.review)
    unmet = [str(c.number) for c in result.criteria if c.outcome is not Outcome.MET]
    if unmet:
        missing.append(_("criteria not met: %(numbers)s") % {"numbers": ", ".join(unmet)})
    survey = SatisfactionSurvey.objects.filter(dossier=dossier).first()
    if survey is None:
        missing.append(_("no satisfaction survey"))
    else:
        check = satisfaction_check(
            RecognitionRules.shipped(),
            Level(dossier.level),
            asked=survey.asked,
            answered=survey.answered,
            satisfied=survey.satisfied,
        )
        if not check.met:
            missing.append(_("residents' satisfaction below the required share"))
    return missing
