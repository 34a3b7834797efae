"""The two dashboards: what they show, their chart data and their views.

- ``selected``: the selected cycle's scores, read by both dashboards and their charts;
- ``pimpinan`` and ``dp3akb``: what each dashboard shows, in a fixed number of queries;
- ``charts``: one dataclass per chart, feeding both the JSON and the accessible table;
- ``chart_views``: the django-chartjs JSON views; ``views``: the two pages.
"""
