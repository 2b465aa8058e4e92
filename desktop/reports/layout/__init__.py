"""The reports' typesetting engine: fonts and glyph fallback, Chinese line breaking and
justification, the GB/T 9704 grid, ruled forms and tables, and the Word writers. It knows no
report: report modules above it say what a document contains (README.md says what this does
that reportlab's platypus does not)."""
