"""Chinese numerals → numbers, in one place (on top of cn2an): counts, amounts, years and dates."""

from __future__ import annotations

# Digit glyphs a year can be written with (二〇二〇, 二○○三 with a white circle, 二零零六).
ZERO_GLYPHS = "〇○零Ｏ０O0"
YEAR_DIGITS = dict(zip("一二三四五六七八九", "123456789")) | dict.fromkeys(ZERO_GLYPHS, "0")


def cn_to_number(s: str) -> int | float | None:
    """Value of a Chinese numeral such as 两万, 三百, 十二, 一千五百; None if it is not one."""
    if not s or not all(c in "零〇一二两三四五六七八九十百千万亿" for c in s):
        return None
    import cn2an  # 0.1 s to import: only where a numeral is read

    try:
        n = cn2an.cn2an(s, "strict" if "两" not in s else "smart")
    except (ValueError, KeyError):
        return None
    return int(n) if n == int(n) else float(n)


def year_value(s: str) -> int | None:
    """A year written digit by digit (二〇二〇, 一九九八); None unless every glyph is a digit."""
    if len(s) != 4 or not all(c in YEAR_DIGITS for c in s):
        return None
    return int("".join(YEAR_DIGITS[c] for c in s))


def small_value(s: str) -> int | None:
    """A month or day: Arabic digits or a Chinese numeral up to 三十一."""
    if s.isdigit():
        return int(s)
    n = cn_to_number(s)
    return int(n) if n is not None and n == int(n) else None
