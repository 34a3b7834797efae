from django.urls import path  # noqa: F401

app_name = "evaluations"

urlpatterns = [
    # Entries, evidence and review
    # Cycles and assignments
    # Worklists and notifications
    # Scores, path to the next tier, what-if
    # Dashboards and chart data
]
