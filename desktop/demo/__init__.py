"""Demo databases for `frontline demo` and the login dialog: synthetic but consistent data."""
