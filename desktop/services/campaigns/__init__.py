"""Front-line assessment campaigns, the instruction ledger, visits and talks."""
