"""Use cases: one transaction each, domain rules over storage."""
