"""The load test (`make load`): locustfile.py drives the app, run.py serves it and reports."""
