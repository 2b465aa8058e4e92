"""Making reports: gathering their data, numbering, batches, the audit of every file."""
