"""Documents out: PDF (reportlab), Word and xlsx layouts as pure functions from domain data
to a file. No Qt."""
