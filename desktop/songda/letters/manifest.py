"""The post-office manifest (交寄清单): manifest.csv (UTF-8 with BOM, opens in Excel) and xlsx.

Both files are deterministic: the xlsx carries the batch time as its document dates and
its zip entries get a fixed timestamp, so re-rendering a batch gives identical bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

COLUMNS = ("tracking_no", "case_no", "candidate_id", "recipient", "address", "postcode")
HEADERS_ZH = ("运单号", "案件编号", "地址编号", "收件人", "收件地址", "邮编")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_csv(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow(["" if r.get(c) is None else r[c] for c in COLUMNS])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def write_xlsx(path: Path, rows: Sequence[dict[str, Any]], batch: dict[str, Any]) -> None:
    wb = Workbook()
    ws: Worksheet = wb.active
    ws.title = "交寄清单"
    ws.append(list(COLUMNS))
    for r in rows:
        ws.append([r.get(c) for c in COLUMNS])
    for col, width in zip("ABCDEF", (17, 16, 11, 12, 60, 9), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    info = wb.create_sheet("说明")
    info.append(["批次", batch.get("name")])
    info.append(["件数", len(rows)])
    info.append(["寄件人", batch.get("sender_name")])
    info.append(["制单时间", batch.get("created_at")])
    info.append([])
    info.append(["列名", "含义"])
    for key, zh in zip(COLUMNS, HEADERS_ZH, strict=True):
        info.append([key, zh])
    when = datetime.fromisoformat(str(batch.get("created_at")))
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "Songda"
    wb.properties.lastModifiedBy = "Songda"
    raw = io.BytesIO()
    wb.save(raw)
    _normalise_zip(raw.getvalue(), path, when.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _normalise_zip(data: bytes, path: Path, stamp: str) -> None:
    """Rewrite the xlsx zip with fixed entry timestamps and document dates.

    openpyxl stamps ``dcterms:modified`` with the current time on save; it is set back
    to the batch time so that re-rendering a batch gives byte-identical files.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode("ascii") + rb"\g<2>",
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dst.writestr(info, content)
    path.write_bytes(out.getvalue())
