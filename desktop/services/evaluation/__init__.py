"""Evaluation: sheet templates, filled sheets, paper ballots and tallies."""
