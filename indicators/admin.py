from django.contrib import admin

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


class TierInline(admin.TabularInline):
    model = Tier
    extra = 0


class ClusterInline(admin.TabularInline):
    model = Cluster
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "illustrative", "max_score", "created_at"]
    inlines = [TierInline, ClusterInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["code", "name", "position"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "instrument"]
    list_filter = ["instrument"]
    inlines = [IndicatorInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["code", "level", "kind", "points", "default_opd_code"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "cluster"]
    list_filter = ["cluster__instrument"]
    search_fields = ["code", "name"]
    inlines = [QuestionInline]


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    extra = 0


class PercentageBandInline(admin.TabularInline):
    model = PercentageBand
    extra = 0


class DocumentRequirementInline(admin.TabularInline):
    model = DocumentRequirement
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "indicator", "level", "kind", "points", "default_opd_code"]
    list_filter = ["indicator__cluster__instrument", "level", "kind"]
    search_fields = ["code", "text"]
    inlines = [AnswerOptionInline, PercentageBandInline, DocumentRequirementInline]
