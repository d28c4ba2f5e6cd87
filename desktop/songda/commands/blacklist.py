"""``songda blacklist list|add|remove|import FILE|export FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songda.commands.common import print_json, store_from_args
from songda.domain.blacklist import BlacklistEntry, BlacklistKind, MatchKind, Origin
from songda.errors import KnownError
from songda.store import blacklist as bl


def register(sub: Any) -> None:
    p = sub.add_parser("blacklist", help="address blacklist 地址黑名单")
    bsub = p.add_subparsers(dest="blacklist_command", metavar="ACTION", required=True)
    ls = bsub.add_parser("list", help="list entries 列出")
    ls.add_argument(
        "--builtin", action="store_true", help="also list the built-in rules 含内置规则"
    )
    ls.add_argument("--json", action="store_true", help="print as JSON")
    ls.set_defaults(handler=cmd_list)
    add = bsub.add_parser("add", help="add an entry 添加")
    add.add_argument(
        "--kind",
        required=True,
        choices=[k.value for k in BlacklistKind],
        help="demolished 已拆迁 / collective 集体户 / institution 机关监所 / custom 自定义",
    )
    what = add.add_mutually_exclusive_group(required=True)
    what.add_argument("--keyword", help="text the address contains 关键词")
    what.add_argument("--division", help="division code prefix, e.g. 110105 行政区划代码")
    what.add_argument("--address", help="a full address, matched fuzzily 完整地址")
    add.add_argument("--scope", help="limit a keyword to this division code 限定区划")
    add.add_argument("--note", default="", help="why 备注")
    add.set_defaults(handler=cmd_add)
    rm = bsub.add_parser("remove", help="remove entries by id 删除")
    rm.add_argument("ids", type=int, nargs="+", metavar="ID")
    rm.set_defaults(handler=cmd_remove)
    imp = bsub.add_parser("import", help="import entries from xlsx/xls/csv 导入")
    imp.add_argument("file", type=Path, help="spreadsheet with 类型/内容/区划代码/备注 columns")
    imp.set_defaults(handler=cmd_import)
    exp = bsub.add_parser("export", help="export entries to xlsx or csv 导出")
    exp.add_argument("file", type=Path, help="output .xlsx or .csv")
    exp.set_defaults(handler=cmd_export)


def cmd_list(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    try:
        entries = bl.list_entries(store)
    finally:
        store.close()
    from songda.ranking.blacklist import load_builtin_rules
    from songda.ranking.blacklist_io import entry_row

    if args.builtin:
        entries = load_builtin_rules().as_entries() + entries
    if args.json:
        print_json(
            [
                {
                    "id": e.id,
                    "kind": e.kind.value,
                    "match": e.match.value,
                    "pattern": e.pattern,
                    "division_code": e.division_code,
                    "note": e.note,
                    "origin": e.origin.value,
                    "active": e.active,
                    "created_by": e.created_by,
                    "created_at": e.created_at,
                }
                for e in entries
            ]
        )
        return 0
    for e in entries:
        row = entry_row(e)
        print("\t".join([str(e.id or "-"), *(str(v) for v in row[:7])]))
    if not entries:
        print("黑名单为空 (no entries)")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    if args.keyword:
        entry = BlacklistEntry(
            BlacklistKind(args.kind), MatchKind.KEYWORD, args.keyword, args.scope or None
        )
    elif args.division:
        if not args.division.isdigit() or not 2 <= len(args.division) <= 12:
            raise KnownError("区划代码应为2至12位数字", "division code must be 2-12 digits")
        entry = BlacklistEntry(BlacklistKind(args.kind), MatchKind.DIVISION, None, args.division)
    else:
        entry = BlacklistEntry(BlacklistKind(args.kind), MatchKind.ADDRESS, args.address)
    entry.note = args.note or None
    entry.origin = Origin.MANUAL
    store = store_from_args(args)
    try:
        new_id = bl.add_entry(store, entry)
    finally:
        store.close()
    if new_id is None:
        print("已存在相同条目，未添加 (identical entry exists)")
    else:
        print(f"已添加 added: {new_id}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    try:
        n = bl.remove_entries(store, args.ids)
    finally:
        store.close()
    print(f"已删除 removed: {n}")
    return 0 if n == len(args.ids) else 1


def cmd_import(args: argparse.Namespace) -> int:
    from songda.ranking.blacklist_io import read_entries

    entries = read_entries(args.file)
    store = store_from_args(args)
    try:
        new_ids, skipped = bl.add_entries(store, entries)
    finally:
        store.close()
    print(f"已导入 imported: {len(new_ids)}，重复跳过 skipped: {skipped}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from songda.ranking.blacklist_io import write_entries

    store = store_from_args(args)
    try:
        entries = bl.list_entries(store)
    finally:
        store.close()
    n = write_entries(args.file, entries)
    print(f"已导出 exported: {n} -> {args.file}")
    return 0
