"""The 测评 section: templates, sheets, ballot keying, tallies."""
