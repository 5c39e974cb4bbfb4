"""The console's words in Bahasa Indonesia (default) and English, and its formatters."""

from __future__ import annotations

import datetime as dt

from ewarong_pos.core.dates import format_datetime, format_period, parse_iso
from ewarong_pos.core.money import format_rupiah

LANGS = ("id", "en")

TEXT: dict[str, tuple[str, str]] = {
    # frame
    "app.title": ("Konsol Dinas Sosial", "Social Affairs Office console"),
    "app.subtitle": ("e-Warong BPNT", "e-Warong BPNT"),
    "nav.dashboard": ("Ringkasan", "Dashboard"),
    "nav.outlets": ("e-Warong", "Outlets"),
    "nav.roster": ("Daftar KPM", "Roster"),
    "nav.periods": ("Periode & voucher", "Periods & vouchers"),
    "nav.products": ("Produk & harga", "Products & prices"),
    "nav.families": ("Keluarga", "Families"),
    "nav.disputes": ("Sengketa", "Disputes"),
    "nav.reconciliation": ("Rekonsiliasi", "Reconciliation"),
    "nav.staff": ("Petugas", "Staff"),
    "nav.audit": ("Log audit", "Audit log"),
    "signout": ("Keluar", "Sign out"),
    "role.admin": ("admin", "admin"),
    "role.operator": ("operator", "operator"),
    "role.auditor": ("auditor", "auditor"),
    # sign-in
    "signin.title": ("Masuk", "Sign in"),
    "signin.username": ("Nama pengguna", "User name"),
    "signin.password": ("Kata sandi", "Password"),
    "signin.button": ("Masuk", "Sign in"),
    "signin.wrong": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
    "signin.locked": (
        "Terlalu banyak percobaan gagal: akun dikunci sampai {until}.",
        "Too many failed attempts: the account is locked until {until}.",
    ),
    "app_version": ("Versi aplikasi", "App version"),
    "printed_by": ("dicetak oleh {name}", "printed by {name}"),
    "signin.throttled": (
        "Terlalu banyak percobaan masuk yang gagal dari alamat ini: coba lagi setelah {until}.",
        "Too many failed sign-ins from this address: try again after {until}.",
    ),
    "signin.expired": (
        "Sesi berakhir atau formulir kedaluwarsa. Silakan masuk lagi.",
        "The session ended or the form expired. Please sign in again.",
    ),
    # common
    "none": ("tidak ada", "none"),
    "save": ("Simpan", "Save"),
    "search": ("Cari", "Search"),
    "filter": ("Saring", "Filter"),
    "all": ("semua", "all"),
    "export.csv": ("Unduh CSV", "Download CSV"),
    "export.pdf": ("Unduh PDF", "Download PDF"),
    "outlet": ("e-Warong", "Outlet"),
    "period": ("Periode", "Period"),
    "amount": ("Nominal", "Amount"),
    "status": ("Status", "Status"),
    "when": ("Waktu", "When"),
    "who": ("Petugas", "Staff"),
    "note": ("Catatan", "Note"),
    "device": ("Perangkat", "Device"),
    "name": ("Nama", "Name"),
    "code": ("Kode", "Code"),
    "families": ("Keluarga", "Families"),
    "denied": (
        "Peran Anda ({role}) tidak boleh melakukan ini.",
        "Your role ({role}) may not do this.",
    ),
    "done": ("Tersimpan.", "Saved."),
    "refused": ("Ditolak: {detail}", "Refused: {detail}"),
    # dashboard
    "dash.title": ("Ringkasan", "Dashboard"),
    "dash.today": ("Penebusan hari ini", "Redemptions today"),
    "dash.month": ("Penebusan bulan ini", "Redemptions this month"),
    "dash.sales": ("{n} transaksi", "{n} sales"),
    "dash.open_disputes": ("Sengketa terbuka", "Open disputes"),
    "dash.sync": ("Sinkronisasi e-Warong", "Outlet sync"),
    "dash.areas": ("Penyaluran per wilayah, {period}", "Distribution by area, {period}"),
    "dash.no_period": ("Belum ada periode.", "No period yet."),
    "sync.ok": ("terhubung", "in contact"),
    "sync.stale": ("lama tidak sinkron", "not synced lately"),
    "sync.never": ("belum pernah", "never synced"),
    "sync.revoked": ("dicabut", "revoked"),
    "last_contact": ("Kontak terakhir", "Last contact"),
    "waiting": ("Perubahan menunggu", "Changes waiting"),
    "disputes": ("Sengketa", "Disputes"),
    "devices": ("Perangkat", "Devices"),
    "kecamatan": ("Kecamatan", "District"),
    "kelurahan": ("Kelurahan", "Sub-district"),
    "collected": ("Sudah menebus", "Collected"),
    "assigned": ("Terdaftar", "Assigned"),
    "redeemed": ("Ditebus", "Redeemed"),
    "issued": ("Disalurkan", "Issued"),
    # outlets
    "outlets.title": ("e-Warong", "Outlets"),
    "outlets.register": ("Daftarkan e-Warong", "Register an outlet"),
    "outlets.code_hint": ("misal EW-3173-0001", "e.g. EW-3173-0001"),
    "outlets.unused_codes": ("Kode belum dipakai", "Unused codes"),
    "city": ("Kota/kabupaten", "City/regency"),
    "phone": ("Telepon", "Phone"),
    "complaints_line": ("Layanan pengaduan", "Complaints line"),
    "price_zone": ("Zona HET", "Price zone"),
    "outlets.new_code": ("Buat kode pendaftaran baru", "Make a new enrollment code"),
    "code.title": ("Kode pendaftaran {outlet}", "Enrollment code for {outlet}"),
    "code.once": (
        "Kode ini hanya ditampilkan sekali dan berlaku {days} hari. Catat atau pindai QR.",
        "This code is shown only once and is valid for {days} days. Write it down or scan the QR.",
    ),
    "code.enroll": (
        "Di e-Warong: ewarong enroll {url} KODE --data-dir FOLDER",
        "At the outlet: ewarong enroll {url} CODE --data-dir FOLDER",
    ),
    "outlet.devices": ("Perangkat", "Devices"),
    "outlet.no_device": ("Belum ada perangkat terdaftar.", "No device enrolled yet."),
    "enrolled": ("Terdaftar", "Enrolled"),
    "journal_pos": ("Posisi jurnal", "Journal position"),
    "last_push": ("Kirim terakhir", "Last push"),
    "last_pull": ("Ambil terakhir", "Last pull"),
    "revoked_at": ("Dicabut {at}", "Revoked {at}"),
    "revoke": ("Cabut", "Revoke"),
    "revoke.reason": ("Alasan pencabutan", "Reason for revoking"),
    "revoke.done": (
        "Perangkat {device} dicabut: sinkronisasi berikutnya ditolak.",
        "Device {device} revoked: its next sync is refused.",
    ),
    "outlet.reconciliation": ("Rekonsiliasi e-Warong ini", "This outlet's reconciliation"),
    "receipt_gaps": ("Nomor struk hilang", "Missing receipt numbers"),
    "gap": ("setelah {after}, berikutnya {before}", "after {after}, next {before}"),
    # roster
    "roster.title": ("Daftar KPM (roster)", "Beneficiary roster"),
    "roster.upload": ("Unggah berkas CSV", "Upload a CSV file"),
    "roster.check": ("Periksa", "Check"),
    "roster.help": (
        "Berkas diperiksa seluruhnya dulu; tidak ada yang diterapkan sebelum Anda menekan "
        "Terapkan. Format: docs/roster-format.md.",
        "The whole file is checked first; nothing is applied until you press Apply. "
        "Format: docs/roster-format.md.",
    ),
    "roster.problems": (
        "Berkas ditolak: {n} masalah. Tidak ada yang diterapkan.",
        "File refused: {n} problems. Nothing was applied.",
    ),
    "roster.ok": (
        "Berkas {file} lolos pemeriksaan: {families} keluarga ({moved} pindah e-Warong), "
        "{vouchers} voucher baru, {flagged} ditandai.",
        "File {file} passed the checks: {families} families ({moved} moved outlet), "
        "{vouchers} new vouchers, {flagged} flagged.",
    ),
    "roster.apply": ("Terapkan", "Apply"),
    "roster.id_changes": (
        "Berkas ini mengubah NIK/No. KK {n} keluarga yang sudah terdaftar. Periksa dulu "
        "(misal kolom rusak oleh Excel); jika memang benar, konfirmasi jumlahnya:",
        "This file changes the NIK/family card of {n} registered families. Check it first "
        "(e.g. columns damaged by Excel); if they are right, confirm the count:",
    ),
    "roster.confirm": (
        "Benar, {n} perubahan NIK/KK — periksa lagi",
        "Right, {n} NIK/KK changes — check again",
    ),
    "roster.confirmed": (
        "{n} perubahan NIK/KK dikonfirmasi.",
        "{n} NIK/KK changes confirmed.",
    ),
    "roster.applied": (
        "Diterapkan: {families} keluarga, {vouchers} voucher baru.",
        "Applied: {families} families, {vouchers} new vouchers.",
    ),
    "roster.expired": (
        "Berkas yang diperiksa tidak ada lagi; unggah dan periksa lagi.",
        "The checked file is gone; upload and check it again.",
    ),
    "roster.empty_upload": ("Pilih berkas dulu.", "Choose a file first."),
    "roster.history": ("Riwayat impor", "Import history"),
    "line": ("Baris", "Line"),
    "column": ("Kolom", "Column"),
    "problem": ("Masalah", "Problem"),
    "flags": ("Tanda", "Flags"),
    "file": ("Berkas", "File"),
    "moved": ("Pindah", "Moved"),
    "vouchers": ("Voucher", "Vouchers"),
    "flagged": ("Ditandai", "Flagged"),
    "problems": ("Masalah", "Problems"),
    "st.applied": ("diterapkan", "applied"),
    "st.rejected": ("ditolak", "rejected"),
    # periods
    "periods.title": ("Periode program dan voucher", "Programme periods and vouchers"),
    "periods.issue": ("Atur periode dan salurkan voucher", "Configure a period and issue vouchers"),
    "periods.help": (
        "Nominal dan kategori adalah pengaturan per periode, misal BPNT 2018: beras,telur "
        "Rp 110.000; Sembako 2020: empat kelompok pangan Rp 200.000. Setiap keluarga aktif "
        "mendapat satu voucher.",
        "Amount and categories are configuration per period, e.g. BPNT 2018: beras,telur "
        "Rp 110,000; Sembako 2020: four food groups Rp 200,000. Every active family gets one "
        "voucher.",
    ),
    "categories": ("Kategori yang boleh", "Eligible categories"),
    "valid_from": ("Berlaku dari", "Valid from"),
    "valid_until": ("Berlaku sampai", "Valid until"),
    "periods.issue_button": ("Salurkan", "Issue"),
    "periods.issued": (
        "{period}: {n} voucher baru sebesar {amount}.",
        "{period}: {n} new vouchers of {amount}.",
    ),
    "bad_number": ("{field}: bukan angka yang benar.", "{field}: not a valid number."),
    "bad_date": (
        "{field}: tanggal tidak benar (TTTT-BB-HH).",
        "{field}: invalid date (YYYY-MM-DD).",
    ),
    "bad_period": ("Periode harus TTTT-BB.", "The period must be YYYY-MM."),
    # products
    "products.title": ("Produk, harga dan HET", "Products, prices and ceilings (HET)"),
    "sku": ("SKU", "SKU"),
    "category": ("Kategori", "Category"),
    "unit": ("Satuan", "Unit"),
    "price": ("Harga", "Price"),
    "ceiling": ("HET", "Ceiling (HET)"),
    "reference": ("Harga acuan", "Reference price"),
    "products.set": ("Ubah harga / HET", "Change price / ceiling"),
    "products.ceiling_hint": ("tanpa HET", "no ceiling"),
    "products.history": ("Riwayat harga", "Price history"),
    "products.upload": ("Muat daftar produk (CSV)", "Load a product list (CSV)"),
    "products.upload_help": (
        "Kolom: sku,barcode,name,category,unit,fractional,price,ceiling,reference_price[,active]"
        " (docs/sync.md). Semua baris diperiksa dulu; satu baris salah, tidak ada yang diubah.",
        "Columns: sku,barcode,name,category,unit,fractional,price,ceiling,reference_price"
        "[,active] (docs/sync.md). Every row is checked first; one bad row changes nothing.",
    ),
    "products.load": ("Muat", "Load"),
    "products.loaded": ("{n} produk dimuat.", "{n} products loaded."),
    "products.rejected": (
        "Berkas ditolak: {n} baris salah. Tidak ada yang diubah.",
        "File refused: {n} bad rows. Nothing was changed.",
    ),
    "products.encoding": (
        "Berkas bukan UTF-8: simpan sebagai CSV UTF-8.",
        "The file is not UTF-8: save it as CSV UTF-8.",
    ),
    "products.set_done": (
        "{sku}: harga {price}, HET {ceiling}.",
        "{sku}: price {price}, ceiling {ceiling}.",
    ),
    # families
    "families.title": ("Cari keluarga", "Find a family"),
    "families.hint": (
        "ID DTKS, nama, atau NIK / No. KK / nomor kartu diketik (di-hash dengan kunci kantor, "
        "tidak disimpan)",
        "ID DTKS, name, or a typed NIK / No. KK / card number (hashed with the office key, "
        "never stored)",
    ),
    "families.none": ("Tidak ditemukan.", "Nothing found."),
    "nik": ("NIK", "NIK"),
    "kk": ("No. KK", "Family card"),
    "card": ("Kartu KKS", "KKS card"),
    "address": ("Alamat", "Address"),
    "family.vouchers": ("Voucher", "Vouchers"),
    "family.redemptions": ("Penebusan di semua e-Warong", "Redemptions at every outlet"),
    "receipt": ("Struk", "Receipt"),
    "date": ("Tanggal", "Date"),
    "voucher": ("Voucher", "Voucher"),
    "disputed": ("disengketakan", "disputed"),
    "moved_from": ("Pindahan dari {outlet}", "Moved from {outlet}"),
    # disputes
    "disputes.title": ("Sengketa", "Disputes"),
    "reason": ("Alasan", "Reason"),
    "state.open": ("terbuka", "open"),
    "state.resolved": ("selesai", "resolved"),
    "resolve": ("Selesaikan", "Resolve"),
    "resolve.done": ("Sengketa #{id} diselesaikan.", "Dispute #{id} resolved."),
    "reason.voucher.over_redeemed": (
        "ditebus melebihi nominal (ganda, lintas e-Warong)",
        "redeemed beyond its amount (double, across outlets)",
    ),
    "reason.voucher.unknown": ("voucher tidak dikenal", "unknown voucher"),
    "reason.voucher.other_outlet": ("keluarga e-Warong lain", "family of another outlet"),
    "reason.sale.outlet": ("transaksi atas nama e-Warong lain", "sale in another outlet's name"),
    "reason.sale.unreadable": ("transaksi tidak terbaca", "unreadable sale"),
    "limit": ("batas {limit}, tertebus {redeemed}", "limit {limit}, redeemed {redeemed}"),
    # reconciliation
    "recon.title": ("Rekonsiliasi dan sinyal kecurangan", "Reconciliation and fraud signals"),
    "recon.rows": ("Penebusan per e-Warong dan periode", "Redemptions per outlet and period"),
    "over": ("Lebih tebus", "Over-redeemed"),
    "recon.none": ("Belum ada penebusan.", "No redemptions yet."),
    "tamper": ("Upaya perubahan jurnal ditolak", "Journal tampering refused"),
    "clock.drift": ("Jam perangkat yang melenceng", "Devices whose clock drifts"),
    "clock.drift_row": (
        "selisih {offset} detik dari jam kantor pusat ({seen}): minta jam Windows dibetulkan",
        "{offset} s off the office's clock ({seen}): have its Windows clock fixed",
    ),
    "clock.corrections": ("Koreksi jam oleh pengelola", "Clock corrections by a manager"),
    "clock.correction_row": (
        "jam dimundurkan dari catatan {last}, disetujui {who}:",
        "clock set back from the record of {last}, approved by {who}:",
    ),
    "signals": ("Sinyal kecurangan lintas e-Warong", "Fraud signals across outlets"),
    "signals.none": ("Tidak ada sinyal.", "No signals."),
    "sig.two_outlets": (
        "Keluarga {family} menebus di {outlets} e-Warong: {where}",
        "Family {family} redeemed at {outlets} outlets: {where}",
    ),
    "sig.burst": (
        "{count} penebusan dalam {minutes} menit di perangkat {device}",
        "{count} redemptions within {minutes} minutes on device {device}",
    ),
    "sig.identical_baskets": (
        "{count} dari {of} penebusan dengan keranjang sama: {basket}",
        "{count} of {of} redemptions with the same basket: {basket}",
    ),
    "severity.high": ("tinggi", "high"),
    "severity.warning": ("perhatian", "warning"),
    # staff
    "staff.title": ("Petugas kantor", "Office staff"),
    "staff.add": ("Tambah / ubah petugas", "Add or change staff"),
    "role": ("Peran", "Role"),
    "active": ("aktif", "active"),
    "inactive": ("nonaktif", "disabled"),
    "disable": ("Nonaktifkan", "Disable"),
    "staff.token": ("Buat token API", "Make an API token"),
    "staff.token_once": (
        "Token API untuk {user} (hanya ditampilkan sekali):",
        "API token for {user} (shown only once):",
    ),
    "staff.tokens": ("Token API", "API tokens"),
    "label": ("Label", "Label"),
    "revoke_token": ("Cabut token", "Revoke token"),
    "staff.last_admin": (
        "Admin aktif terakhir tidak bisa dinonaktifkan.",
        "The last active admin cannot be disabled.",
    ),
    # audit
    "audit.title": ("Log audit petugas", "Staff audit log"),
    "action": ("Tindakan", "Action"),
    "target": ("Sasaran", "Target"),
    "detail": ("Rincian", "Detail"),
    "from": ("Dari", "From"),
    "ok": ("berhasil", "done"),
    "failed": ("gagal", "failed"),
}


