"""The open venue database as the services see it: a handle to pass to the query modules and a
transaction to wrap an operation in. Services never see peewee or SQL; only ``storage`` looks
inside a :class:`Store`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

import peewee


class Store:
    """One venue database. ``transaction()`` nests: an inner one is a savepoint of the outer,
    so an operation that calls another operation's storage steps still commits once."""

    def __init__(self, database: peewee.SqliteDatabase) -> None:
        self.database = database

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; the outermost one begins IMMEDIATE (see ``database.connect``), so a
        read-then-write waits for another writer instead of failing half-way."""
        with self.database.atomic():
            yield

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement (for the query modules in this package only)."""
        cursor = self.database.execute_sql(sql, tuple(params))
        assert isinstance(cursor, sqlite3.Cursor)
        return cursor

    def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement per row (for the query modules in this package only)."""
        connection = self.database.connection()
        assert isinstance(connection, sqlite3.Connection)
        connection.executemany(sql, rows)

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first row of a query, or None."""
        return self.execute(sql, params).fetchone()

    @property
    def writes_held(self) -> bool:
        """True while writes wait for :meth:`release_writes` (or were refused)."""
        gate = getattr(self.database, "write_gate", None)
        return gate is not None and not gate.is_open

    def release_writes(self) -> None:
        """Let writes held at opening go ahead (the start-up check passed)."""
        gate = getattr(self.database, "write_gate", None)
        if gate is not None:
            gate.release()

    def refuse_writes(self, error: BaseException) -> None:
        """Fail every write held at opening, and every later one, with ``error``."""
        gate = getattr(self.database, "write_gate", None)
        if gate is not None:
            gate.refuse(error)

    def close(self) -> None:
        if not self.database.is_closed():
            self.database.close()
        held = getattr(self.database, "presence", None)
        if held is not None:
            held.close()  # this opening no longer holds the venue (see presence)


Handle = peewee.Database | Store
"""What the query modules take: the venue's :class:`Store` (services pass that) or, inside
``storage`` and for the bulk builders, the peewee database itself."""


def database_of(handle: Handle) -> peewee.Database:
    """The peewee database behind ``handle`` (for this package only)."""
    return handle.database if isinstance(handle, Store) else handle
