"""ID numbers and phones for the importer, through :mod:`songda.address.identity`.

The address engine's ``check_id_number`` recognises GB 11643 numbers and numbers damaged by
Excel (stored as a number: ``1.10101E+17`` or ``110101199003071000``); a damaged number is
rejected with that reason, never accepted as a different number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from songda.address.identity import check_id_number, normalize_phone
from songda.ingest.values import halfwidth, is_blank
from songda.native import reduce_frozen


@dataclass(frozen=True, slots=True)
class IdResult:
    ok: bool
    number: str | None
    code: str  # ok / id_damaged / id_invalid
    message_zh: str

    # spelled out so that compiled code runs it natively (see songda.native)
    def __init__(
        self,
        ok: bool,
        number: str | None,
        code: str,
        message_zh: str,
    ) -> None:
        object.__setattr__(self, "ok", ok)
        object.__setattr__(self, "number", number)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "message_zh", message_zh)

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


def check_id(value: object) -> IdResult | None:
    """``None`` when the cell is blank; otherwise the verdict on the ID number."""
    if is_blank(value):
        return None
    res = check_id_number(value)
    if res.code == "empty":
        return None
    if res.damaged:
        return IdResult(False, None, "id_damaged", res.message_zh)
    if res.ok:
        return IdResult(True, res.number, "ok", "")
    return IdResult(False, None, "id_invalid", f"身份证号无效：{res.message_zh}")


_STRONG_SPLIT: Final = re.compile(r"[,，;；/、|]+")


def normalize_phones(cells: list[object]) -> list[str]:
    """Every phone in these cells (a cell may hold several), normalised, without repeats."""
    out: list[str] = []
    for cell in cells:
        if is_blank(cell):
            continue
        whole = normalize_phone(cell)
        parts: list[object] = [cell] if whole else []
        if not whole:
            for piece in _STRONG_SPLIT.split(halfwidth(str(cell))):
                if normalize_phone(piece):
                    parts.append(piece)
                else:
                    parts.extend(piece.split())
        for p in parts:
            n = normalize_phone(p)
            if n and n not in out:
                out.append(n)
    return out
