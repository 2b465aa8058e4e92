"""Comprehensive analysis (立体式研判): everything known about a cadre on one screen, and cadres side by side."""
