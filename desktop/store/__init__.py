"""Storage: opening the encrypted database (key slots, SQLCipher engine), migrations, backups,
the audit anchor. No Qt."""
