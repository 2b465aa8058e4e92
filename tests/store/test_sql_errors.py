"""SQLite errors a user's disk causes become refusals with advice; the rest stay bugs."""

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.exc import DatabaseError, OperationalError

from desktop.errors import DamagedDatabase, StorageError
from desktop.store.sql_errors import refusal_for


def _error(kind, code: int):
    exc = kind("boom")
    exc.sqlite_errorcode = code
    return exc


def test_damage_full_disk_and_read_only_are_refusals():
    damaged = refusal_for(DatabaseError("SELECT 1", {}, _error(sqlcipher.DatabaseError, 11)))
    assert isinstance(damaged, DamagedDatabase) and "已损坏" in str(damaged)
    assert isinstance(refusal_for(_error(sqlcipher.DatabaseError, 26)), DamagedDatabase)
    full = refusal_for(OperationalError("INSERT", {}, _error(sqlcipher.OperationalError, 13)))
    assert isinstance(full, StorageError) and "磁盘空间不足" in str(full)
    # Extended result codes keep the primary code in the low byte (SQLITE_IOERR_WRITE).
    assert "读写数据库文件时出错" in str(refusal_for(_error(sqlcipher.OperationalError, 10 | (3 << 8))))
    assert "只读" in str(refusal_for(_error(sqlcipher.OperationalError, 8)))


def test_our_own_sql_mistakes_are_not_excused():
    assert refusal_for(_error(sqlcipher.OperationalError, 1)) is None  # SQLITE_ERROR: a bug
    assert refusal_for(ValueError("x")) is None
