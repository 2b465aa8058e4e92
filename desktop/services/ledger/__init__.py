"""The political-performance points ledger (积分)."""
