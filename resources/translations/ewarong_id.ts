<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID" sourcelanguage="id_ID">
<context>
    <name>App</name>
    <message>
        <source>Menyiapkan outlet demo…</source>
        <translation>Menyiapkan outlet demo…</translation>
    </message>
    <message>
        <source>Outlet belum disiapkan di folder data ini: {path}
Jalankan `ewarong-pos --demo`, atau daftarkan perangkat ke kantor pusat.</source>
        <translation>Outlet belum disiapkan di folder data ini: {path}
Jalankan `ewarong-pos --demo`, atau daftarkan perangkat ke kantor pusat.</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Pengelola</source>
        <translation>Pengelola</translation>
    </message>
    <message>
        <source>PIN pengelola</source>
        <translation>PIN pengelola</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Tutup</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Pengelola harus memasukkan PIN.</source>
        <translation>Pengelola harus memasukkan PIN.</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <source>Pengelola</source>
        <translation>Pengelola</translation>
    </message>
    <message>
        <source>PIN pengelola</source>
        <translation>PIN pengelola</translation>
    </message>
    <message>
        <source>Cadangan ditulis dan diperiksa: {file} (jurnal #{seq}).</source>
        <translation>Cadangan ditulis dan diperiksa: {file} (jurnal #{seq}).</translation>
    </message>
    <message>
        <source>Belum ada kode pemulihan: cadangan ini hanya bisa dibuka di PC ini.</source>
        <translation>Belum ada kode pemulihan: cadangan ini hanya bisa dibuka di PC ini.</translation>
    </message>
</context>
<context>
    <name>BackupSection</name>
    <message>
        <source>Cadangan dan pemulihan (pengelola)</source>
        <translation>Cadangan dan pemulihan (pengelola)</translation>
    </message>
    <message>
        <source>kosong = folder data (disk yang sama)</source>
        <translation>kosong = folder data (disk yang sama)</translation>
    </message>
    <message>
        <source>Pilih folder…</source>
        <translation>Pilih folder…</translation>
    </message>
    <message>
        <source>Folder cadangan</source>
        <translation>Folder cadangan</translation>
    </message>
    <message>
        <source> cadangan terbaru</source>
        <translation> cadangan terbaru</translation>
    </message>
    <message>
        <source> jam</source>
        <translation> jam</translation>
    </message>
    <message>
        <source>hanya saat tutup hari</source>
        <translation>hanya saat tutup hari</translation>
    </message>
    <message>
        <source>Jumlah disimpan</source>
        <translation>Jumlah disimpan</translation>
    </message>
    <message>
        <source>Cadangkan setiap</source>
        <translation>Cadangkan setiap</translation>
    </message>
    <message>
        <source>Simpan pengaturan cadangan</source>
        <translation>Simpan pengaturan cadangan</translation>
    </message>
    <message>
        <source>Cadangkan sekarang</source>
        <translation>Cadangkan sekarang</translation>
    </message>
    <message>
        <source>Pulihkan…</source>
        <translation>Pulihkan…</translation>
    </message>
    <message>
        <source>Buat kode pemulihan baru…</source>
        <translation>Buat kode pemulihan baru…</translation>
    </message>
    <message>
        <source>Cadangan terakhir: {when}, jurnal #{seq}
{file}</source>
        <translation>Cadangan terakhir: {when}, jurnal #{seq}
{file}</translation>
    </message>
    <message>
        <source>Belum ada cadangan.</source>
        <translation>Belum ada cadangan.</translation>
    </message>
    <message>
        <source>Cadangan disimpan di disk yang sama: melindungi dari berkas rusak, bukan dari disk rusak. Pilih flashdisk.</source>
        <translation>Cadangan disimpan di disk yang sama: melindungi dari berkas rusak, bukan dari disk rusak. Pilih flashdisk.</translation>
    </message>
    <message>
        <source>Database tidak dienkripsi.</source>
        <translation>Database tidak dienkripsi.</translation>
    </message>
    <message>
        <source>Database dienkripsi (kunci {key}). Kode pemulihan sudah dibuat.</source>
        <translation>Database dienkripsi (kunci {key}). Kode pemulihan sudah dibuat.</translation>
    </message>
    <message>
        <source>Database dienkripsi (kunci {key}). BELUM ADA KODE PEMULIHAN: cadangan hanya bisa dibuka di PC ini.</source>
        <translation>Database dienkripsi (kunci {key}). BELUM ADA KODE PEMULIHAN: cadangan hanya bisa dibuka di PC ini.</translation>
    </message>
    <message>
        <source>Pilih folder cadangan (flashdisk)</source>
        <translation>Pilih folder cadangan (flashdisk)</translation>
    </message>
    <message>
        <source>Pengaturan cadangan disimpan.</source>
        <translation>Pengaturan cadangan disimpan.</translation>
    </message>
    <message>
        <source>Mencadangkan dan memeriksa…</source>
        <translation>Mencadangkan dan memeriksa…</translation>
    </message>
    <message>
        <source>Pilih berkas cadangan</source>
        <translation>Pilih berkas cadangan</translation>
    </message>
    <message>
        <source>Cadangan e-Warong (*.db *.json)</source>
        <translation>Cadangan e-Warong (*.db *.json)</translation>
    </message>
    <message>
        <source>Memulihkan…</source>
        <translation>Memulihkan…</translation>
    </message>
    <message>
        <source>Kode pemulihan baru dibuat.</source>
        <translation>Kode pemulihan baru dibuat.</translation>
    </message>
</context>
<context>
    <name>BackupStatusLabel</name>
    <message>
        <source>Cadangan: …</source>
        <translation>Cadangan: …</translation>
    </message>
    <message>
        <source>Latihan: tanpa cadangan</source>
        <translation>Latihan: tanpa cadangan</translation>
    </message>
    <message>
        <source>Cadangan gagal: {error}</source>
        <translation>Cadangan gagal: {error}</translation>
    </message>
    <message>
        <source>Belum ada cadangan</source>
        <translation>Belum ada cadangan</translation>
    </message>
    <message>
        <source>Cadangan terlambat (terakhir {when})</source>
        <translation>Cadangan terlambat (terakhir {when})</translation>
    </message>
    <message>
        <source>Cadangan terakhir {when}</source>
        <translation>Cadangan terakhir {when}</translation>
    </message>
    <message>
        <source>Folder cadangan: {folder}</source>
        <translation>Folder cadangan: {folder}</translation>
    </message>
    <message>
        <source>Folder ini ada di disk yang sama dengan database: pilih flashdisk di Pengaturan.</source>
        <translation>Folder ini ada di disk yang sama dengan database: pilih flashdisk di Pengaturan.</translation>
    </message>
</context>
<context>
    <name>CartPanel</name>
    <message>
        <source>Barang</source>
        <translation>Barang</translation>
    </message>
    <message>
        <source>Cari barang: nama, SKU atau barcode  [F8]</source>
        <translation>Cari barang: nama, SKU atau barcode  [F8]</translation>
    </message>
    <message>
        <source>Produk</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Harga</source>
        <translation>Harga</translation>
    </message>
    <message>
        <source>HET / acuan</source>
        <translation>HET / acuan</translation>
    </message>
    <message>
        <source>Stok</source>
        <translation>Stok</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>mis. 2 atau 1,5</source>
        <translation>mis. 2 atau 1,5</translation>
    </message>
    <message>
        <source>Jumlah untuk barang terpilih atau barcode berikutnya; kosong = 1</source>
        <translation>Jumlah untuk barang terpilih atau barcode berikutnya; kosong = 1</translation>
    </message>
    <message>
        <source>(bukan untuk voucher)</source>
        <translation>(bukan untuk voucher)</translation>
    </message>
    <message>
        <source>Voucher keluarga ini tidak boleh membeli {category}</source>
        <translation>Voucher keluarga ini tidak boleh membeli {category}</translation>
    </message>
    <message>
        <source>Jumlah '{text}' tidak valid: tulis mis. 1,5 untuk 1,5 {unit}.</source>
        <translation>Jumlah '{text}' tidak valid: tulis mis. 1,5 untuk 1,5 {unit}.</translation>
    </message>
    <message>
        <source>Tambah</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <source>Di keranjang</source>
        <translation>Di keranjang</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Ubah jumlah baris terpilih (+ / - di tabel keranjang)</source>
        <translation>Ubah jumlah baris terpilih (+ / - di tabel keranjang)</translation>
    </message>
    <message>
        <source>Ubah</source>
        <translation>Ubah</translation>
    </message>
    <message>
        <source>Ubah jumlah baris keranjang terpilih</source>
        <translation>Ubah jumlah baris keranjang terpilih</translation>
    </message>
    <message>
        <source>Hapus baris</source>
        <translation>Hapus baris</translation>
    </message>
    <message>
        <source>acuan {price}</source>
        <translation>acuan {price}</translation>
    </message>
    <message>
        <source>Jumlah '{text}' tidak valid: {unit} hanya utuh (1, 2, 3).</source>
        <translation>Jumlah '{text}' tidak valid: {unit} hanya utuh (1, 2, 3).</translation>
    </message>
    <message>
        <source>Jumlah {text} {unit} terlalu besar untuk {product} (paling banyak {limit}).</source>
        <translation>Jumlah {text} {unit} terlalu besar untuk {product} (paling banyak {limit}).</translation>
    </message>
    <message>
        <source>Stok {product} hanya {on_hand}; diminta {text} {unit}{more}.</source>
        <translation>Stok {product} hanya {on_hand}; diminta {text} {unit}{more}.</translation>
    </message>
    <message>
        <source> (ditambah {qty} di keranjang)</source>
        <translation> (ditambah {qty} di keranjang)</translation>
    </message>
    <message>
        <source>Ubah jumlah {product}: Enter simpan, Esc batal</source>
        <translation>Ubah jumlah {product}: Enter simpan, Esc batal</translation>
    </message>
    <message>
        <source>{product}: Enter tambah</source>
        <translation>{product}: Enter tambah</translation>
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
        <translation>Penjualan tunai (umum)</translation>
    </message>
    <message>
        <source>Pembayaran</source>
        <translation>Pembayaran</translation>
    </message>
    <message>
        <source>Uang diterima  [F11]</source>
        <translation>Uang diterima  [F11]</translation>
    </message>
    <message>
        <source>mis. 50.000</source>
        <translation>mis. 50.000</translation>
    </message>
    <message>
        <source>Uang pas</source>
        <translation>Uang pas</translation>
    </message>
    <message>
        <source>Kosongkan</source>
        <translation>Kosongkan</translation>
    </message>
    <message>
        <source>Bayar tunai</source>
        <translation>Bayar tunai</translation>
    </message>
    <message>
        <source>'{code}' bukan barcode atau SKU barang yang dijual di sini.</source>
        <translation>'{code}' bukan barcode atau SKU barang yang dijual di sini.</translation>
    </message>
    <message>
        <source>Kembalian: {change}</source>
        <translation>Kembalian: {change}</translation>
    </message>
    <message>
        <source>'{text}' bukan jumlah uang: tulis mis. 50.000.</source>
        <translation>'{text}' bukan jumlah uang: tulis mis. 50.000.</translation>
    </message>
    <message>
        <source>Masukkan uang yang diterima (F11), atau Uang pas (F5).</source>
        <translation>Masukkan uang yang diterima (F11), atau Uang pas (F5).</translation>
    </message>
    <message>
        <source>Total {total}, diterima {tendered}</source>
        <translation>Total {total}, diterima {tendered}</translation>
    </message>
    <message>
        <source>Tersimpan: struk {receipt}.</source>
        <translation>Tersimpan: struk {receipt}.</translation>
    </message>
</context>
<context>
    <name>ClockDialog</name>
    <message>
        <source>Koreksi jam</source>
        <translation>Koreksi jam</translation>
    </message>
    <message>
        <source>Jam PC sekarang: {now}
Catatan dengan jam paling akhir (#{seq}): {last}

Setujui hanya jika jam PC sekarang BENAR (sebelumnya jam PC terlalu maju, mis. zona waktu salah). Jika jam PC yang salah, tutup dan betulkan tanggal dan jam Windows. Transaksi berikutnya memakai jam sekarang; hari yang sudah ditutup tidak dapat diisi.</source>
        <translation>Jam PC sekarang: {now}
Catatan dengan jam paling akhir (#{seq}): {last}

Setujui hanya jika jam PC sekarang BENAR (sebelumnya jam PC terlalu maju, mis. zona waktu salah). Jika jam PC yang salah, tutup dan betulkan tanggal dan jam Windows. Transaksi berikutnya memakai jam sekarang; hari yang sudah ditutup tidak dapat diisi.</translation>
    </message>
    <message>
        <source>mis. zona waktu PC salah, sudah dibetulkan</source>
        <translation>mis. zona waktu PC salah, sudah dibetulkan</translation>
    </message>
    <message>
        <source>Setujui koreksi jam</source>
        <translation>Setujui koreksi jam</translation>
    </message>
    <message>
        <source>Tulis alasan koreksi jam.</source>
        <translation>Tulis alasan koreksi jam.</translation>
    </message>
</context>
<context>
    <name>CounterView</name>
    <message>
        <source>Belum ada keluarga dipilih</source>
        <translation>Belum ada keluarga dipilih</translation>
    </message>
    <message>
        <source>NIK / kartu</source>
        <translation>NIK / kartu</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Bulan</source>
        <translation>Bulan</translation>
    </message>
    <message>
        <source>Nilai</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Sisa</source>
        <translation>Sisa</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Keterangan</translation>
    </message>
    <message>
        <source>Pindai kartu / NIK / No. KK / ID DTKS / nama, lalu Enter  [F3]</source>
        <translation>Pindai kartu / NIK / No. KK / ID DTKS / nama, lalu Enter  [F3]</translation>
    </message>
    <message>
        <source>kode persetujuan EDC</source>
        <translation>kode persetujuan EDC</translation>
    </message>
    <message>
        <source>Kode persetujuan dari struk EDC bank (jika ada)</source>
        <translation>Kode persetujuan dari struk EDC bank (jika ada)</translation>
    </message>
    <message>
        <source>RRN EDC</source>
        <translation>RRN EDC</translation>
    </message>
    <message>
        <source>RRN dari struk EDC bank (jika ada)</source>
        <translation>RRN dari struk EDC bank (jika ada)</translation>
    </message>
    <message>
        <source>Struk EDC</source>
        <translation>Struk EDC</translation>
    </message>
    <message>
        <source>Parkir</source>
        <translation>Parkir</translation>
    </message>
    <message>
        <source>Simpan keranjang ini sementara, layani keluarga lain</source>
        <translation>Simpan keranjang ini sementara, layani keluarga lain</translation>
    </message>
    <message>
        <source>Lanjutkan</source>
        <translation>Lanjutkan</translation>
    </message>
    <message>
        <source>Lanjutkan keranjang yang diparkir</source>
        <translation>Lanjutkan keranjang yang diparkir</translation>
    </message>
    <message>
        <source>Berikutnya</source>
        <translation>Berikutnya</translation>
    </message>
    <message>
        <source>Keluarga berikutnya</source>
        <translation>Keluarga berikutnya</translation>
    </message>
    <message>
        <source>Konfirmasi</source>
        <translation>Konfirmasi</translation>
    </message>
    <message>
        <source>{product} adalah barang: pindai kartu keluarga (atau NIK) dulu.</source>
        <translation>{product} adalah barang: pindai kartu keluarga (atau NIK) dulu.</translation>
    </message>
    <message>
        <source>'{code}' bukan barcode barang: jumlah {qty} tidak dipakai.</source>
        <translation>'{code}' bukan barcode barang: jumlah {qty} tidak dipakai.</translation>
    </message>
    <message>
        <source>[luar wilayah]</source>
        <translation>[luar wilayah]</translation>
    </message>
    <message>
        <source>'{code}' tidak dikenal: bukan kartu KKS, NIK, No. KK, ID DTKS keluarga outlet ini, dan bukan barcode barang.</source>
        <translation>'{code}' tidak dikenal: bukan kartu KKS, NIK, No. KK, ID DTKS keluarga outlet ini, dan bukan barcode barang.</translation>
    </message>
    <message>
        <source>Tidak ada keluarga yang cocok dengan '{query}'.</source>
        <translation>Tidak ada keluarga yang cocok dengan '{query}'.</translation>
    </message>
    <message>
        <source>Yang tampil masih keluarga {name}.</source>
        <translation>Yang tampil masih keluarga {name}.</translation>
    </message>
    <message>
        <source>Keranjang belum disimpan</source>
        <translation>Keranjang belum disimpan</translation>
    </message>
    <message>
        <source>Keranjang {name} berisi {count} barang ({total}) dan belum disimpan.</source>
        <translation>Keranjang {name} berisi {count} barang ({total}) dan belum disimpan.</translation>
    </message>
    <message>
        <source>Kartu keluarga lain dipindai. Apa yang dilakukan?</source>
        <translation>Kartu keluarga lain dipindai. Apa yang dilakukan?</translation>
    </message>
    <message>
        <source>Apa yang dilakukan dengan keranjang ini?</source>
        <translation>Apa yang dilakukan dengan keranjang ini?</translation>
    </message>
    <message>
        <source>Tetap layani {name}  [Esc]</source>
        <translation>Tetap layani {name}  [Esc]</translation>
    </message>
    <message>
        <source>&amp;Parkir keranjang  [P]</source>
        <translation>&amp;Parkir keranjang  [P]</translation>
    </message>
    <message>
        <source>&amp;Buang keranjang  [B]</source>
        <translation>&amp;Buang keranjang  [B]</translation>
    </message>
    <message>
        <source>Keranjang {name} diparkir; lanjutkan dengan Ctrl+R.</source>
        <translation>Keranjang {name} diparkir; lanjutkan dengan Ctrl+R.</translation>
    </message>
    <message>
        <source>Parkir: {name} · {count} barang · {total}</source>
        <translation>Parkir: {name} · {count} barang · {total}</translation>
    </message>
    <message>
        <source>aktif</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>ditangguhkan</source>
        <translation>ditangguhkan</translation>
    </message>
    <message>
        <source>dikeluarkan</source>
        <translation>dikeluarkan</translation>
    </message>
    <message>
        <source>Voucher tidak dapat dipakai di sini: keluarga ini sudah pindah ke {outlet}.</source>
        <translation>Voucher tidak dapat dipakai di sini: keluarga ini sudah pindah ke {outlet}.</translation>
    </message>
    <message>
        <source>Voucher tidak dapat dipakai: keluarga ini {status}.</source>
        <translation>Voucher tidak dapat dipakai: keluarga ini {status}.</translation>
    </message>
    <message>
        <source>tanpa keterangan</source>
        <translation>tanpa keterangan</translation>
    </message>
    <message>
        <source>(terdaftar di outlet {code})</source>
        <translation>(terdaftar di outlet {code})</translation>
    </message>
    <message>
        <source>Catatan roster: {flags}</source>
        <translation>Catatan roster: {flags}</translation>
    </message>
    <message>
        <source>bisa dipakai</source>
        <translation>bisa dipakai</translation>
    </message>
    <message>
        <source>pindah ke {outlet}</source>
        <translation>pindah ke {outlet}</translation>
    </message>
    <message>
        <source>Total sisa voucher: {total}</source>
        <translation>Total sisa voucher: {total}</translation>
    </message>
    <message>
        <source>Melebihi sisa voucher {open}: kurangi belanja sebesar {over}.</source>
        <translation>Melebihi sisa voucher {open}: kurangi belanja sebesar {over}.</translation>
    </message>
    <message>
        <source>Sisa voucher setelah transaksi: {after}</source>
        <translation>Sisa voucher setelah transaksi: {after}</translation>
    </message>
    <message>
        <source>{month}: dipakai {amount}, sisa {after}</source>
        <translation>{month}: dipakai {amount}, sisa {after}</translation>
    </message>
    <message>
        <source>Tersimpan: struk {receipt}, total {total}.</source>
        <translation>Tersimpan: struk {receipt}, total {total}.</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <source>Terjadi kesalahan di aplikasi. Data yang sudah tersimpan aman; transaksi yang belum dikonfirmasi mungkin perlu diulang.
Rincian dicatat di log (folder data, logs/ewarong-pos.log). Jika terulang, hubungi pendamping atau kantor Dinas Sosial.</source>
        <translation>Terjadi kesalahan di aplikasi. Data yang sudah tersimpan aman; transaksi yang belum dikonfirmasi mungkin perlu diulang.
Rincian dicatat di log (folder data, logs/ewarong-pos.log). Jika terulang, hubungi pendamping atau kantor Dinas Sosial.</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Layar pelanggan</source>
        <translation>Layar pelanggan</translation>
    </message>
    <message>
        <source>Selamat datang</source>
        <translation>Selamat datang</translation>
    </message>
    <message>
        <source>Harga barang dan sisa voucher Anda tampil di layar ini.</source>
        <translation>Harga barang dan sisa voucher Anda tampil di layar ini.</translation>
    </message>
    <message>
        <source>Belanja dengan voucher Sembako</source>
        <translation>Belanja dengan voucher Sembako</translation>
    </message>
    <message>
        <source>Transaksi tersimpan. Struk {receipt}.</source>
        <translation>Transaksi tersimpan. Struk {receipt}.</translation>
    </message>
    <message>
        <source>Belanja tunai</source>
        <translation>Belanja tunai</translation>
    </message>
    <message>
        <source>Terima kasih!</source>
        <translation>Terima kasih!</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>Total {total}</translation>
    </message>
    <message>
        <source>Barang</source>
        <translation>Barang</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Harga</source>
        <translation>Harga</translation>
    </message>
    <message>
        <source>Terima kasih, {name}</source>
        <translation>Terima kasih, {name}</translation>
    </message>
    <message>
        <source>HET</source>
        <translation>HET</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>acuan {price}</source>
        <translation>acuan {price}</translation>
    </message>
    <message>
        <source>Dibayar {amount}</source>
        <translation>Dibayar {amount}</translation>
    </message>
    <message>
        <source>Kembalian {change}</source>
        <translation>Kembalian {change}</translation>
    </message>
    <message>
        <source>Kurang {amount}</source>
        <translation>Kurang {amount}</translation>
    </message>
    <message>
        <source>Sisa voucher Anda sekarang</source>
        <translation>Sisa voucher Anda sekarang</translation>
    </message>
    <message>
        <source>Sisa voucher setelah belanja ini</source>
        <translation>Sisa voucher setelah belanja ini</translation>
    </message>
    <message>
        <source>Sisa voucher Anda</source>
        <translation>Sisa voucher Anda</translation>
    </message>
    <message>
        <source>Total sisa</source>
        <translation>Total sisa</translation>
    </message>
    <message>
        <source>Tidak ada voucher yang bisa dipakai</source>
        <translation>Tidak ada voucher yang bisa dipakai</translation>
    </message>
    <message>
        <source>Melebihi sisa voucher: kurangi belanja sebesar {over}.</source>
        <translation>Melebihi sisa voucher: kurangi belanja sebesar {over}.</translation>
    </message>
</context>
<context>
    <name>DisputesDialog</name>
    <message>
        <source>Entri yang disengketakan</source>
        <translation>Entri yang disengketakan</translation>
    </message>
    <message>
        <source>No. jurnal</source>
        <translation>No. jurnal</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Rincian</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <source>Diterima</source>
        <translation>Diterima</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <source>Ringkasan outlet</source>
        <translation>Ringkasan outlet</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>Outlet</translation>
    </message>
    <message>
        <source>Keluarga (KPM)</source>
        <translation>Keluarga (KPM)</translation>
    </message>
    <message>
        <source>Voucher terbuka</source>
        <translation>Voucher terbuka</translation>
    </message>
    <message>
        <source>Produk ada stok</source>
        <translation>Produk ada stok</translation>
    </message>
    <message>
        <source>Kantor pusat</source>
        <translation>Kantor pusat</translation>
    </message>
    <message>
        <source>terdaftar</source>
        <translation>terdaftar</translation>
    </message>
    <message>
        <source>belum terdaftar</source>
        <translation>belum terdaftar</translation>
    </message>
</context>
<context>
    <name>KeyListDialog</name>
    <message>
        <source>Daftar tombol</source>
        <translation>Daftar tombol</translation>
    </message>
    <message>
        <source>Tombol</source>
        <translation>Tombol</translation>
    </message>
    <message>
        <source>Fungsi</source>
        <translation>Fungsi</translation>
    </message>
    <message>
        <source>Tutup  [Esc]</source>
        <translation>Tutup  [Esc]</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <source>Buka tab {title}</source>
        <translation>Buka tab {title}</translation>
    </message>
    <message>
        <source>Daftar tombol ini</source>
        <translation>Daftar tombol ini</translation>
    </message>
    <message>
        <source>pindai</source>
        <translation>pindai</translation>
    </message>
    <message>
        <source>Kartu / NIK / No. KK / ID DTKS membuka keluarga; barcode barang menambah 1, atau jumlah yang diketik dulu (mis. 3* lalu pindai)</source>
        <translation>Kartu / NIK / No. KK / ID DTKS membuka keluarga; barcode barang menambah 1, atau jumlah yang diketik dulu (mis. 3* lalu pindai)</translation>
    </message>
    <message>
        <source>Loket: ke kotak pencarian keluarga</source>
        <translation>Loket: ke kotak pencarian keluarga</translation>
    </message>
    <message>
        <source>Cari barang: nama, SKU atau barcode; panah pilih, Enter ke jumlah</source>
        <translation>Cari barang: nama, SKU atau barcode; panah pilih, Enter ke jumlah</translation>
    </message>
    <message>
        <source>Jumlah: tambah ke keranjang</source>
        <translation>Jumlah: tambah ke keranjang</translation>
    </message>
    <message>
        <source>Tambah / kurangi satu pada baris keranjang terpilih</source>
        <translation>Tambah / kurangi satu pada baris keranjang terpilih</translation>
    </message>
    <message>
        <source>Ubah jumlah baris keranjang terpilih</source>
        <translation>Ubah jumlah baris keranjang terpilih</translation>
    </message>
    <message>
        <source>Delete, Ctrl+Backspace</source>
        <translation>Delete, Ctrl+Backspace</translation>
    </message>
    <message>
        <source>Hapus baris keranjang</source>
        <translation>Hapus baris keranjang</translation>
    </message>
    <message>
        <source>Loket: tinggalkan keluarga ini (ditanya jika keranjang berisi)</source>
        <translation>Loket: tinggalkan keluarga ini (ditanya jika keranjang berisi)</translation>
    </message>
    <message>
        <source>Loket: parkir keranjang</source>
        <translation>Loket: parkir keranjang</translation>
    </message>
    <message>
        <source>Loket: lanjutkan keranjang yang diparkir</source>
        <translation>Loket: lanjutkan keranjang yang diparkir</translation>
    </message>
    <message>
        <source>Keluarga / penjualan berikutnya</source>
        <translation>Keluarga / penjualan berikutnya</translation>
    </message>
    <message>
        <source>Konfirmasi / bayar</source>
        <translation>Konfirmasi / bayar</translation>
    </message>
    <message>
        <source>Tunai: ke kotak uang diterima</source>
        <translation>Tunai: ke kotak uang diterima</translation>
    </message>
    <message>
        <source>Tunai: uang pas</source>
        <translation>Tunai: uang pas</translation>
    </message>
    <message>
        <source>Tunai: uang diterima 10.000 / 20.000 / 50.000 / 100.000</source>
        <translation>Tunai: uang diterima 10.000 / 20.000 / 50.000 / 100.000</translation>
    </message>
    <message>
        <source>Laporan: tutup hari (pengelola)</source>
        <translation>Laporan: tutup hari (pengelola)</translation>
    </message>
    <message>
        <source>Laporan: buka hari berikutnya (pengelola)</source>
        <translation>Laporan: buka hari berikutnya (pengelola)</translation>
    </message>
    <message>
        <source>Laporan: koreksi jam setelah jam PC dibetulkan (pengelola)</source>
        <translation>Laporan: koreksi jam setelah jam PC dibetulkan (pengelola)</translation>
    </message>
    <message>
        <source>Kunci kasir</source>
        <translation>Kunci kasir</translation>
    </message>
    <message>
        <source>Ganti kasir</source>
        <translation>Ganti kasir</translation>
    </message>
    <message>
        <source>Layar masuk: mode latihan (outlet contoh)</source>
        <translation>Layar masuk: mode latihan (outlet contoh)</translation>
    </message>
    <message>
        <source>Latihan: mulai ulang latihan</source>
        <translation>Latihan: mulai ulang latihan</translation>
    </message>
    <message>
        <source>Latihan: keluar ke outlet sebenarnya</source>
        <translation>Latihan: keluar ke outlet sebenarnya</translation>
    </message>
</context>
<context>
    <name>LoginView</name>
    <message>
        <source>Masuk ke kasir</source>
        <translation>Masuk ke kasir</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Akun</source>
        <translation>Akun</translation>
    </message>
    <message>
        <source>Masuk</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Ganti kasir</source>
        <translation>Ganti kasir</translation>
    </message>
    <message>
        <source>Latihan (transaksi tidak nyata)</source>
        <translation>Latihan (transaksi tidak nyata)</translation>
    </message>
    <message>
        <source>Berlatih di outlet contoh: tidak pernah disinkronkan, struk bertanda LATIHAN</source>
        <translation>Berlatih di outlet contoh: tidak pernah disinkronkan, struk bertanda LATIHAN</translation>
    </message>
    <message>
        <source>Latihan: PIN untuk mencoba</source>
        <translation>Latihan: PIN untuk mencoba</translation>
    </message>
    <message>
        <source>Demo: PIN untuk mencoba</source>
        <translation>Demo: PIN untuk mencoba</translation>
    </message>
    <message>
        <source>kasir</source>
        <translation>kasir</translation>
    </message>
    <message>
        <source>pengelola</source>
        <translation>pengelola</translation>
    </message>
    <message>
        <source>pengawas</source>
        <translation>pengawas</translation>
    </message>
    <message>
        <source>Terkunci: {name}</source>
        <translation>Terkunci: {name}</translation>
    </message>
    <message>
        <source>Pilih akun terlebih dahulu.</source>
        <translation>Pilih akun terlebih dahulu.</translation>
    </message>
    <message>
        <source>Masukkan PIN.</source>
        <translation>Masukkan PIN.</translation>
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
        <translation>LATIHAN</translation>
    </message>
    <message>
        <source>Kunci</source>
        <translation>Kunci</translation>
    </message>
    <message>
        <source>Ganti kasir</source>
        <translation>Ganti kasir</translation>
    </message>
    <message>
        <source>Tutup shift</source>
        <translation>Tutup shift</translation>
    </message>
    <message>
        <source>Daftar tombol</source>
        <translation>Daftar tombol</translation>
    </message>
    <message>
        <source>Tombol  [?]</source>
        <translation>Tombol  [?]</translation>
    </message>
    <message>
        <source>Pengelola</source>
        <translation>Pengelola</translation>
    </message>
    <message>
        <source>Kasir</source>
        <translation>Kasir</translation>
    </message>
    <message>
        <source>{role}: {name}</source>
        <translation>{role}: {name}</translation>
    </message>
    <message>
        <source>Gagal: {error}</source>
        <translation>Gagal: {error}</translation>
    </message>
    <message>
        <source>Memproses…</source>
        <translation>Memproses…</translation>
    </message>
    <message>
        <source>Struk yang antre sudah dicetak.</source>
        <translation>Struk yang antre sudah dicetak.</translation>
    </message>
    <message>
        <source>{count} struk antre: {reason}</source>
        <translation>{count} struk antre: {reason}</translation>
    </message>
    <message>
        <source>Struk {receipt} dicetak.</source>
        <translation>Struk {receipt} dicetak.</translation>
    </message>
    <message>
        <source>Struk {receipt} antre: printer belum diatur (Pengaturan, F10).</source>
        <translation>Struk {receipt} antre: printer belum diatur (Pengaturan, F10).</translation>
    </message>
    <message>
        <source>Struk {receipt} menunggu di antrean cetak ({count}): {reason}</source>
        <translation>Struk {receipt} menunggu di antrean cetak ({count}): {reason}</translation>
    </message>
    <message>
        <source>Database dipulihkan dari {file} (jurnal #{seq}); jurnal berlanjut setelah #{resume}. Silakan masuk lagi.</source>
        <translation>Database dipulihkan dari {file} (jurnal #{seq}); jurnal berlanjut setelah #{resume}. Silakan masuk lagi.</translation>
    </message>
    <message>
        <source>Database sebelumnya disimpan sebagai {path}</source>
        <translation>Database sebelumnya disimpan sebagai {path}</translation>
    </message>
    <message>
        <source>Pemulihan selesai</source>
        <translation>Pemulihan selesai</translation>
    </message>
    <message>
        <source>Pemulihan gagal</source>
        <translation>Pemulihan gagal</translation>
    </message>
    <message>
        <source>Database tidak bisa dibuka lagi: {error}
Tutup dan buka aplikasi.</source>
        <translation>Database tidak bisa dibuka lagi: {error}
Tutup dan buka aplikasi.</translation>
    </message>
    <message>
        <source>Menyiapkan outlet latihan…</source>
        <translation>Menyiapkan outlet latihan…</translation>
    </message>
    <message>
        <source>Mulai ulang latihan?</source>
        <translation>Mulai ulang latihan?</translation>
    </message>
    <message>
        <source>Outlet latihan dibuat ulang: semua transaksi latihan dihapus. Outlet sebenarnya tidak tersentuh.</source>
        <translation>Outlet latihan dibuat ulang: semua transaksi latihan dihapus. Outlet sebenarnya tidak tersentuh.</translation>
    </message>
    <message>
        <source>Mulai ulang</source>
        <translation>Mulai ulang</translation>
    </message>
    <message>
        <source>Keluar latihan?</source>
        <translation>Keluar latihan?</translation>
    </message>
    <message>
        <source>Keranjang latihan yang belum disimpan akan dibuang.</source>
        <translation>Keranjang latihan yang belum disimpan akan dibuang.</translation>
    </message>
    <message>
        <source>Keluar latihan</source>
        <translation>Keluar latihan</translation>
    </message>
    <message>
        <source>Mode latihan tidak bisa dibuka: {error}</source>
        <translation>Mode latihan tidak bisa dibuka: {error}</translation>
    </message>
    <message>
        <source>Tutup aplikasi?</source>
        <translation>Tutup aplikasi?</translation>
    </message>
    <message>
        <source>Ada keranjang yang belum disimpan (terbuka atau diparkir). Jika ditutup, isinya hilang.</source>
        <translation>Ada keranjang yang belum disimpan (terbuka atau diparkir). Jika ditutup, isinya hilang.</translation>
    </message>
    <message>
        <source>Kembali  [Esc]</source>
        <translation>Kembali  [Esc]</translation>
    </message>
    <message>
        <source>&amp;Tutup dan buang keranjang  [T]</source>
        <translation>&amp;Tutup dan buang keranjang  [T]</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Kode pemulihan baru</source>
        <translation>Kode pemulihan baru</translation>
    </message>
    <message>
        <source>Kode pemulihan membuka cadangan di PC lain bila PC ini hilang atau rusak. Kode lama tetap membuka cadangan lama. Masukkan PIN pengelola.</source>
        <translation>Kode pemulihan membuka cadangan di PC lain bila PC ini hilang atau rusak. Kode lama tetap membuka cadangan lama. Masukkan PIN pengelola.</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <source>Kode pemulihan baru</source>
        <translation>Kode pemulihan baru</translation>
    </message>
    <message>
        <source>TULIS KODE INI DI KERTAS SEKARANG dan simpan di tempat aman, terpisah dari PC dan flashdisk. Kode ini tidak ditampilkan lagi. Tanpa kode ini, cadangan tidak bisa dibuka di PC lain bila PC ini rusak atau hilang.</source>
        <translation>TULIS KODE INI DI KERTAS SEKARANG dan simpan di tempat aman, terpisah dari PC dan flashdisk. Kode ini tidak ditampilkan lagi. Tanpa kode ini, cadangan tidak bisa dibuka di PC lain bila PC ini rusak atau hilang.</translation>
    </message>
    <message>
        <source>Sudah saya tulis</source>
        <translation>Sudah saya tulis</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <source>Penutupan hari</source>
        <translation>Penutupan hari</translation>
    </message>
    <message>
        <source>Distribusi bulanan</source>
        <translation>Distribusi bulanan</translation>
    </message>
    <message>
        <source>Keluarga belum menebus</source>
        <translation>Keluarga belum menebus</translation>
    </message>
    <message>
        <source>Kartu stok</source>
        <translation>Kartu stok</translation>
    </message>
    <message>
        <source>Sinyal kecurangan (30 hari)</source>
        <translation>Sinyal kecurangan (30 hari)</translation>
    </message>
    <message>
        <source>Tampilkan</source>
        <translation>Tampilkan</translation>
    </message>
    <message>
        <source>Laporan</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Ekspor PDF</source>
        <translation>Ekspor PDF</translation>
    </message>
    <message>
        <source>Ekspor CSV</source>
        <translation>Ekspor CSV</translation>
    </message>
    <message>
        <source>Tutup hari</source>
        <translation>Tutup hari</translation>
    </message>
    <message>
        <source>Buka hari berikutnya</source>
        <translation>Buka hari berikutnya</translation>
    </message>
    <message>
        <source>Koreksi jam</source>
        <translation>Koreksi jam</translation>
    </message>
    <message>
        <source>Pilih laporan, lalu Tampilkan.</source>
        <translation>Pilih laporan, lalu Tampilkan.</translation>
    </message>
    <message>
        <source>Penebusan voucher</source>
        <translation>Penebusan voucher</translation>
    </message>
    <message>
        <source>Penjualan tunai</source>
        <translation>Penjualan tunai</translation>
    </message>
    <message>
        <source>Pembatalan</source>
        <translation>Pembatalan</translation>
    </message>
    <message>
        <source>Jenis</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Barang</source>
        <translation>Barang</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Voucher</translation>
    </message>
    <message>
        <source>{n} keluarga</source>
        <translation>{n} keluarga</translation>
    </message>
    <message>
        <source>Batal</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Kasir</source>
        <translation>Kasir</translation>
    </message>
    <message>
        <source>{n} voucher, {m} tunai</source>
        <translation>{n} voucher, {m} tunai</translation>
    </message>
    <message>
        <source>Bagian</source>
        <translation>Bagian</translation>
    </message>
    <message>
        <source>Uraian</source>
        <translation>Uraian</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Nilai</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Penutupan hari {date}</source>
        <translation>Penutupan hari {date}</translation>
    </message>
    <message>
        <source>tidak ada</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>Total bersih {net} · uang tunai di laci {cash} · struk {receipts} · {state}</source>
        <translation>Total bersih {net} · uang tunai di laci {cash} · struk {receipts} · {state}</translation>
    </message>
    <message>
        <source>sudah ditutup</source>
        <translation>sudah ditutup</translation>
    </message>
    <message>
        <source>belum ditutup</source>
        <translation>belum ditutup</translation>
    </message>
    <message>
        <source>{n} keluarga dilayani</source>
        <translation>{n} keluarga dilayani</translation>
    </message>
    <message>
        <source>Nomor struk hilang: {numbers}</source>
        <translation>Nomor struk hilang: {numbers}</translation>
    </message>
    <message>
        <source>aktif</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>ditangguhkan</source>
        <translation>ditangguhkan</translation>
    </message>
    <message>
        <source>dikeluarkan</source>
        <translation>dikeluarkan</translation>
    </message>
    <message>
        <source>ID DTKS</source>
        <translation>ID DTKS</translation>
    </message>
    <message>
        <source>Nama</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Kartu</source>
        <translation>Kartu</translation>
    </message>
    <message>
        <source>Hak</source>
        <translation>Hak</translation>
    </message>
    <message>
        <source>Ditebus</source>
        <translation>Ditebus</translation>
    </message>
    <message>
        <source>Sisa</source>
        <translation>Sisa</translation>
    </message>
    <message>
        <source>Transaksi</source>
        <translation>Transaksi</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Distribusi bulan {month}</source>
        <translation>Distribusi bulan {month}</translation>
    </message>
    <message>
        <source>{collected} dari {families} keluarga sudah memakai voucher bulan ini · hak {total} · ditebus {redeemed} · sisa {remaining}</source>
        <translation>{collected} dari {families} keluarga sudah memakai voucher bulan ini · hak {total} · ditebus {redeemed} · sisa {remaining}</translation>
    </message>
    <message>
        <source>Keluarga belum menebus — {month}</source>
        <translation>Keluarga belum menebus — {month}</translation>
    </message>
    <message>
        <source>{count} keluarga belum menebus voucher bulan ini.</source>
        <translation>{count} keluarga belum menebus voucher bulan ini.</translation>
    </message>
    <message>
        <source>Waktu</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>Referensi</source>
        <translation>Referensi</translation>
    </message>
    <message>
        <source>Masuk/keluar</source>
        <translation>Masuk/keluar</translation>
    </message>
    <message>
        <source>Saldo</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Kartu stok: {product}</source>
        <translation>Kartu stok: {product}</translation>
    </message>
    <message>
        <source>Saldo awal {opening}</source>
        <translation>Saldo awal {opening}</translation>
    </message>
    <message>
        <source>Tingkat</source>
        <translation>Tingkat</translation>
    </message>
    <message>
        <source>Tentang</source>
        <translation>Tentang</translation>
    </message>
    <message>
        <source>Rincian</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <source>Sinyal kecurangan {start} – {end}</source>
        <translation>Sinyal kecurangan {start} – {end}</translation>
    </message>
    <message>
        <source>{count} sinyal perlu diperiksa.</source>
        <translation>{count} sinyal perlu diperiksa.</translation>
    </message>
    <message>
        <source>Tidak ada sinyal.</source>
        <translation>Tidak ada sinyal.</translation>
    </message>
    <message>
        <source>Disimpan: {path}</source>
        <translation>Disimpan: {path}</translation>
    </message>
    <message>
        <source>Jam PC tidak di belakang catatan terakhir: tidak ada yang perlu dikoreksi.</source>
        <translation>Jam PC tidak di belakang catatan terakhir: tidak ada yang perlu dikoreksi.</translation>
    </message>
    <message>
        <source>Koreksi jam dicatat (#{seq}, disetujui {who}). Transaksi berikutnya memakai jam PC sekarang.</source>
        <translation>Koreksi jam dicatat (#{seq}, disetujui {who}). Transaksi berikutnya memakai jam PC sekarang.</translation>
    </message>
    <message>
        <source>Hari usaha {date} dibuka.</source>
        <translation>Hari usaha {date} dibuka.</translation>
    </message>
    <message>
        <source>Tutup hari {date}? Setelah ditutup tidak ada transaksi yang dapat dicatat untuk hari ini.</source>
        <translation>Tutup hari {date}? Setelah ditutup tidak ada transaksi yang dapat dicatat untuk hari ini.</translation>
    </message>
    <message>
        <source>Uang tunai seharusnya: {cash}</source>
        <translation>Uang tunai seharusnya: {cash}</translation>
    </message>
    <message>
        <source>Bantuan ditebus (bersih): {net}</source>
        <translation>Bantuan ditebus (bersih): {net}</translation>
    </message>
    <message>
        <source>masih buka</source>
        <translation>masih buka</translation>
    </message>
    <message>
        <source>Shift {name}: seharusnya {expected}, dihitung {counted}</source>
        <translation>Shift {name}: seharusnya {expected}, dihitung {counted}</translation>
    </message>
    <message>
        <source>(selisih {diff})</source>
        <translation>(selisih {diff})</translation>
    </message>
    <message>
        <source>Hari {date} ditutup.</source>
        <translation>Hari {date} ditutup.</translation>
    </message>
    <message>
        <source>Mencadangkan…</source>
        <translation>Mencadangkan…</translation>
    </message>
    <message>
        <source>Cadangan ditulis dan diperiksa.</source>
        <translation>Cadangan ditulis dan diperiksa.</translation>
    </message>
    <message>
        <source>Belum ada kode pemulihan: cadangan ini hanya bisa dibuka di PC ini.</source>
        <translation>Belum ada kode pemulihan: cadangan ini hanya bisa dibuka di PC ini.</translation>
    </message>
    <message>
        <source>Cadangan GAGAL: {error}</source>
        <translation>Cadangan GAGAL: {error}</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Pulihkan cadangan</source>
        <translation>Pulihkan cadangan</translation>
    </message>
    <message>
        <source>Pulihkan database dari cadangan ini?</source>
        <translation>Pulihkan database dari cadangan ini?</translation>
    </message>
    <message>
        <source>Berkas: {file}</source>
        <translation>Berkas: {file}</translation>
    </message>
    <message>
        <source>Outlet: {outlet}</source>
        <translation>Outlet: {outlet}</translation>
    </message>
    <message>
        <source>Perangkat: {device}</source>
        <translation>Perangkat: {device}</translation>
    </message>
    <message>
        <source>Dibuat: {when}</source>
        <translation>Dibuat: {when}</translation>
    </message>
    <message>
        <source>Jurnal sampai: #{seq} (database ini: #{current})</source>
        <translation>Jurnal sampai: #{seq} (database ini: #{current})</translation>
    </message>
    <message>
        <source>Aplikasi menutup database, memulihkan cadangan, lalu membukanya lagi. Database sekarang disimpan di sampingnya.</source>
        <translation>Aplikasi menutup database, memulihkan cadangan, lalu membukanya lagi. Database sekarang disimpan di sampingnya.</translation>
    </message>
    <message>
        <source>PERHATIAN: cadangan ini lebih lama dari database sekarang atau dari yang sudah diterima kantor pusat. Transaksi sesudahnya hilang dari PC ini. Sinkronkan dulu bila jaringan ada. Perlu PIN pengelola.</source>
        <translation>PERHATIAN: cadangan ini lebih lama dari database sekarang atau dari yang sudah diterima kantor pusat. Transaksi sesudahnya hilang dari PC ini. Sinkronkan dulu bila jaringan ada. Perlu PIN pengelola.</translation>
    </message>
</context>
<context>
    <name>SalesView</name>
    <message>
        <source>Transaksi hari ini</source>
        <translation>Transaksi hari ini</translation>
    </message>
    <message>
        <source>Struk</source>
        <translation>Struk</translation>
    </message>
    <message>
        <source>Jam</source>
        <translation>Jam</translation>
    </message>
    <message>
        <source>Jenis</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Keluarga</source>
        <translation>Keluarga</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Keterangan</source>
        <translation>Keterangan</translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>Cetak ulang</source>
        <translation>Cetak ulang</translation>
    </message>
    <message>
        <source>Batalkan (void)</source>
        <translation>Batalkan (void)</translation>
    </message>
    <message>
        <source>voucher</source>
        <translation>voucher</translation>
    </message>
    <message>
        <source>tunai</source>
        <translation>tunai</translation>
    </message>
    <message>
        <source>pembatalan</source>
        <translation>pembatalan</translation>
    </message>
    <message>
        <source>dibatalkan oleh {receipt}</source>
        <translation>dibatalkan oleh {receipt}</translation>
    </message>
    <message>
        <source>membatalkan {receipt}</source>
        <translation>membatalkan {receipt}</translation>
    </message>
    <message>
        <source>Salinan struk {receipt} masuk antrean cetak.</source>
        <translation>Salinan struk {receipt} masuk antrean cetak.</translation>
    </message>
    <message>
        <source>Dibatalkan dengan struk {receipt} ({total}).</source>
        <translation>Dibatalkan dengan struk {receipt} ({total}).</translation>
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
        <translation>Nama</translation>
    </message>
    <message>
        <source>Kode</source>
        <translation>Kode</translation>
    </message>
    <message>
        <source>Alamat</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Perangkat</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <source>Printer struk</source>
        <translation>Printer struk</translation>
    </message>
    <message>
        <source>Tidak ada</source>
        <translation>Tidak ada</translation>
    </message>
    <message>
        <source>Printer termal (ESC/POS)</source>
        <translation>Printer termal (ESC/POS)</translation>
    </message>
    <message>
        <source>Berkas PDF di folder</source>
        <translation>Berkas PDF di folder</translation>
    </message>
    <message>
        <source>Jenis</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Sambungan / folder</source>
        <translation>Sambungan / folder</translation>
    </message>
    <message>
        <source>Lebar kertas</source>
        <translation>Lebar kertas</translation>
    </message>
    <message>
        <source>Laci uang tersambung ke printer</source>
        <translation>Laci uang tersambung ke printer</translation>
    </message>
    <message>
        <source>Laci dibuka otomatis setelah penjualan tunai (perintah ESC/POS)</source>
        <translation>Laci dibuka otomatis setelah penjualan tunai (perintah ESC/POS)</translation>
    </message>
    <message>
        <source>Simpan printer</source>
        <translation>Simpan printer</translation>
    </message>
    <message>
        <source>Cetak uji</source>
        <translation>Cetak uji</translation>
    </message>
    <message>
        <source>Kantor pusat (Dinas Sosial)</source>
        <translation>Kantor pusat (Dinas Sosial)</translation>
    </message>
    <message>
        <source>kode sekali pakai dari kantor pusat</source>
        <translation>kode sekali pakai dari kantor pusat</translation>
    </message>
    <message>
        <source>Alamat server</source>
        <translation>Alamat server</translation>
    </message>
    <message>
        <source>Kode pendaftaran</source>
        <translation>Kode pendaftaran</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Daftarkan perangkat</source>
        <translation>Daftarkan perangkat</translation>
    </message>
    <message>
        <source>Mode latihan</source>
        <translation>Mode latihan</translation>
    </message>
    <message>
        <source>Outlet latihan berisi data contoh. Tidak didaftarkan ke kantor pusat, tidak disinkronkan, tidak dicadangkan; setiap struk bertanda LATIHAN - BUKAN STRUK RESMI. Printer dan bahasa diambil dari outlet sebenarnya.</source>
        <translation>Outlet latihan berisi data contoh. Tidak didaftarkan ke kantor pusat, tidak disinkronkan, tidak dicadangkan; setiap struk bertanda LATIHAN - BUKAN STRUK RESMI. Printer dan bahasa diambil dari outlet sebenarnya.</translation>
    </message>
    <message>
        <source>Tampilan dan keamanan</source>
        <translation>Tampilan dan keamanan</translation>
    </message>
    <message>
        <source> menit</source>
        <translation> menit</translation>
    </message>
    <message>
        <source>tidak pernah</source>
        <translation>tidak pernah</translation>
    </message>
    <message>
        <source>Bahasa</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Kunci otomatis</source>
        <translation>Kunci otomatis</translation>
    </message>
    <message>
        <source>Terapkan</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <source>Layar pelanggan</source>
        <translation>Layar pelanggan</translation>
    </message>
    <message>
        <source>Tampilkan layar untuk keluarga (monitor kedua)</source>
        <translation>Tampilkan layar untuk keluarga (monitor kedua)</translation>
    </message>
    <message>
        <source>Jendela kedua untuk monitor yang menghadap keluarga: nama singkat, barang dengan harga dan HET, total, sisa voucher, kembalian</source>
        <translation>Jendela kedua untuk monitor yang menghadap keluarga: nama singkat, barang dengan harga dan HET, total, sisa voucher, kembalian</translation>
    </message>
    <message>
        <source>Tampilkan lagi</source>
        <translation>Tampilkan lagi</translation>
    </message>
    <message>
        <source>Buka lagi layar pelanggan yang tertutup</source>
        <translation>Buka lagi layar pelanggan yang tertutup</translation>
    </message>
    <message>
        <source>Layar</source>
        <translation>Layar</translation>
    </message>
    <message>
        <source>Roster dari kantor pusat (berkas CSV)</source>
        <translation>Roster dari kantor pusat (berkas CSV)</translation>
    </message>
    <message>
        <source>berkas roster .csv</source>
        <translation>berkas roster .csv</translation>
    </message>
    <message>
        <source>Pilih berkas…</source>
        <translation>Pilih berkas…</translation>
    </message>
    <message>
        <source>Impor roster</source>
        <translation>Impor roster</translation>
    </message>
    <message>
        <source>terdaftar</source>
        <translation>terdaftar</translation>
    </message>
    <message>
        <source>belum terdaftar</source>
        <translation>belum terdaftar</translation>
    </message>
    <message>
        <source>Pengaturan printer disimpan.</source>
        <translation>Pengaturan printer disimpan.</translation>
    </message>
    <message>
        <source>Halaman uji dikirim ke printer.</source>
        <translation>Halaman uji dikirim ke printer.</translation>
    </message>
    <message>
        <source>Otomatis: layar kedua bila ada, jika tidak jendela biasa</source>
        <translation>Otomatis: layar kedua bila ada, jika tidak jendela biasa</translation>
    </message>
    <message>
        <source>Jendela biasa</source>
        <translation>Jendela biasa</translation>
    </message>
    <message>
        <source>Layar {name} ({size})</source>
        <translation>Layar {name} ({size})</translation>
    </message>
    <message>
        <source>Layar {name} (tidak tersambung)</source>
        <translation>Layar {name} (tidak tersambung)</translation>
    </message>
    <message>
        <source>Layar pelanggan menyala.</source>
        <translation>Layar pelanggan menyala.</translation>
    </message>
    <message>
        <source>Layar pelanggan dimatikan.</source>
        <translation>Layar pelanggan dimatikan.</translation>
    </message>
    <message>
        <source>Pilih berkas roster</source>
        <translation>Pilih berkas roster</translation>
    </message>
    <message>
        <source>Berkas CSV (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message>
        <source>Pilih berkas roster terlebih dahulu.</source>
        <translation>Pilih berkas roster terlebih dahulu.</translation>
    </message>
    <message>
        <source>Hanya pengelola yang boleh mengimpor roster.</source>
        <translation>Hanya pengelola yang boleh mengimpor roster.</translation>
    </message>
    <message>
        <source>Mengimpor roster…</source>
        <translation>Mengimpor roster…</translation>
    </message>
    <message>
        <source>Roster diimpor: {rows} baris, {created} keluarga baru, {updated} diperbarui, {flagged} ditandai.</source>
        <translation>Roster diimpor: {rows} baris, {created} keluarga baru, {updated} diperbarui, {flagged} ditandai.</translation>
    </message>
    <message>
        <source>Isi alamat server dan kode pendaftaran dari kantor pusat.</source>
        <translation>Isi alamat server dan kode pendaftaran dari kantor pusat.</translation>
    </message>
    <message>
        <source>Perangkat terdaftar di kantor pusat.</source>
        <translation>Perangkat terdaftar di kantor pusat.</translation>
    </message>
    <message>
        <source>Pengaturan disimpan.</source>
        <translation>Pengaturan disimpan.</translation>
    </message>
</context>
<context>
    <name>SetupScreen</name>
    <message>
        <source>e-Warong POS — penyiapan awal</source>
        <translation>e-Warong POS — penyiapan awal</translation>
    </message>
    <message>
        <source>Selamat datang di e-Warong POS</source>
        <translation>Selamat datang di e-Warong POS</translation>
    </message>
    <message>
        <source>Bahasa</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>PC ini belum berisi data e-Warong. Masukkan alamat kantor pusat dan kode pendaftaran sekali pakai dari kantor pusat (atau pindai QR-nya), atau pilih berkas penyiapan dari flashdisk bila tidak ada jaringan.</source>
        <translation>PC ini belum berisi data e-Warong. Masukkan alamat kantor pusat dan kode pendaftaran sekali pakai dari kantor pusat (atau pindai QR-nya), atau pilih berkas penyiapan dari flashdisk bila tidak ada jaringan.</translation>
    </message>
    <message>
        <source>Pindai QR</source>
        <translation>Pindai QR</translation>
    </message>
    <message>
        <source>Alamat kantor pusat</source>
        <translation>Alamat kantor pusat</translation>
    </message>
    <message>
        <source>Kode pendaftaran</source>
        <translation>Kode pendaftaran</translation>
    </message>
    <message>
        <source>Sidik jari sertifikat</source>
        <translation>Sidik jari sertifikat</translation>
    </message>
    <message>
        <source>Berkas penyiapan (USB)</source>
        <translation>Berkas penyiapan (USB)</translation>
    </message>
    <message>
        <source>arahkan pemindai ke QR dari kantor pusat</source>
        <translation>arahkan pemindai ke QR dari kantor pusat</translation>
    </message>
    <message>
        <source>SHA-256, dari lembar penyiapan (untuk https://)</source>
        <translation>SHA-256, dari lembar penyiapan (untuk https://)</translation>
    </message>
    <message>
        <source>Izinkan http:// tanpa enkripsi (tidak disarankan)</source>
        <translation>Izinkan http:// tanpa enkripsi (tidak disarankan)</translation>
    </message>
    <message>
        <source>Pilih…</source>
        <translation>Pilih…</translation>
    </message>
    <message>
        <source>Siapkan dari kantor pusat</source>
        <translation>Siapkan dari kantor pusat</translation>
    </message>
    <message>
        <source>Siapkan dari berkas</source>
        <translation>Siapkan dari berkas</translation>
    </message>
    <message>
        <source>Data e-Warong sudah siap</source>
        <translation>Data e-Warong sudah siap</translation>
    </message>
    <message>
        <source>Cetak halaman tes</source>
        <translation>Cetak halaman tes</translation>
    </message>
    <message>
        <source>Selesai, ke layar masuk</source>
        <translation>Selesai, ke layar masuk</translation>
    </message>
    <message>
        <source>Printer struk</source>
        <translation>Printer struk</translation>
    </message>
    <message>
        <source>Folder cadangan</source>
        <translation>Folder cadangan</translation>
    </message>
    <message>
        <source>Bukan QR penyiapan e-Warong dari kantor pusat.</source>
        <translation>Bukan QR penyiapan e-Warong dari kantor pusat.</translation>
    </message>
    <message>
        <source>QR terbaca: periksa alamatnya, lalu tekan Siapkan.</source>
        <translation>QR terbaca: periksa alamatnya, lalu tekan Siapkan.</translation>
    </message>
    <message>
        <source>Berkas penyiapan dari kantor pusat</source>
        <translation>Berkas penyiapan dari kantor pusat</translation>
    </message>
    <message>
        <source>Isi alamat kantor pusat dan kode pendaftaran.</source>
        <translation>Isi alamat kantor pusat dan kode pendaftaran.</translation>
    </message>
    <message>
        <source>Menghubungi kantor pusat…</source>
        <translation>Menghubungi kantor pusat…</translation>
    </message>
    <message>
        <source>Pilih berkas penyiapan dan isi kodenya.</source>
        <translation>Pilih berkas penyiapan dan isi kodenya.</translation>
    </message>
    <message>
        <source>Membuka berkas penyiapan…</source>
        <translation>Membuka berkas penyiapan…</translation>
    </message>
    <message>
        <source>Mengambil data: {done} dari {total} baris</source>
        <translation>Mengambil data: {done} dari {total} baris</translation>
    </message>
    <message>
        <source>Penyiapan gagal ({kind}); tidak ada yang rusak, coba lagi.</source>
        <translation>Penyiapan gagal ({kind}); tidak ada yang rusak, coba lagi.</translation>
    </message>
    <message>
        <source>{name} ({code}), kasir {device}: {rows} baris data dari kantor pusat.</source>
        <translation>{name} ({code}), kasir {device}: {rows} baris data dari kantor pusat.</translation>
    </message>
    <message>
        <source>Sertifikat kantor pusat disimpan (koneksi terenkripsi).</source>
        <translation>Sertifikat kantor pusat disimpan (koneksi terenkripsi).</translation>
    </message>
    <message>
        <source>Isi alamat printer, atau lewati.</source>
        <translation>Isi alamat printer, atau lewati.</translation>
    </message>
    <message>
        <source>Mencetak…</source>
        <translation>Mencetak…</translation>
    </message>
    <message>
        <source>Halaman tes terkirim ke printer. Sudah tercetak?</source>
        <translation>Halaman tes terkirim ke printer. Sudah tercetak?</translation>
    </message>
</context>
<context>
    <name>ShiftDialog</name>
    <message>
        <source>Buka shift: hitung modal awal</source>
        <translation>Buka shift: hitung modal awal</translation>
    </message>
    <message>
        <source>Serah terima laci kas</source>
        <translation>Serah terima laci kas</translation>
    </message>
    <message>
        <source>Tutup shift: hitung laci kas</source>
        <translation>Tutup shift: hitung laci kas</translation>
    </message>
    <message>
        <source>Hitung uang di laci per pecahan sebelum mulai berjualan.</source>
        <translation>Hitung uang di laci per pecahan sebelum mulai berjualan.</translation>
    </message>
    <message>
        <source>Laci kas masih di shift {name}. Hitung bersama; hitungan ini menutup shift itu dan menjadi modal awal shift Anda.</source>
        <translation>Laci kas masih di shift {name}. Hitung bersama; hitungan ini menutup shift itu dan menjadi modal awal shift Anda.</translation>
    </message>
    <message>
        <source>Hitung uang di laci per pecahan.</source>
        <translation>Hitung uang di laci per pecahan.</translation>
    </message>
    <message>
        <source>{value} (koin)</source>
        <translation>{value} (koin)</translation>
    </message>
    <message>
        <source>(tidak perlu)</source>
        <translation>(tidak perlu)</translation>
    </message>
    <message>
        <source>Alasan selisih</source>
        <translation>Alasan selisih</translation>
    </message>
    <message>
        <source>Pengelola (jika selisih di atas batas)</source>
        <translation>Pengelola (jika selisih di atas batas)</translation>
    </message>
    <message>
        <source>PIN pengelola</source>
        <translation>PIN pengelola</translation>
    </message>
    <message>
        <source>Simpan hitungan</source>
        <translation>Simpan hitungan</translation>
    </message>
    <message>
        <source>Nanti</source>
        <translation>Nanti</translation>
    </message>
    <message>
        <source>Jumlah dihitung: {total}</source>
        <translation>Jumlah dihitung: {total}</translation>
    </message>
    <message>
        <source>Seharusnya {expected} (modal {float} + tunai {sales} - batal {voids}); selisih {diff}</source>
        <translation>Seharusnya {expected} (modal {float} + tunai {sales} - batal {voids}); selisih {diff}</translation>
    </message>
</context>
<context>
    <name>ShiftGuard</name>
    <message>
        <source>Hari sudah ditutup</source>
        <translation>Hari sudah ditutup</translation>
    </message>
    <message>
        <source>Laporan shift dicetak</source>
        <translation>Laporan shift dicetak</translation>
    </message>
    <message>
        <source>Laporan shift tidak tercetak: {error}</source>
        <translation>Laporan shift tidak tercetak: {error}</translation>
    </message>
    <message>
        <source>Tidak ada shift yang buka</source>
        <translation>Tidak ada shift yang buka</translation>
    </message>
</context>
<context>
    <name>StockView</name>
    <message>
        <source>Stok barang</source>
        <translation>Stok barang</translation>
    </message>
    <message>
        <source>Terima kiriman</source>
        <translation>Terima kiriman</translation>
    </message>
    <message>
        <source>Penyesuaian (rusak, hilang, koreksi)</source>
        <translation>Penyesuaian (rusak, hilang, koreksi)</translation>
    </message>
    <message>
        <source>Stok opname (hitung fisik)</source>
        <translation>Stok opname (hitung fisik)</translation>
    </message>
    <message>
        <source>mis. Perum Bulog</source>
        <translation>mis. Perum Bulog</translation>
    </message>
    <message>
        <source>nomor surat jalan</source>
        <translation>nomor surat jalan</translation>
    </message>
    <message>
        <source>rusak</source>
        <translation>rusak</translation>
    </message>
    <message>
        <source>hilang</source>
        <translation>hilang</translation>
    </message>
    <message>
        <source>koreksi</source>
        <translation>koreksi</translation>
    </message>
    <message>
        <source>Pemasok</source>
        <translation>Pemasok</translation>
    </message>
    <message>
        <source>No. surat jalan</source>
        <translation>No. surat jalan</translation>
    </message>
    <message>
        <source>Alasan</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Dokumen</source>
        <translation>Dokumen</translation>
    </message>
    <message>
        <source>Catatan</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Produk</source>
        <translation>Produk</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>Stok</source>
        <translation>Stok</translation>
    </message>
    <message>
        <source>Batas rendah</source>
        <translation>Batas rendah</translation>
    </message>
    <message>
        <source>Jumlah</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Harga beli / satuan</source>
        <translation>Harga beli / satuan</translation>
    </message>
    <message>
        <source>Muat ulang</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>Simpan dokumen</source>
        <translation>Simpan dokumen</translation>
    </message>
    <message>
        <source>Stok rendah</source>
        <translation>Stok rendah</translation>
    </message>
    <message>
        <source>Stok rendah: {count} produk</source>
        <translation>Stok rendah: {count} produk</translation>
    </message>
    <message>
        <source>Jumlah diterima</source>
        <translation>Jumlah diterima</translation>
    </message>
    <message>
        <source>Perubahan (+/-)</source>
        <translation>Perubahan (+/-)</translation>
    </message>
    <message>
        <source>Jumlah dihitung</source>
        <translation>Jumlah dihitung</translation>
    </message>
    <message>
        <source>{product}: jumlah '{text}' tidak valid</source>
        <translation>{product}: jumlah '{text}' tidak valid</translation>
    </message>
    <message>
        <source>{product}: harga beli '{text}' tidak valid</source>
        <translation>{product}: harga beli '{text}' tidak valid</translation>
    </message>
    <message>
        <source>{product}: isi harga beli per satuan</source>
        <translation>{product}: isi harga beli per satuan</translation>
    </message>
    <message>
        <source>Isi jumlah untuk minimal satu produk.</source>
        <translation>Isi jumlah untuk minimal satu produk.</translation>
    </message>
    <message>
        <source>Kiriman</source>
        <translation>Kiriman</translation>
    </message>
    <message>
        <source>Penyesuaian</source>
        <translation>Penyesuaian</translation>
    </message>
    <message>
        <source>Stok opname</source>
        <translation>Stok opname</translation>
    </message>
    <message>
        <source>{kind} tersimpan ({lines} baris).</source>
        <translation>{kind} tersimpan ({lines} baris).</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sinkronisasi: …</source>
        <translation>Sinkronisasi: …</translation>
    </message>
    <message>
        <source>Sengketa</source>
        <translation>Sengketa</translation>
    </message>
    <message>
        <source>Sinkron sekarang</source>
        <translation>Sinkron sekarang</translation>
    </message>
    <message>
        <source>Sinkronisasi: tidak diketahui</source>
        <translation>Sinkronisasi: tidak diketahui</translation>
    </message>
    <message>
        <source>Menyinkronkan…</source>
        <translation>Menyinkronkan…</translation>
    </message>
    <message>
        <source>Latihan: tidak pernah disinkronkan</source>
        <translation>Latihan: tidak pernah disinkronkan</translation>
    </message>
    <message>
        <source>Belum terdaftar di kantor pusat</source>
        <translation>Belum terdaftar di kantor pusat</translation>
    </message>
    <message>
        <source>Belum terdaftar</source>
        <translation>Belum terdaftar</translation>
    </message>
    <message>
        <source>Luring (offline)</source>
        <translation>Luring (offline)</translation>
    </message>
    <message>
        <source>Luring</source>
        <translation>Luring</translation>
    </message>
    <message>
        <source>Ditolak kantor pusat</source>
        <translation>Ditolak kantor pusat</translation>
    </message>
    <message>
        <source>Ditolak kantor pusat: {error}</source>
        <translation>Ditolak kantor pusat: {error}</translation>
    </message>
    <message>
        <source>TIDAK TERENKRIPSI (http://)</source>
        <translation>TIDAK TERENKRIPSI (http://)</translation>
    </message>
    <message>
        <source>Sinkronisasi selesai.</source>
        <translation>Sinkronisasi selesai.</translation>
    </message>
    <message>
        <source>Belum pernah sinkron</source>
        <translation>Belum pernah sinkron</translation>
    </message>
    <message>
        <source>Sinkron {minutes} menit lalu</source>
        <translation>Sinkron {minutes} menit lalu</translation>
    </message>
    <message>
        <source>{count} menunggu</source>
        <translation>{count} menunggu</translation>
    </message>
    <message>
        <source>{count} disengketakan</source>
        <translation>{count} disengketakan</translation>
    </message>
    <message>
        <source>Sinkronisasi gagal: {error}</source>
        <translation>Sinkronisasi gagal: {error}</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>MODE LATIHAN - transaksi tidak nyata</source>
        <translation>MODE LATIHAN - transaksi tidak nyata</translation>
    </message>
    <message>
        <source>LATIHAN</source>
        <translation>LATIHAN</translation>
    </message>
</context>
<context>
    <name>TrainingBanner</name>
    <message>
        <source>Outlet latihan: data contoh, tidak pernah disinkronkan atau dicadangkan; setiap struk bertanda LATIHAN - BUKAN STRUK RESMI</source>
        <translation>Outlet latihan: data contoh, tidak pernah disinkronkan atau dicadangkan; setiap struk bertanda LATIHAN - BUKAN STRUK RESMI</translation>
    </message>
    <message>
        <source>Mulai ulang</source>
        <translation>Mulai ulang</translation>
    </message>
    <message>
        <source>Keluar latihan</source>
        <translation>Keluar latihan</translation>
    </message>
</context>
<context>
    <name>Views</name>
    <message>
        <source>Loket</source>
        <translation>Loket</translation>
    </message>
    <message>
        <source>Tunai</source>
        <translation>Tunai</translation>
    </message>
    <message>
        <source>Transaksi</source>
        <translation>Transaksi</translation>
    </message>
    <message>
        <source>Stok</source>
        <translation>Stok</translation>
    </message>
    <message>
        <source>Laporan</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Ringkasan</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <source>Pengaturan</source>
        <translation>Pengaturan</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Pembatalan transaksi</source>
        <translation>Pembatalan transaksi</translation>
    </message>
    <message>
        <source>Batalkan struk {receipt} senilai {total}? Perlu persetujuan pengelola.</source>
        <translation>Batalkan struk {receipt} senilai {total}? Perlu persetujuan pengelola.</translation>
    </message>
    <message>
        <source>mis. salah jumlah beras</source>
        <translation>mis. salah jumlah beras</translation>
    </message>
    <message>
        <source>Batalkan transaksi</source>
        <translation>Batalkan transaksi</translation>
    </message>
    <message>
        <source>Tulis alasan pembatalan.</source>
        <translation>Tulis alasan pembatalan.</translation>
    </message>
</context>
</TS>