"""Loading translations: BoostDesk's own (.qm built from resources/translations/*.ts) and Qt's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"
TRANSLATIONS = RESOURCES / "translations"
LANGUAGES = {"tr": QLocale.Language.Turkish, "en": QLocale.Language.English}


def locale_for(lang: str) -> QLocale:
    if lang == "tr":
        return QLocale(QLocale.Language.Turkish, QLocale.Country.Turkey)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def install(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install the translators for ``lang`` and set the default locale (money, dates)."""
    QLocale.setDefault(locale_for(lang))
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Source strings are English; the English file holds only plural forms ("1 day", "2 days").
    wanted = [(f"boostdesk_{lang}", str(TRANSLATIONS))]
    if lang != "en":
        wanted.insert(0, (f"qtbase_{lang}", qt_dir))
    for name, directory in wanted:
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            installed.append(translator)
    return installed
