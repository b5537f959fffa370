"""Signals of the reviews app.

``review_changed`` is sent inside the transaction of every write that changes a review's
current readings, with ``review`` (the Review) and ``actor`` (the User who made the
change), so that listeners (the revocation watch, :mod:`ntm.recognition.watch`) update in
the same transaction.
"""

from django.dispatch import Signal

review_changed = Signal()
