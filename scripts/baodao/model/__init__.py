"""Domain facts every layer shares, between file I/O (``records``) and everything that reads records.

Dates, paths inside records, rules in force, the work calendar, service assignments, registration
deadlines, funds, editors' scopes, the notice lock, labels. Imports only ``records`` and
``problems`` (tests/test_layers.py).
"""
