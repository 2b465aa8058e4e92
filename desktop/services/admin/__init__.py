"""Administration: accounts, settings, backups and restore, integrity checks."""
