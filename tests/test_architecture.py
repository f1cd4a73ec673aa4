"""Dependencies point one way: no Qt below ui/, no peewee in domain/ (STYLE.md, Layers)."""

from __future__ import annotations

import pkgutil
import re
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


# -- services/ and ui/: no peewee, no SQL, no database handle (issue 8, Scope 3) ------------------

_SQL = re.compile(
    r"\b(SELECT\b.*\bFROM|INSERT\b.*\bINTO|UPDATE\b.*\bSET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|"
    r"TRIGGER|VIEW)|DROP\s+(TABLE|INDEX|TRIGGER)|PRAGMA\s+\w+|VACUUM\b)",
    re.DOTALL,
)
_HANDLE_ATTRIBUTES = {"db", "_db", "database", "_database"}
_HANDLE_CALLS = {"execute_sql", "raw_connection", "atomic", "executemany", "executescript"}


def _layer_files() -> list[str]:
    import pathlib

    root = pathlib.Path(boostdesk.__path__[0])
    return sorted(
        path.relative_to(root).as_posix()
        for package in ("services", "ui")
        for path in (root / package).rglob("*.py")
    )


def _problems(rel: str) -> list[str]:
    """What in ``boostdesk/rel`` reaches past storage: peewee imports, SQL text, handle use."""
    import pathlib

    return _problems_in((pathlib.Path(boostdesk.__path__[0]) / rel).read_text(encoding="utf-8"))


def _problems_in(text: str) -> list[str]:
    import ast
    import io
    import tokenize

    found = []
    for node in ast.walk(ast.parse(text)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [f"imports {n}" for n in names if n.split(".")[0] in ("peewee", "sqlite3")]
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    for before, token in zip(tokens, tokens[1:], strict=False):
        if token.type == tokenize.NAME and token.string in _HANDLE_CALLS:
            found.append(f"line {token.start[0]}: {token.string}")
        elif (
            token.type == tokenize.NAME
            and before.string == "."
            and token.string in _HANDLE_ATTRIBUTES
        ):
            found.append(f"line {token.start[0]}: .{token.string}")
        elif token.type == tokenize.STRING and _SQL.search(token.string):
            found.append(f"line {token.start[0]}: SQL {token.string[:40]!r}")
    return found


@pytest.mark.parametrize("rel", _layer_files())
def test_services_and_ui_leave_sql_and_the_database_to_storage(rel: str) -> None:
    assert _problems(rel) == []


def test_the_layer_check_sees_each_kind_of_leak() -> None:
    """The checker itself finds each leak it looks for (a check that cannot fail would pass every
    file)."""
    sample = (
        "import peewee\n"
        "def f(opened):\n"
        "    opened.db.execute_sql('x')\n"
        '    return "SELECT id FROM visit WHERE 1"\n'
    )
    assert _problems_in(sample) == [
        "imports peewee",
        "line 3: .db",
        "line 3: execute_sql",
        "line 4: SQL '\"SELECT id FROM visit WHERE 1\"'",
    ]
    assert _problems_in("path = folder / 'check.db'\nname = 'Select a file from the list'\n") == []


def test_opening_a_venue_does_not_load_the_heavy_libraries() -> None:
    """Every command and the GUI open a venue: scipy (the CLV fit), reportlab, pyqtgraph and
    openpyxl are imported only where used (issue 8: the cold path)."""
    loaded = _loaded_after_import(["boostdesk.app", "boostdesk.cli", "boostdesk.services.venue"])
    assert not loaded & {"scipy", "reportlab", "pyqtgraph", "openpyxl"}
