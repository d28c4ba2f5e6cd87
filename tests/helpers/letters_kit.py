"""Cases ready to send, for letters and batch tests (inserted directly, like the ranking would)."""

from __future__ import annotations

import random
from typing import Any

from songda.store import Store

NOW = "2026-11-01T00:00:00"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华红玉兰建国志强海燕春梅欣怡子轩浩然雨涵梓萱一诺"
PLACES = [
    ("北京市海淀区中关村街道中关村大街{n}号院{b}号楼{u}单元{r}室", "100080"),
    ("上海市浦东新区陆家嘴街道世纪大道{n}号{b}幢{r}室", "200120"),
    ("广东省广州市天河区天河南街道体育西路{n}号{b}栋{r}房", "510620"),
    ("四川省成都市武侯区浆洗街街道洗面桥街{n}号{b}栋{u}单元{r}号", "610041"),
    (
        "内蒙古自治区呼和浩特市新城区海拉尔东路街道（原东风路）{n}号“幸福家园”小区{b}号楼{r}室",
        "010050",
    ),
    ("浙江省杭州市西湖区文新街道文一西路{n}号（西溪花园）{b}幢{u}单元{r}室", "310012"),
]
CREDITORS = ["某某消费金融有限公司", "示例银行股份有限公司信用卡中心", "样例小额贷款有限公司"]


def add_ready_case(
    store: Store,
    case_no: str,
    *,
    status: str = "confirmed",
    rng: random.Random | None = None,
    **override: Any,
) -> tuple[int, int]:
    """A confirmed case with one chosen candidate; returns (case_id, candidate_id)."""
    r = rng or random.Random(case_no)
    place, postcode = r.choice(PLACES)
    address = place.format(
        n=r.randint(1, 399), b=r.randint(1, 30), u=r.randint(1, 6), r=r.randint(101, 2804)
    )
    principal = round(r.uniform(1000, 200000), 2)
    interest = round(principal * r.uniform(0.01, 0.3), 2)
    name = r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))
    values: dict[str, Any] = {
        "case_no": case_no,
        "creditor": r.choice(CREDITORS),
        "debtor_name": name,
        "id_number": f"11010819{r.randint(60, 99)}0{r.randint(1, 9)}1{r.randint(0, 2)}"
        f"{r.randint(1000, 9999)}",
        "amount_due": round(principal + interest, 2),
        "principal": principal,
        "interest": interest,
        "overdue_days": r.randint(31, 900),
        "loan_date": f"20{r.randint(18, 25)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
        "contract_no": f"HT-{r.randint(2018, 2025)}-{r.randint(0, 999999):06d}",
        "status": status,
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(override)
    case_id = int(store.db["cases"].insert(values).last_pk)
    cand_id = int(
        store.db["candidates"]
        .insert(
            {
                "case_id": case_id,
                "source": "residence",
                "raw_text": address,
                "standard": address,
                "postcode": postcode,
                "valid": 1,
                "rank": 1,
                "chosen": 1,
                "status": "active",
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        .last_pk
    )
    store.db["cases"].update(case_id, {"best_candidate_id": cand_id, "best_address": address})
    return case_id, cand_id


def add_ready_cases(store: Store, n: int, seed: int = 7, prefix: str = "C") -> list[int]:
    rng = random.Random(seed)
    with store.transaction():
        return [add_ready_case(store, f"{prefix}{k:05d}", rng=rng)[0] for k in range(1, n + 1)]
