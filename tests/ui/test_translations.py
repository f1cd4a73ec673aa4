"""Every visible string has a Turkish translation, and the built .qm files are current."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"


def _refresh_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("refresh", TS_DIR / "refresh.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_translation_files_match_the_source_code() -> None:
    assert _refresh_module().check() == [], "run: python resources/translations/refresh.py"


def test_every_string_has_a_turkish_translation() -> None:
    tree = ET.parse(TS_DIR / "boostdesk_tr.ts")
    messages = list(tree.getroot().iter("message"))
    assert len(messages) > 50
    untranslated = [
        m.findtext("source")
        for m in messages
        if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
        or not "".join(m.find("translation").itertext()).strip()
    ]
    assert untranslated == []


def test_turkish_and_english_plurals_at_run_time(qapp) -> None:  # type: ignore[no-untyped-def]
    for lang, one, many in (("tr", "1 gün önce", "3 gün önce"), ("en", "1 day ago", "3 days ago")):
        translator = QTranslator()
        assert translator.load(f"boostdesk_{lang}", str(TS_DIR))
        QCoreApplication.installTranslator(translator)
        try:
            assert QCoreApplication.translate("GuestPanel", "%n day(s) ago", "", 1) == one
            assert QCoreApplication.translate("GuestPanel", "%n day(s) ago", "", 3) == many
        finally:
            QCoreApplication.removeTranslator(translator)
