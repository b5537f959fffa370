"""Recognition (công nhận) of a commune under QĐ 18/2022/QĐ-TTg: the workflow of the
levels that check a dossier (``workflow``) and the rules that keep or revoke a recognition
(``revocation``), both read from data in ``ntm/registers/``."""

__all__: list[str] = []
