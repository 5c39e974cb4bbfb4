"""The message catalogue for domain error codes, in Bahasa Indonesia and English.

Templates use `str.format` fields; `{total:rp}` formats rupiah as `Rp 110.000` (on
screen, `render_screen`, with a no-break space: money.format_rupiah),
`{qty:kg}` formats milli-units as `1,5`. A test checks both languages have every code with
the same placeholders. Add new codes here, never inline text in services.
"""

from __future__ import annotations

import datetime as dt
import string
from typing import Any

from ewarong_pos.core.money import format_rupiah

# How to fix a roster Excel saved in the wrong form (the clerk's usual tool).
_RESAVE_ID = "buka di Excel, lalu Simpan Sebagai (Save As) jenis 'CSV UTF-8 (Comma delimited)'"
_RESAVE_EN = "open it in Excel, then Save As type 'CSV UTF-8 (Comma delimited)'"
_AS_TEXT_ID = (
    "ekspor ulang sebagai teks: minta berkas asli dari kantor pusat, atau di Excel format kolom "
    "nik, no_kk dan no_kks sebagai Text (Teks) sebelum mengisi/menempel angka, lalu Simpan "
    "Sebagai 'CSV UTF-8 (Comma delimited)'"
)
_AS_TEXT_EN = (
    "re-export as text: get the original file from the central office again, or in Excel "
    "format the nik, no_kk and no_kks columns as Text before typing/pasting the numbers, "
    "then Save As 'CSV UTF-8 (Comma delimited)'"
)

