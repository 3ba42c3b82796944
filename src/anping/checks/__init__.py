"""Automated evidence checks that run where the data lives (DESIGN.md §5).

Pure Python, no Django. A check returns aggregates, pass/fail per criterion and at most a handful
of masked example rows — never bulk personal data (privacy by design).
"""
