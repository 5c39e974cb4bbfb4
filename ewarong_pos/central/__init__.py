"""The central office service (Dinas Sosial): roster, vouchers, prices, outlets, sync."""
