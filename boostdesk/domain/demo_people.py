"""Turkish names and places for the demo venue (fictional people; any likeness is chance)."""

from __future__ import annotations

from typing import Final

FEMALE_NAMES: Final = (
    "Ayşe", "Fatma", "Zeynep", "Elif", "Emine", "Hatice", "Merve", "Büşra", "Esra", "Özlem",
    "Selin", "Ebru", "Derya", "Gizem", "Yasemin", "Şeyma", "Gül", "Deniz", "İrem", "Ceren",
    "Tuğba", "Sibel", "Nur", "Hande", "Pınar", "Çağla", "Duygu", "Ece", "Melis", "Aslı",
    "Ilgın", "Sevgi", "Tülay", "Nesrin", "Gökçe", "Defne", "Ezgi", "Buse", "Damla", "Şule",
)
MALE_NAMES: Final = (
    "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman", "Yusuf",
    "Murat", "Ömer", "Emre", "Burak", "Can", "Cem", "Kerem", "Barış", "Serkan", "Oğuz",
    "Tolga", "Uğur", "Gökhan", "Onur", "Çağrı", "Eren", "Kaan", "Efe", "Selim", "Tarık",
    "Ilgaz", "Doğan", "Şahin", "Berk", "Arda", "Yiğit", "Alper", "Volkan", "Sinan", "Halil",
)
LAST_NAMES: Final = (
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
    "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek",
    "Polat", "Korkmaz", "Karataş", "Erdoğan", "Güneş", "Aksoy", "Bulut", "Keskin", "Ünal", "Işık",
    "Altun", "Tekin", "Güler", "Bozkurt", "Akgül", "Uysal", "Erdem", "Çakır", "Sarı", "İnce",
)
CHILD_NAMES: Final = (
    "Ada", "Alya", "Asel", "Eylül", "Zeynep", "Defne", "Elif", "Mira", "Ela", "Lina",
    "Alparslan", "Aras", "Atlas", "Göktuğ", "Miraç", "Poyraz", "Ömer Asaf", "Yağız", "Kuzey", "Çınar",
)
# (district, city, weight): a café in Kadıköy draws most of its guests from nearby.
DISTRICTS: Final = (
    ("Kadıköy", "İstanbul", 34),
    ("Üsküdar", "İstanbul", 14),
    ("Ataşehir", "İstanbul", 12),
    ("Maltepe", "İstanbul", 9),
    ("Beşiktaş", "İstanbul", 7),
    ("Şişli", "İstanbul", 6),
    ("Beyoğlu", "İstanbul", 5),
    ("Kartal", "İstanbul", 5),
    ("Bakırköy", "İstanbul", 3),
    ("Çankaya", "Ankara", 2),
    ("Konak", "İzmir", 2),
    ("Nilüfer", "Bursa", 1),
)
REGISTRATION_SOURCES: Final = (("counter", 70), ("website", 9), ("instagram", 13), ("event", 8))

_ASCII = str.maketrans("çğıöşüÇĞİÖŞÜ ", "cgiosuCGIOSU.")


def email_local_part(first: str, last: str) -> str:
    """``ayse.yilmaz`` from ``Ayşe``, ``Yılmaz``: e-mail addresses stay ASCII."""
    return f"{first}.{last}".translate(_ASCII).lower()
