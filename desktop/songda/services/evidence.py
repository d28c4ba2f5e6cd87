"""送达证据: the evidence pack of one case, for court, and attaching receipt scans.

``export_evidence(store, case_no, out_dir, as_zip=False) -> EvidenceReport`` writes
``送达证据_<case_no>/`` (or that folder as a .zip) with, for every mailing of the case:
its letter pages (copied from the batch's letters PDF), its label, its manifest line, its
status history, the attached receipt scans, and ``SHA256SUMS.txt`` plus an index
(``证据清单.txt``) that lists every file with its SHA-256 and where it came from.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from songda.address.identity import mask_id_number
from songda.delivery.codes import DELIVERY_STATUS_LABELS_ZH
from songda.delivery.pdf_pages import (
    copy_pages,
    find_label_pages,
    find_letter_pages,
    parts_from_options,
)
from songda.errors import KnownError
from songda.services.feedback import reason_label
from songda.store import Store
from songda.store import delivery as sql

RECEIPT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(slots=True)
class EvidenceReport:
    case_no: str
    path: Path
    files: list[tuple[str, str]] = field(default_factory=list)  # (name in pack, sha256)
    missing: list[str] = field(default_factory=list)  # what could not be included, why

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_no": self.case_no,
            "path": str(self.path),
            "files": [{"name": n, "sha256": h} for n, h in self.files],
            "missing": self.missing,
        }


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _case(store: Store, case_no: str) -> dict[str, Any]:
    case = sql.case_by_no(store, case_no)
    if case is None:
        raise KnownError(f"找不到案件：{case_no}", f"no case {case_no}", code="case_missing")
    return case


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)


def evidence_folder(store: Store) -> Path | None:
    """Where attached scans are kept: ``evidence/`` next to the database (None in memory)."""
    return None if store.path is None else store.path.parent / "evidence"


def attach_receipt(
    store: Store, case_no: str, file: Path | str, *, tracking_no: str | None = None
) -> dict[str, Any]:
    """Attach a scan of a signed return receipt (回执) to a case (and one of its mailings).

    The file is copied into the evidence folder next to the database, named by its hash, so
    the pack does not depend on the original staying where it was.
    """
    src = Path(file)
    if not src.is_file():
        raise KnownError(f"找不到文件：{src}", f"file not found: {src}", code="file_missing")
    if src.suffix.lower() not in RECEIPT_SUFFIXES:
        raise KnownError(
            f"回执扫描件应为 PDF 或图片：{src.name}",
            f"a receipt scan must be a PDF or an image: {src.name}",
            code="receipt_type",
        )
    case = _case(store, case_no)
    mailings = sql.mailings_for_case(store, int(case["id"]))
    mailing_id = None
    if tracking_no:
        match = [m for m in mailings if m["tracking_no"] == tracking_no]
        if not match:
            raise KnownError(
                f"案件 {case_no} 没有运单号 {tracking_no}",
                f"case {case_no} has no mailing {tracking_no}",
                code="mailing_missing",
            )
        mailing_id = int(match[0]["mailing_id"])
    elif mailings:
        mailing_id = int(mailings[-1]["mailing_id"])
    digest = sha256_file(src)
    folder = evidence_folder(store)
    stored = src.resolve()
    if folder is not None:
        dest_dir = folder / _safe(case_no)
        dest_dir.mkdir(parents=True, exist_ok=True)
        stored = dest_dir / f"{digest[:16]}_{_safe(src.name)}"
        if not stored.exists():
            shutil.copyfile(src, stored)
    with store.transaction():
        eid = sql.add_evidence_file(
            store,
            case_id=int(case["id"]),
            mailing_id=mailing_id,
            kind="receipt_scan",
            path=str(stored),
            sha256=digest,
        )
        store.audit(
            "evidence",
            eid,
            "attach",
            None,
            {"case_no": case_no, "file": src.name, "sha256": digest},
        )
    return {"id": eid, "path": str(stored), "sha256": digest, "mailing_id": mailing_id}


def _history_csv(rows: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(
        [
            "运单号 tracking_no",
            "状态 status",
            "时间 time",
            "原因 reason",
            "签收人 signer",
            "来源文件 source_file",
            "记录时间 recorded_at",
        ]
    )
    for r in rows:
        w.writerow(
            [
                r["tracking_no"],
                DELIVERY_STATUS_LABELS_ZH.get(r["status"], r["status"]),
                r["event_time"] or "",
                reason_label(r["reason_code"], r["reason_text"])
                if r["status"] == "returned"
                else "",
                r["signer"] or "",
                r["source_file"] or "",
                r["created_at"],
            ]
        )
    return buf.getvalue().encode("utf-8-sig")


def _manifest_line(m: dict[str, Any], case_no: str) -> bytes:
    """The mailing's row of the batch manifest (from manifest.csv when it is there)."""
    out_dir = Path(m["out_dir"]) if m.get("out_dir") else None
    header = ["tracking_no", "case_no", "candidate_id", "recipient", "address", "postcode"]
    row: list[str] | None = None
    if out_dir is not None and (out_dir / "manifest.csv").is_file():
        text = (out_dir / "manifest.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        if rows:
            header = rows[0]
            row = next((r for r in rows[1:] if m["tracking_no"] in r), None)
    if row is None:
        row = [
            str(m.get(k) if k != "case_no" else case_no)
            if m.get(k) is not None or k == "case_no"
            else ""
            for k in header
        ]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerow(row)
    return buf.getvalue().encode("utf-8-sig")


class _Pack:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: list[tuple[str, str]] = []

    def add_bytes(self, name: str, data: bytes) -> None:
        p = self.root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        self.files.append((name, hashlib.sha256(data).hexdigest()))

    def add_file(self, name: str, src: Path) -> None:
        p = self.root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, p)
        self.files.append((name, sha256_file(p)))

    def add_written(self, name: str) -> None:
        self.files.append((name, sha256_file(self.root / name)))


