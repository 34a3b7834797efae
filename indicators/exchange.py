"""Import and export an instrument as one JSON document (docs/instrument-format.md).

Export then import gives the same instrument: the document is the instrument's whole truth.
"""

from decimal import Decimal

from django.db import transaction

from .models import (
    AnswerOption,
    Cluster,
    DocumentRequirement,
    Indicator,
    Instrument,
    PercentageBand,
    Question,
    Tier,
)
from .validation import FORMAT_NAME, FORMAT_VERSION, validate_instrument


class InstrumentImportError(Exception):
    """The file cannot be imported; ``problems`` lists every reason with its location."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def number(value: Decimal) -> str:
    """Decimals as strings without trailing zeros: "35", "0.4", "12.5"."""
    text = format(value.normalize(), "f")
    return text


def export_instrument(instrument: Instrument) -> dict:
    clusters = instrument.clusters.prefetch_related(
        "indicators__questions__options",
        "indicators__questions__bands",
        "indicators__questions__documents",
    )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "code": instrument.code,
        "name": instrument.name,
        "illustrative": instrument.illustrative,
        "max_score": number(instrument.max_score),
        "tiers": [
            {"code": t.code, "name": t.name, "min_score": number(t.min_score)}
            for t in instrument.tiers.all()
        ],
        "clusters": [
            {
                "code": cluster.code,
                "name": cluster.name,
                "indicators": [_export_indicator(i) for i in cluster.indicators.all()],
            }
            for cluster in clusters
        ],
    }


def _export_indicator(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "description": indicator.description,
        "questions": [_export_question(q) for q in indicator.questions.all()],
    }


def _export_question(question: Question) -> dict:
    data = {
        "code": question.code,
        "text": question.text,
        "level": question.level,
        "kind": question.kind,
        "points": number(question.points),
        "opd": question.default_opd_code,
        "documents": [{"code": d.code, "name": d.name} for d in question.documents.all()],
    }
    if question.kind == Question.Kind.OPTION:
        data["options"] = [
            {"code": o.code, "label": o.label, "share": number(o.share)}
            for o in question.options.all()
        ]
    if question.kind == Question.Kind.PERCENTAGE:
        rule = {"direction": question.direction}
        if question.numerator_label or question.denominator_label:
            rule["numerator_label"] = question.numerator_label
            rule["denominator_label"] = question.denominator_label
        bands = list(question.bands.all())
        if bands:
            rule["bands"] = [
                {"threshold": number(b.threshold), "fraction": number(b.fraction)} for b in bands
            ]
        else:
            rule["floor"], rule["target"] = number(question.floor), number(question.target)
        data["percentage"] = rule
    return data


@transaction.atomic
def import_instrument(data, *, by=None, sha256: str = "") -> Instrument:
    """Create the instrument described by ``data``, or raise with every problem found. ``by``
    and ``sha256`` record who imported which file (None and "" for fixtures loaded by a
    command)."""
    problems = validate_instrument(data)
    if not problems and Instrument.objects.filter(code=data["code"]).exists():
        problems = [f"instrumen.code: instrumen {data['code']!r} sudah ada; pakai kode lain."]
    if problems:
        raise InstrumentImportError(problems)
    instrument = Instrument.objects.create(
        code=data["code"],
        name=data["name"],
        illustrative=bool(data.get("illustrative", False)),
        max_score=Decimal(data["max_score"]),
        imported_by=by,
        source_sha256=sha256,
    )
    Tier.objects.bulk_create(
        Tier(
            instrument=instrument, code=t["code"], name=t["name"], min_score=Decimal(t["min_score"])
        )
        for t in data["tiers"]
    )
    _create_tree(instrument, data["clusters"])
    return instrument


def _create_tree(instrument: Instrument, clusters_data: list[dict]) -> None:
    """Create clusters, indicators, questions and their parts level by level with bulk inserts
    (a few queries for the whole instrument instead of several per question)."""
    clusters = Cluster.objects.bulk_create(
        Cluster(instrument=instrument, code=c["code"], name=c["name"], position=n)
        for n, c in enumerate(clusters_data)
    )
    indicator_rows = [
        (cluster, n, idata)
        for cluster, cdata in zip(clusters, clusters_data, strict=True)
        for n, idata in enumerate(cdata["indicators"])
    ]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            cluster=cluster,
            code=idata["code"],
            name=idata["name"],
            description=idata.get("description", ""),
            position=n,
        )
        for cluster, n, idata in indicator_rows
    )
    question_rows = [
        (indicator, n, qdata)
        for indicator, (_, _, idata) in zip(indicators, indicator_rows, strict=True)
        for n, qdata in enumerate(idata["questions"])
    ]
    questions = Question.objects.bulk_create(
        _question(indicator, qdata, n) for indicator, n, qdata in question_rows
    )
    _create_question_parts(zip(questions, (qdata for _, _, qdata in question_rows), strict=True))


def _create_question_parts(questions_with_data) -> None:
    """Documents, options and bands of the questions, one bulk insert each."""
    pairs = list(questions_with_data)
    DocumentRequirement.objects.bulk_create(
        DocumentRequirement(question=q, code=d["code"], name=d["name"], position=n)
        for q, qdata in pairs
        for n, d in enumerate(qdata.get("documents", []))
    )
    AnswerOption.objects.bulk_create(
        AnswerOption(
            question=q, code=o["code"], label=o["label"], share=Decimal(o["share"]), position=n
        )
        for q, qdata in pairs
        for n, o in enumerate(qdata.get("options", []))
    )
    PercentageBand.objects.bulk_create(
        PercentageBand(
            question=q,
            threshold=Decimal(b["threshold"]),
            fraction=Decimal(b["fraction"]),
            position=n,
        )
        for q, qdata in pairs
        for n, b in enumerate((qdata.get("percentage") or {}).get("bands", []))
    )


def _question(indicator: Indicator, data: dict, position: int) -> Question:
    rule = data.get("percentage") or {}
    return Question(
        indicator=indicator,
        code=data["code"],
        text=data["text"],
        level=data["level"],
        kind=data["kind"],
        points=Decimal(data["points"]),
        default_opd_code=data["opd"],
        direction=rule.get("direction", ""),
        numerator_label=rule.get("numerator_label", "").strip(),
        denominator_label=rule.get("denominator_label", "").strip(),
        floor=Decimal(rule["floor"]) if "floor" in rule else None,
        target=Decimal(rule["target"]) if "target" in rule else None,
        position=position,
    )