MESSAGES: dict[str, dict[str, str]] = {
    "where.line": {"id": "baris {line}", "en": "line {line}"},
    "where.column": {"id": "kolom {column}", "en": "column {column}"},
    # identifiers
    "nik.length": {"id": "NIK harus 16 digit", "en": "NIK must be 16 digits"},
    "nik.digits": {"id": "NIK hanya boleh angka", "en": "NIK may contain digits only"},
    "nik.region": {"id": "kode wilayah NIK tidak dikenal", "en": "unknown NIK region code"},
    "nik.birthdate": {
        "id": "tanggal lahir dalam NIK tidak valid",
        "en": "invalid birth date in NIK",
    },
    "nik.serial": {"id": "nomor urut NIK tidak boleh 0000", "en": "NIK serial may not be 0000"},
    "kk.length": {"id": "No. KK harus 16 digit", "en": "family card number must be 16 digits"},
    "kk.digits": {"id": "No. KK hanya boleh angka", "en": "family card number: digits only"},
    "kk.region": {"id": "kode wilayah No. KK tidak dikenal", "en": "unknown family card region"},
    "kk.date": {
        "id": "tanggal dalam No. KK tidak valid",
        "en": "invalid date in family card number",
    },
    "card.length": {
        "id": "nomor kartu KKS harus 16 digit",
        "en": "KKS card number must be 16 digits",
    },
    "card.digits": {
        "id": "nomor kartu KKS hanya boleh angka",
        "en": "KKS card number: digits only",
    },
    "card.luhn": {
        "id": "digit pemeriksa nomor kartu KKS salah",
        "en": "KKS card number check digit is wrong",
    },
    # roster file
    "roster.rejected": {
        "id": "Berkas roster ditolak: {count} masalah; database tidak diubah",
        "en": "Roster file rejected: {count} problems; the database was not changed",
    },
    "roster.empty": {"id": "berkas kosong", "en": "the file is empty"},
    "roster.encoding": {
        "id": "bukan teks UTF-8 (byte {byte} di posisi {offset}; mis. disimpan sebagai "
        "'CSV (Comma delimited)' Windows-1252)",
        "en": "not UTF-8 text (byte {byte} at offset {offset}; e.g. saved as plain "
        "'CSV (Comma delimited)', Windows-1252)",
    },
    "roster.delimiter": {
        "id": "pemisah kolom harus koma (ditemukan {found!r}): " + _RESAVE_ID,
        "en": "columns must be separated by commas (found {found!r}): " + _RESAVE_EN,
    },
    "roster.missing_column": {"id": "kolom wajib tidak ada", "en": "required column is missing"},
    "roster.unknown_column": {"id": "kolom tidak dikenal", "en": "unknown column"},
    # --- roster files as Excel leaves them (issue 17, safety's block)
    "roster.rejected_resave": {
        "id": "Berkas roster ditolak: {count} masalah; database tidak diubah. Cara "
        "memperbaiki: " + _RESAVE_ID,
        "en": "Roster file rejected: {count} problems; the database was not changed. To fix "
        "it: " + _RESAVE_EN,
    },
    "roster.rejected_excel": {
        "id": "Berkas roster ditolak: {count} masalah; database tidak diubah. Nomor NIK/KK/"
        "kartu dirusak Excel (disimpan sebagai angka). Cara memperbaiki: " + _AS_TEXT_ID,
        "en": "Roster file rejected: {count} problems; the database was not changed. Excel "
        "damaged the NIK/KK/card numbers (stored them as numbers). To fix it: " + _AS_TEXT_EN,
    },
    "roster.xlsx": {
        "id": "ini buku kerja Excel (.xlsx), bukan CSV: " + _RESAVE_ID,
        "en": "this is an Excel workbook (.xlsx), not CSV: " + _RESAVE_EN,
    },
    "roster.xls": {
        "id": "ini buku kerja Excel lama (.xls), bukan CSV: " + _RESAVE_ID,
        "en": "this is an old Excel workbook (.xls), not CSV: " + _RESAVE_EN,
    },
    "roster.zip": {
        "id": "ini arsip ZIP, bukan CSV: ekstrak dulu berkas .csv di dalamnya",
        "en": "this is a ZIP archive, not CSV: extract the .csv file inside it first",
    },
    "roster.utf16": {
        "id": "teks UTF-16 ('Unicode Text'), bukan UTF-8: " + _RESAVE_ID,
        "en": "UTF-16 ('Unicode Text'), not UTF-8: " + _RESAVE_EN,
    },
    "roster.no_header": {
        "id": "baris pertama harus berisi nama kolom ({columns}, ...); tidak ada satu pun "
        "nama kolom yang dikenal",
        "en": "the first line must hold the column names ({columns}, ...); none of them is there",
    },
    "roster.excel_scientific": {
        "id": "angka dalam notasi ilmiah (mis. 3,17E+15): digit terakhir sudah hilang",
        "en": "a number in scientific notation (e.g. 3.17E+15): its last digits are lost",
    },
    "roster.excel_apostrophe": {
        "id": "diawali tanda petik (') dari Excel",
        "en": "starts with an apostrophe (') left by Excel",
    },
    "roster.excel_15_digits": {
        "id": "hanya 15 digit (Excel menyimpan 15 digit bermakna; satu digit hilang)",
        "en": "only 15 digits (Excel keeps 15 significant digits; one digit is lost)",
    },
    "roster.excel_zeroed": {
        "id": "{count} dari {total} nomor 16 digit di kolom ini berakhir 0: Excel mengganti "
        "digit ke-16 dengan 0",
        "en": "{count} of the {total} 16-digit numbers in this column end in 0: Excel turned "
        "the 16th digit into 0",
    },
    "roster.control_char": {
        "id": "karakter kontrol {char} di posisi {position}: hapus dari sel ini",
        "en": "control character {char} at position {position}: remove it from this cell",
    },
    "roster.bidi_char": {
        "id": "karakter pembalik arah teks {char} di posisi {position}: hapus dari sel ini",
        "en": "text direction override {char} at position {position}: remove it from this cell",
    },
    "roster.below_allocated": {
        "id": "nominal {nominal:rp} lebih kecil dari yang sudah dipakai dari voucher "
        "{period} ({used:rp}); nominal tidak boleh di bawah yang sudah dipakai",
        "en": "amount {nominal:rp} is less than what was already used of the {period} "
        "voucher ({used:rp}); an amount may not go below what was used",
    },
    "roster.identifier_changes": {
        "id": "Berkas ini mengganti NIK/No. KK {count} keluarga yang sudah ada (dari {total} "
        "keluarga lama di berkas); database tidak diubah. Periksa berkasnya (kolom tergeser? "
        "dirusak Excel?). Bila memang benar, jalankan lagi dengan "
        "--accept-identifier-changes {count}",
        "en": "This file changes the NIK/family card number of {count} existing families (of "
        "{total} known families in the file); the database was not changed. Check the file "
        "(shifted columns? damaged by Excel?). If it is right, run again with "
        "--accept-identifier-changes {count}",
    },
    "flag.nik_existing": {
        "id": "NIK sudah dimiliki keluarga lain di database",
        "en": "NIK already held by another family in the database",
    },
    "roster.duplicate_column": {"id": "kolom ganda", "en": "duplicate column"},
    "roster.field_count": {
        "id": "jumlah kolom {found}, seharusnya {expected}",
        "en": "{found} fields, expected {expected}",
    },
    "roster.required": {"id": "wajib diisi", "en": "required"},
    "roster.too_long": {
        "id": "terlalu panjang ({length} > {limit} karakter)",
        "en": "too long ({length} > {limit} characters)",
    },
    "roster.duplicate": {
        "id": "nilai {value!r} sudah dipakai di baris {first_line}",
        "en": "value {value!r} already used on line {first_line}",
    },
    "roster.duplicate_card": {
        "id": "nomor kartu sudah dipakai di baris {first_line}",
        "en": "card number already used on line {first_line}",
    },
    "roster.bad_amount": {
        "id": "nominal {value!r} bukan angka rupiah positif",
        "en": "amount {value!r} is not a positive rupiah figure",
    },
    "roster.bad_status": {
        "id": "status {value!r} tidak dikenal (active, suspended, removed)",
        "en": "unknown status {value!r} (active, suspended, removed)",
    },
    "roster.bad_period": {
        "id": "periode {value!r} harus berbentuk TTTT-BB",
        "en": "period {value!r} must look like YYYY-MM",
    },
    "roster.too_many_problems": {
        "id": "terlalu banyak masalah; pemeriksaan dihentikan setelah {limit}",
        "en": "too many problems; checking stopped after {limit}",
    },
    "roster.too_large": {
        "id": "berkas terlalu besar ({size} byte; batas {limit})",
        "en": "file too large ({size} bytes; limit {limit})",
    },
    "roster.not_found": {"id": "berkas tidak ditemukan: {path}", "en": "file not found: {path}"},
    "flag.nik_malformed": {"id": "NIK tidak valid", "en": "malformed NIK"},
    "flag.kk_malformed": {"id": "No. KK tidak valid", "en": "malformed family card number"},
    "flag.card_malformed": {"id": "nomor kartu KKS tidak valid", "en": "malformed KKS card number"},
    "flag.nik_shared": {
        "id": "NIK sama dengan keluarga lain",
        "en": "NIK shared with another family",
    },
    "flag.no_card": {"id": "belum punya kartu KKS", "en": "no KKS card on record"},
    # --- roster and catalogue (A)
    "roster.line_too_long": {
        "id": "baris terlalu panjang (lebih dari {limit} karakter)",
        "en": "line too long (more than {limit} characters)",
    },
    "roster.csv_syntax": {
        "id": "format CSV rusak (tanda kutip): {detail}",
        "en": "broken CSV (quoting): {detail}",
    },
    "roster.no_rows": {
        "id": "berkas hanya berisi baris judul, tanpa keluarga",
        "en": "the file holds only the header row, no families",
    },
    "roster.unknown_period": {
        "id": "periode {value} belum dikenal di outlet ini (sinkronkan dulu)",
        "en": "period {value} is not known at this outlet (synchronise first)",
    },
    "catalog.unknown_category": {
        "id": "kategori {category!r} tidak dikenal",
        "en": "unknown category {category!r}",
    },
    "catalog.bad_product": {
        "id": "produk {sku}: {detail}",
        "en": "product {sku}: {detail}",
    },
    "catalog.above_ceiling": {
        "id": "harga {sku} {price:rp} di atas HET {ceiling:rp}",
        "en": "price of {sku} {price:rp} is above the ceiling {ceiling:rp}",
    },
    # --- printing (owner C): printer failures never touch the sale; the job stays queued
    "printer.not_configured": {
        "id": "Printer struk belum diatur (Pengaturan > Printer)",
        "en": "No receipt printer is set up (Settings > Printer)",
    },
    "printer.bad_uri": {
        "id": "Alamat printer tidak dikenali: {uri}",
        "en": "Unrecognised printer address: {uri}",
    },
    "printer.bad_uri_part": {
        "id": "Alamat printer {uri}: bagian {part} salah ({value!r}); contoh: {example}",
        "en": "Printer address {uri}: the {part} is wrong ({value!r}); for example: {example}",
    },
    "printer.bad_uri_option": {
        "id": "Alamat printer {uri}: pilihan {option!r} tidak dikenal (yang dikenal: {known})",
        "en": "Printer address {uri}: unknown option {option!r} (known: {known})",
    },
    "printer.interrupted": {
        "id": "Printer memutus sambungan sebelum struk diterima utuh; struk tetap di antrean",
        "en": "The printer dropped the connection before taking the whole receipt; it stays queued",
    },
    "printer.unconfirmed": {
        "id": "Printer tidak mengonfirmasi struk (sambungan tidak ditutup dalam batas waktu); "
        "struk tetap di antrean",
        "en": "The printer did not confirm the receipt (it did not close the connection "
        "in time); it stays queued",
    },
    "printer.no_status": {
        "id": "Printer tidak menjawab pertanyaan status (?status=1); struk tetap di antrean",
        "en": "The printer did not answer the status query (?status=1); the receipt stays queued",
    },
    "printer.unsupported": {
        "id": "Jenis sambungan printer {kind} tidak tersedia di komputer ini",
        "en": "Printer connection {kind} is not available on this computer",
    },
    "printer.not_found": {
        "id": "Printer tidak ditemukan: periksa kabel dan pastikan printer menyala",
        "en": "Printer not found: check the cable and that the printer is switched on",
    },
    "printer.timeout": {
        "id": "Printer tidak menjawab (batas waktu habis): periksa jaringan dan daya printer",
        "en": "The printer did not answer (timed out): check the network and its power",
    },
    "printer.no_paper": {
        "id": "Kertas printer habis: isi kertas lalu cetak ulang",
        "en": "The printer is out of paper: load paper, then print again",
    },
    "printer.offline": {
        "id": "Printer tidak siap (tutup terbuka atau mati)",
        "en": "The printer is not ready (cover open or switched off)",
    },
    "printer.failed": {
        "id": "Gagal mencetak: {detail}",
        "en": "Printing failed: {detail}",
    },
    "printer.queued": {
        "id": "Transaksi tersimpan. Struk {receipt_no} menunggu di antrean cetak",
        "en": "The sale is saved. Receipt {receipt_no} is waiting in the print queue",
    },
    "printer.fake_refused": {
        "id": "Printer uji hanya untuk pengujian (EWARONG_DEV=1)",
        "en": "The fake printer is for tests only (set EWARONG_DEV=1)",
    },
    "receipt.not_found": {
        "id": "Struk tidak ditemukan: {receipt}",
        "en": "Receipt not found: {receipt}",
    },
    "report.bad_format": {
        "id": "Format laporan tidak dikenal: {name} (gunakan .pdf atau .csv; laporan shift: "
        ".pdf atau .bin)",
        "en": "Unknown report format: {name} (use .pdf or .csv; the shift report: .pdf or .bin)",
    },
    "report.no_service": {
        "id": "Data laporan {report} belum tersedia di versi ini",
        "en": "Report data for {report} is not available in this version",
    },
    "report.bad_period": {
        "id": "Periode {value!r} harus berbentuk TTTT-BB",
        "en": "Period {value!r} must look like YYYY-MM",
    },
    "report.unknown_product": {
        "id": "Produk tidak dikenal: {sku}",
        "en": "Unknown product: {sku}",
    },
    # --- accounts (B2)
    "auth.unknown": {
        "id": "pengguna {username!r} tidak dikenal",
        "en": "unknown user {username!r}",
    },
    "auth.wrong_pin": {
        "id": "PIN salah; {remaining} percobaan lagi sebelum akun dikunci",
        "en": "wrong PIN; {remaining} more attempts before the account is locked",
    },
    "auth.locked": {
        "id": "akun {username} dikunci sampai pukul {until} ({minutes} menit) setelah "
        "{attempts} kali PIN salah",
        "en": "account {username} is locked until {until} ({minutes} minutes) after "
        "{attempts} wrong PINs",
    },
    "auth.inactive": {
        "id": "akun {username} tidak aktif",
        "en": "account {username} is not active",
    },
    "auth.pin_format": {
        "id": "PIN harus terdiri dari {min} sampai {max} angka",
        "en": "a PIN must be {min} to {max} digits",
    },
    "auth.pin_same": {
        "id": "PIN baru sama dengan PIN lama",
        "en": "the new PIN is the same as the old one",
    },
    "auth.bad_role": {
        "id": "peran {role!r} tidak dikenal (kasir, pengelola, pendamping)",
        "en": "unknown role {role!r} (cashier, manager, supervisor)",
    },
    "auth.not_allowed": {
        "id": "{username} tidak berwenang; perlu peran: {roles}",
        "en": "{username} is not allowed; needs role: {roles}",
    },
    "auth.username_format": {
        "id": "nama pengguna harus 2-40 huruf kecil, angka, titik, garis bawah atau tanda hubung",
        "en": "a user name must be 2-40 lower-case letters, digits, dots, underscores or dashes",
    },
    "auth.username_taken": {
        "id": "nama pengguna {username!r} sudah dipakai",
        "en": "user name {username!r} is already taken",
    },
    "auth.display_name": {
        "id": "nama tampilan wajib diisi (paling banyak {limit} karakter)",
        "en": "a display name is required (at most {limit} characters)",
    },
    "auth.actor_unknown": {
        "id": "pengguna (id {actor_id}) tidak dikenal atau tidak aktif",
        "en": "user (id {actor_id}) is unknown or not active",
    },
    "role.cashier": {"id": "kasir", "en": "cashier"},
    "role.manager": {"id": "pengelola", "en": "manager"},
    "role.supervisor": {"id": "pendamping", "en": "supervisor"},
    # --- families (B2); "family.not_found" {family} is in the sales block
    "match.card": {"id": "kartu KKS", "en": "KKS card"},
    "match.nik": {"id": "NIK", "en": "NIK"},
    "match.kk": {"id": "No. KK", "en": "family card number"},
    "match.dtks": {"id": "ID DTKS", "en": "DTKS id"},
    "match.name": {"id": "nama/alamat", "en": "name/address"},
    # --- stock (B2)
    "stock.no_lines": {"id": "dokumen tanpa baris barang", "en": "the document has no lines"},
    "stock.unknown_product": {
        "id": "baris {line}: produk (id {product_id}) tidak dikenal",
        "en": "line {line}: unknown product (id {product_id})",
    },
    "stock.duplicate_product": {
        "id": "baris {line}: {product} sudah ada di baris {first_line}",
        "en": "line {line}: {product} is already on line {first_line}",
    },
    "stock.qty_positive": {
        "id": "baris {line}: jumlah {product} harus lebih dari nol",
        "en": "line {line}: the quantity of {product} must be above zero",
    },
    "stock.qty_zero": {
        "id": "baris {line}: perubahan stok {product} tidak boleh nol",
        "en": "line {line}: the stock change of {product} may not be zero",
    },
    "stock.count_negative": {
        "id": "baris {line}: hasil hitung {product} tidak boleh negatif",
        "en": "line {line}: the counted quantity of {product} may not be negative",
    },
    "stock.whole_units": {
        "id": "baris {line}: {product} hanya dalam satuan utuh",
        "en": "line {line}: {product} comes in whole units only",
    },
    "stock.cost_required": {
        "id": "baris {line}: harga beli {product} wajib diisi dan tidak boleh negatif",
        "en": "line {line}: the unit cost of {product} is required and may not be negative",
    },
    "stock.negative": {
        "id": "baris {line}: stok {product} {on_hand:kg} tidak cukup untuk dikurangi {change:kg}",
        "en": "line {line}: stock of {product} {on_hand:kg} is too low to take off {change:kg}",
    },
    "stock.bad_reason": {
        "id": "alasan {reason!r} tidak dikenal (rusak, hilang, koreksi)",
        "en": "unknown reason {reason!r} (damaged, lost, correction)",
    },
    "stock.supplier_required": {
        "id": "nama pemasok wajib diisi",
        "en": "the supplier is required",
    },
    "stock.document_required": {
        "id": "nomor dokumen (surat jalan) wajib diisi",
        "en": "the document (delivery note) number is required",
    },
    "stock.text_too_long": {
        "id": "{field} terlalu panjang ({length} > {limit} karakter)",
        "en": "{field} too long ({length} > {limit} characters)",
    },
    "stock.bad_range": {
        "id": "tanggal awal {date_from} sesudah tanggal akhir {date_to}",
        "en": "start date {date_from} is after end date {date_to}",
    },
    "reason.damaged": {"id": "rusak", "en": "damaged"},
    "reason.lost": {"id": "hilang", "en": "lost"},
    "reason.correction": {"id": "koreksi", "en": "correction"},
    "stock.must_reduce": {
        "id": "baris {line}: alasan {reason} hanya untuk mengurangi stok {product}",
        "en": "line {line}: reason {reason} can only reduce the stock of {product}",
    },
    "stock.too_many_lines": {
        "id": "terlalu banyak baris ({count}; batas {limit})",
        "en": "too many lines ({count}; limit {limit})",
    },
    "stock.product_not_found": {
        "id": "produk (id {product_id}) tidak ditemukan",
        "en": "product (id {product_id}) not found",
    },
    # --- day close (B2)
    "day.already_closed": {
        "id": "hari {date} sudah ditutup ({closed_at})",
        "en": "day {date} is already closed ({closed_at})",
    },
    "day.future": {
        "id": "hari {date} belum tiba; tidak bisa ditutup",
        "en": "day {date} has not come yet; it cannot be closed",
    },
    # --- shifts, cash counts, day close and the business-day lock (issue 15)
    "day.closed": {
        "id": "Hari usaha {date:date} sudah ditutup; transaksi tidak dicatat. Minta pengelola "
        "membuka hari usaha berikutnya ({next:date}).",
        "en": "Business day {date:date} is closed; nothing was recorded. Ask the manager to "
        "open the next business day ({next:date}).",
    },
    "day.still_open": {
        "id": "Hari usaha {date:date} masih buka; tutup dulu sebelum membuka hari berikutnya",
        "en": "Business day {date:date} is still open; close it before opening the next one",
    },
    "day.open_too_far": {
        "id": "Hari usaha {date:date} belum bisa dibuka: lebih dari sehari di depan kalender",
        "en": "Business day {date:date} cannot be opened yet: more than a day ahead",
    },
    "day.manager_only": {
        "id": "Hanya pengelola yang dapat menutup hari ({username} bukan pengelola)",
        "en": "Only the manager can close the day ({username} is not a manager)",
    },
    "day.cart_open": {
        "id": "Masih ada keranjang terbuka ({lines} baris): selesaikan atau kosongkan dulu",
        "en": "A cart is still open ({lines} lines): finish or clear it first",
    },
    "day.shift_open": {
        "id": "Hari {date:date} belum bisa ditutup: {count} shift masih buka. Tutup shift "
        "dengan menghitung laci kas dulu.",
        "en": "Day {date:date} cannot be closed yet: {count} shift(s) still open. Close the "
        "shift by counting the cash drawer first.",
    },
    "shift.already_open": {
        "id": "Laci kas masih dipegang shift {cashier}: lakukan serah terima, bukan buka shift",
        "en": "The drawer is still in {cashier}'s shift: hand it over instead of opening one",
    },
    "shift.none_open": {
        "id": "Tidak ada shift yang buka di kasir ini",
        "en": "No shift is open on this till",
    },
    "shift.same_cashier": {
        "id": "Serah terima ke kasir yang sama ({cashier}) tidak perlu",
        "en": "A hand-over to the same cashier ({cashier}) is not needed",
    },
    "shift.manager_required": {
        "id": "Selisih kas {difference:rp} melebihi batas {limit:rp}: perlu PIN pengelola",
        "en": "Cash difference {difference:rp} is above the limit {limit:rp}: the manager's "
        "PIN is needed",
    },
    "shift.reason_required": {
        "id": "Selisih kas {difference:rp}: tuliskan alasannya",
        "en": "Cash difference {difference:rp}: write down the reason",
    },
    "shift.reason_too_long": {
        "id": "alasan terlalu panjang (maks. {limit} karakter)",
        "en": "reason too long (at most {limit} characters)",
    },
    "shift.none_closed": {
        "id": "Belum ada shift yang ditutup di kasir ini",
        "en": "No shift has been closed on this till yet",
    },
    "shift.not_closed": {
        "id": "Shift ini belum ditutup",
        "en": "This shift is not closed yet",
    },
    "cash.unknown_denomination": {
        "id": "pecahan uang tidak dikenal: {denomination}",
        "en": "unknown denomination: {denomination}",
    },
    "cash.bad_pieces": {
        "id": "jumlah lembar/keping {denomination} tidak valid: {value}",
        "en": "invalid number of pieces for {denomination}: {value}",
    },
    "verify.shift_without_entry": {
        "id": "shift {shift} tidak punya entri jurnal (#{seq})",
        "en": "shift {shift} has no journal entry (#{seq})",
    },
    "verify.shift_altered": {
        "id": "pembukaan shift {shift} (hitungan modal) berbeda dari entri jurnal #{seq} ({field})",
        "en": "shift {shift} opening (float count) differs from journal entry #{seq} ({field})",
    },
    "verify.shift_close_without_entry": {
        "id": "penutupan shift {shift} tidak punya entri jurnal (#{seq})",
        "en": "shift {shift} closing has no journal entry (#{seq})",
    },
    "verify.shift_close_altered": {
        "id": "hitungan kas penutupan shift {shift} berbeda dari entri jurnal #{seq} ({field})",
        "en": "shift {shift} closing cash count differs from journal entry #{seq} ({field})",
    },
    "verify.entry_without_shift": {
        "id": "entri jurnal #{seq} ({kind}) tanpa shift {shift} di tabel",
        "en": "journal entry #{seq} ({kind}) has no shift {shift} in the tables",
    },
    "verify.day_open_altered": {
        "id": "pembukaan hari {date} berbeda dari entri jurnal #{seq} ({field})",
        "en": "day opening {date} differs from journal entry #{seq} ({field})",
    },
    "verify.entry_without_day_open": {
        "id": "entri jurnal #{seq} membuka hari {date} yang tidak ada di tabel",
        "en": "journal entry #{seq} opens day {date}, which is not in the tables",
    },
    # --- fraud signals (B2)
    "signal.burst": {
        "id": "{count} penebusan oleh {cashier} dalam {minutes} menit",
        "en": "{count} redemptions by {cashier} within {minutes} minutes",
    },
    "signal.identical_baskets": {
        "id": "{families} keluarga membeli paket yang persis sama ({count} transaksi)",
        "en": "{families} families bought exactly the same basket ({count} sales)",
    },
    "signal.full_voucher": {
        "id": "{count} dari {total} penebusan oleh {cashier} persis sebesar voucher penuh",
        "en": "{count} of {total} redemptions by {cashier} equal the full voucher exactly",
    },
    "signal.outside_hours": {
        "id": "transaksi {receipt_no} pukul {time} di luar jam buka {opening}-{closing}",
        "en": "sale {receipt_no} at {time} outside opening hours {opening}-{closing}",
    },
    "signal.nik_shared": {
        "id": "{families} keluarga memakai NIK yang sama (************{nik_last4})",
        "en": "{families} families share one NIK (************{nik_last4})",
    },
    "signal.eggs_per_piece": {
        "id": "telur dijual per butir/satuan: {product} ({count} baris)",
        "en": "eggs sold per piece: {product} ({count} lines)",
    },
    "signal.above_ceiling": {
        "id": "{product} dijual {unit_price:rp} di atas HET {ceiling:rp} ({receipt_no})",
        "en": "{product} sold at {unit_price:rp} above the ceiling {ceiling:rp} ({receipt_no})",
    },
    "signal.above_reference": {
        "id": "{product} dijual {unit_price:rp} di atas harga acuan {reference:rp} ({count} baris)",
        "en": "{product} sold at {unit_price:rp} above the reference price {reference:rp} "
        "({count} lines)",
    },
    "signal.outside_area": {
        "id": "keluarga {dtks_id} dari wilayah e-Warong {outlet} dilayani di sini "
        "({count} transaksi)",
        "en": "family {dtks_id} of outlet {outlet}'s area was served here ({count} sales)",
    },
    "signal.receipt_gap": {
        "id": "nomor struk hilang di perangkat {device}: {missing} nomor antara {after} "
        "dan {before}",
        "en": "missing receipt numbers on device {device}: {missing} between {after} and {before}",
    },
    "severity.info": {"id": "info", "en": "info"},
    "severity.warning": {"id": "perhatian", "en": "warning"},
    "severity.high": {"id": "serius", "en": "serious"},
    # --- sales (counter engine: core/cart.py, services/sales.py)
    "family.not_found": {
        "id": "keluarga {family} tidak ditemukan",
        "en": "family {family} not found",
    },
    "family.suspended": {
        "id": "keluarga {name} sedang ditangguhkan: {reason}",
        "en": "family {name} is suspended: {reason}",
    },
    "family.removed": {
        "id": "keluarga {name} sudah dikeluarkan dari daftar penerima: {reason}",
        "en": "family {name} was removed from the roster: {reason}",
    },
    "family.status": {
        "id": "status keluarga {name} tidak dikenal: {status}",
        "en": "family {name} has an unknown status: {status}",
    },
    "voucher.revoked": {"id": "voucher dicabut", "en": "voucher revoked"},
    "voucher.blocked": {"id": "voucher diblokir", "en": "voucher blocked"},
    "voucher.status": {"id": "status voucher tidak dikenal", "en": "unknown voucher status"},
    "voucher.expired": {"id": "voucher sudah kedaluwarsa", "en": "voucher expired"},
    "voucher.not_yet_valid": {"id": "voucher belum berlaku", "en": "voucher not valid yet"},
    "voucher.used_up": {"id": "voucher sudah habis dipakai", "en": "voucher fully used"},
    "sale.empty": {"id": "keranjang masih kosong", "en": "the cart is empty"},
    "sale.too_many_lines": {
        "id": "terlalu banyak baris ({count}; batas {limit})",
        "en": "too many lines ({count}; limit {limit})",
    },
    "sale.unknown_product": {
        "id": "baris {line}: produk {product} tidak dikenal",
        "en": "line {line}: unknown product {product}",
    },
    "sale.product_inactive": {
        "id": "baris {line}: {product} tidak dijual lagi",
        "en": "line {line}: {product} is no longer sold",
    },
    "sale.bad_quantity": {
        "id": "baris {line}: jumlah {product} tidak valid ({qty:kg})",
        "en": "line {line}: invalid quantity of {product} ({qty:kg})",
    },
    "sale.whole_units": {
        "id": "baris {line}: {product} hanya dijual utuh per {unit} (diminta {qty:kg})",
        "en": "line {line}: {product} is sold in whole {unit} only (asked {qty:kg})",
    },
    "sale.above_ceiling": {
        "id": "baris {line}: harga {product} {price:rp} melebihi HET {ceiling:rp}",
        "en": "line {line}: price of {product} {price:rp} is above the ceiling {ceiling:rp}",
    },
    "sale.out_of_stock": {
        "id": "stok {product} tidak cukup: diminta {qty:kg} {unit}, tersedia {on_hand:kg} {unit}",
        "en": "not enough {product} in stock: asked {qty:kg} {unit}, on hand {on_hand:kg} {unit}",
    },
    "sale.not_eligible": {
        "id": "{product} ({category}) tidak boleh dibeli dengan voucher {period:period}",
        "en": "{product} ({category}) may not be bought with the {period:period} voucher",
    },
    "sale.over_entitlement": {
        "id": "Total {total:rp} melebihi sisa voucher {open:rp}",
        "en": "Total {total:rp} exceeds open vouchers {open:rp}",
    },
    "sale.no_open_voucher": {
        "id": "keluarga ini tidak punya voucher yang bisa dipakai",
        "en": "this family has no voucher that can be redeemed",
    },
    "sale.zero_total": {"id": "total transaksi Rp 0", "en": "the sale totals Rp 0"},
    "sale.no_change": {
        "id": "voucher tidak boleh diuangkan atau diberi kembalian: total {total:rp}, "
        "diambil {drawn:rp}",
        "en": "no cash out or change on vouchers: total {total:rp}, drawn {drawn:rp}",
    },
    "sale.bad_cash": {
        "id": "uang tunai {tendered} tidak valid",
        "en": "invalid cash amount {tendered}",
    },
    "sale.cash_short": {
        "id": "uang tunai {tendered:rp} kurang {short:rp} dari total {total:rp}",
        "en": "cash tendered {tendered:rp} is {short:rp} short of the total {total:rp}",
    },
    "sale.edc_approval": {
        "id": "kode approval EDC {value!r} harus 6 huruf/angka",
        "en": "EDC approval code {value!r} must be 6 letters or digits",
    },
    "sale.edc_rrn": {
        "id": "RRN EDC {value!r} harus 12 angka",
        "en": "EDC RRN {value!r} must be 12 digits",
    },
    "sale.unknown_cashier": {
        "id": "kasir {cashier} tidak dikenal atau tidak aktif",
        "en": "cashier {cashier} unknown or inactive",
    },
    "sale.bad_uuid": {
        "id": "ID transaksi {value!r} tidak valid",
        "en": "invalid sale id {value!r}",
    },
    "sale.uuid_conflict": {
        "id": "ID transaksi {uuid} sudah dipakai untuk transaksi lain ({receipt_no})",
        "en": "sale id {uuid} is already used by another sale ({receipt_no})",
    },
    "stock.uuid_conflict": {
        "id": "ID dokumen {uuid} sudah dipakai untuk dokumen stok lain ({kind})",
        "en": "document id {uuid} is already used by another stock document ({kind})",
    },
    "sale.total_changed": {
        "id": "harga berubah: total sekarang {total:rp}, bukan {expected:rp}; periksa lagi",
        "en": "prices changed: the total is now {total:rp}, not {expected:rp}; check again",
    },
    "sale.not_found": {"id": "transaksi {sale} tidak ditemukan", "en": "sale {sale} not found"},
    "void.reason_required": {
        "id": "alasan pembatalan wajib diisi",
        "en": "a reason for the void is required",
    },
    "void.reason_too_long": {
        "id": "alasan pembatalan terlalu panjang (batas {limit} karakter)",
        "en": "the reason for the void is too long (limit {limit} characters)",
    },
    "void.not_found": {
        "id": "transaksi {sale} yang akan dibatalkan tidak ditemukan",
        "en": "sale {sale} to void not found",
    },
    "void.is_void": {
        "id": "{receipt_no} adalah pembatalan; pembatalan tidak bisa dibatalkan",
        "en": "{receipt_no} is a void; a void cannot be voided",
    },
    "void.already_voided": {
        "id": "{receipt_no} sudah dibatalkan oleh {void_receipt_no}",
        "en": "{receipt_no} was already voided by {void_receipt_no}",
    },
    # --- journal verification (services/verify.py, `ewarong journal verify`)
    "verify.ok": {
        "id": "Jurnal utuh: {entries} entri, {sales} transaksi, {documents} dokumen stok diperiksa",
        "en": "Journal intact: {entries} entries, {sales} sales, {documents} stock documents "
        "checked",
    },
    "verify.broken": {
        "id": "JURNAL RUSAK: {count} masalah ditemukan",
        "en": "JOURNAL BROKEN: {count} problems found",
    },
    "verify.chain_gap": {
        "id": "entri jurnal {missing} hilang (urutan terputus sebelum #{found})",
        "en": "journal entry {missing} is missing (sequence broken before #{found})",
    },
    "verify.chain_order": {
        "id": "entri jurnal #{seq} tidak berurutan (sesudah #{after})",
        "en": "journal entry #{seq} is out of order (after #{after})",
    },
    "verify.chain_prev_hash": {
        "id": "entri jurnal #{seq} tidak tersambung ke entri sebelumnya (ada entri dihapus "
        "atau disisipkan)",
        "en": "journal entry #{seq} does not link to the previous entry (an entry was "
        "deleted or inserted)",
    },
    "verify.chain_hash": {
        "id": "isi entri jurnal #{seq} telah diubah (hash tidak cocok)",
        "en": "journal entry #{seq} was altered (its hash does not match)",
    },
    "verify.chain_device": {
        "id": "entri jurnal #{seq} milik perangkat lain",
        "en": "journal entry #{seq} belongs to another device",
    },
    "verify.chain_start": {
        "id": "entri jurnal #{seq} tidak sesuai dengan awal rantai",
        "en": "journal entry #{seq} does not fit the start of the chain",
    },
    "verify.behind_central": {
        "id": "jurnal berakhir di #{last}, padahal kantor pusat sudah menerima sampai #{acked} "
        "(entri terakhir dihapus?)",
        "en": "the journal ends at #{last} but the central office already holds up to "
        "#{acked} (last entries deleted?)",
    },
    "verify.sale_without_entry": {
        "id": "transaksi {receipt_no} tidak punya entri jurnal (#{seq})",
        "en": "sale {receipt_no} has no journal entry (#{seq})",
    },
    "verify.sale_altered": {
        "id": "transaksi {receipt_no} berbeda dari entri jurnal #{seq} ({field})",
        "en": "sale {receipt_no} differs from journal entry #{seq} ({field})",
    },
    "verify.entry_without_sale": {
        "id": "entri jurnal #{seq} (struk {receipt_no}) tidak punya transaksi di database",
        "en": "journal entry #{seq} (receipt {receipt_no}) has no sale in the database",
    },
    "verify.sale_stock": {
        "id": "mutasi stok transaksi {receipt_no} tidak cocok dengan barisnya ({sku})",
        "en": "stock movements of sale {receipt_no} do not match its lines ({sku})",
    },
    "verify.receipt_gap": {
        "id": "nomor struk terputus: {expected} tidak ada (berikutnya {found})",
        "en": "gap in receipt numbers: {expected} is missing (next is {found})",
    },
    "verify.receipt_no": {
        "id": "nomor struk {receipt_no} tidak sesuai urutan (seharusnya {expected})",
        "en": "receipt number {receipt_no} does not match its sequence (expected {expected})",
    },
    "verify.orphan_rows": {
        "id": "{count} baris {table} tanpa transaksi/dokumen induk",
        "en": "{count} {table} rows without their sale or document",
    },
    "verify.document_without_entry": {
        "id": "dokumen stok {doc} tidak punya entri jurnal (#{seq})",
        "en": "stock document {doc} has no journal entry (#{seq})",
    },
    "verify.document_altered": {
        "id": "dokumen stok {doc} berbeda dari entri jurnal #{seq} ({field})",
        "en": "stock document {doc} differs from journal entry #{seq} ({field})",
    },
    "verify.entry_without_document": {
        "id": "entri jurnal #{seq} (dokumen {doc}) tidak punya dokumen stok di database",
        "en": "journal entry #{seq} (document {doc}) has no stock document in the database",
    },
    "verify.day_without_entry": {
        "id": "tutup hari {date} tidak punya entri jurnal (#{seq})",
        "en": "day close {date} has no journal entry (#{seq})",
    },
    "verify.day_altered": {
        "id": "tutup hari {date} berbeda dari entri jurnal #{seq} ({field})",
        "en": "day close {date} differs from journal entry #{seq} ({field})",
    },
    "verify.entry_without_day": {
        "id": "entri jurnal #{seq} (tutup hari {date}) tidak punya data di database",
        "en": "journal entry #{seq} (day close {date}) has no row in the database",
    },
    "verify.unreadable": {
        "id": "data transaksi tidak terbaca lagi (diubah di luar aplikasi?): {detail}",
        "en": "sales data can no longer be read (edited outside the app?): {detail}",
    },
    "verify.not_set_up": {
        "id": "outlet belum disiapkan di folder data ini",
        "en": "the outlet is not set up in this data folder",
    },
    # --- data safety (encryption at rest, backups, restore)
    "safety.key_missing": {
        "id": "Kunci database ({key}) tidak ditemukan di penyimpanan kunci pengguna ini; "
        "pulihkan dengan kode pemulihan (ewarong restore ... --recovery-code)",
        "en": "The database key ({key}) is not in this user's key store; "
        "restore with the recovery code (ewarong restore ... --recovery-code)",
    },
    "safety.wrong_key": {
        "id": "{file}: kunci salah atau bukan berkas database e-Warong",
        "en": "{file}: wrong key, or not an e-Warong database file",
    },
    "safety.wrong_recovery_code": {
        "id": "Kode pemulihan salah",
        "en": "Wrong recovery code",
    },
    "safety.plain_database": {
        "id": "{file} belum terenkripsi; buka dengan enkripsi agar dimigrasikan",
        "en": "{file} is not encrypted; open it with encryption on to migrate it",
    },
    "safety.encrypted_database": {
        "id": "{file} terenkripsi; buka tanpa encrypt=False",
        "en": "{file} is encrypted; open it with encryption on",
    },
    "safety.migration_failed": {
        "id": "Enkripsi {file} gagal diperiksa; berkas lama tidak diubah",
        "en": "Encrypting {file} failed its check; the old file was not changed",
    },
    "backup.not_set_up": {
        "id": "Outlet belum disiapkan: belum ada yang bisa dicadangkan",
        "en": "The outlet is not set up: nothing to back up yet",
    },
    "backup.folder_missing": {
        "id": "Folder cadangan {folder} tidak ada (flashdisk belum dipasang?)",
        "en": "Backup folder {folder} does not exist (USB stick not plugged in?)",
    },
    "backup.verify_failed": {
        "id": "Cadangan {file} gagal diperiksa: {reason}",
        "en": "Backup {file} failed its check: {reason}",
    },
    "backup.no_manifest": {
        "id": "{file}: berkas keterangan cadangan (.json) tidak ada; bukan cadangan e-Warong",
        "en": "{file}: the backup's manifest (.json) is missing; not an e-Warong backup",
    },
    "backup.not_backup": {
        "id": "{file} bukan cadangan database e-Warong",
        "en": "{file} is not an e-Warong database backup",
    },
    "backup.damaged": {
        "id": "{file} rusak atau telah diubah (sidik jari tidak cocok)",
        "en": "{file} is damaged or was altered (checksum does not match)",
    },
    "backup.wrong_key": {
        "id": "{file} dienkripsi dengan kunci lain; masukkan kode pemulihan outlet itu",
        "en": "{file} was encrypted with another key; give that outlet's recovery code",
    },
    "backup.foreign_outlet": {
        "id": "{file} adalah cadangan outlet {found}, bukan outlet ini ({expected})",
        "en": "{file} is a backup of outlet {found}, not of this outlet ({expected})",
    },
    "backup.foreign_device": {
        "id": "{file} adalah cadangan perangkat lain ({found}), bukan perangkat ini",
        "en": "{file} is a backup of another device ({found}), not of this device",
    },
    "backup.stale": {
        "id": "Cadangan sampai jurnal #{backup_seq}, tetapi kantor pusat sudah menerima "
        "sampai #{acked_seq}; pemulihan perlu persetujuan pengelola (--force-stale)",
        "en": "The backup ends at journal #{backup_seq} but the central office already "
        "holds up to #{acked_seq}; restoring needs a manager's approval (--force-stale)",
    },
    "backup.older_than_current": {
        "id": "Cadangan sampai jurnal #{backup_seq}, database sekarang sampai #{current_seq}; "
        "transaksi sesudahnya akan hilang; perlu persetujuan pengelola (--force-stale)",
        "en": "The backup ends at journal #{backup_seq}, the current database at "
        "#{current_seq}; later sales would be lost; needs a manager's approval "
        "(--force-stale)",
    },
    "backup.rechain_refused": {
        "id": "Jurnal tidak bisa disambung setelah entri #{seq} kantor pusat: sudah ada "
        "transaksi sesudah pemulihan; hubungi kantor pusat",
        "en": "The journal cannot be chained after the central office's entry #{seq}: "
        "there are facts after the restore; call the central office",
    },
    "backup.needs_manager": {
        "id": "Persetujuan pengelola perlu nama pengguna dan PIN",
        "en": "A manager's approval needs a username and PIN",
    },
    "settings.bad_value": {
        "id": "Nilai {value!r} tidak berlaku untuk {name}",
        "en": "Value {value!r} is not valid for {name}",
    },
    # --- training mode (services/training.py): a practice outlet never leaves its folder
    "training.no_sync": {
        "id": "Mode latihan: outlet latihan tidak pernah disinkronkan dengan kantor pusat. "
        "Keluar latihan untuk outlet sebenarnya",
        "en": "Training mode: the practice outlet is never synced with the central office. "
        "Leave training for the real outlet",
    },
    "training.no_enroll": {
        "id": "Mode latihan: outlet latihan tidak bisa didaftarkan ke kantor pusat",
        "en": "Training mode: the practice outlet cannot be enrolled with the central office",
    },
    "training.no_transfer": {
        "id": "Mode latihan: tidak ada berkas USB untuk kantor pusat dari outlet latihan",
        "en": "Training mode: no USB files for the central office from the practice outlet",
    },
    "training.no_backup": {
        "id": "Mode latihan: data latihan tidak dicadangkan. Keluar latihan untuk "
        "mencadangkan outlet sebenarnya",
        "en": "Training mode: practice data are not backed up. Leave training to back up "
        "the real outlet",
    },
    "training.no_restore": {
        "id": "Mode latihan: pemulihan tidak tersedia. Keluar latihan untuk memulihkan "
        "outlet sebenarnya",
        "en": "Training mode: restore is not available. Leave training to restore the real outlet",
    },
    "training.folder_taken": {
        "id": "Folder {path} berisi data lain, bukan outlet latihan: tidak disentuh",
        "en": "The folder {path} holds other data, not a practice outlet: left untouched",
    },
    "training.nested": {
        "id": "Sudah dalam mode latihan",
        "en": "Already in training mode",
    },
    "training.not_training": {
        "id": "Ini bukan outlet latihan: tidak dimulai ulang",
        "en": "This is not the practice outlet: not reset",
    },
    # --- sync with the central office (D: services/sync.py, cli/sync.py, cli/central.py)
    "sync.not_enrolled": {
        "id": "Perangkat ini belum terdaftar di kantor pusat (ewarong enroll)",
        "en": "This device is not enrolled with the central office (ewarong enroll)",
    },
    "sync.not_set_up": {
        "id": "e-Warong belum disiapkan di folder data ini",
        "en": "The outlet is not set up in this data folder",
    },
    "sync.enroll_code": {
        "id": "Kode pendaftaran tidak valid ({length} karakter; 4 sampai 64): periksa kode "
        "dari kantor pusat",
        "en": "Invalid enrollment code ({length} characters; 4 to 64): check the code from "
        "the central office",
    },
    "sync.bad_address": {
        "id": "Alamat kantor pusat tidak sah: {url!r}. Tulis seperti "
        "https://kantor.contoh.go.id atau https://192.168.1.10:8443; tidak ada yang dihubungi "
        "atau diubah",
        "en": "Not a valid central office address: {url!r}. Write it like "
        "https://office.example.go.id or https://192.168.1.10:8443; nothing was contacted "
        "or changed",
    },
    "sync.offline": {
        "id": "Kantor pusat tidak dapat dihubungi; data tetap aman dan dikirim nanti ({detail})",
        "en": "The central office cannot be reached; data is safe and will be sent later "
        "({detail})",
    },
    "sync.refused": {
        "id": "Kantor pusat menolak ({status} {reason}): {detail}",
        "en": "The central office refused ({status} {reason}): {detail}",
    },
    "sync.enroll_refused": {
        "id": "Pendaftaran ditolak ({status} {reason}): periksa kode pendaftaran",
        "en": "Enrollment refused ({status} {reason}): check the enrollment code",
    },
    "sync.page_incomplete": {
        "id": "Data dari kantor pusat tidak lengkap (keluarga {detail}); tidak diterapkan",
        "en": "Data from the central office is incomplete (family {detail}); not applied",
    },
    "sync.file_invalid": {
        "id": "Berkas ini bukan berkas transfer e-Warong yang sah",
        "en": "This file is not a valid e-Warong transfer file",
    },
    "sync.file_foreign": {
        "id": "Berkas ini untuk e-Warong atau perangkat lain ({outlet})",
        "en": "This file is for another outlet or device ({outlet})",
    },
    "sync.file_seal": {
        "id": "Segel berkas tidak cocok: berkas diubah atau bukan dari kantor pusat",
        "en": "The file's seal does not match: altered, or not from the central office",
    },
    "central.refused": {
        "id": "Ditolak ({code}): {detail}",
        "en": "Refused ({code}): {detail}",
    },
    # --- device loss: rebuild from the central office (J: services/rebuild.py)
    "rebuild.other_device": {
        "id": "Pendaftaran di folder ini untuk perangkat lain ({device}...) daripada "
        "databasenya; daftarkan ulang perangkat ini",
        "en": "The enrollment in this folder is for another device ({device}...) than its "
        "database; enroll this device again",
    },
    "rebuild.not_chained": {
        "id": "Jurnal kantor pusat tidak menyambung ke jurnal di PC ini (entri #{seq}: "
        "{detail}): cadangan ini bukan dari perangkat ini; tidak ada yang diubah",
        "en": "The central office's journal does not continue this PC's journal (entry "
        "#{seq}: {detail}): this backup is not this device's; nothing was changed",
    },
    "rebuild.diverged": {
        "id": "Entri jurnal #{seq} di PC ini berbeda dengan salinan kantor pusat (transaksi "
        "sesudah pemulihan, atau salinan lain); tidak ada yang diubah, hubungi kantor pusat",
        "en": "Journal entry #{seq} on this PC differs from the central office's copy "
        "(facts written after the restore, or another copy); nothing was changed, call "
        "the central office",
    },
    "rebuild.unsupported": {
        "id": "Entri jurnal #{seq} ({kind}) tidak bisa dibuat ulang; tidak ada yang diubah",
        "en": "Journal entry #{seq} ({kind}) cannot be re-created; nothing was changed",
    },
    "rebuild.unknown_ref": {
        "id": "Entri jurnal #{seq} menyebut {what} {value} yang tidak dikenal di PC ini; "
        "tidak ada yang diubah",
        "en": "Journal entry #{seq} names a {what} {value} this PC does not know; nothing "
        "was changed",
    },
    "rebuild.duplicate": {
        "id": "Entri jurnal #{seq}: {ref} sudah ada di PC ini; tidak ada yang diubah",
        "en": "Journal entry #{seq}: {ref} is already on this PC; nothing was changed",
    },
    "rebuild.mismatch": {
        "id": "Entri jurnal #{seq} tidak bisa dibuat ulang persis ({field}); tidak ada yang diubah",
        "en": "Journal entry #{seq} cannot be re-created exactly ({field}); nothing was changed",
    },
    "sync.rebuild_first": {
        "id": "Kantor pusat sudah memegang entri jurnal #{seq} perangkat ini yang tidak ada "
        "di PC ini: jalankan dulu 'ewarong rebuild' (pemulihan di PC baru)",
        "en": "The central office already holds this device's journal entry #{seq}, which "
        "this PC lacks: run 'ewarong rebuild' first (restore on a new PC)",
    },
    "rebuild.chain": {
        "id": "Jurnal tidak utuh setelah pembangunan ulang ({reason}); tidak ada yang diubah",
        "en": "The journal would not verify after the rebuild ({reason}); nothing was changed",
    },
    # --- data folders and start-up (issue 17, safety's block)
    "datadir.is_file": {
        "id": "{path} adalah sebuah berkas, bukan folder data outlet; periksa --data-dir. "
        "Tidak ada yang dibuat atau diubah",
        "en": "{path} is a file, not an outlet's data folder; check --data-dir. Nothing was "
        "created or changed",
    },
    "datadir.missing": {
        "id": "Folder data {path} tidak ada; periksa ejaan --data-dir. Tidak ada yang dibuat "
        "(outlet baru hanya dibuat oleh penyiapan awal, 'ewarong demo' atau 'ewarong restore')",
        "en": "Data folder {path} does not exist; check --data-dir for a typo. Nothing was "
        "created (a new outlet is made only by the first-start set-up, 'ewarong demo' or "
        "'ewarong restore')",
    },
    "datadir.not_outlet": {
        "id": "{path} bukan folder data outlet (tidak ada outlet.db); periksa --data-dir. "
        "Tidak ada yang dibuat",
        "en": "{path} is not an outlet's data folder (no outlet.db); check --data-dir. "
        "Nothing was created",
    },
    "datadir.db_missing": {
        "id": "outlet.db tidak ada di {path} padahal kuncinya ada: pulihkan dari cadangan "
        "('ewarong restore CADANGAN --data-dir ...') atau hubungi kantor pusat. Tidak ada yang "
        "dibuat",
        "en": "outlet.db is missing from {path} although its key is there: restore a backup "
        "('ewarong restore BACKUP --data-dir ...') or call the central office. Nothing was "
        "created",
    },
    "datadir.restore_interrupted": {
        "id": "Pemulihan di {path} terputus sebelum selesai: jalankan lagi 'ewarong restore' "
        "dengan cadangan yang sama. Tidak ada yang dibuat",
        "en": "A restore in {path} was interrupted before it finished: run 'ewarong restore' "
        "again with the same backup. Nothing was created",
    },
    "datadir.db_empty": {
        "id": "{path} kosong (0 byte: berkas rusak atau terpotong): pulihkan dari cadangan "
        "('ewarong restore'). Berkas tidak diubah",
        "en": "{path} is empty (0 bytes: a damaged or truncated file): restore a backup "
        "('ewarong restore'). The file was not changed",
    },
    "datadir.not_set_up": {
        "id": "Outlet belum disiapkan di folder data {path}; periksa --data-dir, atau siapkan "
        "outlet dulu (penyiapan awal / 'ewarong enroll', atau 'ewarong demo')",
        "en": "No outlet is set up in data folder {path}; check --data-dir, or set the outlet "
        "up first (first-start set-up / 'ewarong enroll', or 'ewarong demo')",
    },
    "datadir.cannot_create": {
        "id": "Folder data {path} tidak dapat dibuat: {detail}",
        "en": "Data folder {path} cannot be created: {detail}",
    },
    "datadir.lookup_key_missing": {
        "id": "Kunci pencarian NIK/kartu (secrets/lookup.key) hilang dari {path}: pulihkan "
        "dari cadangan ('ewarong restore') atau daftarkan ulang ke kantor pusat; kunci baru "
        "tidak dibuat karena semua pencarian kartu akan gagal",
        "en": "The NIK/card look-up key (secrets/lookup.key) is missing from {path}: restore "
        "a backup ('ewarong restore') or enroll again with the central office; no new key was "
        "made because every card look-up would fail",
    },
    "safety.secret_sealed": {
        "id": "secrets/{name} tersegel dengan kunci database; buka outlet dengan enkripsi",
        "en": "secrets/{name} is sealed by the database key; open the outlet with encryption",
    },
    "safety.secret_damaged": {
        "id": "secrets/{name} rusak atau disegel kunci lain: pulihkan dari cadangan "
        "('ewarong restore') atau daftarkan ulang ke kantor pusat",
        "en": "secrets/{name} is damaged or sealed by another key: restore a backup "
        "('ewarong restore') or enroll again with the central office",
    },
    "safety.hash_version": {
        "id": "Database memakai versi hash identitas {found}, aplikasi ini versi {expected}: "
        "pasang versi aplikasi yang sesuai",
        "en": "The database uses identifier hash version {found}, this app version "
        "{expected}: install the matching app version",
    },
    # --- the clock (issue 17, safety's block)
    "clock.backwards": {
        "id": "Jam PC menunjukkan {now}, padahal catatan #{seq} sudah bertanggal {last}: jam "
        "PC mundur. Betulkan tanggal dan jam Windows (Pengaturan > Waktu > Sinkronkan "
        "sekarang). Jika jam sekarang sudah benar (sebelumnya jam PC terlalu maju), manajer "
        "menyetujui koreksi jam (Laporan > Koreksi jam) dengan PIN-nya; transaksi tidak "
        "disimpan",
        "en": "The PC clock says {now}, but record #{seq} is already dated {last}: the "
        "PC clock went back. Fix the Windows date and time (Settings > Time > Sync now). If "
        "the clock is right now (it was ahead before), the manager approves a clock "
        "correction (Reports > Clock correction) with their PIN; the transaction was not "
        "saved",
    },
    "clock.reason_required": {
        "id": "Tulis alasan koreksi jam (mis. zona waktu PC salah, sudah dibetulkan)",
        "en": "Write the reason for the clock correction (e.g. the PC's time zone was wrong, "
        "now fixed)",
    },
    "clock.not_behind": {
        "id": "Jam PC ({now}) tidak di belakang catatan terakhir: tidak ada yang perlu dikoreksi",
        "en": "The PC clock ({now}) is not behind the last record: there is nothing to correct",
    },
    "clock.correction_closed_day": {
        "id": "Koreksi jam ditolak: menurut jam PC sekarang hari usaha adalah {day}, padahal "
        "hari {closed} sudah ditutup. Transaksi tidak boleh masuk ke hari yang sudah "
        "ditutup atau sebelumnya. Periksa tanggal Windows; jika tanggalnya benar, hubungi "
        "kantor pusat",
        "en": "Clock correction refused: by the PC clock the business day is {day}, but "
        "{closed} is already closed. Nothing may land in or before a closed day. Check the "
        "Windows date; if it is right, call the central office",
    },
    "verify.damaged": {
        "id": "DATABASE RUSAK: {path} tidak dapat dibaca utuh. Jangan lanjut berjualan; "
        "pulihkan cadangan terakhir ('ewarong restore') lalu 'ewarong rebuild', atau hubungi "
        "kantor pusat. Yang ditemukan:",
        "en": "DAMAGED DATABASE: {path} cannot be read whole. Do not keep selling; restore "
        "the latest backup ('ewarong restore'), then 'ewarong rebuild', or call the central "
        "office. Found:",
    },
    "backup.resume_after": {
        "id": "--resume-after harus berbentuk NOMOR:HASH (nomor entri terakhir di kantor pusat "
        "dan hash 64 digit heksadesimalnya), bukan {value!r}; tidak ada yang diubah",
        "en": "--resume-after wants SEQ:HASH (the office's last entry number and its "
        "64-hex-digit hash), not {value!r}; nothing was changed",
    },
    "verify.voucher_overdrawn": {
        "id": "voucher {voucher}: sisa {remaining:rp} (di bawah nol): nominalnya diubah di luar "
        "aplikasi atau rusak",
        "en": "voucher {voucher}: remaining {remaining:rp} (below zero): its amount was edited "
        "outside the app, or damaged",
    },
    "verify.clock_backwards": {
        "id": "entri jurnal #{seq} bertanggal {at}, sebelum entri sebelumnya ({before}): jam "
        "PC pernah dimundurkan",
        "en": "journal entry #{seq} is dated {at}, before the entry before it ({before}): "
        "the PC clock was moved back",
    },
    # --- the start-up window (services.startup; safety's block)
    "startup.failed": {
        "id": "e-Warong POS tidak dapat dimulai.\n\nMasalah: {problem}\n\nYang harus "
        "dilakukan: {todo}\n\nCatatan teknis ada di folder log: {log}",
        "en": "e-Warong POS cannot start.\n\nProblem: {problem}\n\nWhat to do: {todo}"
        "\n\nTechnical notes are in the log folder: {log}",
    },
    "startup.damaged": {
        "id": "Pemeriksaan awal menemukan kerusakan pada database: {detail}",
        "en": "The start-up check found damage in the database: {detail}",
    },
    "startup.truncated": {
        "id": "{path} terpotong (ukurannya bukan kelipatan halaman database): berkasnya "
        "rusak, bukan kuncinya yang salah",
        "en": "{path} is truncated (its size is not a whole number of database pages): the "
        "file is damaged, the key is not wrong",
    },
    "startup.todo_folder": {
        "id": "periksa jalur folder data (--data-dir) atau pintasan aplikasinya",
        "en": "check the data folder path (--data-dir) or the app's shortcut",
    },
    "startup.todo_permissions": {
        "id": "beri pengguna Windows ini izin baca/tulis ke folder data (atau pindahkan "
        "folder ke tempat yang bisa ditulis), lalu buka lagi aplikasinya",
        "en": "give this Windows user read/write permission on the data folder (or move it "
        "somewhere writable), then start the app again",
    },
    "startup.todo_space": {
        "id": "kosongkan ruang disk, lalu buka lagi aplikasinya",
        "en": "free some disk space, then start the app again",
    },
    "startup.todo_recovery": {
        "id": "manajer memulihkan cadangan terakhir dengan kode pemulihan di kertas: "
        "'ewarong restore CADANGAN --recovery-code ...'",
        "en": "the manager restores the latest backup with the recovery code on paper: "
        "'ewarong restore BACKUP --recovery-code ...'",
    },
    "startup.todo_restore": {
        "id": "jangan berjualan di PC ini dulu; manajer memulihkan cadangan terakhir "
        "('ewarong restore'), lalu 'ewarong rebuild' mengambil kembali transaksi dari kantor "
        "pusat; bila tidak ada cadangan, hubungi kantor pusat",
        "en": "do not sell on this PC yet; the manager restores the latest backup "
        "('ewarong restore'), then 'ewarong rebuild' gets the sales back from the central "
        "office; with no backup, call the central office",
    },
    "startup.todo_restore_again": {
        "id": "jalankan lagi 'ewarong restore' dengan cadangan yang sama",
        "en": "run 'ewarong restore' again with the same backup",
    },
    "startup.todo_disk": {
        "id": "disk mungkin rusak: salin folder data ke flashdisk bila bisa, lalu hubungi "
        "kantor pusat",
        "en": "the disk may be failing: copy the data folder to a USB stick if you can, then "
        "call the central office",
    },
    "startup.todo_call": {
        "id": "hubungi kantor pusat dan sebutkan isi folder log",
        "en": "call the central office and give them the log folder's content",
    },
    # --- failures of the PC itself (db.failures; safety's block)
    "failure.disk_full": {
        "id": "Disk penuh {path}: kosongkan ruang (hapus berkas yang tidak perlu) lalu ulangi. "
        "Transaksi yang belum selesai tidak disimpan",
        "en": "The disk is full {path}: free some space (delete files you do not need), then "
        "try again. The unfinished transaction was not saved",
    },
    "failure.locked": {
        "id": "Database sedang dipakai program lain (mis. aplikasi kasir yang masih terbuka "
        "atau pencadangan): tunggu sebentar atau tutup program itu, lalu ulangi",
        "en": "The database is in use by another program (e.g. the till app still open, or a "
        "backup): wait a moment or close that program, then try again",
    },
    "failure.read_only": {
        "id": "Tidak ada izin membaca/menulis {path} (folder hanya-baca?): perbaiki izin "
        "folder data atau jalankan sebagai pengguna pemiliknya; tidak ada yang diubah",
        "en": "No permission to read or write {path} (a read-only folder?): fix the data "
        "folder's permissions or run as the user who owns it; nothing was changed",
    },
    "failure.cannot_open": {
        "id": "Berkas database tidak dapat dibuka {path}: periksa folder data dan izinnya",
        "en": "The database file cannot be opened {path}: check the data folder and its "
        "permissions",
    },
    "failure.damaged": {
        "id": "Berkas database rusak {path}: jangan lanjut berjualan; pulihkan dari cadangan "
        "('ewarong restore') atau hubungi kantor pusat",
        "en": "The database file is damaged {path}: do not keep selling; restore a backup "
        "('ewarong restore') or call the central office",
    },
    "failure.io": {
        "id": "Kesalahan baca/tulis disk {path} (disk atau flashdisk rusak/tercabut?): "
        "periksa disk, lalu ulangi",
        "en": "Disk read/write error {path} (a failing or unplugged disk or USB stick?): "
        "check the disk, then try again",
    },
    "failure.is_directory": {
        "id": "{path} adalah folder, bukan berkas: sebutkan berkasnya",
        "en": "{path} is a folder, not a file: name the file",
    },
    "failure.not_directory": {
        "id": "{path}: sebagian jalur itu adalah berkas, bukan folder",
        "en": "{path}: part of that path is a file, not a folder",
    },
    "failure.not_found": {
        "id": "{path} tidak ditemukan",
        "en": "{path} was not found",
    },
    "failure.unexpected": {
        "id": "Kesalahan tak terduga ({kind}); yang belum selesai tidak disimpan. Ulangi "
        "dengan -v untuk rinciannya dan laporkan ke kantor pusat",
        "en": "Unexpected error ({kind}); anything not finished was not saved. Run again "
        "with -v for the details and report it to the central office",
    },
    # --- first start, TLS, office errors (issue 14: services/setup.py, services/sync.py)
    "setup.already": {
        "id": "Folder data ini sudah berisi e-Warong; untuk memperbarui data jalankan "
        "'ewarong sync'",
        "en": "This data folder already holds an outlet; to bring its data up to date run "
        "'ewarong sync'",
    },
    "setup.file_code": {
        "id": "Kode tidak membuka berkas penyiapan ini (kode salah, atau berkas diubah)",
        "en": "The code does not open this set-up file (wrong code, or the file was altered)",
    },
    "setup.file_unreadable": {
        "id": "Berkas {path} tidak dapat dibaca: {detail}",
        "en": "Cannot read the file {path}: {detail}",
    },
    "sync.plain_http": {
        "id": "Alamat kantor pusat {url} tidak terenkripsi (http://); gunakan https://, "
        "atau izinkan secara tegas (--allow-plain-http)",
        "en": "The central office address {url} is not encrypted (http://); use https://, "
        "or allow it explicitly (--allow-plain-http)",
    },
    "sync.pin_needs_https": {
        "id": "Sidik jari sertifikat hanya berlaku untuk alamat https:// ({url})",
        "en": "A certificate fingerprint needs an https:// address ({url})",
    },
    "sync.certificate": {
        "id": "Sertifikat kantor pusat tidak cocok dengan yang tersimpan ({found}... bukan "
        "{expected}...): jangan lanjutkan, hubungi kantor pusat",
        "en": "The central office's certificate does not match the pinned one ({found}... "
        "not {expected}...): do not go on, call the central office",
    },
    "sync.server_error": {
        "id": "Kantor pusat menjawab dengan galat {status} ({tries} kali berturut-turut): "
        "{detail}; hubungi kantor pusat",
        "en": "The central office answers with error {status} ({tries} times in a row): "
        "{detail}; call the central office",
    },
    "sync.barcode_conflict": {
        "id": "Katalog dari kantor pusat memberi barcode {barcode} kepada dua produk ({sku} "
        "dan {other}); tidak diterapkan: minta kantor pusat memperbaikinya",
        "en": "The central office's catalogue gives barcode {barcode} to two products ({sku} "
        "and {other}); not applied: ask the central office to correct it",
    },
    "sync.page_conflict": {
        "id": "Data dari kantor pusat tidak dapat diterapkan ({what}): {detail}; tidak ada yang "
        "diubah, hubungi kantor pusat",
        "en": "Data from the central office cannot be applied ({what}): {detail}; nothing was "
        "changed, call the central office",
    },
    "family.moved": {
        "id": "Keluarga {name} sudah pindah ke {outlet}: tidak dapat dilayani di sini "
        "(vouchernya ikut pindah); arahkan ke e-Warong tersebut",
        "en": "The family {name} has moved to {outlet}: it cannot be served here (its "
        "vouchers moved with it); send them to that outlet",
    },
    "flag.moved": {
        "id": "pindah dari e-Warong ini (hanya dapat dilihat)",
        "en": "moved away from this outlet (read-only)",
    },
    # --- command line
    "cli.write_failed": {
        "id": "Tidak dapat menulis {path}: {detail}",
        "en": "Cannot write {path}: {detail}",
    },
}


