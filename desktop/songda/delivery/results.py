"""China Post / EMS results spreadsheets: columns mapped automatically, rows normalised."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from songda.delivery.codes import DeliveryStatus, Reason, classify_reason, parse_status
from songda.delivery.tables import read_sheets
from songda.errors import KnownError

# field -> header synonyms (normalised: no spaces, lower case). Exact matches win over
# "contains" matches; ``reason_code`` is tried before ``reason_text``.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "tracking_no": (
        "邮件号",
        "邮件号码",
        "运单号",
        "运单号码",
        "快递单号",
        "挂号号码",
        "挂号信号码",
        "条码",
        "条码号",
        "单号",
        "邮件条码",
        "trackingno",
        "tracking_no",
        "tracking",
    ),
    "status": (
        "状态",
        "投递状态",
        "邮件状态",
        "妥投状态",
        "投递结果",
        "结果",
        "最新状态",
        "处理结果",
        "status",
    ),
    "event_time": (
        "处理时间",
        "签收时间",
        "妥投时间",
        "投递时间",
        "退回时间",
        "状态时间",
        "最后处理时间",
        "时间",
        "日期",
        "处理日期",
        "time",
        "event_time",
    ),
    "signer": ("签收人", "签收人姓名", "收件人签收", "签收情况", "signer"),
    "reason_code": (
        "未妥投原因代码",
        "未妥投原因码",
        "原因代码",
        "原因码",
        "退回原因代码",
        "未妥投代码",
        "reason_code",
        "reasoncode",
    ),
    "reason_text": (
        "未妥投原因",
        "退回原因",
        "原因",
        "未妥投原因说明",
        "原因说明",
        "备注",
        "reason",
        "reason_text",
    ),
}
_FIELD_ORDER = ("tracking_no", "reason_code", "reason_text", "signer", "event_time", "status")
HEADER_SCAN_ROWS = 20


def _norm_header(h: object) -> str:
    s = unicodedata.normalize("NFKC", "" if h is None else str(h))
    return re.sub(r"[\s:：*（）()]", "", s).lower()


def map_columns(headers: list[Any]) -> dict[str, int]:
    """field -> column index, from header synonyms (exact first, then containment)."""
    norm = [_norm_header(h) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for fld in _FIELD_ORDER:
            if fld in mapping:
                continue
            for syn in FIELD_SYNONYMS[fld]:
                hit = next(
                    (
                        i
                        for i, h in enumerate(norm)
                        if i not in used and h and (h == syn if exact else syn in h)
                    ),
                    None,
                )
                if hit is not None:
                    if not exact and fld == "reason_text" and ("代码" in norm[hit]):
                        continue
                    mapping[fld] = hit
                    used.add(hit)
                    break
    return mapping


@dataclass(slots=True)
class ResultRow:
    row_no: int  # 1-based row number in the file
    tracking_no: str
    status: DeliveryStatus | None
    event_time: str | None  # ISO 8601, seconds
    signer: str | None
    reason: Reason | None
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ResultsFile:
    path: Path
    header_row: int  # 1-based
    mapping: dict[str, str]  # field -> header text
    rows: list[ResultRow]
    skipped: list[tuple[int, str]]  # (row_no, why) rows that are not results


def normalize_tracking(value: object) -> str:
    """``" ea 1234 5678 9cn"`` → ``EA123456789CN``; 13-digit numbers read as floats fixed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = unicodedata.normalize("NFKC", str(value)).strip().upper()
    s = re.sub(r"[\s\-]", "", s)
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    return s


_DT_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y%m%d%H%M%S",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%Y.%m.%d",
    "%Y.%m.%d %H:%M",
)
_CN_DATE = re.compile(
    r"(\d{4})年(\d{1,2})月(\d{1,2})日?\s*(?:(\d{1,2})[:时](\d{1,2})分?(?::?(\d{1,2})秒?)?)?"
)


