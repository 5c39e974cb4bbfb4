<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US" sourcelanguage="id_ID">
<context>
    <name>App</name>
    <message>
        <source>Outlet belum disiapkan di folder data ini: {path}
Jalankan `ewarong-pos --demo`, atau daftarkan perangkat ke kantor pusat.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <source>Ringkasan outlet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Outlet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keluarga (KPM)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Voucher terbuka</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Produk ada stok</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kantor pusat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>terdaftar</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>belum terdaftar</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LoginView</name>
    <message>
        <source>Masuk ke kasir</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Akun</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Masuk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ganti kasir</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Demo: PIN untuk mencoba</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>kasir</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pengelola</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>pengawas</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Terkunci: {name}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pilih akun terlebih dahulu.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Masukkan PIN.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>e-Warong POS</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kunci</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ganti kasir</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kasir: {name}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Gagal: {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Memproses…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QCoreApplication</name>
    <message>
        <source>Views</source>
        <comment>Ringkasan</comment>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sinkronisasi: …</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sinkron sekarang</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sinkronisasi: tidak diketahui</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Menyinkronkan…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Belum terdaftar di kantor pusat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Luring</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Belum pernah sinkron</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sinkron {minutes} menit lalu</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{count} menunggu</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{count} disengketakan</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sinkronisasi tidak tersedia di versi ini.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sinkronisasi gagal: {error}</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>