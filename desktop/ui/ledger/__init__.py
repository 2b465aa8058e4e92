"""The 积分 section: a cadre's ledger and its dialogs."""
