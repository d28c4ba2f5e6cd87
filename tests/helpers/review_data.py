"""A few realistic cases written straight into a store, then ranked (for review tests)."""

from __future__ import annotations

import json
from typing import Any

from songda.store import Store

CASES: list[dict[str, Any]] = [
    {
        "case_no": "R001",
        "debtor_name": "张三",
        "id_number": "110108199001011234",
        "phones": ["13812345678"],
        "creditor": "招联消费金融有限公司",
        "addresses": [
            ("household", "北京市海淀区中关村大街27号1号楼2单元301室"),
            ("residence", "北京市朝阳区建国路88号SOHO现代城5号楼1202"),
            ("work", "不详"),
        ],
    },
    {
        "case_no": "R002",
        "debtor_name": "李四",
        "id_number": "310104198505052345",
        "phones": ["13912345678"],
        "creditor": "马上消费金融股份有限公司",
        "addresses": [
            ("household", "上海市徐汇区漕溪北路88号3楼"),
            ("delivery", "上海市浦东新区世纪大道100号环球金融中心"),
        ],
    },
    {
        "case_no": "R003",
        "debtor_name": "王五",
        "id_number": "440106198807073456",
        "phones": ["13512345678"],
        "creditor": "招联消费金融有限公司",
        "addresses": [
            ("household", "广东省广州市天河区天河路385号太古汇一座1501"),
            ("residence", "广州市天河区体育西路103号维多利广场B座2201房"),
        ],
    },
]


def add_cases(
    store: Store, cases: list[dict[str, Any]] | None = None, rank: bool = True
) -> list[int]:
    stamp = "2026-11-28T10:00:00"
    ids = []
    with store.transaction():
        for c in cases or CASES:
            cid = (
                store.db["cases"]
                .insert(
                    {
                        "case_no": c["case_no"],
                        "debtor_name": c["debtor_name"],
                        "id_number": c["id_number"],
                        "phones": json.dumps(c["phones"]),
                        "phone_tail": c["phones"][0][-4:],
                        "creditor": c["creditor"],
                        "status": "new",
                        "created_at": stamp,
                        "updated_at": stamp,
                    }
                )
                .last_pk
            )
            for source, text in c["addresses"]:
                store.db["candidates"].insert(
                    {
                        "case_id": cid,
                        "source": source,
                        "raw_text": text,
                        "created_at": stamp,
                        "updated_at": stamp,
                    }
                )
            ids.append(int(cid))
    if rank:
        from songda.services.rank_cases import rank_cases

        rank_cases(store)
    return ids
