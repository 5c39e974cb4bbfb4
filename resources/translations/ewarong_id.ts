<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID" sourcelanguage="id_ID">
<context>
    <name>App</name>
    <message>
        <source>Outlet belum disiapkan di folder data ini: {path}
Jalankan `ewarong-pos --demo`, atau daftarkan perangkat ke kantor pusat.</source>
        <translation>Outlet belum disiapkan di folder data ini: {path}
Jalankan `ewarong-pos --demo`, atau daftarkan perangkat ke kantor pusat.</translation>
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
        <source>Kunci</source>
        <translation>Kunci</translation>
    </message>
    <message>
        <source>Ganti kasir</source>
        <translation>Ganti kasir</translation>
    </message>
    <message>
        <source>Kasir: {name}</source>
        <translation>Kasir: {name}</translation>
    </message>
    <message>
        <source>Gagal: {error}</source>
        <translation>Gagal: {error}</translation>
    </message>
    <message>
        <source>Memproses…</source>
        <translation>Memproses…</translation>
    </message>
</context>
<context>
    <name>QCoreApplication</name>
    <message>
        <source>Views</source>
        <comment>Ringkasan</comment>
        <translation>Views</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sinkronisasi: …</source>
        <translation>Sinkronisasi: …</translation>
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
        <source>Belum terdaftar di kantor pusat</source>
        <translation>Belum terdaftar di kantor pusat</translation>
    </message>
    <message>
        <source>Luring</source>
        <translation>Luring</translation>
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
        <source>Sinkronisasi tidak tersedia di versi ini.</source>
        <translation>Sinkronisasi tidak tersedia di versi ini.</translation>
    </message>
    <message>
        <source>Sinkronisasi gagal: {error}</source>
        <translation>Sinkronisasi gagal: {error}</translation>
    </message>
</context>
</TS>