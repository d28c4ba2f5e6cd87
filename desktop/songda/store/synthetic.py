"""Fast synthetic databases for benchmarks (direct SQL inserts, no parsing or ranking)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator

from songda.store.db import Store, now_iso
from songda.store.migrations import FTS_TRIGGERS, V_FTS_SPLIT, statements

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文红兰志海燕玲"
_PLACES = (
    ("北京市", "北京市", "海淀区"),
    ("北京市", "北京市", "朝阳区"),
    ("上海市", "上海市", "浦东新区"),
    ("广东省", "广州市", "天河区"),
    ("广东省", "深圳市", "南山区"),
    ("浙江省", "杭州市", "西湖区"),
    ("江苏省", "南京市", "鼓楼区"),
    ("四川省", "成都市", "武侯区"),
    ("湖北省", "武汉市", "洪山区"),
    ("河南省", "郑州市", "金水区"),
    ("山东省", "济南市", "历下区"),
    ("陕西省", "西安市", "雁塔区"),
)
_ROADS = "人民路 建设路 解放路 中山路 和平路 文化路 新华路 胜利路 长江路 黄河路".split()
_CREDITORS = tuple(
    f"{c}消费金融有限公司" for c in "安信 华融 中银 招联 马上 兴业 海尔 苏宁".split()
)
_STATUS_WEIGHTS = (
    ("needs_review", 25),
    ("confirmed", 35),
    ("no_valid_address", 8),
    ("ready", 5),
    ("sent", 15),
    ("signed", 9),
    ("returned", 3),
)


def _rows(n: int, seed: int, import_ids: list[int]) -> Iterator[tuple[object, ...]]:
    rnd = random.Random(seed)
    statuses = [s for s, w in _STATUS_WEIGHTS for _ in range(w)]
    stamp = now_iso()
    for i in range(n):
        name = rnd.choice(_SURNAMES) + "".join(rnd.choices(_GIVEN, k=rnd.choice((1, 2))))
        phone = "1" + rnd.choice("3578") + "".join(rnd.choices("0123456789", k=9))
        prov, city, dist = rnd.choice(_PLACES)
        addr = (
            f"{prov}{city}{dist}{rnd.choice(_ROADS)}{rnd.randint(1, 999)}号"
            f"{rnd.randint(1, 30)}栋{rnd.randint(1, 6)}单元{rnd.randint(1, 33)}0{rnd.randint(1, 8)}室"
        )
        status = rnd.choice(statuses)
        yield (
            f"SD{seed:02d}{i:09d}",
            rnd.choice(_CREDITORS),
            name,
            json.dumps([phone]),
            phone[-4:],
            round(rnd.uniform(1000, 90000), 2),
            status,
            1 if status == "needs_review" else 0,
            round(rnd.uniform(20, 100), 1),
            addr,
            rnd.choice(import_ids),
            stamp,
            stamp,
        )


def _fts_triggers() -> list[str]:
    return [
        s
        for s in statements(V_FTS_SPLIT)
        if s.startswith(("CREATE TRIGGER cases_fts_", "CREATE TRIGGER phones_fts_"))
    ]


def insert_synthetic_cases(store: Store, n: int, *, seed: int = 1, chunk: int = 50000) -> int:
    """Insert ``n`` made-up cases (with a few imports) in chunks; returns the count.

    Bulk mode: the full-text triggers are dropped during the inserts and the index is
    rebuilt once at the end (several times faster than row-by-row trigger updates)."""
    stamp = now_iso()
    for trig in FTS_TRIGGERS:
        store.conn.execute(f"DROP TRIGGER IF EXISTS {trig}")
    with store.transaction():
        import_ids = []
        for k in range(5):
            cur = store.conn.execute(
                "INSERT INTO imports (file_name, sha256, imported_at, operator)"
                " VALUES (?, ?, ?, 'bench')",
                (f"synthetic-{seed}-{k}.xlsx", f"{seed:x}{k:x}", stamp),
            )
            import_ids.append(int(cur.lastrowid or 0))
    rows = _rows(n, seed, import_ids)
    done = 0
    while done < n:
        batch = [r for _, r in zip(range(chunk), rows, strict=False)]
        if not batch:
            break
        with store.transaction():
            store.conn.executemany(
                "INSERT INTO cases (case_no, creditor, debtor_name, phones, phone_tail,"
                " amount_due, status, needs_review, best_score, best_address, import_id,"
                " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                batch,
            )
        done += len(batch)
    with store.transaction():
        store.conn.execute("INSERT INTO cases_fts (cases_fts) VALUES ('rebuild')")
        store.conn.execute("INSERT INTO phones_fts (phones_fts) VALUES ('rebuild')")
        for stmt in _fts_triggers():
            store.conn.execute(stmt)
    return done
