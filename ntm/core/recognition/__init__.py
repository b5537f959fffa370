"""Recognition (công nhận) of a commune under QĐ 18/2022/QĐ-TTg, from data in
``ntm/registers/``: the workflow of the levels that check a dossier (``workflow``), the
rules that keep or revoke a recognition (``revocation``), residents' satisfaction
(``satisfaction``) and its survey (``survey``), and what a dossier holds and still misses
(``dossier``)."""

__all__: list[str] = []
