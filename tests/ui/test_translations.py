"""Every visible string has a Turkish translation, and the built .qm files are current."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

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


def test_every_english_plural_has_its_singular_and_plural_form() -> None:
    tree = ET.parse(TS_DIR / "boostdesk_en.ts")
    messages = list(tree.getroot().iter("message"))
    assert messages
    for message in messages:
        forms = [f.text or "" for f in message.iter("numerusform")]
        source = message.findtext("source") or ""
        assert message.find("translation").get("type") is None, source
        assert len(forms) == 2 and all("%n" in f and "(s)" not in f for f in forms), source


def test_no_count_reads_n_things_in_english(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    from boostdesk.services import counter
    from boostdesk.ui import i18n, today_panel

    translators = i18n.install(qapp, "en")
    try:
        panel = today_panel.TodayPanel("TRY", "Europe/Istanbul")
        qtbot.addWidget(panel)
        panel.show_today(counter.TodaySummary(1, 4_500, ()))
        assert panel.totals.text().startswith("1 visit ·")
        panel.show_today(counter.TodaySummary(3, 4_500, ()))
        assert panel.totals.text().startswith("3 visits ·")
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(QLocale.c())


def test_category_buttons_show_proper_names_in_each_language(qapp, turkish) -> None:  # type: ignore[no-untyped-def]
    from boostdesk.ui import categories

    stored = [("coffee", "Kahve"), ("tea", "Çay"), ("dessert", "Tatlı"), ("cake", "Pasta")]
    assert [n for _, n in categories.display_names(stored)] == ["Kahve", "Çay", "Tatlı", "Pasta"]
    for translator in QCoreApplication.instance().findChildren(QTranslator):
        QCoreApplication.removeTranslator(translator)
    english = [n for _, n in categories.display_names(stored + [("food", "Yemek")])]
    # an owner's own category (or a renamed default) is shown as the owner wrote it
    assert english == ["Coffee", "Tea", "Dessert", "Pasta", "Food"]
    assert categories.display_name("coffee", "Filtre kahve") == "Filtre kahve"
