"""Identity numbers (居民身份证号码, GB 11643) and phone numbers of debtors.

``check_id_number(value)`` validates an ID number as it arrives from a spreadsheet: the
18-digit form (check digit, birth date, sex, area code resolved through retired codes to
today's counties), the 15-digit form of the first-generation cards, and numbers damaged by
Excel (stored as a number, so only 15 significant digits survive: ``1.10101E+17``,
``110101199003071000``). A damaged number is never accepted as a different valid number.

Phones: ``normalize_phone`` and ``phone_location`` (mobile prefix / landline area code →
province and city), re-exported from :mod:`songda.address.phone_table`.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from operator import mul
from typing import Final

from songda import rx
from songda.address.area_codes import (
    area_name,
    current_area_name,
    is_current,
    province_known,
    resolve_area,
)
from songda.address.phone_table import (
    PhoneLocation,
    extract_phones,
    mask_phone,
    normalize_phone,
    phone_location,
)
from songda.native import reduce_frozen

__all__ = [
    "IdCheck",
    "PhoneLocation",
    "area_name",
    "check_digit",
    "check_id_number",
    "check_id_numbers",
    "current_area_name",
    "extract_phones",
    "mask_id_number",
    "mask_phone",
    "normalize_phone",
    "phone_location",
    "resolve_area",
]

WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS: Final = "10X98765432"
EARLIEST_BIRTH: Final = date(1900, 1, 1)

_EMPTY_WORDS: Final = {"", "NAN", "NONE", "NULL", "无", "-", "--", "—", "/", "N/A", "NA", "#N/A"}
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SCIENTIFIC: Final = rx.compile(r"\+?([0-9]+)(?:\.([0-9]*))?E\+?([0-9]{1,3})")
_DECIMAL: Final = rx.compile(r"([0-9]+)\.([0-9]+)")
_SEPARATORS: Final = rx.compile(r"[\s\-]+")
_SHAPE_18: Final = rx.compile(r"[0-9]{17}[0-9X]")

EXCEL_HINT: Final = "末尾数字已丢失，请从原系统导出文本格式"


@dataclass(frozen=True)
class IdCheck:
    """The verdict on one ID number.

    ``code`` is stable: ``ok``, ``empty``, ``bad_length``, ``bad_chars``, ``bad_checksum``,
    ``bad_birth_date``, ``bad_area``, ``excel_damaged``. ``number`` is the normalised text
    (upper-case X, full-width digits and spaces removed; for a damaged number what was
    read, e.g. ``1.10101E+17``). ``area_code`` is the first six digits, kept for a damaged
    number when they are certain; ``current_area_codes`` are today's county codes (or
    ``xxxx00`` city codes) it resolves to; ``area_name`` is today's name of them and
    ``former_area_name`` the old name when the code is retired. ``sex`` is ``"M"`` or
    ``"F"``. ``number18`` is the 18-digit form (15-digit numbers converted).
    ``maybe_damaged``: valid, but ends in ``000`` as Excel-damaged numbers do; trust it
    only if the column holds no damaged numbers.
    """

    ok: bool
    number: str
    code: str
    message_zh: str
    area_code: str | None = None
    current_area_codes: tuple[str, ...] = ()
    area_name: str | None = None
    former_area_name: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    damaged: bool = False
    maybe_damaged: bool = False
    number18: str | None = None

    @property
    def masked(self) -> str:
        return mask_id_number(self.number)

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


def check_digit(first17: str) -> str:
    """GB 11643 check character for the first 17 digits."""
    if len(first17) != 17:
        raise ValueError("check_digit needs exactly 17 digits")
    return CHECK_CHARS[sum(map(mul, map(int, first17), WEIGHTS)) % 11]


def mask_id_number(number: str) -> str:
    """``110101199003071234`` → ``110101********1234`` (area and last four kept)."""
    if len(number) < 11:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def _fail(number: str, code: str, message: str) -> IdCheck:
    return IdCheck(ok=False, number=number, code=code, message_zh=message)


def _area_fields(area: str) -> dict[str, object]:
    current, name, former, _note = _area_info(area)
    return {
        "area_code": area,
        "current_area_codes": current,
        "area_name": name,
        "former_area_name": former,
    }


@lru_cache(maxsize=8192)
def _area_info(area: str) -> tuple[tuple[str, ...], str | None, str | None, str]:
    """Today's codes, today's name, the old name if retired, and a note for the message."""
    current = resolve_area(area)
    former = None if is_current(area) or not current else area_name(area)
    name = current_area_name(area) if current else None
    if former and name:
        note = f"；地区码 {area}（{former}）已撤销，今属{name}"
    elif not current:
        note = f"；地区码 {area} 查不到对应的区县"
    else:
        note = ""
    return current, name, former, note


def _damaged(number: str, message: str, known_digits: str, total_digits: int) -> IdCheck:
    """An Excel-damaged number: keep the area only when its six digits are certain.

    The 7th digit of an 18-digit number is the first digit of the birth year (1 or 2), so
    rounding to six significant digits never changes the first six.
    """
    fields: dict[str, object] = {}
    certain = len(known_digits) >= 7 or (len(known_digits) == 6 and total_digits == 18)
    if certain and total_digits in (15, 18):
        area = known_digits[:6]
        if province_known(area):
            fields = _area_fields(area)
    return IdCheck(
        ok=False,
        number=number,
        code="excel_damaged",
        message_zh=message,
        damaged=True,
        **fields,  # type: ignore[arg-type]
    )


def _sci_message(shown: str) -> str:
    return f"身份证号被 Excel 转成了科学计数法（{shown}），{EXCEL_HINT}"


def _from_float(value: float, today: date | None) -> IdCheck:
    if math.isnan(value):
        return _fail("", "empty", "身份证号为空")
    if not math.isfinite(value) or value < 0 or value != int(value):
        return _fail(str(value), "bad_chars", f"身份证号不是整数：{value}")
    n = int(value)
    digits = str(n)
    if len(digits) > 15:
        text = repr(value).upper()
        known = text.split("E")[0].replace(".", "").lstrip("0") if "E" in text else digits
        shown = f"{value:.5E}"
        return _damaged(shown, _sci_message(shown), known, len(digits))
    return _check_digits(digits, today, numeric=True)


def _from_int(value: int, today: date | None) -> IdCheck:
    if value < 0:
        return _fail(str(value), "bad_chars", f"身份证号不能为负数：{value}")
    digits = str(value)
    if len(digits) >= 16:
        float_image = value > 2**53 and int(float(value)) == value
        if digits.endswith("000") or float_image:
            msg = f"身份证号以数字形式保存（{digits}），可能经过 Excel 转换，{EXCEL_HINT}"
            return _damaged(digits, msg, digits[:15], len(digits))
    return _check_digits(digits, today, numeric=True)


def _clean_text(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).translate(_INVISIBLE)
    text = text.replace("×", "X").strip().strip("'\"`‘’“”").strip()
    return text.upper()


def _from_text(value: str, today: date | None) -> IdCheck:
    if _SHAPE_18.fullmatch(value):  # already clean: the common case
        return _check_digits(value, today, numeric=False)
    text = _clean_text(value)
    if text in _EMPTY_WORDS:
        return _fail("", "empty", "身份证号为空")
    compact = _SEPARATORS.sub("", text)
    m = _SCIENTIFIC.fullmatch(compact)
    if m:
        if int(m.group(3)) > 40:
            return _fail(compact, "bad_length", f"身份证号位数不对：{compact}")
        number = Decimal(compact)
        if number != number.to_integral_value():
            return _fail(compact, "bad_chars", f"身份证号不是整数：{compact}")
        digits = str(int(number))
        known = (m.group(1) + (m.group(2) or "")).lstrip("0")
        if len(digits) > 15 or (len(digits) == 15 and len(known) < 15):
            return _damaged(compact, _sci_message(compact), known, len(digits))
        return _check_digits(digits, today, numeric=True)
    m = _DECIMAL.fullmatch(compact)
    if m:
        digits, frac = m.group(1), m.group(2)
        if frac.strip("0"):
            return _fail(compact, "bad_chars", f"身份证号不是整数：{compact}")
        if len(digits) >= 16:
            msg = f"身份证号带小数点（{compact}），说明曾被当作数字保存，{EXCEL_HINT}"
            return _damaged(compact, msg, digits[:15], len(digits))
        return _check_digits(digits, today, numeric=True)
    return _check_digits(compact, today, numeric=False)


def _bad_shape(number: str) -> IdCheck:
    bad = sorted({c for c in number if not c.isascii() or not (c.isdigit() or c == "X")})
    if bad:
        shown = "".join(bad[:5])
        return _fail(number, "bad_chars", f"身份证号含有非法字符：{shown}（只能是数字和末位 X）")
    if "X" in number[:-1] or (number.endswith("X") and len(number) != 18):
        return _fail(number, "bad_chars", "身份证号中的 X 只能出现在第 18 位")
    return _fail(
        number,
        "bad_length",
        f"身份证号应为 18 位（或旧版 15 位），实际为 {len(number)} 位",
    )


def _check_digits(number: str, today: date | None, *, numeric: bool) -> IdCheck:
    if len(number) > 40:
        return _fail(number[:40], "bad_length", f"身份证号应为 18 位，实际为 {len(number)} 位")
    maybe_damaged = False
    if len(number) == 18 and _SHAPE_18.fullmatch(number):
        expected = check_digit(number[:17])
        if number[17] != expected:
            if number.endswith("000"):
                msg = (
                    f"身份证号末三位是 000 且校验位不符（{number}），应是在 Excel 中被当作数字保存，"
                    + EXCEL_HINT
                )
                return _damaged(number, msg, number[:15], 18)
            return _fail(
                number,
                "bad_checksum",
                f"身份证号校验位错误：第 18 位应为 {expected}，实际为 {number[17]}，可能有数字输错",
            )
        maybe_damaged = number.endswith("000")
        birth_text, sex_digit, number18 = number[6:14], number[16], number
    elif len(number) == 15 and number.isascii() and number.isdigit():
        birth_text, sex_digit = "19" + number[6:12], number[14]
        first17 = number[:6] + "19" + number[6:]
        number18 = first17 + check_digit(first17)
    else:
        return _bad_shape(number)

    area = number[:6]
    foreign = len(number) == 18 and area[0] == "9"
    if not foreign and not province_known(area):
        return _fail(number, "bad_area", f"身份证号前 6 位地区码 {area} 不存在")

    birth = _birth_date(birth_text)
    if birth is None:
        return _fail(number, "bad_birth_date", f"身份证号中的出生日期 {birth_text} 不是有效日期")
    if birth < EARLIEST_BIRTH:
        return _fail(number, "bad_birth_date", f"身份证号中的出生日期 {birth_text} 早于 1900 年")
    if birth > (today or date.today()):
        return _fail(number, "bad_birth_date", f"身份证号中的出生日期 {birth_text} 在未来")

    if foreign:
        current: tuple[str, ...] = ()
        name: str | None = "外国人永久居留身份证"
        former: str | None = None
        note = ""
    else:
        current, name, former, note = _area_info(area)
    message = "有效" if len(number) == 18 else "有效（旧版 15 位号码）"
    if note:
        message += note
    if maybe_damaged:
        message += "；尾号为 000，若该列曾在 Excel 中以数字保存，末尾数字可能已丢失，请核对"
    return IdCheck(
        True,
        number,
        "ok",
        message,
        area,
        current,
        name,
        former,
        birth,
        "M" if sex_digit in "13579" else "F",
        False,
        maybe_damaged,
        number18,
    )


def _birth_date(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def check_id_number(value: object, *, today: date | None = None) -> IdCheck:
    """Validate an ID number from any cell value (str, int, float, None …). Never raises."""
    try:
        if value is None:
            return _fail("", "empty", "身份证号为空")
        if isinstance(value, bool):
            return _fail(str(value), "bad_chars", "身份证号不是号码")
        if isinstance(value, float):
            return _from_float(value, today)
        if isinstance(value, int):
            return _from_int(value, today)
        if isinstance(value, Decimal):
            if not value.is_finite():
                return _fail(str(value), "bad_chars", "身份证号不是号码")
            return _from_text(format(value, "f"), today)
        if isinstance(value, bytes | bytearray):
            value = bytes(value).decode("utf-8", errors="replace")
        text = value if isinstance(value, str) else str(value)
        return _from_text(text, today)
    except Exception as exc:  # noqa: BLE001 - a validator must never crash an import
        return _fail("", "bad_chars", f"身份证号无法识别（{type(exc).__name__}）")


def check_id_numbers(values: Iterable[object], *, today: date | None = None) -> list[IdCheck]:
    """Check a whole column. When any value in it was damaged by Excel, the valid-looking
    numbers ending in 000 (``maybe_damaged``) are damaged too: the column went through
    Excel as numbers, and a damaged number passes the check digit one time in eleven.
    """
    results = [check_id_number(v, today=today) for v in values]
    if any(r.damaged for r in results):
        for i, r in enumerate(results):
            if r.maybe_damaged:
                results[i] = replace(
                    r,
                    ok=False,
                    code="excel_damaged",
                    message_zh=(
                        f"身份证号末三位是 000（{r.number}），且同一列有被 Excel 损坏的号码，"
                        + EXCEL_HINT
                    ),
                    damaged=True,
                    birth_date=None,
                    sex=None,
                    number18=None,
                )
    return results
