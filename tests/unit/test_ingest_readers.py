"""Readers: encodings, delimiters, formats, unreadable files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from songda.errors import KnownError
from songda.ingest.layout import inspect_file
from songda.ingest.readers import decode_text, read_workbook, sniff_delimiter

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
TEXT = "案件编号,姓名,户籍地址\nA1,张三,北京市朝阳区建国路1号\nA2,李四,广东省深圳市南山区\n"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("gbk", b""),
        ("gb18030", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
    ],
)
def test_csv_encodings_never_mojibake(tmp_path: Path, encoding: str, bom: bytes) -> None:
    p = tmp_path / "cases.csv"
    p.write_bytes(bom + TEXT.encode(encoding))
    wb = read_workbook(p)
    rows = wb.sheets[0].rows
    assert rows[0] == ["案件编号", "姓名", "户籍地址"]
    assert rows[1][2] == "北京市朝阳区建国路1号"


def test_gb18030_rare_name(tmp_path: Path) -> None:
    p = tmp_path / "cases.csv"
    text = "案件编号,姓名,地址\nA1,王䶮,北京市\n"  # 䶮 is outside GBK
    p.write_bytes(text.encode("gb18030"))
    assert read_workbook(p).sheets[0].rows[1][1] == "王䶮"


def test_decode_gbk_is_not_taken_for_utf8() -> None:
    text, enc = decode_text("户籍地址：湖南省长沙市".encode("gbk"))
    assert enc == "gb18030"
    assert text == "户籍地址：湖南省长沙市"


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_delimiter_sniffing(tmp_path: Path, delimiter: str) -> None:
    p = tmp_path / "cases.txt"
    p.write_text(TEXT.replace(",", delimiter), encoding="utf-8")
    wb = read_workbook(p)
    assert wb.delimiter == delimiter
    assert wb.sheets[0].rows[2] == ["A2", "李四", "广东省深圳市南山区"]


def test_sniff_prefers_consistent_split() -> None:
    text = "a;b;c\n1,5;2;3\n4;5;6\n"
    assert sniff_delimiter(text) == ";"


@pytest.mark.parametrize("name", ["cases.xls", "cases.ods"])
def test_legacy_and_open_formats(name: str) -> None:
    ins = inspect_file(DATA / name)
    assert ins.sheet == "案件"
    assert ins.header_row == 3  # a merged title row and a blank row above
    assert ins.mapping["户籍地址"] == "address.household"
    assert ins.preview[0][:2] == ["X001", "张三"]
    assert ins.preview[0][3] == "13812345678"


def test_xlsm_reads_like_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["案件编号", "姓名", "户籍地址"])
    ws.append(["A1", "张三", "北京市"])
    p = tmp_path / "cases.xlsm"
    wb.save(p)
    assert read_workbook(p).sheets[0].rows[1] == ["A1", "张三", "北京市"]


def _unreadable(path: Path) -> KnownError:
    with pytest.raises(KnownError) as err:
        read_workbook(path)
    assert err.value.code == "unreadable"
    assert "\n" not in err.value.message and "\n" not in err.value.english
    return err.value


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.xlsx"
    p.write_bytes(b"")
    assert "0 字节" in _unreadable(p).message


def test_truncated_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["案件编号", "姓名"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    p = tmp_path / "cut.xlsx"
    p.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "损坏" in _unreadable(p).message


def test_image_renamed_xlsx(tmp_path: Path) -> None:
    p = tmp_path / "photo.xlsx"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    assert "不是电子表格" in _unreadable(p).message


def test_password_protected_xlsx(tmp_path: Path) -> None:
    # An encrypted OOXML file is an OLE compound file holding an "EncryptedPackage" stream.
    p = tmp_path / "locked.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    p.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1024)
    assert "密码" in _unreadable(p).message


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    p = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("readme.txt", "hello")
    _unreadable(p)


def test_binary_renamed_csv(tmp_path: Path) -> None:
    p = tmp_path / "photo.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _unreadable(p)


def test_unsupported_extension(tmp_path: Path) -> None:
    p = tmp_path / "cases.pdf"
    p.write_bytes(b"%PDF-1.4")
    assert "不支持" in _unreadable(p).message


def test_isolated_reading_matches_and_keeps_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GUI worker reads big spreadsheets in a child process (calamine holds the GIL)."""
    from songda.ingest import readers

    monkeypatch.setattr(readers, "ISOLATE_MIN_BYTES", 0)
    direct = read_workbook(DATA / "cases.xls")
    child = read_workbook(DATA / "cases.xls", isolated=True)
    assert child.path == direct.path
    assert [s.rows for s in child.sheets] == [s.rows for s in direct.sheets]
    bad = tmp_path / "photo.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(KnownError) as err:
        read_workbook(bad, isolated=True)
    assert err.value.code == "unreadable" and "photo.xlsx" in err.value.english
