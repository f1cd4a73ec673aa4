"""Card readers and printers behind small interfaces; no Qt."""
