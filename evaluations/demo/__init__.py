"""Demo data for Kota Serang (demo only): cycles with answers and generated evidence."""
