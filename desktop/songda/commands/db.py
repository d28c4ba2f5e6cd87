"""``songda db backup|restore|info``: database maintenance."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songda.commands.common import print_json, store_from_args
from songda.paths import backup_dir, default_db_path
from songda.store import SCHEMA_VERSION
from songda.store.backup import backup_now, backups, prune, restore


def register(sub: Any) -> None:
    p = sub.add_parser("db", help="database backup, restore and info 数据库备份与恢复")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    b = dsub.add_parser("backup", help="back up the database now 立即备份")
    b.add_argument("--keep", type=int, default=7, help="backups to keep (default 7)")
    b.set_defaults(handler=cmd_backup)
    r = dsub.add_parser("restore", help="replace the database with a backup 从备份恢复")
    r.add_argument("backup", type=Path, help="backup file to restore")
    r.set_defaults(handler=cmd_restore)
    i = dsub.add_parser("info", help="path, schema version, counts and backups 数据库信息")
    i.set_defaults(handler=cmd_info)


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_db_path()


def cmd_backup(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    try:
        folder = backup_dir(_db_path(args))
        made = backup_now(store, folder)
        prune(folder, args.keep)
    finally:
        store.close()
    print(f"已备份 backup written: {made}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    restore(args.backup, _db_path(args))
    print(f"已恢复 restored {args.backup} -> {_db_path(args)}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    try:
        info = {
            "path": str(_db_path(args)),
            "schema_version": store.user_version,
            "program_schema_version": SCHEMA_VERSION,
            "cases": store.count("cases"),
            "candidates": store.count("candidates"),
            "backups": [str(p) for p in backups(backup_dir(_db_path(args)))],
        }
    finally:
        store.close()
    print_json(info)
    return 0