def parse_time(value: object) -> str | None:
    """A cell as ISO 8601 seconds, or None. Excel serials, datetimes, common text forms."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return datetime.combine(value, time()).isoformat(timespec="seconds")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 < value < 80000:  # Excel serial day number
            dt = datetime(1899, 12, 30) + timedelta(days=float(value))
            return dt.replace(microsecond=0).isoformat(timespec="seconds")
        value = str(int(value)) if float(value).is_integer() else str(value)
    s = unicodedata.normalize("NFKC", str(value)).strip()
    m = _CN_DATE.search(s)
    if m:
        y, mo, d, hh, mi, ss = (int(g) if g else 0 for g in m.groups())
        try:
            return datetime(y, mo, d, hh, mi, ss).isoformat(timespec="seconds")
        except ValueError:
            return None
    s = re.sub(r"\.\d+$", "", s)  # fractional seconds
    for fmt in _DT_FORMATS:
        try:
            return datetime.strptime(s, fmt).isoformat(timespec="seconds")
        except ValueError:
            continue
    return None


def _cell(row: list[Any], idx: int | None) -> Any:
    if idx is None or idx >= len(row):
        return None
    v = row[idx]
    return None if v == "" else v


def _text(v: object) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def read_results(path: Path) -> ResultsFile:
    """Read a results file. Raises KnownError when it is unreadable or has no number column."""
    header_idx = None
    mapping: dict[str, int] = {}
    rows: list[list[Any]] = []
    for _name, sheet_rows in read_sheets(path):
        for i, row in enumerate(sheet_rows[:HEADER_SCAN_ROWS]):
            m = map_columns(row)
            if "tracking_no" in m and len(m) >= 2:
                header_idx, mapping, rows = i, m, sheet_rows
                break
        if header_idx is not None:
            break
    if header_idx is None:
        raise KnownError(
            f"{path.name} 中找不到邮件号/运单号列和状态或原因列，请检查表头。",
            f"{path.name}: no tracking-number column with a status or reason column",
            code="feedback_no_columns",
        )
    headers = rows[header_idx]
    out: list[ResultRow] = []
    skipped: list[tuple[int, str]] = []
    for r_i in range(header_idx + 1, len(rows)):
        row = rows[r_i]
        row_no = r_i + 1
        if not any(c not in ("", None) for c in row):
            continue
        tracking = normalize_tracking(_cell(row, mapping.get("tracking_no")))
        if not tracking:
            skipped.append((row_no, "no tracking number 无邮件号"))
            continue
        if tracking in ("合计", "总计") or not re.search(r"\d{6}", tracking):
            skipped.append((row_no, f"not a tracking number 非邮件号: {tracking}"))
            continue
        raw_status = _cell(row, mapping.get("status"))
        status = parse_status(raw_status)
        reason = classify_reason(
            _cell(row, mapping.get("reason_code")), _cell(row, mapping.get("reason_text"))
        )
        signer = _text(_cell(row, mapping.get("signer")))
        problems: list[str] = []
        if status is None:
            if raw_status is not None:
                problems.append(f"unknown status 未知状态: {raw_status}")
            if reason is not None:
                status = DeliveryStatus.RETURNED
            elif signer:
                status = DeliveryStatus.SIGNED
        if status is DeliveryStatus.SIGNED:
            reason = None  # a signed item has no return reason (some files repeat 备注)
        raw_time = _cell(row, mapping.get("event_time"))
        event_time = parse_time(raw_time)
        if raw_time is not None and event_time is None:
            problems.append(f"unreadable time 时间无法识别: {raw_time}")
        if status is None:
            skipped.append((row_no, f"no status 无状态: {tracking}"))
            continue
        out.append(ResultRow(row_no, tracking, status, event_time, signer, reason, problems))
    return ResultsFile(
        path=path,
        header_row=header_idx + 1,
        mapping={f: str(headers[i]) for f, i in mapping.items()},
        rows=out,
        skipped=skipped,
    )