class _Formatter(string.Formatter):
    lang = "id"
    screen = False  # rupiah with a no-break space (money.format_rupiah)

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec == "date":  # an ISO date as `12 April 2018` in the message's language
            from ewarong_pos.core.dates import format_date

            try:
                return format_date(dt.date.fromisoformat(str(value)), self.lang)
            except ValueError:
                return str(value)
        if format_spec == "period":  # `2018-04` as `April 2018` in the message's language
            from ewarong_pos.core.dates import format_period

            try:
                return format_period(str(value), self.lang)
            except (ValueError, IndexError):
                return str(value)
        if format_spec == "rp":
            return format_rupiah(int(value), screen=self.screen)
        if format_spec == "kg":
            from ewarong_pos.core.money import format_quantity

            if not isinstance(value, int) or isinstance(value, bool):
                return str(value)  # a malformed quantity is quoted as it came
            return format_quantity(value, "").strip()
        return super().format_field(value, format_spec)


def _formatter(lang: str, screen: bool) -> _Formatter:
    formatter = _Formatter()
    formatter.lang, formatter.screen = lang, screen
    return formatter


_FORMATTERS = {
    (lang, screen): _formatter(lang, screen) for lang in ("id", "en") for screen in (False, True)
}


def render(code: str, lang: str = "id", **params: Any) -> str:
    """The text of a code in `lang` ('id' or 'en'); unknown codes show the code itself.

    As printing, exports and the command line take it: ASCII spaces (render_screen is
    for a label)."""
    return _render(code, lang, False, params)


def render_screen(code: str, lang: str = "id", **params: Any) -> str:
    """`render` for a label on screen: an amount never wraps inside (money.format_rupiah)."""
    return _render(code, lang, True, params)


def _render(code: str, lang: str, screen: bool, params: dict[str, Any]) -> str:
    entry = MESSAGES.get(code)
    if entry is None:
        return f"{code} {params}" if params else code
    template = entry.get(lang) or entry["id"]
    try:
        formatter = _FORMATTERS.get((lang, screen), _FORMATTERS[("id", screen)])
        return formatter.format(template, **params)
    except (KeyError, IndexError, ValueError):
        return f"{template} {params}"


def placeholders(template: str) -> set[str]:
    """The field names a template uses (for the catalogue consistency test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
