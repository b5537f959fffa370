"""Vietnamese text order: the alphabet of Vietnamese, not of Unicode code points.

Unicode order puts "Đồng Thịnh" after "Yên Ninh" and "Bình Thành" before "Bạch Thông";
a commune officer expects the order of the Vietnamese alphabet (a ă â b c d đ e ê g h i k
l m n o ô ơ p q r s t u ư v x y), with tones (ngang, huyền, hỏi, ngã, sắc, nặng) deciding
only between words that are otherwise equal.
"""

from __future__ import annotations

import unicodedata

__all__ = ["vietnamese_sort_key"]

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
#: The tone marks, in the order of the tones: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letters(text: str) -> tuple[list[tuple[int, str]], list[int]]:
    primary: list[tuple[int, str]] = []
    tones: list[int] = []
    for character in unicodedata.normalize("NFC", text.casefold()):
        decomposed = unicodedata.normalize("NFD", character)
        base, marks = decomposed[0], decomposed[1:]
        letter = base
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark == "\u0302":
                letter = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            elif mark == "\u0306" and base == "a":
                letter = "ă"
            elif mark == "\u031b":
                letter = {"o": "ơ", "u": "ư"}.get(base, base)
        if base == "đ":
            letter = "đ"
        rank = _RANK.get(letter)
        if rank is not None:
            primary.append((2, f"{rank:02d}"))
        else:  # spaces and punctuation before digits before letters
            primary.append((1, letter) if letter.isalnum() else (0, ""))
        tones.append(tone)
    return primary, tones


def vietnamese_sort_key(text: str) -> tuple[tuple[tuple[int, str], ...], tuple[int, ...], str]:
    """A key that sorts Vietnamese names as a Vietnamese reader expects: by letters in the
    alphabet's order, then by tones, then by the text itself (for a stable order).

    >>> sorted(["Đồng Thịnh", "Yên Ninh", "Bình Thành", "Bạch Thông"], key=vietnamese_sort_key)
    ['Bạch Thông', 'Bình Thành', 'Đồng Thịnh', 'Yên Ninh']
    """
    primary, tones = _letters(text)
    return tuple(primary), tuple(tones), text
