"""Dependencies point one way: no Qt below ui/, no peewee in domain/ (STYLE.md, Layers)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import boostdesk


def _modules(package: str) -> list[str]:
    module = __import__(f"boostdesk.{package}", fromlist=["__path__"])
    return [f"boostdesk.{package}"] + [
        f"boostdesk.{package}.{info.name}" for info in pkgutil.iter_modules(module.__path__)
    ]


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import sys\n"
        f"for name in {modules!r}: __import__(name)\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize("package", ["domain", "storage", "services", "hardware", "documents"])
def test_lower_layers_do_not_load_qt(package: str) -> None:
    loaded = _loaded_after_import(_modules(package))
    assert "PySide6" not in loaded and "pyqtgraph" not in loaded


def test_domain_does_not_load_peewee_or_sqlite() -> None:
    loaded = _loaded_after_import(_modules("domain"))
    assert "peewee" not in loaded and "sqlite3" not in loaded


def test_only_storage_imports_peewee_directly() -> None:
    offenders = []
    root = boostdesk.__path__[0]
    import pathlib

    for path in pathlib.Path(root).rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("storage/", "services/")):
            continue
        text = path.read_text(encoding="utf-8")
        if "import peewee" in text or "from peewee" in text:
            offenders.append(rel)
    assert offenders == []
