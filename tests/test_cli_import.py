"""``boostdesk import customers|visits`` with the mess real POS exports hold (issue 13, acceptance
3): real processes, real files, the database read back."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk.domain import codes
from boostdesk.services import setup, venue

OWNER_PIN = "2468"
HEAD = "customer_ref;card;visited_at;amount;category\n"


def run(*args: str, pin: str | None = OWNER_PIN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BOOSTDESK_DATA_DIR", "BOOSTDESK_PIN")}
    if pin is not None:
        env["BOOSTDESK_PIN"] = pin
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def imported(kind: str, path: Path, folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run("import", kind, str(path), "--data-dir", str(folder), *extra)


@pytest.fixture(scope="module")
def shop_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("shop")
    opened = venue.open_venue(folder)
    setup.set_up_venue(opened, name="Shop", owner_pin=OWNER_PIN, cashier_pin="1357")
    opened.close()
    return folder


@pytest.fixture
def shop(shop_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "shop"
    folder.mkdir()
    conn = sqlite3.connect(venue.database_path(shop_template))
    conn.execute(f"VACUUM INTO '{venue.database_path(folder)}'")
    conn.close()
    return folder


def query(folder: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(venue.database_path(folder))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def problem_lines(stdout: str) -> dict[int, str]:
    return {
        int(line.split(":", 1)[0].removeprefix("line ")): line.split(":", 1)[1].strip()
        for line in stdout.splitlines()
        if line.startswith("line ")
    }


CUSTOMERS = (
    "\ufeffcard;name;last_name;phone;email;birth_date;consent_sms;consent_email;registration_source\n"
    f"{codes.card_number(1)};Ağahan;Işıkçı;0532 123 45 67;aga@example.com;1980-02-29;evet;hayır;"
    "pos\n"
    "\n"
    f"{codes.card_number(2)};Şükrü;Çağlayan;;;03.04.1975;1;0;\n"
    f"{codes.card_number(3)};İpek;Öztürk;+90 533 000 11 22;;;;;\n"
)


def test_customers_in_windows_1254_then_their_visits_with_every_kind_of_mess(shop: Path) -> None:
    path = shop / "guests.csv"
    path.write_bytes(CUSTOMERS.replace("\ufeff", "").encode("cp1254"))
    result = imported("customers", path, shop)
    assert result.returncode == 0, result.stderr
    assert "imported 3 guests (0 already known)" in result.stdout
    assert query(
        shop, "SELECT first_name, last_name, phone, birth_date FROM customer ORDER BY id"
    ) == [
        ("Ağahan", "Işıkçı", "05321234567", "1980-02-29"),
        ("Şükrü", "Çağlayan", None, "1975-04-03"),
        ("İpek", "Öztürk", "+905330001122", None),
    ]
    assert query(
        shop, "SELECT customer_id, channel, granted FROM consent ORDER BY customer_id, channel"
    ) == [(1, "email", 0), (1, "sms", 1), (2, "email", 0), (2, "sms", 1)]
    again = imported("customers", path, shop)  # the same file again adds nobody
    assert "imported 0 guests (3 already known)" in again.stdout
    # Visits: a BOM, ';', decimal commas and groups, Turkish category names, blank lines, CRLF.
    visits = shop / "visits.csv"
    text = (
        "\ufeff"
        + HEAD
        + f";{codes.card_number(1)};2026-11-20 09:15;45,50;Kahve\r\n"
        + "\r\n"
        + f";{codes.card_number(2)};20.11.2026 13:05;1.234,50;Çay\r\n"
        + f";{codes.card_number(3)};2026-11-21T18:00:00;₺12,5;TATLI\r\n"
        + f";{codes.card_number(3)};21/11/2026 19:00;7 TL;\r\n"
    )
    visits.write_bytes(text.encode("utf-8"))
    result = imported("visits", visits, shop)
    assert result.returncode == 0, result.stderr
    assert "imported 4 visits of 3 guests (0 new)" in result.stdout
    assert query(
        shop, "SELECT customer_id, amount_minor FROM visit ORDER BY customer_id, visited_at"
    ) == [
        (1, 4550),
        (2, 123450),
        (3, 1250),
        (3, 700),
    ]
    assert query(shop, "SELECT customer_id, visits, amount_minor FROM customer_metrics") == [
        (1, 1, 4550),
        (2, 1, 123450),
        (3, 2, 1950),
    ]


def test_every_bad_row_is_named_by_its_line_with_every_reason(shop: Path) -> None:
    guests = shop / "guests.csv"
    guests.write_text(f"card;name\n{codes.card_number(1)};Ada\n")
    assert imported("customers", guests, shop).returncode == 0
    conn = sqlite3.connect(venue.database_path(shop))
    with conn:  # a card that exists without a guest (issued, never handed out)
        conn.execute(f"INSERT INTO card (number, issued_at) VALUES ('{codes.card_number(9)}', 0)")
    conn.close()
    path = shop / "pos.csv"
    path.write_text(
        HEAD
        + "A;;2026-11-20 09:15;45,50;coffee\n"  # 2: good
        + "B;;2026-11-20;0532 123 45 67;tea\n"  # 3: a phone number
        + "\n"  # 4: blank
        + "C;;2026-02-30 10:00;1e5;tea\n"  # 5: no such day, an exponent
        + 'D;;2026-11-20;"(5,00)";"tea\nand cake"\n'  # 6-7: parentheses, a quoted line break
        + "E;;2099-01-01;-12;shoes\n"  # 8: future, negative, unknown category
        + "F;;0001-01-01;90000000000000000;tea\n"  # 9: too early, above the bill limit
        + f";{codes.card_number(5)};2026-11-20;12/05;tea\n"  # 10: unknown card, a date as amount
        + f";{codes.card_number(9)};2026-11-20;10;\n"  # 11: a card nobody holds
        + ";2700000000015;2026-11-20;10;\n"  # 12: a misread card (check digit)
        + "G;;2026-11-20;"
        + "9" * 10_000_000
        + ";tea\n"  # 13: a 10 MB field
        + ";;2026-11-20;10;\n",  # 14: no guest at all
        encoding="utf-8",
    )
    result = imported("visits", path, shop, "--dry-run")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "boostdesk: 10 bad rows; nothing was imported"
    found = problem_lines(result.stdout)
    assert sorted(found) == [3, 5, 6, 8, 9, 10, 11, 12, 13, 14]
    assert "not a money amount: '0532 123 45 67'" in found[3]
    assert "no such day '2026-02-30'" in found[5] and "not a money amount: '1e5'" in found[5]
    assert "amount in parentheses '(5,00)'" in found[6] and "unknown category" in found[6]
    assert all(w in found[8] for w in ("in the future", "negative amount '-12'", "'shoes'"))
    assert "before 2000-01-01" in found[9] and "above the per-bill limit" in found[9]
    assert "unknown card" in found[10] and "not a money amount: '12/05'" in found[10]
    assert "belongs to no guest" in found[11]
    assert "check digit" in found[12]
    assert "amount is 10,000,000 characters long" in found[13]
    assert "customer_ref or card is required" in found[14]
    for bad_amount in (found[3], found[5], found[6]):
        assert "not a date" not in bad_amount
    assert query(shop, "SELECT COUNT(*) FROM visit") == [(0,)]
    assert query(shop, "SELECT COUNT(*) FROM import_batch WHERE kind = 'visits'") == [(0,)]


def test_a_thousand_rows_with_three_bad_ones(shop: Path) -> None:
    rng = random.Random(3)
    rows = [
        f"POS-{rng.randrange(80)};;2026-{rng.randrange(1, 11):02d}-{rng.randrange(1, 28):02d} "
        f"{rng.randrange(8, 22):02d}:{rng.randrange(60):02d};{rng.randrange(10, 900)},"
        f"{rng.randrange(100):02d};coffee"
        for _ in range(1_000)
    ]
    rows[99] = "POS-1;;31.04.2026;-5;coffee"  # line 101: no such day, negative
    rows[499] = "POS-2;;2026-05-05 25:00;150.000,00;coffee"  # line 501: no such hour, too much
    rows[997] = "POS-3;;2026-05-05;12,345;milk"  # line 999: 3 decimals, unknown category
    path = shop / "pos.csv"
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="cp1254")
    result = imported("visits", path, shop, "--dry-run")
    assert result.returncode == 1
    found = problem_lines(result.stdout)
    assert found == {
        101: "no such day '31.04.2026'; negative amount '-5'",
        501: "no such time of day '25:00'; "
        "amount '150.000,00' is above the per-bill limit of 100 000 (extra zeros?)",
        999: "not a money amount: '12,345'; unknown category 'milk' (known: coffee, dessert, "
        "food, other, tea)",
    }
    rows[99], rows[499], rows[997] = rows[0], rows[1], rows[2]
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="cp1254")
    dry = imported("visits", path, shop, "--dry-run")
    assert dry.returncode == 0 and "would import 1000 visits" in dry.stdout
    assert query(shop, "SELECT COUNT(*) FROM visit") == [(0,)]
    done = imported("visits", path, shop)
    assert done.returncode == 0, done.stderr
    assert query(shop, "SELECT COUNT(*), COUNT(DISTINCT customer_id) FROM visit")[0][0] == 1000


def test_the_same_visits_resaved_in_another_format_import_once(shop: Path) -> None:
    first = shop / "first.csv"
    first.write_text(
        "customer_ref,card,visited_at,amount,category\n"
        "P-1,,2026-11-20 09:15:42,45.50,coffee\n"
        "P-1,,2026-11-20 09:15:42,45.50,coffee\n"  # the same twice: two coffees
        "P-2,,2026-11-21 18:00:00,1234.5,tea\n"
    )
    assert "imported 3 visits" in imported("visits", first, shop).stdout
    resaved = shop / "resaved.csv"  # Excel on a Turkish PC: ';', day first, no seconds, commas
    resaved.write_bytes(
        (
            "customer_ref;card;visited_at;amount;category\r\n"
            "P-1;;20.11.2026 09:15;45,50 ₺;Kahve\r\n"
            "P-1;;20.11.2026 09:15;45,5;Kahve\r\n"
            "P-2;;21.11.2026 18:00;1.234,50;Çay\r\n"
        )
        .encode("cp1254", errors="replace")
        .replace(b"?", b"TL")
    )
    again = imported("visits", resaved, shop)
    assert again.returncode == 0, again.stderr
    assert "imported 0 visits" in again.stdout
    assert query(shop, "SELECT COUNT(*) FROM visit") == [(3,)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\r\n\r\n  \n", "is empty"),
        (bytes(range(256)) * 40, "is not a text (CSV) or XLSX file"),
        (b"PK\x03\x04" + b"\x00" * 200, "is not a readable XLSX file"),
        (b"\x81\x8d\x8f;\n1;2\n", "neither UTF-8 nor Windows-1254"),
        (b"name;phone\nAda;1\n", "missing columns: visited_at, amount, customer_ref or card"),
    ],
)
def test_files_that_cannot_be_imported_are_refused_in_one_line(
    shop: Path, content: bytes, message: str
) -> None:
    path = shop / "file.csv"
    path.write_bytes(content)
    result = imported("visits", path, shop, "--dry-run")
    assert result.returncode == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_an_xlsx_export_with_its_own_headings_is_mapped_once_and_remembered(shop: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Müşteri", "Zaman", "Toplam", "Not"])
    sheet.append(["K-1", dt.datetime(2026, 11, 20, 9, 15), 45.5, "window seat"])
    sheet.append([None, None, None, None])
    sheet.append(["K-2", dt.datetime(2026, 11, 21, 18, 0), 1234, ""])
    sheet.append(["K-3", "2099-01-01", -3, ""])
    path = shop / "pos.xlsx"
    book.save(path)
    unmapped = imported("visits", path, shop, "--dry-run")
    assert unmapped.returncode == 1
    assert "missing columns: visited_at, amount" in unmapped.stderr
    assert "--map COLUMN=FIELD" in unmapped.stderr
    maps = ("--map", "Müşteri=customer_ref", "--map", "zaman=visited_at", "--map", "Toplam=amount")
    bad = imported("visits", path, shop, *maps)
    assert problem_lines(bad.stdout) == {
        5: "date '2099-01-01' is in the future; negative amount '-3'"
    }
    sheet.delete_rows(5)
    book.save(path)
    done = imported("visits", path, shop, *maps)
    assert done.returncode == 0, done.stderr
    assert "columns not imported: Not" in done.stdout
    assert query(shop, "SELECT amount_minor FROM visit ORDER BY visited_at") == [(4550,), (123400,)]
    again = imported("visits", path, shop)  # the saved mapping of this heading
    assert again.returncode == 0, again.stderr
    assert "imported 0 visits" in again.stdout


def test_wrong_map_arguments_are_usage_errors(shop: Path) -> None:
    path = shop / "x.csv"
    path.write_text(HEAD)
    assert imported("visits", path, shop, "--map", "nonsense").returncode == 2
    result = imported("visits", path, shop, "--dry-run", "--map", "amount=price")
    assert result.returncode == 1 and "unknown field" in result.stderr


def test_a_venue_given_by_a_relative_path_imports_more_than_one_publishing_step(
    shop: Path,
) -> None:
    """``--data-dir shop`` from the folder above: the staging file is attached once and found
    again by the next publishing step (more visits than the first step takes)."""
    rows = [
        f"POS-{n % 700};;2026-{n % 10 + 1:02d}-{n % 27 + 1:02d} 10:{n % 60:02d};"
        f"{n % 90 + 10},50;tea"
        for n in range(8_000)
    ]
    path = shop / "pos.csv"
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("BOOSTDESK_DATA_DIR",)}
    env["BOOSTDESK_PIN"] = OWNER_PIN
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "boostdesk",
            "import",
            "visits",
            "shop/pos.csv",
            "--data-dir",
            "shop",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=shop.parent,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert query(shop, "SELECT COUNT(*), COUNT(DISTINCT customer_id) FROM visit") == [(8_000, 700)]
