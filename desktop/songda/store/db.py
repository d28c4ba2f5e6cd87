"""Opening the database: pragmas, migrations, audit log, settings, backups."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from songda.errors import KnownError
from songda.store.migrations import MIGRATIONS, statements

SCHEMA_VERSION = len(MIGRATIONS)


def now_iso() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Store:
    """A handle on one Songda database. Create with :func:`open_store`."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self.operator = "operator"

    # -- basics -----------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection = self.db.conn
        return conn

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One transaction (a savepoint when nested). Every multi-row change uses this."""
        with self.db.atomic():
            yield self

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        cols = [c[0] for c in cur.description or ()]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @property
    def user_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    # -- audit log ----------------------------------------------------------
    def audit(
        self,
        entity: str,
        entity_id: object,
        action: str,
        before: Any = None,
        after: Any = None,
        operator: str | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO audit_log (time, operator, entity, entity_id, action, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                now_iso(),
                operator or self.operator,
                entity,
                None if entity_id is None else str(entity_id),
                action,
                None if before is None else json.dumps(before, ensure_ascii=False, default=str),
                None if after is None else json.dumps(after, ensure_ascii=False, default=str),
            ),
        )

    def audit_entries(self, entity: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        if entity:
            return self.query(
                "SELECT * FROM audit_log WHERE entity = ? ORDER BY id DESC LIMIT ?",
                (entity, limit),
            )
        return self.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))

    # -- settings -------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        v = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if v is None else json.loads(v)

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            before = self.get_setting(key)
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )
            if before != value:
                self.audit("setting", key, "set", before, value)

    # -- counts -----------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in self.db.table_names():
            raise ValueError(table)
        return int(self.scalar(f"SELECT count(*) FROM [{table}]"))


def _connect(path: Path | None) -> sqlite_utils.Database:
    if path is None:
        return sqlite_utils.Database(memory=True)
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
    return sqlite_utils.Database(conn)


def migrate(db: sqlite_utils.Database) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION` in one transaction, or refuse."""
    conn = db.conn
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    migrate_check_newer(current)
    if current == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for stmt in statements(MIGRATIONS[version - 1]):
                conn.execute(stmt)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def migrate_check_newer(current: int) -> None:
    """Refuse (without touching anything) a database written by a newer Songda."""
    if current > SCHEMA_VERSION:
        raise KnownError(
            f"此数据库由更新版本的送达创建（结构版本 {current}，本程序支持 {SCHEMA_VERSION}），"
            "请升级程序后再打开。数据库未被修改。",
            f"database schema version {current} is newer than this program's {SCHEMA_VERSION}",
            code="db_too_new",
        )


def open_store(path: Path | str | None, *, operator: str | None = None) -> Store:
    """Open (creating if needed) and migrate the database at ``path``; ``None`` = in memory."""
    p = Path(path) if path is not None else None
    if p is not None:
        p.parent.mkdir(parents=True, exist_ok=True)
        if p.exists() and p.stat().st_size > 0:
            with p.open("rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise KnownError(
                        f"不是送达数据库文件：{p}", f"not a SQLite database: {p}", code="db_bad"
                    )
    db = _connect(p)
    conn = db.conn
    conn.execute("PRAGMA busy_timeout = 30000")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        db.close()
        migrate_check_newer(version)
    conn.execute("PRAGMA foreign_keys = ON")
    # INSERT OR REPLACE must fire delete triggers too (they keep cases_fts in sync)
    conn.execute("PRAGMA recursive_triggers = ON")
    if p is not None:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    try:
        migrate(db)
    except BaseException:
        db.close()
        raise
    store = Store(db, p)
    if operator:
        store.operator = operator
    else:
        store.operator = str(store.get_setting("operator", "operator"))
    return store
