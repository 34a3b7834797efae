"""Django admin for the instrument (platform superusers only). An instrument is shared by every
city and decides their scores: once a cycle uses it, it and all its parts are read-only here
(kla/admin_site.py). Parts are added on their parent's page, never on their own."""

from django.contrib import admin

from kla.admin_site import FrozenInline, FrozenWhenUsed

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


class PartAdmin(FrozenWhenUsed, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False


class TierInline(FrozenInline):
    model = Tier


class ClusterInline(FrozenInline):
    model = Cluster


@admin.register(Instrument)
class InstrumentAdmin(FrozenWhenUsed, admin.ModelAdmin):
    list_display = ["code", "name", "illustrative", "max_score", "created_at"]
    inlines = [TierInline, ClusterInline]

    def instrument_of(self, obj):
        return obj


class IndicatorInline(FrozenInline):
    model = Indicator
    fields = ["code", "name", "position"]
    instrument_path = "instrument"


@admin.register(Cluster)
class ClusterAdmin(PartAdmin):
    list_display = ["code", "name", "instrument"]
    list_filter = ["instrument"]
    inlines = [IndicatorInline]
    parent_field = "instrument"

    def instrument_of(self, obj):
        return obj.instrument


class QuestionInline(FrozenInline):
    model = Question
    fields = ["code", "level", "kind", "points", "default_opd_code"]
    instrument_path = "cluster.instrument"


@admin.register(Indicator)
class IndicatorAdmin(PartAdmin):
    list_display = ["code", "name", "cluster"]
    list_filter = ["cluster__instrument"]
    search_fields = ["code", "name"]
    inlines = [QuestionInline]
    parent_field = "cluster"

    def instrument_of(self, obj):
        return obj.cluster.instrument


class QuestionPartInline(FrozenInline):
    instrument_path = "indicator.cluster.instrument"


class AnswerOptionInline(QuestionPartInline):
    model = AnswerOption


class PercentageBandInline(QuestionPartInline):
    model = PercentageBand


class DocumentRequirementInline(QuestionPartInline):
    model = DocumentRequirement


@admin.register(Question)
class QuestionAdmin(PartAdmin):
    list_display = ["code", "indicator", "level", "kind", "points", "default_opd_code"]
    list_filter = ["indicator__cluster__instrument", "level", "kind"]
    search_fields = ["code", "text"]
    inlines = [AnswerOptionInline, PercentageBandInline, DocumentRequirementInline]
    parent_field = "indicator"

    def instrument_of(self, obj):
        return obj.indicator.cluster.instrument
