"""系统管理: accounts, rules, backups and restore, the audit-chain status."""
