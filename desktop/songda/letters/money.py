"""Amounts in Chinese capital numerals (大写金额), as on cheques and court documents.

Rules (GB/T and the People's Bank of China's 《支付结算办法》 conventions):
- 人民币 prefix; 元 after the integer part; 整 when there are no 分.
- A zero between non-zero digits is written once as 零 (10005 → 壹万零伍).
- A zero 角 with non-zero 分 is written 零 (… 元零叁分); a whole-yuan amount ends 元整.
- When the integer part ends in zeros and 角 is non-zero, 零 is written after 元
  (107000.53 → 壹拾万柒仟元零伍角叁分; 1680.32 → 壹仟陆佰捌拾元零叁角贰分).
- 拾 is always preceded by its digit (壹拾), as banks require.
- Amounts below one yuan have no 元 (0.05 → 人民币伍分).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
BIG_UNITS = ("", "万", "亿", "万亿")
MAX_AMOUNT = Decimal("9999999999999999.99")


def to_decimal(amount: object) -> Decimal:
    """Round an amount to fen (分), half up; raise ValueError for anything not a number."""
    if isinstance(amount, bool):
        raise ValueError(f"not an amount: {amount!r}")
    try:
        d = (
            Decimal(str(amount).replace(",", "").strip())
            if not isinstance(amount, Decimal)
            else amount
        )
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if not d.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    return d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _four(group: int) -> str:
    """0 < group < 10000 → capitals with inner zeros collapsed (no leading 零)."""
    out: list[str] = []
    zero = False
    for pos in range(3, -1, -1):
        d = group // 10**pos % 10
        if d == 0:
            if out:
                zero = True
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(DIGITS[d] + SMALL_UNITS[pos])
    return "".join(out)


def _integer(n: int) -> str:
    if n == 0:
        return ""
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out: list[str] = []
    pending_zero = False
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        if g == 0:
            if out:
                pending_zero = True
            continue
        if out and (pending_zero or g < 1000):
            out.append("零")
        pending_zero = False
        out.append(_four(g) + BIG_UNITS[idx])
    return "".join(out)


def money_capital(amount: object, *, prefix: str = "人民币") -> str:
    """1680.32 → 人民币壹仟陆佰捌拾元零叁角贰分; 10005.50 → 人民币壹万零伍元伍角整."""
    d = to_decimal(amount)
    if d < 0:
        raise ValueError(f"negative amount: {amount!r}")
    if d > MAX_AMOUNT:
        raise ValueError(f"amount too large: {amount!r}")
    fen_total = int(d * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    if fen_total == 0:
        return f"{prefix}零元整"
    text = _integer(yuan)
    if yuan:
        text += "元"
    if jiao == 0 and fen == 0:
        return f"{prefix}{text}整"
    if jiao:
        # a zero just before 元 (…拾元, …佰元, …万元) is read out before the 角
        if yuan and yuan % 10 == 0:
            text += "零"
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return prefix + text


def money_figures(amount: object) -> str:
    """10005.5 → 10,005.50 (for the figures column of an amounts table)."""
    return f"{to_decimal(amount):,.2f}"
