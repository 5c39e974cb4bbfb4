<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>App</name>
    <message>
        <source>Menyiapkan outlet demo…</source>
        <translation>Preparing the demo outlet…</translation>
    </message>
    <message>
        <source>Outlet belum disiapkan di folder data ini: {path}
Jalankan `ewarong-pos --demo`, atau daftarkan perangkat ke kantor pusat.</source>
        <translation>The outlet is not set up in this data folder: {path}
Run `ewarong-pos --demo`, or enroll this device with the central office.</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Pengelola</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>PIN pengelola</source>
        <translation>Manager's PIN</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Pengelola harus memasukkan PIN.</source>
        <translation>The manager must enter the PIN.</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>Pengelola</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>PIN pengelola</source>
        <translation>Manager's PIN</translation>
    </message>
    <message>
        <source>Cadangan ditulis dan diperiksa: {file} (jurnal #{seq}).</source>
        <translation>Backup written and checked: {file} (journal #{seq}).</translation>
    </message>
    <message>
        <source>Belum ada kode pemulihan: cadangan ini hanya bisa dibuka di PC ini.</source>
        <translation>No recovery code yet: this backup opens only on this PC.</translation>
    </message>
</context>
<context>
    <name>BackupSection</name>
    <message>
        <source>Cadangan dan pemulihan (pengelola)</source>
        <translation>Backup and restore (manager)</translation>
    </message>
    <message>
        <source>kosong = folder data (disk yang sama)</source>
        <translation>empty = the data folder (same disk)</translation>
    </message>
    <message>
        <source>Pilih folder…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>Folder cadangan</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source> cadangan terbaru</source>
        <translation> newest backups</translation>
    </message>
    <message>
        <source> jam</source>
        <translation> hours</translation>
    </message>
    <message>
        <source>hanya saat tutup hari</source>
        <translation>only at day close</translation>
    </message>
    <message>
        <source>Jumlah disimpan</source>
        <translation>Number kept</translation>
    </message>
    <message>
        <source>Cadangkan setiap</source>
        <translation>Back up every</translation>
    </message>
    <message>
        <source>Simpan pengaturan cadangan</source>
        <translation>Save backup settings</translation>
    </message>
    <message>
        <source>Cadangkan sekarang</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>Pulihkan…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <source>Buat kode pemulihan baru…</source>
        <translation>Make a new recovery code…</translation>
    </message>
    <message>
        <source>Cadangan terakhir: {when}, jurnal #{seq}
{file}</source>
        <translation>Last backup: {when}, journal #{seq}
{file}</translation>
    </message>
    <message>
        <source>Belum ada cadangan.</source>
        <translation>No backup yet.</translation>
    </message>
    <message>
        <source>Cadangan disimpan di disk yang sama: melindungi dari berkas rusak, bukan dari disk rusak. Pilih flashdisk.</source>
        <translation>Backups are kept on the same disk: this protects against a broken file, not a broken disk. Choose a USB stick.</translation>
    </message>
    <message>
        <source>Database tidak dienkripsi.</source>
        <translation>The database is not encrypted.</translation>
    </message>
    <message>
        <source>Database dienkripsi (kunci {key}). Kode pemulihan sudah dibuat.</source>
        <translation>The database is encrypted (key {key}). A recovery code has been made.</translation>
    </message>
    <message>
        <source>Database dienkripsi (kunci {key}). BELUM ADA KODE PEMULIHAN: cadangan hanya bisa dibuka di PC ini.</source>
        <translation>The database is encrypted (key {key}). NO RECOVERY CODE YET: backups open only on this PC.</translation>
    </message>
    <message>
        <source>Pilih folder cadangan (flashdisk)</source>
        <translation>Choose the backup folder (USB stick)</translation>
    </message>
    <message>
        <source>Pengaturan cadangan disimpan.</source>
        <translation>Backup settings saved.</translation>
    </message>
    <message>
        <source>Mencadangkan dan memeriksa…</source>
        <translation>Backing up and checking…</translation>
    </message>
    <message>
        <source>Pilih berkas cadangan</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <source>Cadangan e-Warong (*.db *.json)</source>
        <translation>e-Warong backups (*.db *.json)</translation>
    </message>
    <message>
        <source>Memulihkan…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <source>Kode pemulihan baru dibuat.</source>
        <translation>New recovery code made.</translation>
    </message>
</context>
<context>
    <name>BackupStatusLabel</name>
    <message>
        <source>Cadangan: …</source>
        <translation>Backup: …</translation>
    </message>
    <message>
        <source>Latihan: tanpa cadangan</source>
        <translation>Training: no backups</translation>
    </message>
    <message>
        <source>Cadangan gagal: {error}</source>
        <translation>Backup failed: {error}</translation>
    </message>
    <message>
        <source>Belum ada cadangan</source>
        <translation>No backup yet</translation>
    </message>
    <message>
        <source>Cadangan terlambat (terakhir {when})</source>
        <translation>Backup overdue (last {when})</translation>
    </message>
    <message>
        <source>Cadangan terakhir {when}</source>
        <translation>Last backup {when}</translation>
    </message>
    <message>
        <source>Folder cadangan: {folder}</source>
        <translation>Backup folder: {folder}</translation>
    </message>
    <message>
        <source>Folder ini ada di disk yang sama dengan database: pilih flashdisk di Pengaturan.</source>
        <translation>This folder is on the same disk as the database: choose a USB stick in Settings.</translation>
    </message>
</context>
<context>
    <name>CartPanel</name>
    <message>
        <source>Barang</source>
        <translation>Goods</translation>
    </message>
    <message>
        <source>Cari barang: nama, SKU atau barcode  [F8]</source>
        <translation>Find goods: name, SKU or barcode  [F8]</translation>
    </message>
    <message>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Harga</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>HET / acuan</source>
        <translation>Ceiling / reference</translation>
    </message>
    <message>
        <source>Stok</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>mis. 2 atau 1,5</source>
        <translation>e.g. 2 or 1,5</translation>
    </message>
    <message>
        <source>Jumlah untuk barang terpilih atau barcode berikutnya; kosong = 1</source>
        <translation>Quantity for the chosen product or the next barcode; empty = 1</translation>
    </message>
    <message>
        <source>(bukan untuk voucher)</source>
        <translation>(not for vouchers)</translation>
    </message>
    <message>
        <source>Voucher keluarga ini tidak boleh membeli {category}</source>
        <translation>This family's vouchers may not buy {category}</translation>
    </message>
    <message>
        <source>Jumlah '{text}' tidak valid: tulis mis. 1,5 untuk 1,5 {unit}.</source>
        <translation>Quantity '{text}' is not valid: write e.g. 1,5 for 1,5 {unit}.</translation>
    </message>
    <message>
        <source>Tambah</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Di keranjang</source>
        <translation>In the cart</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Ubah jumlah baris terpilih (+ / - di tabel keranjang)</source>
        <translation>Change the chosen line by one (+ / - in the cart table)</translation>
    </message>
    <message>
        <source>Ubah</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Ubah jumlah baris keranjang terpilih</source>
        <translation>Change the quantity of the chosen cart line</translation>
    </message>
    <message>
        <source>Hapus baris</source>
        <translation>Remove line</translation>
    </message>
    <message>
        <source>acuan {price}</source>
        <translation>reference {price}</translation>
    </message>
    <message>
        <source>Jumlah '{text}' tidak valid: {unit} hanya utuh (1, 2, 3).</source>
        <translation>Quantity '{text}' is not valid: {unit} in whole units only (1, 2, 3).</translation>
    </message>
    <message>
        <source>Jumlah {text} {unit} terlalu besar untuk {product} (paling banyak {limit}).</source>
        <translation>Quantity {text} {unit} is too large for {product} (at most {limit}).</translation>
    </message>
    <message>
        <source>Stok {product} hanya {on_hand}; diminta {text} {unit}{more}.</source>
        <translation>Only {on_hand} of {product} in stock; asked {text} {unit}{more}.</translation>
    </message>
    <message>
        <source> (ditambah {qty} di keranjang)</source>
        <translation> (plus {qty} in the cart)</translation>
    </message>
    <message>
        <source>Ubah jumlah {product}: Enter simpan, Esc batal</source>
        <translation>Change the quantity of {product}: Enter saves, Esc cancels</translation>
    </message>
    <message>
        <source>{product}: Enter tambah</source>
        <translation>{product}: Enter adds</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>Total {total}</translation>
    </message>
</context>
<context>
    <name>CashSaleView</name>
    <message>
        <source>Penjualan tunai (umum)</source>
        <translation>Cash sale (public)</translation>
    </message>
    <message>
        <source>Pembayaran</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>Uang diterima  [F11]</source>
        <translation>Money received  [F11]</translation>
    </message>
    <message>
        <source>mis. 50.000</source>
        <translation>e.g. 50.000</translation>
    </message>
    <message>
        <source>Uang pas</source>
        <translation>Exact money</translation>
    </message>
    <message>
        <source>Kosongkan</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Bayar tunai</source>
        <translation>Pay cash</translation>
    </message>
    <message>
        <source>'{code}' bukan barcode atau SKU barang yang dijual di sini.</source>
        <translation>'{code}' is not the barcode or SKU of anything sold here.</translation>
    </message>
    <message>
        <source>Kembalian: {change}</source>
        <translation>Change: {change}</translation>
    </message>
    <message>
        <source>'{text}' bukan jumlah uang: tulis mis. 50.000.</source>
        <translation>'{text}' is not an amount of money: write e.g. 50.000.</translation>
    </message>
    <message>
        <source>Masukkan uang yang diterima (F11), atau Uang pas (F5).</source>
        <translation>Enter the money received (F11), or Exact money (F5).</translation>
    </message>
    <message>
        <source>Total {total}, diterima {tendered}</source>
        <translation>Total {total}, received {tendered}</translation>
    </message>
    <message>
        <source>Tersimpan: struk {receipt}.</source>
        <translation>Saved: receipt {receipt}.</translation>
    </message>
</context>
<context>
    <name>ClockDialog</name>
    <message>
        <source>Koreksi jam</source>
        <translation>Clock correction</translation>
    </message>
    <message>
        <source>Jam PC sekarang: {now}
Catatan dengan jam paling akhir (#{seq}): {last}

Setujui hanya jika jam PC sekarang BENAR (sebelumnya jam PC terlalu maju, mis. zona waktu salah). Jika jam PC yang salah, tutup dan betulkan tanggal dan jam Windows. Transaksi berikutnya memakai jam sekarang; hari yang sudah ditutup tidak dapat diisi.</source>
        <translation>PC clock now: {now}
Record with the latest time (#{seq}): {last}

Approve only if the PC clock is RIGHT now (it was ahead before, e.g. a wrong time zone). If the PC clock is what is wrong, close this and fix the Windows date and time. Next transactions use the clock as it is now; a closed day cannot be filled.</translation>
    </message>
    <message>
        <source>mis. zona waktu PC salah, sudah dibetulkan</source>
        <translation>e.g. the PC's time zone was wrong, now fixed</translation>
    </message>
    <message>
        <source>Setujui koreksi jam</source>
        <translation>Approve the clock correction</translation>
    </message>
    <message>
        <source>Tulis alasan koreksi jam.</source>
        <translation>Write the reason for the clock correction.</translation>
    </message>
</context>
<context>
    <name>CounterView</name>
    <message>
        <source>Belum ada keluarga dipilih</source>
        <translation>No family selected yet</translation>
    </message>
    <message>
        <source>NIK / kartu</source>
        <translation>NIK / card</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Bulan</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Nilai</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Sisa</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Pindai kartu / NIK / No. KK / ID DTKS / nama, lalu Enter  [F3]</source>
        <translation>Scan card / NIK / family card no. / DTKS ID / name, then Enter  [F3]</translation>
    </message>
    <message>
        <source>kode persetujuan EDC</source>
        <translation>EDC approval code</translation>
    </message>
    <message>
        <source>Kode persetujuan dari struk EDC bank (jika ada)</source>
        <translation>Approval code from the bank's EDC slip (if any)</translation>
    </message>
    <message>
        <source>RRN EDC</source>
        <translation>EDC RRN</translation>
    </message>
    <message>
        <source>RRN dari struk EDC bank (jika ada)</source>
        <translation>RRN from the bank's EDC slip (if any)</translation>
    </message>
    <message>
        <source>Struk EDC</source>
        <translation>EDC slip</translation>
    </message>
    <message>
        <source>Parkir</source>
        <translation>Park</translation>
    </message>
    <message>
        <source>Simpan keranjang ini sementara, layani keluarga lain</source>
        <translation>Set this cart aside and serve another family</translation>
    </message>
    <message>
        <source>Lanjutkan</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Lanjutkan keranjang yang diparkir</source>
        <translation>Resume a parked cart</translation>
    </message>
    <message>
        <source>Berikutnya</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Keluarga berikutnya</source>
        <translation>Next family</translation>
    </message>
    <message>
        <source>Konfirmasi</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>{product} adalah barang: pindai kartu keluarga (atau NIK) dulu.</source>
        <translation>{product} is a product: scan the family's card (or NIK) first.</translation>
    </message>
    <message>
        <source>'{code}' bukan barcode barang: jumlah {qty} tidak dipakai.</source>
        <translation>'{code}' is not a product barcode: the quantity {qty} was not used.</translation>
    </message>
    <message>
        <source>[luar wilayah]</source>
        <translation>[outside area]</translation>
    </message>
    <message>
        <source>'{code}' tidak dikenal: bukan kartu KKS, NIK, No. KK, ID DTKS keluarga outlet ini, dan bukan barcode barang.</source>
        <translation>'{code}' is unknown: not the KKS card, NIK, family card no. or DTKS ID of a family of this outlet, and not a product barcode.</translation>
    </message>
    <message>
        <source>Tidak ada keluarga yang cocok dengan '{query}'.</source>
        <translation>No family matches '{query}'.</translation>
    </message>
    <message>
        <source>Yang tampil masih keluarga {name}.</source>
        <translation>The family shown is still {name}.</translation>
    </message>
    <message>
        <source>Keranjang belum disimpan</source>
        <translation>Cart not saved</translation>
    </message>
    <message>
        <source>Keranjang {name} berisi {count} barang ({total}) dan belum disimpan.</source>
        <translation>{name}'s cart holds {count} items ({total}) and is not saved.</translation>
    </message>
    <message>
        <source>Kartu keluarga lain dipindai. Apa yang dilakukan?</source>
        <translation>Another family's card was scanned. What now?</translation>
    </message>
    <message>
        <source>Apa yang dilakukan dengan keranjang ini?</source>
        <translation>What happens to this cart?</translation>
    </message>
    <message>
        <source>Tetap layani {name}  [Esc]</source>
        <translation>Keep serving {name}  [Esc]</translation>
    </message>
    <message>
        <source>&amp;Parkir keranjang  [P]</source>
        <translation>&amp;Park the cart  [P]</translation>
    </message>
    <message>
        <source>&amp;Buang keranjang  [B]</source>
        <translation>&amp;Discard the cart  [B]</translation>
    </message>
    <message>
        <source>Keranjang {name} diparkir; lanjutkan dengan Ctrl+R.</source>
        <translation>{name}'s cart is parked; resume with Ctrl+R.</translation>
    </message>
    <message>
        <source>Parkir: {name} · {count} barang · {total}</source>
        <translation>Parked: {name} · {count} items · {total}</translation>
    </message>
    <message>
        <source>aktif</source>
        <translation>active</translation>
    </message>
    <message>
        <source>ditangguhkan</source>
        <translation>suspended</translation>
    </message>
    <message>
        <source>dikeluarkan</source>
        <translation>removed</translation>
    </message>
    <message>
        <source>Voucher tidak dapat dipakai di sini: keluarga ini sudah pindah ke {outlet}.</source>
        <translation>Vouchers cannot be used here: this family has moved to {outlet}.</translation>
    </message>
    <message>
        <source>Voucher tidak dapat dipakai: keluarga ini {status}.</source>
        <translation>Vouchers cannot be used: this family is {status}.</translation>
    </message>
    <message>
        <source>tanpa keterangan</source>
        <translation>no reason given</translation>
    </message>
    <message>
        <source>(terdaftar di outlet {code})</source>
        <translation>(registered at outlet {code})</translation>
    </message>
    <message>
        <source>Catatan roster: {flags}</source>
        <translation>Roster notes: {flags}</translation>
    </message>
    <message>
        <source>bisa dipakai</source>
        <translation>can be used</translation>
    </message>
    <message>
        <source>pindah ke {outlet}</source>
        <translation>moved to {outlet}</translation>
    </message>
    <message>
        <source>Total sisa voucher: {total}</source>
        <translation>Vouchers remaining in total: {total}</translation>
    </message>
    <message>
        <source>Melebihi sisa voucher {open}: kurangi belanja sebesar {over}.</source>
        <translation>Above the open vouchers {open}: take out goods worth {over}.</translation>
    </message>
    <message>
        <source>Sisa voucher setelah transaksi: {after}</source>
        <translation>Vouchers left after this sale: {after}</translation>
    </message>
    <message>
        <source>{month}: dipakai {amount}, sisa {after}</source>
        <translation>{month}: uses {amount}, leaves {after}</translation>
    </message>
    <message>
        <source>Tersimpan: struk {receipt}, total {total}.</source>
        <translation>Saved: receipt {receipt}, total {total}.</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Terjadi kesalahan di aplikasi. Data yang sudah tersimpan aman; transaksi yang belum dikonfirmasi mungkin perlu diulang.
Rincian dicatat di log (folder data, logs/ewarong-pos.log). Jika terulang, hubungi pendamping atau kantor Dinas Sosial.</source>
        <translation>Something went wrong in the app. What was already saved is safe; a sale not yet confirmed may need to be done again.
The details are in the log (data folder, logs/ewarong-pos.log). If it happens again, call your facilitator or the Dinas Sosial office.</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Layar pelanggan</source>
        <translation>Customer display</translation>
    </message>
    <message>
        <source>Selamat datang</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>Harga barang dan sisa voucher Anda tampil di layar ini.</source>
        <translation>Prices and what your vouchers still hold are shown on this screen.</translation>
    </message>
    <message>
        <source>Belanja dengan voucher Sembako</source>
        <translation>Shopping with Sembako vouchers</translation>
    </message>
    <message>
        <source>Transaksi tersimpan. Struk {receipt}.</source>
        <translation>Sale saved. Receipt {receipt}.</translation>
    </message>
    <message>
        <source>Belanja tunai</source>
        <translation>Cash purchase</translation>
    </message>
    <message>
        <source>Terima kasih!</source>
        <translation>Thank you!</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>Total {total}</translation>
    </message>
    <message>
        <source>Barang</source>
        <translation>Goods</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Harga</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Terima kasih, {name}</source>
        <translation>Thank you, {name}</translation>
    </message>
    <message>
        <source>HET</source>
        <translation>Ceiling (HET)</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>acuan {price}</source>
        <translation>reference {price}</translation>
    </message>
    <message>
        <source>Dibayar {amount}</source>
        <translation>Paid {amount}</translation>
    </message>
    <message>
        <source>Kembalian {change}</source>
        <translation>Change {change}</translation>
    </message>
    <message>
        <source>Kurang {amount}</source>
        <translation>Short by {amount}</translation>
    </message>
    <message>
        <source>Sisa voucher Anda sekarang</source>
        <translation>Your vouchers now hold</translation>
    </message>
    <message>
        <source>Sisa voucher setelah belanja ini</source>
        <translation>Vouchers left after this purchase</translation>
    </message>
    <message>
        <source>Sisa voucher Anda</source>
        <translation>Your vouchers hold</translation>
    </message>
    <message>
        <source>Total sisa</source>
        <translation>Total left</translation>
    </message>
    <message>
        <source>Tidak ada voucher yang bisa dipakai</source>
        <translation>No voucher can be used now</translation>
    </message>
    <message>
        <source>Melebihi sisa voucher: kurangi belanja sebesar {over}.</source>
        <translation>More than the vouchers hold: take out {over} of goods.</translation>
    </message>
</context>
<context>
    <name>DisputesDialog</name>
    <message>
        <source>Entri yang disengketakan</source>
        <translation>Disputed entries</translation>
    </message>
    <message>
        <source>No. jurnal</source>
        <translation>Journal no.</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Rincian</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Diterima</source>
        <translation>Received</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <source>Ringkasan outlet</source>
        <translation>Outlet overview</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>Outlet</translation>
    </message>
    <message>
        <source>Keluarga (KPM)</source>
        <translation>Families (KPM)</translation>
    </message>
    <message>
        <source>Voucher terbuka</source>
        <translation>Open vouchers</translation>
    </message>
    <message>
        <source>Produk ada stok</source>
        <translation>Products in stock</translation>
    </message>
    <message>
        <source>Kantor pusat</source>
        <translation>Central office</translation>
    </message>
    <message>
        <source>terdaftar</source>
        <translation>enrolled</translation>
    </message>
    <message>
        <source>belum terdaftar</source>
        <translation>not enrolled</translation>
    </message>
</context>
<context>
    <name>KeyListDialog</name>
    <message>
        <source>Daftar tombol</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>Tombol</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>Fungsi</source>
        <translation>What it does</translation>
    </message>
    <message>
        <source>Tutup  [Esc]</source>
        <translation>Close  [Esc]</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>Buka tab {title}</source>
        <translation>Open the {title} tab</translation>
    </message>
    <message>
        <source>Daftar tombol ini</source>
        <translation>This list of keys</translation>
    </message>
    <message>
        <source>pindai</source>
        <translation>scan</translation>
    </message>
    <message>
        <source>Kartu / NIK / No. KK / ID DTKS membuka keluarga; barcode barang menambah 1, atau jumlah yang diketik dulu (mis. 3* lalu pindai)</source>
        <translation>Card / NIK / family card no. / DTKS ID opens the family; a product barcode adds 1, or the quantity typed first (e.g. 3* then scan)</translation>
    </message>
    <message>
        <source>Loket: ke kotak pencarian keluarga</source>
        <translation>Counter: to the family search box</translation>
    </message>
    <message>
        <source>Cari barang: nama, SKU atau barcode; panah pilih, Enter ke jumlah</source>
        <translation>Find goods: name, SKU or barcode; arrows choose, Enter goes to the quantity</translation>
    </message>
    <message>
        <source>Jumlah: tambah ke keranjang</source>
        <translation>Quantity: add to the cart</translation>
    </message>
    <message>
        <source>Tambah / kurangi satu pada baris keranjang terpilih</source>
        <translation>One more / one less on the chosen cart line</translation>
    </message>
    <message>
        <source>Ubah jumlah baris keranjang terpilih</source>
        <translation>Change the quantity of the chosen cart line</translation>
    </message>
    <message>
        <source>Delete, Ctrl+Backspace</source>
        <translation>Delete, Ctrl+Backspace</translation>
    </message>
    <message>
        <source>Hapus baris keranjang</source>
        <translation>Remove the cart line</translation>
    </message>
    <message>
        <source>Loket: tinggalkan keluarga ini (ditanya jika keranjang berisi)</source>
        <translation>Counter: leave this family (asks when the cart holds goods)</translation>
    </message>
    <message>
        <source>Loket: parkir keranjang</source>
        <translation>Counter: park the cart</translation>
    </message>
    <message>
        <source>Loket: lanjutkan keranjang yang diparkir</source>
        <translation>Counter: resume a parked cart</translation>
    </message>
    <message>
        <source>Keluarga / penjualan berikutnya</source>
        <translation>Next family / next sale</translation>
    </message>
    <message>
        <source>Konfirmasi / bayar</source>
        <translation>Confirm / pay</translation>
    </message>
    <message>
        <source>Tunai: ke kotak uang diterima</source>
        <translation>Cash sale: to the money received box</translation>
    </message>
    <message>
        <source>Tunai: uang pas</source>
        <translation>Cash sale: exact money</translation>
    </message>
    <message>
        <source>Tunai: uang diterima 10.000 / 20.000 / 50.000 / 100.000</source>
        <translation>Cash sale: money received 10.000 / 20.000 / 50.000 / 100.000</translation>
    </message>
    <message>
        <source>Laporan: tutup hari (pengelola)</source>
        <translation>Reports: close the day (manager)</translation>
    </message>
    <message>
        <source>Laporan: buka hari berikutnya (pengelola)</source>
        <translation>Reports: open the next day (manager)</translation>
    </message>
    <message>
        <source>Laporan: koreksi jam setelah jam PC dibetulkan (pengelola)</source>
        <translation>Reports: clock correction once the PC clock is set right (manager)</translation>
    </message>
    <message>
        <source>Kunci kasir</source>
        <translation>Lock the till</translation>
    </message>
    <message>
        <source>Ganti kasir</source>
        <translation>Switch cashier</translation>
    </message>
    <message>
        <source>Layar masuk: mode latihan (outlet contoh)</source>
        <translation>Login screen: training mode (sample outlet)</translation>
    </message>
    <message>
        <source>Latihan: mulai ulang latihan</source>
        <translation>Training: start training over</translation>
    </message>
    <message>
        <source>Latihan: keluar ke outlet sebenarnya</source>
        <translation>Training: leave for the real outlet</translation>
    </message>
</context>
<context>
    <name>LoginView</name>
    <message>
        <source>Masuk ke kasir</source>
        <translation>Log in to the till</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Akun</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Masuk</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Ganti kasir</source>
        <translation>Switch cashier</translation>
    </message>
    <message>
        <source>Latihan (transaksi tidak nyata)</source>
        <translation>Training (not real transactions)</translation>
    </message>
    <message>
        <source>Berlatih di outlet contoh: tidak pernah disinkronkan, struk bertanda LATIHAN</source>
        <translation>Practise on a sample outlet: never synced, receipts marked LATIHAN (training)</translation>
    </message>
    <message>
        <source>Latihan: PIN untuk mencoba</source>
        <translation>Training: PINs to try</translation>
    </message>
    <message>
        <source>Demo: PIN untuk mencoba</source>
        <translation>Demo: PINs to try</translation>
    </message>
    <message>
        <source>kasir</source>
        <translation>cashier</translation>
    </message>
    <message>
        <source>pengelola</source>
        <translation>manager</translation>
    </message>
    <message>
        <source>pengawas</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>Terkunci: {name}</source>
        <translation>Locked: {name}</translation>
    </message>
    <message>
        <source>Pilih akun terlebih dahulu.</source>
        <translation>Choose an account first.</translation>
    </message>
    <message>
        <source>Masukkan PIN.</source>
        <translation>Enter the PIN.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>e-Warong POS</source>
        <translation>e-Warong POS</translation>
    </message>
    <message>
        <source>LATIHAN</source>
        <translation>TRAINING</translation>
    </message>
    <message>
        <source>Kunci</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Ganti kasir</source>
        <translation>Switch cashier</translation>
    </message>
    <message>
        <source>Tutup shift</source>
        <translation>Close shift</translation>
    </message>
    <message>
        <source>Daftar tombol</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>Tombol  [?]</source>
        <translation>Keys  [?]</translation>
    </message>
    <message>
        <source>Pengelola</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>Kasir</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>{role}: {name}</source>
        <translation>{role}: {name}</translation>
    </message>
    <message>
        <source>Gagal: {error}</source>
        <translation>Failed: {error}</translation>
    </message>
    <message>
        <source>Memproses…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>Struk yang antre sudah dicetak.</source>
        <translation>The queued receipts are printed.</translation>
    </message>
    <message>
        <source>{count} struk antre: {reason}</source>
        <translation>{count} receipts queued: {reason}</translation>
    </message>
    <message>
        <source>Struk {receipt} dicetak.</source>
        <translation>Receipt {receipt} printed.</translation>
    </message>
    <message>
        <source>Struk {receipt} antre: printer belum diatur (Pengaturan, F10).</source>
        <translation>Receipt {receipt} queued: no printer set up (Settings, F10).</translation>
    </message>
    <message>
        <source>Struk {receipt} menunggu di antrean cetak ({count}): {reason}</source>
        <translation>Receipt {receipt} is waiting in the print queue ({count}): {reason}</translation>
    </message>
    <message>
        <source>Database dipulihkan dari {file} (jurnal #{seq}); jurnal berlanjut setelah #{resume}. Silakan masuk lagi.</source>
        <translation>Database restored from {file} (journal #{seq}); the journal continues after #{resume}. Please log in again.</translation>
    </message>
    <message>
        <source>Database sebelumnya disimpan sebagai {path}</source>
        <translation>The previous database was kept as {path}</translation>
    </message>
    <message>
        <source>Pemulihan selesai</source>
        <translation>Restore finished</translation>
    </message>
    <message>
        <source>Pemulihan gagal</source>
        <translation>Restore failed</translation>
    </message>
    <message>
        <source>Database tidak bisa dibuka lagi: {error}
Tutup dan buka aplikasi.</source>
        <translation>The database could not be opened again: {error}
Close and reopen the app.</translation>
    </message>
    <message>
        <source>Menyiapkan outlet latihan…</source>
        <translation>Preparing the training outlet…</translation>
    </message>
    <message>
        <source>Mulai ulang latihan?</source>
        <translation>Start training over?</translation>
    </message>
    <message>
        <source>Outlet latihan dibuat ulang: semua transaksi latihan dihapus. Outlet sebenarnya tidak tersentuh.</source>
        <translation>The training outlet is built again: every training transaction is deleted. The real outlet is not touched.</translation>
    </message>
    <message>
        <source>Mulai ulang</source>
        <translation>Start over</translation>
    </message>
    <message>
        <source>Keluar latihan?</source>
        <translation>Leave training?</translation>
    </message>
    <message>
        <source>Keranjang latihan yang belum disimpan akan dibuang.</source>
        <translation>The unsaved training cart will be discarded.</translation>
    </message>
    <message>
        <source>Keluar latihan</source>
        <translation>Leave training</translation>
    </message>
    <message>
        <source>Mode latihan tidak bisa dibuka: {error}</source>
        <translation>Training mode could not be opened: {error}</translation>
    </message>
    <message>
        <source>Tutup aplikasi?</source>
        <translation>Close the app?</translation>
    </message>
    <message>
        <source>Ada keranjang yang belum disimpan (terbuka atau diparkir). Jika ditutup, isinya hilang.</source>
        <translation>A cart is not saved (open or parked). Closing loses it.</translation>
    </message>
    <message>
        <source>Kembali  [Esc]</source>
        <translation>Back  [Esc]</translation>
    </message>
    <message>
        <source>&amp;Tutup dan buang keranjang  [T]</source>
        <translation>&amp;Close and discard the cart  [T]</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Kode pemulihan baru</source>
        <translation>New recovery code</translation>
    </message>
    <message>
        <source>Kode pemulihan membuka cadangan di PC lain bila PC ini hilang atau rusak. Kode lama tetap membuka cadangan lama. Masukkan PIN pengelola.</source>
        <translation>The recovery code opens backups on another PC if this one is lost or broken. The old code still opens old backups. Enter the manager's PIN.</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <source>Kode pemulihan baru</source>
        <translation>New recovery code</translation>
    </message>
    <message>
        <source>TULIS KODE INI DI KERTAS SEKARANG dan simpan di tempat aman, terpisah dari PC dan flashdisk. Kode ini tidak ditampilkan lagi. Tanpa kode ini, cadangan tidak bisa dibuka di PC lain bila PC ini rusak atau hilang.</source>
        <translation>WRITE THIS CODE ON PAPER NOW and keep it somewhere safe, away from the PC and the USB stick. It is not shown again. Without it, backups cannot be opened on another PC if this one is broken or lost.</translation>
    </message>
    <message>
        <source>Sudah saya tulis</source>
        <translation>I have written it down</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>Penutupan hari</source>
        <translation>Day closing</translation>
    </message>
    <message>
        <source>Distribusi bulanan</source>
        <translation>Monthly distribution</translation>
    </message>
    <message>
        <source>Keluarga belum menebus</source>
        <translation>Families not yet collected</translation>
    </message>
    <message>
        <source>Kartu stok</source>
        <translation>Stock card</translation>
    </message>
    <message>
        <source>Sinyal kecurangan (30 hari)</source>
        <translation>Fraud signals (30 days)</translation>
    </message>
    <message>
        <source>Tampilkan</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Ekspor PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>Ekspor CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>Tutup hari</source>
        <translation>Close the day</translation>
    </message>
    <message>
        <source>Buka hari berikutnya</source>
        <translation>Open the next day</translation>
    </message>
    <message>
        <source>Koreksi jam</source>
        <translation>Clock correction</translation>
    </message>
    <message>
        <source>Pilih laporan, lalu Tampilkan.</source>
        <translation>Choose a report, then Show.</translation>
    </message>
    <message>
        <source>Penebusan voucher</source>
        <translation>Voucher redemptions</translation>
    </message>
    <message>
        <source>Penjualan tunai</source>
        <translation>Cash sales</translation>
    </message>
    <message>
        <source>Pembatalan</source>
        <translation>Voids</translation>
    </message>
    <message>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Barang</source>
        <translation>Goods</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>{n} keluarga</source>
        <translation>{n} families</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>Kasir</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>{n} voucher, {m} tunai</source>
        <translation>{n} voucher, {m} cash</translation>
    </message>
    <message>
        <source>Bagian</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>Uraian</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Nilai</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Penutupan hari {date}</source>
        <translation>Day closing {date}</translation>
    </message>
    <message>
        <source>tidak ada</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Total bersih {net} · uang tunai di laci {cash} · struk {receipts} · {state}</source>
        <translation>Net total {net} · cash in the drawer {cash} · receipts {receipts} · {state}</translation>
    </message>
    <message>
        <source>sudah ditutup</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>belum ditutup</source>
        <translation>not closed yet</translation>
    </message>
    <message>
        <source>{n} keluarga dilayani</source>
        <translation>families served: {n}</translation>
    </message>
    <message>
        <source>Nomor struk hilang: {numbers}</source>
        <translation>Missing receipt numbers: {numbers}</translation>
    </message>
    <message>
        <source>aktif</source>
        <translation>active</translation>
    </message>
    <message>
        <source>ditangguhkan</source>
        <translation>suspended</translation>
    </message>
    <message>
        <source>dikeluarkan</source>
        <translation>removed</translation>
    </message>
    <message>
        <source>ID DTKS</source>
        <translation>DTKS ID</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kartu</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>Hak</source>
        <translation>Entitled</translation>
    </message>
    <message>
        <source>Ditebus</source>
        <translation>Redeemed</translation>
    </message>
    <message>
        <source>Sisa</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>Transaksi</source>
        <translation>Transactions</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Distribusi bulan {month}</source>
        <translation>Distribution for {month}</translation>
    </message>
    <message>
        <source>{collected} dari {families} keluarga sudah memakai voucher bulan ini · hak {total} · ditebus {redeemed} · sisa {remaining}</source>
        <translation>{collected} of {families} families used this month's voucher · entitled {total} · redeemed {redeemed} · remaining {remaining}</translation>
    </message>
    <message>
        <source>Keluarga belum menebus — {month}</source>
        <translation>Families not yet collected — {month}</translation>
    </message>
    <message>
        <source>{count} keluarga belum menebus voucher bulan ini.</source>
        <translation>{count} families have not collected this month's voucher.</translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Referensi</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Masuk/keluar</source>
        <translation>In/out</translation>
    </message>
    <message>
        <source>Saldo</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Kartu stok: {product}</source>
        <translation>Stock card: {product}</translation>
    </message>
    <message>
        <source>Saldo awal {opening}</source>
        <translation>Opening balance {opening}</translation>
    </message>
    <message>
        <source>Tingkat</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Tentang</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Rincian</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Sinyal kecurangan {start} – {end}</source>
        <translation>Fraud signals {start} – {end}</translation>
    </message>
    <message>
        <source>{count} sinyal perlu diperiksa.</source>
        <translation>{count} signals to check.</translation>
    </message>
    <message>
        <source>Tidak ada sinyal.</source>
        <translation>No signals.</translation>
    </message>
    <message>
        <source>Disimpan: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <source>Jam PC tidak di belakang catatan terakhir: tidak ada yang perlu dikoreksi.</source>
        <translation>The PC clock is not behind the last record: there is nothing to correct.</translation>
    </message>
    <message>
        <source>Koreksi jam dicatat (#{seq}, disetujui {who}). Transaksi berikutnya memakai jam PC sekarang.</source>
        <translation>Clock correction recorded (#{seq}, approved by {who}). Next transactions use the PC clock as it is now.</translation>
    </message>
    <message>
        <source>Hari usaha {date} dibuka.</source>
        <translation>Business day {date} opened.</translation>
    </message>
    <message>
        <source>Tutup hari {date}? Setelah ditutup tidak ada transaksi yang dapat dicatat untuk hari ini.</source>
        <translation>Close the day {date}? Once it is closed, nothing more can be recorded for this day.</translation>
    </message>
    <message>
        <source>Uang tunai seharusnya: {cash}</source>
        <translation>Cash expected: {cash}</translation>
    </message>
    <message>
        <source>Bantuan ditebus (bersih): {net}</source>
        <translation>Aid redeemed (net): {net}</translation>
    </message>
    <message>
        <source>masih buka</source>
        <translation>still open</translation>
    </message>
    <message>
        <source>Shift {name}: seharusnya {expected}, dihitung {counted}</source>
        <translation>Shift {name}: expected {expected}, counted {counted}</translation>
    </message>
    <message>
        <source>(selisih {diff})</source>
        <translation>(difference {diff})</translation>
    </message>
    <message>
        <source>Hari {date} ditutup.</source>
        <translation>Day {date} closed.</translation>
    </message>
    <message>
        <source>Mencadangkan…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>Cadangan ditulis dan diperiksa.</source>
        <translation>Backup written and checked.</translation>
    </message>
    <message>
        <source>Belum ada kode pemulihan: cadangan ini hanya bisa dibuka di PC ini.</source>
        <translation>No recovery code yet: this backup opens only on this PC.</translation>
    </message>
    <message>
        <source>Cadangan GAGAL: {error}</source>
        <translation>Backup FAILED: {error}</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Pulihkan cadangan</source>
        <translation>Restore a backup</translation>
    </message>
    <message>
        <source>Pulihkan database dari cadangan ini?</source>
        <translation>Restore the database from this backup?</translation>
    </message>
    <message>
        <source>Berkas: {file}</source>
        <translation>File: {file}</translation>
    </message>
    <message>
        <source>Outlet: {outlet}</source>
        <translation>Outlet: {outlet}</translation>
    </message>
    <message>
        <source>Perangkat: {device}</source>
        <translation>Device: {device}</translation>
    </message>
    <message>
        <source>Dibuat: {when}</source>
        <translation>Made: {when}</translation>
    </message>
    <message>
        <source>Jurnal sampai: #{seq} (database ini: #{current})</source>
        <translation>Journal up to: #{seq} (this database: #{current})</translation>
    </message>
    <message>
        <source>Aplikasi menutup database, memulihkan cadangan, lalu membukanya lagi. Database sekarang disimpan di sampingnya.</source>
        <translation>The app closes the database, restores the backup, then opens it again. The current database is kept beside it.</translation>
    </message>
    <message>
        <source>PERHATIAN: cadangan ini lebih lama dari database sekarang atau dari yang sudah diterima kantor pusat. Transaksi sesudahnya hilang dari PC ini. Sinkronkan dulu bila jaringan ada. Perlu PIN pengelola.</source>
        <translation>CAUTION: this backup is older than the current database or than what the central office has received. Later transactions will be gone from this PC. Sync first if the network is up. The manager's PIN is needed.</translation>
    </message>
</context>
<context>
    <name>SalesView</name>
    <message>
        <source>Transaksi hari ini</source>
        <translation>Today's transactions</translation>
    </message>
    <message>
        <source>Struk</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Jam</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Keluarga</source>
        <translation>Family</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Cetak ulang</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>Batalkan (void)</source>
        <translation>Void</translation>
    </message>
    <message>
        <source>voucher</source>
        <translation>voucher</translation>
    </message>
    <message>
        <source>tunai</source>
        <translation>cash</translation>
    </message>
    <message>
        <source>pembatalan</source>
        <translation>void</translation>
    </message>
    <message>
        <source>dibatalkan oleh {receipt}</source>
        <translation>voided by {receipt}</translation>
    </message>
    <message>
        <source>membatalkan {receipt}</source>
        <translation>voids {receipt}</translation>
    </message>
    <message>
        <source>Salinan struk {receipt} masuk antrean cetak.</source>
        <translation>Copy of receipt {receipt} is in the print queue.</translation>
    </message>
    <message>
        <source>Dibatalkan dengan struk {receipt} ({total}).</source>
        <translation>Voided with receipt {receipt} ({total}).</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Outlet</source>
        <translation>Outlet</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kode</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Perangkat</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Printer struk</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Tidak ada</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Printer termal (ESC/POS)</source>
        <translation>Thermal printer (ESC/POS)</translation>
    </message>
    <message>
        <source>Berkas PDF di folder</source>
        <translation>PDF files in a folder</translation>
    </message>
    <message>
        <source>Jenis</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Sambungan / folder</source>
        <translation>Connection / folder</translation>
    </message>
    <message>
        <source>Lebar kertas</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <source>Laci uang tersambung ke printer</source>
        <translation>Cash drawer connected to the printer</translation>
    </message>
    <message>
        <source>Laci dibuka otomatis setelah penjualan tunai (perintah ESC/POS)</source>
        <translation>The drawer opens by itself after a cash sale (ESC/POS command)</translation>
    </message>
    <message>
        <source>Simpan printer</source>
        <translation>Save printer</translation>
    </message>
    <message>
        <source>Cetak uji</source>
        <translation>Test print</translation>
    </message>
    <message>
        <source>Kantor pusat (Dinas Sosial)</source>
        <translation>Central office (Dinas Sosial)</translation>
    </message>
    <message>
        <source>kode sekali pakai dari kantor pusat</source>
        <translation>one-time code from the central office</translation>
    </message>
    <message>
        <source>Alamat server</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Kode pendaftaran</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Daftarkan perangkat</source>
        <translation>Enroll this device</translation>
    </message>
    <message>
        <source>Mode latihan</source>
        <translation>Training mode</translation>
    </message>
    <message>
        <source>Outlet latihan berisi data contoh. Tidak didaftarkan ke kantor pusat, tidak disinkronkan, tidak dicadangkan; setiap struk bertanda LATIHAN - BUKAN STRUK RESMI. Printer dan bahasa diambil dari outlet sebenarnya.</source>
        <translation>The training outlet holds sample data. It is not enrolled with the central office, never synced, never backed up; every receipt is marked LATIHAN - BUKAN STRUK RESMI (training, not an official receipt). The printer and the language come from the real outlet.</translation>
    </message>
    <message>
        <source>Tampilan dan keamanan</source>
        <translation>Display and security</translation>
    </message>
    <message>
        <source> menit</source>
        <translation> minutes</translation>
    </message>
    <message>
        <source>tidak pernah</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Kunci otomatis</source>
        <translation>Auto-lock</translation>
    </message>
    <message>
        <source>Terapkan</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Layar pelanggan</source>
        <translation>Customer display</translation>
    </message>
    <message>
        <source>Tampilkan layar untuk keluarga (monitor kedua)</source>
        <translation>Show a screen for the family (second monitor)</translation>
    </message>
    <message>
        <source>Jendela kedua untuk monitor yang menghadap keluarga: nama singkat, barang dengan harga dan HET, total, sisa voucher, kembalian</source>
        <translation>A second window for a monitor facing the family: short name, goods with price and ceiling (HET), total, vouchers left, change</translation>
    </message>
    <message>
        <source>Tampilkan lagi</source>
        <translation>Show again</translation>
    </message>
    <message>
        <source>Buka lagi layar pelanggan yang tertutup</source>
        <translation>Open the customer display again after it was closed</translation>
    </message>
    <message>
        <source>Layar</source>
        <translation>Screen</translation>
    </message>
    <message>
        <source>Roster dari kantor pusat (berkas CSV)</source>
        <translation>Roster from the central office (CSV file)</translation>
    </message>
    <message>
        <source>berkas roster .csv</source>
        <translation>roster file .csv</translation>
    </message>
    <message>
        <source>Pilih berkas…</source>
        <translation>Choose a file…</translation>
    </message>
    <message>
        <source>Impor roster</source>
        <translation>Import roster</translation>
    </message>
    <message>
        <source>terdaftar</source>
        <translation>enrolled</translation>
    </message>
    <message>
        <source>belum terdaftar</source>
        <translation>not enrolled</translation>
    </message>
    <message>
        <source>Pengaturan printer disimpan.</source>
        <translation>Printer settings saved.</translation>
    </message>
    <message>
        <source>Halaman uji dikirim ke printer.</source>
        <translation>Test page sent to the printer.</translation>
    </message>
    <message>
        <source>Otomatis: layar kedua bila ada, jika tidak jendela biasa</source>
        <translation>Automatic: the second screen if there is one, else a normal window</translation>
    </message>
    <message>
        <source>Jendela biasa</source>
        <translation>Normal window</translation>
    </message>
    <message>
        <source>Layar {name} ({size})</source>
        <translation>Screen {name} ({size})</translation>
    </message>
    <message>
        <source>Layar {name} (tidak tersambung)</source>
        <translation>Screen {name} (not connected)</translation>
    </message>
    <message>
        <source>Layar pelanggan menyala.</source>
        <translation>Customer display on.</translation>
    </message>
    <message>
        <source>Layar pelanggan dimatikan.</source>
        <translation>Customer display off.</translation>
    </message>
    <message>
        <source>Pilih berkas roster</source>
        <translation>Choose the roster file</translation>
    </message>
    <message>
        <source>Berkas CSV (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Pilih berkas roster terlebih dahulu.</source>
        <translation>Choose the roster file first.</translation>
    </message>
    <message>
        <source>Hanya pengelola yang boleh mengimpor roster.</source>
        <translation>Only a manager may import the roster.</translation>
    </message>
    <message>
        <source>Mengimpor roster…</source>
        <translation>Importing the roster…</translation>
    </message>
    <message>
        <source>Roster diimpor: {rows} baris, {created} keluarga baru, {updated} diperbarui, {flagged} ditandai.</source>
        <translation>Roster imported: {rows} rows, {created} new families, {updated} updated, {flagged} flagged.</translation>
    </message>
    <message>
        <source>Isi alamat server dan kode pendaftaran dari kantor pusat.</source>
        <translation>Fill in the server address and the enrollment code from the central office.</translation>
    </message>
    <message>
        <source>Perangkat terdaftar di kantor pusat.</source>
        <translation>This device is enrolled with the central office.</translation>
    </message>
    <message>
        <source>Pengaturan disimpan.</source>
        <translation>Settings saved.</translation>
    </message>
</context>
<context>
    <name>SetupScreen</name>
    <message>
        <source>e-Warong POS — penyiapan awal</source>
        <translation>e-Warong POS — first set-up</translation>
    </message>
    <message>
        <source>Selamat datang di e-Warong POS</source>
        <translation>Welcome to e-Warong POS</translation>
    </message>
    <message>
        <source>Bahasa</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>PC ini belum berisi data e-Warong. Masukkan alamat kantor pusat dan kode pendaftaran sekali pakai dari kantor pusat (atau pindai QR-nya), atau pilih berkas penyiapan dari flashdisk bila tidak ada jaringan.</source>
        <translation>This PC holds no outlet data yet. Enter the central office's address and the one-time enrollment code from the office (or scan its QR), or choose the set-up file from a USB stick when there is no network.</translation>
    </message>
    <message>
        <source>Pindai QR</source>
        <translation>Scan QR</translation>
    </message>
    <message>
        <source>Alamat kantor pusat</source>
        <translation>Central office address</translation>
    </message>
    <message>
        <source>Kode pendaftaran</source>
        <translation>Enrollment code</translation>
    </message>
    <message>
        <source>Sidik jari sertifikat</source>
        <translation>Certificate fingerprint</translation>
    </message>
    <message>
        <source>Berkas penyiapan (USB)</source>
        <translation>Set-up file (USB)</translation>
    </message>
    <message>
        <source>arahkan pemindai ke QR dari kantor pusat</source>
        <translation>point the scanner at the central office's QR</translation>
    </message>
    <message>
        <source>SHA-256, dari lembar penyiapan (untuk https://)</source>
        <translation>SHA-256, from the set-up sheet (for https://)</translation>
    </message>
    <message>
        <source>Izinkan http:// tanpa enkripsi (tidak disarankan)</source>
        <translation>Allow unencrypted http:// (not recommended)</translation>
    </message>
    <message>
        <source>Pilih…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Siapkan dari kantor pusat</source>
        <translation>Set up from the central office</translation>
    </message>
    <message>
        <source>Siapkan dari berkas</source>
        <translation>Set up from the file</translation>
    </message>
    <message>
        <source>Data e-Warong sudah siap</source>
        <translation>The outlet's data is ready</translation>
    </message>
    <message>
        <source>Cetak halaman tes</source>
        <translation>Print a test page</translation>
    </message>
    <message>
        <source>Selesai, ke layar masuk</source>
        <translation>Done, go to the login</translation>
    </message>
    <message>
        <source>Printer struk</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Folder cadangan</source>
        <translation>Backup folder</translation>
    </message>
    <message>
        <source>Bukan QR penyiapan e-Warong dari kantor pusat.</source>
        <translation>Not an e-Warong set-up QR from the central office.</translation>
    </message>
    <message>
        <source>QR terbaca: periksa alamatnya, lalu tekan Siapkan.</source>
        <translation>QR read: check the address, then press Set up.</translation>
    </message>
    <message>
        <source>Berkas penyiapan dari kantor pusat</source>
        <translation>Set-up file from the central office</translation>
    </message>
    <message>
        <source>Isi alamat kantor pusat dan kode pendaftaran.</source>
        <translation>Enter the central office's address and the enrollment code.</translation>
    </message>
    <message>
        <source>Menghubungi kantor pusat…</source>
        <translation>Contacting the central office…</translation>
    </message>
    <message>
        <source>Pilih berkas penyiapan dan isi kodenya.</source>
        <translation>Choose the set-up file and enter its code.</translation>
    </message>
    <message>
        <source>Membuka berkas penyiapan…</source>
        <translation>Opening the set-up file…</translation>
    </message>
    <message>
        <source>Mengambil data: {done} dari {total} baris</source>
        <translation>Fetching data: {done} of {total} rows</translation>
    </message>
    <message>
        <source>Penyiapan gagal ({kind}); tidak ada yang rusak, coba lagi.</source>
        <translation>Set-up failed ({kind}); nothing is damaged, try again.</translation>
    </message>
    <message>
        <source>{name} ({code}), kasir {device}: {rows} baris data dari kantor pusat.</source>
        <translation>{name} ({code}), till {device}: {rows} rows of data from the central office.</translation>
    </message>
    <message>
        <source>Sertifikat kantor pusat disimpan (koneksi terenkripsi).</source>
        <translation>The central office's certificate is kept (encrypted connection).</translation>
    </message>
    <message>
        <source>Isi alamat printer, atau lewati.</source>
        <translation>Enter the printer's address, or skip this.</translation>
    </message>
    <message>
        <source>Mencetak…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Halaman tes terkirim ke printer. Sudah tercetak?</source>
        <translation>Test page sent to the printer. Did it print?</translation>
    </message>
</context>
<context>
    <name>ShiftDialog</name>
    <message>
        <source>Buka shift: hitung modal awal</source>
        <translation>Open a shift: count the float</translation>
    </message>
    <message>
        <source>Serah terima laci kas</source>
        <translation>Hand over the cash drawer</translation>
    </message>
    <message>
        <source>Tutup shift: hitung laci kas</source>
        <translation>Close the shift: count the cash drawer</translation>
    </message>
    <message>
        <source>Hitung uang di laci per pecahan sebelum mulai berjualan.</source>
        <translation>Count the money in the drawer by denomination before you start selling.</translation>
    </message>
    <message>
        <source>Laci kas masih di shift {name}. Hitung bersama; hitungan ini menutup shift itu dan menjadi modal awal shift Anda.</source>
        <translation>The drawer is still in {name}'s shift. Count it together; this count closes that shift and is the float of yours.</translation>
    </message>
    <message>
        <source>Hitung uang di laci per pecahan.</source>
        <translation>Count the money in the drawer by denomination.</translation>
    </message>
    <message>
        <source>{value} (koin)</source>
        <translation>{value} (coin)</translation>
    </message>
    <message>
        <source>(tidak perlu)</source>
        <translation>(not needed)</translation>
    </message>
    <message>
        <source>Alasan selisih</source>
        <translation>Reason for the difference</translation>
    </message>
    <message>
        <source>Pengelola (jika selisih di atas batas)</source>
        <translation>Manager (if the difference is above the limit)</translation>
    </message>
    <message>
        <source>PIN pengelola</source>
        <translation>Manager's PIN</translation>
    </message>
    <message>
        <source>Simpan hitungan</source>
        <translation>Save the count</translation>
    </message>
    <message>
        <source>Nanti</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Jumlah dihitung: {total}</source>
        <translation>Counted: {total}</translation>
    </message>
    <message>
        <source>Seharusnya {expected} (modal {float} + tunai {sales} - batal {voids}); selisih {diff}</source>
        <translation>Expected {expected} (float {float} + cash {sales} - voids {voids}); difference {diff}</translation>
    </message>
</context>
<context>
    <name>ShiftGuard</name>
    <message>
        <source>Hari sudah ditutup</source>
        <translation>The day is closed</translation>
    </message>
    <message>
        <source>Laporan shift dicetak</source>
        <translation>Shift report printed</translation>
    </message>
    <message>
        <source>Laporan shift tidak tercetak: {error}</source>
        <translation>Shift report not printed: {error}</translation>
    </message>
    <message>
        <source>Tidak ada shift yang buka</source>
        <translation>No shift is open</translation>
    </message>
</context>
<context>
    <name>StockView</name>
    <message>
        <source>Stok barang</source>
        <translation>Stock on hand</translation>
    </message>
    <message>
        <source>Terima kiriman</source>
        <translation>Receive a delivery</translation>
    </message>
    <message>
        <source>Penyesuaian (rusak, hilang, koreksi)</source>
        <translation>Adjustment (damaged, lost, correction)</translation>
    </message>
    <message>
        <source>Stok opname (hitung fisik)</source>
        <translation>Stock count (physical)</translation>
    </message>
    <message>
        <source>mis. Perum Bulog</source>
        <translation>e.g. Perum Bulog</translation>
    </message>
    <message>
        <source>nomor surat jalan</source>
        <translation>delivery note number</translation>
    </message>
    <message>
        <source>rusak</source>
        <translation>damaged</translation>
    </message>
    <message>
        <source>hilang</source>
        <translation>lost</translation>
    </message>
    <message>
        <source>koreksi</source>
        <translation>correction</translation>
    </message>
    <message>
        <source>Pemasok</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>No. surat jalan</source>
        <translation>Delivery note no.</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Dokumen</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Produk</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Stok</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Batas rendah</source>
        <translation>Low mark</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Harga beli / satuan</source>
        <translation>Cost / unit</translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Simpan dokumen</source>
        <translation>Save document</translation>
    </message>
    <message>
        <source>Stok rendah</source>
        <translation>Low stock</translation>
    </message>
    <message>
        <source>Stok rendah: {count} produk</source>
        <translation>Low on stock: {count}</translation>
    </message>
    <message>
        <source>Jumlah diterima</source>
        <translation>Quantity received</translation>
    </message>
    <message>
        <source>Perubahan (+/-)</source>
        <translation>Change (+/-)</translation>
    </message>
    <message>
        <source>Jumlah dihitung</source>
        <translation>Quantity counted</translation>
    </message>
    <message>
        <source>{product}: jumlah '{text}' tidak valid</source>
        <translation>{product}: quantity '{text}' is not valid</translation>
    </message>
    <message>
        <source>{product}: harga beli '{text}' tidak valid</source>
        <translation>{product}: cost '{text}' is not valid</translation>
    </message>
    <message>
        <source>{product}: isi harga beli per satuan</source>
        <translation>{product}: fill in the cost per unit</translation>
    </message>
    <message>
        <source>Isi jumlah untuk minimal satu produk.</source>
        <translation>Fill in a quantity for at least one product.</translation>
    </message>
    <message>
        <source>Kiriman</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>Penyesuaian</source>
        <translation>Adjustment</translation>
    </message>
    <message>
        <source>Stok opname</source>
        <translation>Stock count</translation>
    </message>
    <message>
        <source>{kind} tersimpan ({lines} baris).</source>
        <translation>{kind} saved ({lines} lines).</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sinkronisasi: …</source>
        <translation>Sync: …</translation>
    </message>
    <message>
        <source>Sengketa</source>
        <translation>Disputes</translation>
    </message>
    <message>
        <source>Sinkron sekarang</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Sinkronisasi: tidak diketahui</source>
        <translation>Sync: unknown</translation>
    </message>
    <message>
        <source>Menyinkronkan…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <source>Latihan: tidak pernah disinkronkan</source>
        <translation>Training: never synced</translation>
    </message>
    <message>
        <source>Belum terdaftar di kantor pusat</source>
        <translation>Not enrolled with the central office</translation>
    </message>
    <message>
        <source>Belum terdaftar</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <source>Luring (offline)</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Luring</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Ditolak kantor pusat</source>
        <translation>Refused by the office</translation>
    </message>
    <message>
        <source>Ditolak kantor pusat: {error}</source>
        <translation>Refused by the central office: {error}</translation>
    </message>
    <message>
        <source>TIDAK TERENKRIPSI (http://)</source>
        <translation>NOT ENCRYPTED (http://)</translation>
    </message>
    <message>
        <source>Sinkronisasi selesai.</source>
        <translation>Sync finished.</translation>
    </message>
    <message>
        <source>Belum pernah sinkron</source>
        <translation>Never synced</translation>
    </message>
    <message>
        <source>Sinkron {minutes} menit lalu</source>
        <translation>Synced {minutes} minutes ago</translation>
    </message>
    <message>
        <source>{count} menunggu</source>
        <translation>{count} waiting</translation>
    </message>
    <message>
        <source>{count} disengketakan</source>
        <translation>{count} disputed</translation>
    </message>
    <message>
        <source>Sinkronisasi gagal: {error}</source>
        <translation>Sync failed: {error}</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>MODE LATIHAN - transaksi tidak nyata</source>
        <translation>TRAINING MODE - not real transactions</translation>
    </message>
    <message>
        <source>LATIHAN</source>
        <translation>TRAINING</translation>
    </message>
</context>
<context>
    <name>TrainingBanner</name>
    <message>
        <source>Outlet latihan: data contoh, tidak pernah disinkronkan atau dicadangkan; setiap struk bertanda LATIHAN - BUKAN STRUK RESMI</source>
        <translation>Training outlet: sample data, never synced or backed up; every receipt is marked LATIHAN - BUKAN STRUK RESMI (training, not an official receipt)</translation>
    </message>
    <message>
        <source>Mulai ulang</source>
        <translation>Start over</translation>
    </message>
    <message>
        <source>Keluar latihan</source>
        <translation>Leave training</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>Loket</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Tunai</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Transaksi</source>
        <translation>Transactions</translation>
    </message>
    <message>
        <source>Stok</source>
        <translation>Stock</translation>
    </message>
    <message>
        <source>Laporan</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Ringkasan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Pengaturan</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Pembatalan transaksi</source>
        <translation>Void a sale</translation>
    </message>
    <message>
        <source>Batalkan struk {receipt} senilai {total}? Perlu persetujuan pengelola.</source>
        <translation>Void receipt {receipt} of {total}? The manager must approve.</translation>
    </message>
    <message>
        <source>mis. salah jumlah beras</source>
        <translation>e.g. wrong quantity of rice</translation>
    </message>
    <message>
        <source>Batalkan transaksi</source>
        <translation>Void the sale</translation>
    </message>
    <message>
        <source>Tulis alasan pembatalan.</source>
        <translation>Write the reason for the void.</translation>
    </message>
</context>
</TS>