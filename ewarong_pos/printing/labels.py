"""Receipt and report labels as a plain dataclass, in Bahasa Indonesia or English.

The printing code is Qt-free, so the UI's Qt Linguist files cannot reach it; the caller
picks a language and passes `Labels.for_lang(lang)` down instead.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a practice outlet's reports say (services.training): an auditor must never take
# one for a real report. The CSV, which has no language, carries both.
TRAINING_REPORT_ID = "LATIHAN - BUKAN LAPORAN RESMI"
TRAINING_REPORT_EN = "TRAINING - NOT AN OFFICIAL REPORT"


@dataclass(frozen=True)
class Labels:
    lang: str
    # receipt
    receipt_no: str
    date: str
    cashier: str
    device: str
    family: str
    card: str
    total: str
    cash: str
    change: str
    vouchers_used: str
    remaining: str
    remaining_total: str
    verification: str
    copy: str
    print_no: str  # "cetak ke-{n}"
    void: str
    voids_receipt: str
    reason: str
    edc_approval: str
    cash_sale: str
    redemption: str
    thanks: str
    test_page: str
    test_page_body: str
    # reports
    page_of: str  # "Halaman {page} dari {pages}"
    printed_at: str
    closed_at: str  # a closed day's report is dated by its close, not by its printing
    daily_title: str
    monthly_title: str
    stock_title: str
    prices_title: str
    signals_title: str
    outlet: str
    period: str
    business_date: str
    kind: str
    count: str
    amount: str
    product: str
    unit: str
    quantity: str
    price: str
    ceiling: str
    reference_price: str
    sku: str
    no: str
    dtks_id: str
    name: str
    address: str
    entitlement: str
    redeemed: str
    open_amount: str
    transactions: str
    not_collected: str
    not_collected_title: str
    families: str
    collected: str
    voids: str
    cash_expected: str
    by_kind: str
    by_product: str
    by_month: str
    kind_names: dict[str, str]
    manager_sign: str
    facilitator_sign: str
    sign_name: str
    opening: str
    movement_in: str
    movement_out: str
    balance: str
    reference: str
    signal: str
    severity: str
    detail: str
    none: str
    total_row: str
    place_date: str
    redeemed_net: str
    families_served: str
    missing_receipts: str
    by_cashier: str
    day_closed: str
    day_open: str
    severity_names: dict[str, str]
    monthly_note: str
    from_tranche: str
    movement_kinds: dict[str, str]
    # monthly report: each voucher month's balance (issue 16)
    tranche_title: str = "Saldo per bulan bantuan"
    aid_month: str = "Bulan bantuan"
    redeemed_in_month: str = "Ditebus bulan ini"
    redeemed_to_date: str = "Ditebus s.d. akhir bulan"
    transactions_short: str = "Trx"
    # shifts, cash counts and the day close (issue 15)
    shifts_title: str = "Shift dan hitungan kas"
    shift_cashier: str = "Kasir"
    shift_time: str = "Buka - tutup"
    float_total: str = "Modal awal"
    cash_sales: str = "Penjualan tunai"
    cash_voids: str = "Batal tunai"
    expected: str = "Seharusnya"
    counted: str = "Dihitung"
    over_short: str = "Selisih"
    still_open: str = "masih buka"
    handed_to: str = "serah terima ke"
    approved: str = "disetujui"
    gross: str = "Kotor"
    net: str = "Bersih"
    by_cashier_kind: str = "Menurut kasir dan jenis (kotor, batal, bersih)"
    adjusts: str = "Koreksi atas hari"
    closed_by: str = "Ditutup {at} oleh {user}"
    journal_no: str = "jurnal #{seq}"
    shift_report_title: str = "Laporan Shift"
    denomination: str = "Pecahan"
    pieces: str = "Lembar/keping"
    opened_by_float: str = "Hitungan modal awal"
    closing_count: str = "Hitungan kas penutupan"
    receipt_count: str = "Jumlah struk"
    reason_label: str = "Alasan"
    cash_outside_shifts: str = "Tunai di luar shift (tidak ada dalam hitungan laci mana pun)"
    time: str = "Jam"  # receipt: the time of the sale, on its own line on 58 mm
    voided: str = "DIBATALKAN"  # a copy of a sale voided since
    voided_by: str = "Dibatalkan dengan struk {receipt}"
    # a practice outlet's receipt (services.training), top and bottom: the Indonesian line
    # always (it is what the family reads), the English one too on an English receipt
    training: tuple[str, ...] = ("LATIHAN - BUKAN STRUK RESMI",)
    # a practice outlet's A4 report, at the head and foot of every page: the same rule
    training_report: tuple[str, ...] = (TRAINING_REPORT_ID,)

    @classmethod
    def for_lang(cls, lang: str = "id") -> Labels:
        if lang == "en":
            return _EN
        if lang != "id":
            raise ValueError(f"unknown language {lang!r} (id or en)")
        return _ID

    def kind_name(self, kind: str) -> str:
        return self.kind_names.get(kind, kind)


_ID = Labels(
    lang="id",
    receipt_no="No. Struk",
    date="Tanggal",
    cashier="Kasir",
    device="Perangkat",
    family="KPM",
    card="Kartu",
    total="TOTAL",
    cash="Tunai",
    change="Kembali",
    vouchers_used="Bantuan dipakai",
    remaining="Sisa bantuan",
    remaining_total="Total sisa",
    verification="Kode verifikasi",
    copy="SALINAN",
    print_no="cetak ke-{n}",
    void="BATAL",
    voids_receipt="Membatalkan struk",
    reason="Alasan",
    edc_approval="Kode EDC",
    cash_sale="PENJUALAN TUNAI",
    redemption="BANTUAN PANGAN NON TUNAI",
    thanks="Terima kasih",
    test_page="HALAMAN UJI PRINTER",
    test_page_body="Jika teks ini terbaca, printer siap dipakai.",
    page_of="Halaman {page} dari {pages}",
    printed_at="Dicetak",
    closed_at="Ditutup",
    daily_title="Laporan Tutup Hari",
    monthly_title="Laporan Penyaluran BPNT Bulanan",
    stock_title="Kartu Stok",
    prices_title="Daftar Harga",
    signals_title="Tanda Kecurangan",
    outlet="e-Warong",
    period="Periode",
    business_date="Tanggal usaha",
    kind="Jenis",
    count="Jumlah",
    amount="Nilai",
    product="Produk",
    unit="Satuan",
    quantity="Kuantitas",
    price="Harga",
    ceiling="HET",
    reference_price="Harga acuan",
    sku="Kode",
    no="No.",
    dtks_id="ID DTKS",
    name="Nama",
    address="Alamat",
    entitlement="Hak",
    redeemed="Ditebus",
    open_amount="Sisa",
    transactions="Transaksi",
    not_collected="Belum mengambil",
    not_collected_title="KPM yang belum mengambil bantuan",
    families="Jumlah KPM",
    collected="Sudah mengambil",
    voids="Pembatalan",
    cash_expected="Uang tunai seharusnya",
    by_kind="Menurut jenis",
    by_product="Menurut produk",
    by_month="Bantuan ditebus menurut bulan",
    kind_names={"redemption": "Bantuan (BPNT)", "cash": "Tunai", "void": "Batal"},
    manager_sign="Pengelola e-Warong",
    facilitator_sign="Pendamping",
    sign_name="(nama dan tanda tangan)",
    opening="Saldo awal",
    movement_in="Masuk",
    movement_out="Keluar",
    balance="Saldo",
    reference="Referensi",
    signal="Tanda",
    severity="Tingkat",
    detail="Keterangan",
    none="Tidak ada",
    total_row="Jumlah",
    place_date="Tempat, tanggal",
    redeemed_net="Bantuan ditebus (bersih)",
    families_served="KPM dilayani",
    missing_receipts="Nomor struk hilang",
    by_cashier="Menurut kasir",
    day_closed="Hari sudah ditutup",
    day_open="Hari belum ditutup",
    severity_names={"info": "info", "warning": "peringatan", "high": "tinggi"},
    movement_kinds={
        "delivery": "Penerimaan",
        "sale": "Penjualan",
        "void": "Batal",
        "adjustment": "Penyesuaian",
        "count": "Opname",
    },
    monthly_note=(
        "* Sudah mengambil: KPM yang menebus (transaksi yang tidak dibatalkan) selama bulan"
        " ini, dari bulan bantuan mana pun: penebusan selalu memakai bulan bantuan tertua"
        " lebih dulu, jadi KPM yang datang bulan ini bisa memakai bantuan bulan sebelumnya."
        " Hak: bantuan bulan ini. Ditebus: nilai barang yang diambil selama bulan ini"
        " (dikurangi pembatalan). Sisa: bantuan yang belum diambil pada akhir bulan, semua"
        " bulan bantuan. Trx: penebusan dalam bulan ini yang tidak dibatalkan. Saldo per"
        " bulan bantuan: untuk tiap bulan bantuan, yang ditebus selama bulan ini, yang"
        " ditebus sampai akhir bulan ini (termasuk di e-Warong lain) dan sisanya."
    ),
    from_tranche="Dari hak",
)

_EN = Labels(
    lang="en",
    receipt_no="Receipt no.",
    date="Date",
    cashier="Cashier",
    device="Device",
    family="Family",
    card="Card",
    total="TOTAL",
    cash="Cash",
    change="Change",
    vouchers_used="Aid used",
    remaining="Aid remaining",
    remaining_total="Total left",
    verification="Verification code",
    copy="COPY",
    print_no="print no. {n}",
    void="VOID",
    voids_receipt="Voids receipt",
    reason="Reason",
    edc_approval="EDC approval",
    cash_sale="CASH SALE",
    redemption="NON-CASH FOOD AID",
    thanks="Thank you",
    test_page="PRINTER TEST PAGE",
    test_page_body="If you can read this, the printer is ready.",
    page_of="Page {page} of {pages}",
    printed_at="Printed",
    closed_at="Closed",
    daily_title="Day Closing Report",
    monthly_title="Monthly BPNT Distribution Report",
    stock_title="Stock Card",
    prices_title="Price List",
    signals_title="Fraud Signals",
    outlet="e-Warong",
    period="Period",
    business_date="Business date",
    kind="Kind",
    count="Count",
    amount="Amount",
    product="Product",
    unit="Unit",
    quantity="Quantity",
    price="Price",
    ceiling="Ceiling",
    reference_price="Reference price",
    sku="Code",
    no="No.",
    dtks_id="DTKS ID",
    name="Name",
    address="Address",
    entitlement="Entitled",
    redeemed="Redeemed",
    open_amount="Open",
    transactions="Transactions",
    not_collected="Not collected",
    not_collected_title="Families who did not collect",
    families="Families",
    collected="Collected",
    voids="Voids",
    cash_expected="Cash expected",
    by_kind="By kind",
    by_product="By product",
    by_month="Aid redeemed by month",
    kind_names={"redemption": "Aid (BPNT)", "cash": "Cash", "void": "Void"},
    manager_sign="e-Warong manager",
    facilitator_sign="Facilitator",
    sign_name="(name and signature)",
    opening="Opening",
    movement_in="In",
    movement_out="Out",
    balance="Balance",
    reference="Reference",
    signal="Signal",
    severity="Severity",
    detail="Detail",
    none="None",
    total_row="Total",
    place_date="Place, date",
    redeemed_net="Aid redeemed (net)",
    families_served="Families served",
    missing_receipts="Missing receipt numbers",
    by_cashier="By cashier",
    day_closed="Day closed",
    day_open="Day not closed yet",
    severity_names={"info": "info", "warning": "warning", "high": "high"},
    movement_kinds={
        "delivery": "Delivery",
        "sale": "Sale",
        "void": "Void",
        "adjustment": "Adjustment",
        "count": "Count",
    },
    monthly_note=(
        "* Collected: families who redeemed (a transaction not voided) during this month,"
        " from any month's aid: a redemption always draws on the oldest month first, so a"
        " family who came this month may have used an earlier month's aid. Entitled: this"
        " month's aid. Redeemed: goods taken during the month (less voids). Open: aid not"
        " yet taken at the end of the month, all months. Trx: redemptions in the month not"
        " voided. Balance of each month's aid: for each aid month, what was redeemed during"
        " this month, what was redeemed up to its end (other outlets included) and what is"
        " left."
    ),
    from_tranche="Of it",
    tranche_title="Balance of each month's aid",
    aid_month="Aid month",
    redeemed_in_month="Redeemed this month",
    redeemed_to_date="Redeemed to month end",
    shifts_title="Shifts and cash counts",
    shift_cashier="Cashier",
    shift_time="Open - close",
    float_total="Float",
    cash_sales="Cash sales",
    cash_voids="Cash voids",
    expected="Expected",
    counted="Counted",
    over_short="Over/short",
    still_open="still open",
    handed_to="handed over to",
    approved="approved by",
    gross="Gross",
    net="Net",
    by_cashier_kind="By cashier and kind (gross, voids, net)",
    adjusts="Adjusts day",
    closed_by="Closed {at} by {user}",
    journal_no="journal #{seq}",
    shift_report_title="Shift Report",
    denomination="Denomination",
    pieces="Pieces",
    opened_by_float="Opening float count",
    closing_count="Closing cash count",
    receipt_count="Receipts",
    reason_label="Reason",
    cash_outside_shifts="Cash outside any shift (in no drawer count)",
    time="Time",
    voided="VOIDED",
    voided_by="Voided by receipt {receipt}",
    training=("LATIHAN - BUKAN STRUK RESMI", "TRAINING - NOT AN OFFICIAL RECEIPT"),
    training_report=(TRAINING_REPORT_ID, TRAINING_REPORT_EN),
)