def text(key: str, lang: str = "id", **params: object) -> str:
    pair = TEXT.get(key)
    if pair is None:
        return key
    template = pair[1] if lang == "en" else pair[0]
    try:
        return template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):
        return template


def rupiah(amount: int | None, *, screen: bool = False) -> str:
    """An amount, or '-'. `screen=True` for a page: "Rp" and the number joined by a
    no-break space, so a table cell never wraps between them; exports keep the plain
    space (a spreadsheet reads it as text either way, but a CSV stays ASCII)."""
    return "-" if amount is None else format_rupiah(amount, screen=screen)


def rupiah_screen(amount: int | None) -> str:
    return rupiah(amount, screen=True)


def when(stamp: str | None, lang: str = "id") -> str:
    """An ISO UTC timestamp as local (WIB) date and time, or '-'."""
    if not stamp:
        return "-"
    try:
        return format_datetime(parse_iso(stamp), lang)
    except ValueError:
        return stamp


def day(value: str | None, lang: str = "id") -> str:
    if not value:
        return "-"
    try:
        from ewarong_pos.core.dates import format_date

        return format_date(dt.date.fromisoformat(value), lang)
    except ValueError:
        return value


def period(code: str | None, lang: str = "id") -> str:
    if not code:
        return "-"
    try:
        return format_period(code, lang)
    except (ValueError, IndexError):
        return code
