"""``casewatch serve``: the read-only dashboard and JSON API (SPEC §6)."""
