"""The bundled DejaVu Sans, registered with reportlab once per process.

reportlab's built-in Helvetica has no ğ ş ı İ (nor ₺); DejaVu Sans has them all. reportlab embeds
a subset of the TTF with a ToUnicode map, so the text of every document stays extractable.
"""

from __future__ import annotations

import functools
from pathlib import Path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FONT_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "fonts"


@functools.cache
def register() -> None:
    """Register the regular and bold faces (idempotent); raise FileNotFoundError if missing."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