def _item_index(m: dict[str, Any]) -> int:
    return int(m["seq"]) - 1


def _letter(
    pack: _Pack,
    m: dict[str, Any],
    options: dict[str, Any],
    case_no: str,
    notes: list[str],
    missing: list[str],
) -> None:
    out_dir = Path(m["out_dir"]) if m.get("out_dir") else None
    tn = m["tracking_no"]
    if out_dir is None:
        missing.append(f"{tn}: 批次没有输出文件夹，无法取得函件 PDF")
        return
    idx = _item_index(m)
    for kind in ("letters", "labels"):
        parts = [
            p
            for p in parts_from_options(out_dir, options, kind)
            if p.first <= idx <= p.last and p.file.is_file()
        ]
        what = "函件" if kind == "letters" else "面单"
        if not parts:
            missing.append(f"{tn}: 找不到批次的{what} PDF（{out_dir}）")
            continue
        for part in parts:
            if part.sha256 and sha256_file(part.file) != part.sha256:
                notes.append(f"注意：{part.file.name} 与打印时记录的 SHA-256 不一致")
            if kind == "letters":
                pages = find_letter_pages(
                    part, idx, int(m["batch_id"]), int(m["seq"]), (tn, case_no)
                )
                shared = False
            else:
                pages, shared = find_label_pages(part, idx, tn)
            if not pages:
                continue
            if shared:
                missing.append(
                    f"{tn}: 面单印在含他人面单的 A4 纸上（{part.file.name} 第"
                    f" {pages[0] + 1} 页），为保护他人信息未收入"
                )
                break
            name = f"{tn}/{'letter' if kind == 'letters' else 'label'}_{tn}.pdf"
            copy_pages(part.file, pages, pack.root / name)
            pack.add_written(name)
            recorded = f"，打印文件 SHA-256 {part.sha256}" if part.sha256 else ""
            notes.append(
                f"{name}：取自 {part.file.name} 第 {pages[0] + 1}–{pages[-1] + 1} 页{recorded}"
            )
            break
        else:
            missing.append(f"{tn}: 在批次{what} PDF 中找不到该邮件的页面")


def export_evidence(
    store: Store, case_no: str, out_dir: Path | str, *, as_zip: bool = False
) -> EvidenceReport:
    case = _case(store, case_no)
    mailings = sql.mailings_for_case(store, int(case["id"]))
    out = Path(out_dir)
    root = out / f"送达证据_{_safe(case_no)}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    pack = _Pack(root)
    notes: list[str] = []
    missing: list[str] = []
    index = [
        f"送达证据 案件编号：{case_no}",
        f"债务人：{case['debtor_name']}  证件号：{mask_id_number(case['id_number'] or '')}",
        f"委托方：{case['creditor'] or ''}  案件状态：{case['status']}",
        "",
    ]
    history: list[dict[str, Any]] = []
    for m in mailings:
        tn = m["tracking_no"]
        options = sql.batch_options(store, int(m["batch_id"]))
        index += [
            f"邮件 {tn}（批次 {m['batch_name']}，{m['batch_time']}）",
            f"  收件人：{m['recipient']}  地址：{m['address']}  邮编：{m['postcode'] or ''}",
            f"  当前状态：{DELIVERY_STATUS_LABELS_ZH.get(m['status'], m['status'])}"
            f" {m['status_time'] or ''} {m['signer'] or ''}",
        ]
        if m.get("letter_sha256"):
            index.append(f"  打印时函件 SHA-256：{m['letter_sha256']}")
        pack.add_bytes(f"{tn}/manifest_line.csv", _manifest_line(m, case_no))
        evs = sql.events(store, int(m["mailing_id"]))
        history += [{**e, "tracking_no": tn} for e in evs]
        _letter(pack, m, options, case_no, notes, missing)
    if not mailings:
        missing.append("该案件尚未寄出任何邮件")
    pack.add_bytes("status_history.csv", _history_csv(history))
    for ev in sql.evidence_files(store, int(case["id"])):
        src = Path(ev["path"])
        if not src.is_file():
            missing.append(f"回执扫描件不存在：{src}")
            continue
        name = f"receipts/{ev['id']:04d}_{_safe(src.name)}"
        pack.add_file(name, src)
        if ev["sha256"] and pack.files[-1][1] != ev["sha256"]:
            notes.append(f"注意：{name} 与附加时记录的 SHA-256 不一致")
    index += ["", "文件与 SHA-256："]
    index += [f"  {h}  {n}" for n, h in pack.files]
    index += ["", "说明："] + [f"  {n}" for n in notes]
    if missing:
        index += ["", "未能收入："] + [f"  {n}" for n in missing]
    sums = "".join(f"{h}  {n}\n" for n, h in pack.files)
    (root / "SHA256SUMS.txt").write_text(sums, encoding="utf-8")
    (root / "证据清单.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    report = EvidenceReport(case_no, root, list(pack.files), missing)
    store.audit("evidence", case_no, "export", None, {"path": str(root), "zip": as_zip})
    if as_zip:
        zpath = out / f"{root.name}.zip"
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in sorted(root.rglob("*")):
                if p.is_file():
                    info = zipfile.ZipInfo(
                        f"{root.name}/{p.relative_to(root).as_posix()}", ZIP_TIME
                    )
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(info, p.read_bytes())
        shutil.rmtree(root)
        report.path = zpath
    return report
