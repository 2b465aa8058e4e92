"""Documents in and round trips: xlsx import and roster export, LRMX, templates.

Readers turn files into plain values (`incoming.Incoming`); they never touch the database.
Services match those values against the database, show a preview and commit. Nothing here
imports Qt or services.
"""
