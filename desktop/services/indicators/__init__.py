"""Quarterly key-task indicators: rule sets, quarterly values, scores and rankings (成绩单)."""
