"""Vietnamese alphabetical order, as a commune officer reads a list of communes."""

from ntm.core.text import vietnamese_sort_key


def test_communes_of_thai_nguyen_sort_in_the_vietnamese_alphabet() -> None:
    names = ["Yên Ninh", "Phổ Yên", "Đồng Thịnh", "Bình Thành", "Pác Nặm", "Bạch Thông", "Bảo Linh"]
    assert sorted(names, key=vietnamese_sort_key) == [
        "Bạch Thông",
        "Bảo Linh",
        "Bình Thành",
        "Đồng Thịnh",
        "Pác Nặm",
        "Phổ Yên",
        "Yên Ninh",
    ]


def test_letters_with_marks_follow_their_base_and_tones_break_ties() -> None:
    assert sorted(
        ["Ân", "Ăn", "An", "Dương", "Đông", "Ơn", "Ôn", "On"], key=vietnamese_sort_key
    ) == [
        "An",
        "Ăn",
        "Ân",
        "Dương",
        "Đông",
        "On",
        "Ôn",
        "Ơn",
    ]
    # Tones only decide between words spelled alike: ngang, huyền, hỏi, ngã, sắc, nặng.
    assert sorted(["má", "mạ", "mà", "ma", "mã", "mả"], key=vietnamese_sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    # Decomposed input sorts like composed input.
    import unicodedata

    assert (
        vietnamese_sort_key(unicodedata.normalize("NFD", "Đồng"))[:2]
        == vietnamese_sort_key("Đồng")[:2]
    )
