from tests.web.conftest import *  # noqa
from ntm.reviews.services import reading_record
from ntm.reviews.models import Reading
from ntm.reviews.selectors import review_evaluate

def test_x(phuc_chu_review, officer):
    r = Reading.objects.get(review=phuc_chu_review, criterion=5, indicator="", current=True)
    print(r.cells())
    reading_record(actor=officer, review=phuc_chu_review, criterion=5, indicator="", cells={}, base_id=r.pk)
    res = review_evaluate(phuc_chu_review)
    print([ (c.number, c.outcome.value, c.basis.value) for c in res.criteria])
