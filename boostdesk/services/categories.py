"""Basket categories as the owner keeps them: add, rename, reorder, hide.

A category is never deleted: visits keep the category they were recorded with, so renaming one
renames it in every past basket and report, and hiding one only takes it off the counter.
Every change is an owner operation in one transaction, audited with ids only.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Sequence

from boostdesk.services import ops
from boostdesk.storage import audit
from boostdesk.storage import categories as categories_db
from boostdesk.storage import store as store_module

MAX_NAME_LENGTH = 40
CategoryRow = categories_db.CategoryRow


class CategoryError(ValueError):
    """A category change that cannot be made; ``reason``: ``name_missing``, ``name_long``,
    ``name_taken``, ``unknown``, ``last_shown`` (the counter needs one category) or ``order``
    (the new order does not list every category once)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def code_for(name: str) -> str:
    """A stable ASCII code for a new category named ``name`` (``Soğuk İçecek`` →
    ``soguk_icecek``): the code never changes when the category is renamed later."""
    folded = name.replace("ı", "i").replace("İ", "I")
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:30] or "category"


def turkish_fold(text: str) -> str:
    """``text`` for comparing names the Turkish way (``ÇAY``, ``Çay`` and ``çay`` alike;
    ``I`` folds to ``ı`` and ``İ`` to ``i``)."""
    return text.replace("I", "ı").replace("İ", "i").casefold()


class CategoryService:
    def __init__(self, store: store_module.Store, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._clock = clock

    def listed(self) -> list[CategoryRow]:
        """Every category, hidden ones too, in the counter's order."""
        return categories_db.listed(self._store)

    def add(self, actor: ops.Actor, name: str) -> ops.Result[int]:
        """A new category at the end of the counter's list (owner only)."""
        actor.require(ops.Role.OWNER, "add a category")
        name = self._checked_name(name)
        with self._store.transaction():
            self._refuse_taken(name)
            base = code_for(name)
            code, n = base, 1
            while categories_db.code_taken(self._store, code):
                n += 1
                code = f"{base}_{n}"
            category_id = categories_db.insert(self._store, code, name)
            self._audit(actor, "category.add", f"category={category_id}")
        return ops.Result(category_id, ops.Changes(settings=True))

    def rename(self, actor: ops.Actor, category_id: int, name: str) -> ops.Changes:
        """A new name, shown for every visit already recorded in it too (owner only)."""
        actor.require(ops.Role.OWNER, "rename a category")
        name = self._checked_name(name)
        with self._store.transaction():
            self._refuse_taken(name, other_than=category_id)
            if not categories_db.rename(self._store, category_id, name):
                raise CategoryError("unknown")
            self._audit(actor, "category.rename", f"category={category_id}")
        return ops.Changes(settings=True)

    def set_hidden(self, actor: ops.Actor, category_id: int, hidden: bool) -> ops.Changes:
        """Take a category off the counter (or bring it back); its visits keep it (owner
        only). The last category shown cannot be hidden."""
        actor.require(ops.Role.OWNER, "hide a category")
        with self._store.transaction():
            rows = categories_db.listed(self._store)
            if not any(row.id == category_id for row in rows):
                raise CategoryError("unknown")
            if hidden and not any(row.active for row in rows if row.id != category_id):
                raise CategoryError("last_shown")
            categories_db.set_active(self._store, category_id, not hidden)
            action = "category.hide" if hidden else "category.show"
            self._audit(actor, action, f"category={category_id}")
        return ops.Changes(settings=True)

    def reorder(self, actor: ops.Actor, category_ids: Sequence[int]) -> ops.Changes:
        """The counter's order of the categories: ``category_ids`` lists each once (owner
        only)."""
        actor.require(ops.Role.OWNER, "reorder categories")
        with self._store.transaction():
            known = sorted(row.id for row in categories_db.listed(self._store))
            if sorted(category_ids) != known:
                raise CategoryError("order")
            categories_db.set_order(self._store, category_ids)
            self._audit(actor, "category.reorder", f"categories={len(known)}")
        return ops.Changes(settings=True)

    def _checked_name(self, name: str) -> str:
        name = " ".join(name.split())
        if not name:
            raise CategoryError("name_missing")
        if len(name) > MAX_NAME_LENGTH:
            raise CategoryError("name_long")
        return name

    def _refuse_taken(self, name: str, other_than: int | None = None) -> None:
        folded = turkish_fold(name)
        for row in categories_db.listed(self._store):
            if row.id != other_than and turkish_fold(row.name) == folded:
                raise CategoryError("name_taken")

    def _audit(self, actor: ops.Actor, action: str, detail: str) -> None:
        audit.record(self._store, int(self._clock()), actor.user_id, action, detail)
