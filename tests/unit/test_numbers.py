"""The one parser of user-sent numbers: ASCII digits only, in range."""

from services.numbers import DB_ID_MAX, parse_id, parse_int


def test_ascii_digits_in_range_only() -> None:
    assert parse_id("123") == 123
    assert parse_id(str(DB_ID_MAX)) == DB_ID_MAX
    for bad in ("¹²³", "١٢٣", "０", " 5", "5 ", "+5", "5.0", "", "0", str(DB_ID_MAX + 1), "9" * 40):
        assert parse_id(bad) is None, bad
    assert parse_id(None) is None


def test_signed_and_bounds() -> None:
    assert parse_int("-100123", signed=True, lo=-(2**63)) == -100123
    assert parse_int("-5") is None
    assert parse_int("-", signed=True) is None
    assert parse_int("24", lo=0, hi=23) is None
    assert parse_int("23", lo=0, hi=23) == 23
