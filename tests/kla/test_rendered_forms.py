"""Forms rendered once per process for the same inputs (kla/rendered_forms.py): the lists'
filter form and the entry page's upload, comment and return forms give the same HTML
crispy-forms renders, never another form's, another language's or stale choices."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from evaluations.forms.evidence import EvidenceForm
from evaluations.forms.review import CommentForm, ReturnForm
from evaluations.forms.worklists import EntryFilterForm
from indicators.models import DocumentRequirement, Question
from kla import rendered_forms
from kla.organisations.models import Opd
from tests.factories import make_cycle

ACTION = "/evaluasi/verifikasi/"


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)


@pytest.fixture(autouse=True)
def nothing_kept():
    rendered_forms.forget_all()
    yield
    rendered_forms.forget_all()


def form(cycle, query: str = "", **kwargs) -> EntryFilterForm:
    return EntryFilterForm(QueryDict(query), cycle=cycle, action=ACTION, **kwargs)


def by_crispy(form) -> str:
    """What the templates rendered before: the filter form with its tag, the others' fields."""
    tag = "{% crispy form %}" if hasattr(form, "helper") else "{{ form|crispy }}"
    return Template("{% load crispy_forms_tags %}" + tag).render(Context({"form": form}))


@pytest.mark.parametrize(
    "query, kwargs",
    [
        ("", {}),
        ("", {"queue": True}),
        ("opd=DINKES&status=returned&terlambat=on", {}),
        ("opd=TIDAK-ADA&kecamatan=99", {}),  # invalid values: their errors in the form
    ],
)
def test_it_is_what_crispy_renders_and_is_rendered_once(cycle, query, kwargs):
    expected = by_crispy(form(cycle, query, **kwargs))

    first = form(cycle, query, **kwargs).html()
    again = form(cycle, query, **kwargs).html()

    assert first == expected
    assert again is first  # kept, not rendered again
    assert len(rendered_forms._kept) == 1


def test_an_operators_form_has_no_opd_filter_and_is_kept_apart(cycle, operator_dinkes):
    city_wide = form(cycle).html()
    own = form(cycle, opd=operator_dinkes.opd_id).html()

    assert 'name="opd"' in city_wide
    assert 'name="opd"' not in own
    assert own == by_crispy(form(cycle, opd=operator_dinkes.opd_id))


def test_the_chosen_values_and_an_unknown_one_show(cycle):
    chosen = form(cycle, "opd=DINKES").html()
    unknown = form(cycle, "opd=TIDAK-ADA").html()

    assert '<option value="DINKES" selected>' in chosen
    assert "OPD tidak dikenal." not in chosen
    assert "OPD tidak dikenal." in unknown


def test_a_renamed_opd_shows_at_once(cycle):
    before = form(cycle).html()
    Opd.objects.filter(kabupaten=cycle.kabupaten, code="DINKES").update(name="Dinas Sehat")

    after = form(cycle).html()

    assert "Dinas Sehat" not in before
    assert "DINKES – Dinas Sehat" in after


def test_each_language_gets_its_own_words(cycle):
    indonesian = form(cycle, "opd=TIDAK-ADA").html()
    with translation.override("en"):
        english = form(cycle, "opd=TIDAK-ADA").html()

    assert "Saring" in indonesian and "Semua OPD" in indonesian
    assert "Filter" in english and "All agencies" in english and "Unknown agency." in english
    assert "Saring" not in english
    assert form(cycle, "opd=TIDAK-ADA").html() is indonesian


def test_what_it_keeps_is_bounded(cycle, monkeypatch):
    monkeypatch.setattr(rendered_forms, "KEPT", 3)

    for page in range(10):  # any query string is a new key: a visitor cannot grow it unbounded
        form(cycle, f"halaman={page}").html()

    assert len(rendered_forms._kept) <= 3


def test_the_entry_pages_forms_are_what_crispy_renders_per_question(cycle):
    questions = Question.objects.filter(
        indicator__cluster__instrument=cycle.instrument, documents__isnull=False
    ).distinct()
    with_documents, without = questions[0], questions[1]
    without.documents.all().delete()  # every file an extra document: the choice is hidden

    for make in (
        lambda: EvidenceForm(question=with_documents),
        lambda: EvidenceForm(question=without),
        CommentForm,
        ReturnForm,
    ):
        first = make().html()
        assert first == by_crispy(make())
        assert make().html() is first
    assert len(rendered_forms._kept) == 4  # the two questions' upload forms apart

    name = with_documents.documents.first().name
    assert name in EvidenceForm(question=with_documents).html()
    assert name not in EvidenceForm(question=without).html()


def test_a_new_required_document_shows_at_once(cycle):
    question = Question.objects.filter(indicator__cluster__instrument=cycle.instrument).first()
    before = EvidenceForm(question=question).html()
    DocumentRequirement.objects.create(question=question, code="sk-baru", name="SK Baru Walikota")

    after = EvidenceForm(question=question).html()

    assert "SK Baru Walikota" not in before
    assert "SK Baru Walikota" in after


def test_a_posted_form_is_rendered_every_time_with_its_own_errors(cycle):
    """A view may add an error of its own to a posted form, and an upload's errors depend on its
    file: such forms are never kept."""
    posted = CommentForm(QueryDict("text="))
    posted.is_valid()
    posted.add_error(None, "Isian sudah diverifikasi.")

    html = posted.html()

    assert "Isian sudah diverifikasi." in html
    assert "Komentar tidak boleh kosong." in html
    assert rendered_forms._kept == {}
    assert "Isian sudah diverifikasi." not in CommentForm(QueryDict("text=")).html()
