"""Judging a cadre on the facts: the written conclusion with its citations, versions and sign-off."""
