"""Refresh the translation files from the source code and rebuild the .qm files.

    python resources/translations/refresh.py          # lupdate (.ts) then lrelease (.qm)
    python resources/translations/refresh.py --check  # exit 1 if any .ts or .qm is out of date

The Turkish file holds every string; the English one only plural forms (source strings are
English). Translate new Turkish entries with Qt Linguist (``pyside6-linguist``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "boostdesk" / "ui").rglob("*.py"))
LANGUAGES = {"tr": [], "en": ["-pluralonly"]}


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this environment")
    return found


def update(ts_dir: Path) -> None:
    for lang, extra in LANGUAGES.items():
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *SOURCES,
                "-no-obsolete",
                "-locations",
                "none",
                *extra,
                "-target-language",
                lang,
                "-ts",
                str(ts_dir / f"boostdesk_{lang}.ts"),
            ],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )


def release(ts_dir: Path, qm_dir: Path) -> None:
    for lang in LANGUAGES:
        subprocess.run(
            [
                tool("pyside6-lrelease"),
                str(ts_dir / f"boostdesk_{lang}.ts"),
                "-qm",
                str(qm_dir / f"boostdesk_{lang}.qm"),
            ],
            check=True,
            capture_output=True,
        )


def check() -> list[str]:
    """Names of the files that a refresh would change."""
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for lang in LANGUAGES:
            shutil.copy(HERE / f"boostdesk_{lang}.ts", work / f"boostdesk_{lang}.ts")
        update(work)
        release(work, work)
        for lang in LANGUAGES:
            for suffix in ("ts", "qm"):
                name = f"boostdesk_{lang}.{suffix}"
                if (work / name).read_bytes() != (HERE / name).read_bytes():
                    stale.append(name)
    return stale


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    if parser.parse_args().check:
        stale = check()
        print("stale: " + ", ".join(stale) if stale else "translations are up to date")
        return 1 if stale else 0
    update(HERE)
    release(HERE, HERE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
