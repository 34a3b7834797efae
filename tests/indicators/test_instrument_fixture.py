from collections import Counter
from decimal import Decimal

from django.db.models import Sum

from indicators.models import Indicator, Question


def test_default_instrument_has_24_indicators_in_six_groups(instrument):
    per_cluster = Counter(
        Indicator.objects.filter(cluster__instrument=instrument).values_list(
            "cluster__code", flat=True
        )
    )
    assert per_cluster == {"KL": 3, "I": 3, "II": 5, "III": 6, "IV": 3, "V": 4}


def test_default_instrument_points_sum_to_1000(instrument):
    total = Question.objects.of_instrument(instrument).aggregate(total=Sum("points"))["total"]
    assert total == Decimal("1000") == instrument.max_score


def test_default_instrument_is_marked_illustrative_with_official_tiers(instrument):
    assert instrument.illustrative is True
    assert [(t.code, t.min_score) for t in instrument.tiers.all()] == [
        ("pratama", Decimal(500)),
        ("madya", Decimal(601)),
        ("nindya", Decimal(701)),
        ("utama", Decimal(801)),
        ("kla", Decimal(901)),
    ]


def test_each_indicator_has_two_to_four_questions(instrument):
    per_indicator = Counter(
        Question.objects.of_instrument(instrument).values_list("indicator__code", flat=True)
    )
    assert len(per_indicator) == 24
    assert all(2 <= n <= 4 for n in per_indicator.values()), per_indicator
