"""Exchange with the users' world: Excel, PDF, ZIP and CSV out, the Excel template back in.

One module per format; the views that serve them live in evaluations/views/exports.py.
"""
