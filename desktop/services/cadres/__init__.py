"""Cadre files and the roster: files, filters, columns, attachments, history, data quality, statistics."""
