"""run_isolated: a service in a child process (the GUI's import), results, errors, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from songda.domain.progress import CancelToken
from songda.errors import Cancelled, KnownError
from songda.services.import_file import import_files
from songda.services.isolated import run_isolated
from songda.store import open_store

CSV = (
    "案件编号,姓名,手机号,委托方,户籍地址,家庭地址\n"
    "A1,张三,13812345678,某银行,北京市朝阳区建国路1号,北京市海淀区中关村大街1号\n"
    "A2,李四,13912345678,某银行,上海市浦东新区世纪大道100号,\n"
)


def test_import_in_a_child_process(tmp_path: Path) -> None:
    src = tmp_path / "cases.csv"
    src.write_text(CSV, encoding="utf-8")
    store = open_store(tmp_path / "songda.db", operator="tester")
    seen: list[tuple[int, int, str]] = []
    try:
        report = run_isolated(
            store, import_files, [src], progress=lambda d, t, m: seen.append((d, t, m))
        )
        assert report.files[0].cases_new == 2
        # written by the child, visible here; the operator came along
        assert store.count("cases") == 2
        assert store.scalar("SELECT count(*) FROM audit_log WHERE operator = 'tester'") > 0
        assert seen, "progress is relayed"
        # an error the operator can fix arrives as itself, with its code and English text
        bad = tmp_path / "empty.xlsx"
        bad.write_bytes(b"")
        with pytest.raises(KnownError) as err:
            run_isolated(store, import_files, [bad])
        assert err.value.english and err.value.code
        # cancelled before it starts: nothing written
        token = CancelToken()
        token.cancel()
        other = tmp_path / "more.csv"
        other.write_text(CSV.replace("A1", "B1").replace("A2", "B2"), encoding="utf-8")
        with pytest.raises(Cancelled):
            run_isolated(store, import_files, [other], cancel=token)
        assert store.count("cases") == 2
    finally:
        store.close()
