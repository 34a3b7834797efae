"""Forms whose crispy-forms HTML is cached per process for the same inputs (kla/crispy_cache.py):
the lists' filter form and the entry page's upload, comment and return forms give the same HTML
crispy-forms renders, never another form's, another language's, stale choices or errors."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from evaluations.forms.evidence import EvidenceForm
from evaluations.forms.review import CommentForm, ReturnForm
from evaluations.forms.worklists import EntryFilterForm
from indicators.models import DocumentRequirement, Question
from kla import crispy_cache
from kla.organisations.models import Opd
from tests.factories import make_cycle

ACTION = "/evaluasi/verifikasi/"


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)


@pytest.fixture(autouse=True)
def nothing_kept():
    crispy_cache.clear_cache()
    yield
    crispy_cache.clear_cache()


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
def test_it_is_what_crispy_renders_and_is_cached(cycle, query, kwargs):
    expected = by_crispy(form(cycle, query, **kwargs))

    first = form(cycle, query, **kwargs).crispy_html()
    again = form(cycle, query, **kwargs).crispy_html()

    assert first == expected
    assert again is first  # kept, not rendered again
    assert len(crispy_cache._cache) == 1


def test_an_operators_form_has_no_opd_filter_and_is_kept_apart(cycle, operator_dinkes):
    city_wide = form(cycle).crispy_html()
    own = form(cycle, opd=operator_dinkes.opd_id).crispy_html()

    assert 'name="opd"' in city_wide
    assert 'name="opd"' not in own
    assert own == by_crispy(form(cycle, opd=operator_dinkes.opd_id))


def test_the_chosen_values_and_an_unknown_one_show(cycle):
    chosen = form(cycle, "opd=DINKES").crispy_html()
    unknown = form(cycle, "opd=TIDAK-ADA").crispy_html()

    assert '<option value="DINKES" selected>' in chosen
    assert "OPD tidak dikenal." not in chosen
    assert "OPD tidak dikenal." in unknown


def test_a_renamed_opd_shows_at_once(cycle):
    before = form(cycle).crispy_html()
    Opd.objects.filter(kabupaten=cycle.kabupaten, code="DINKES").update(name="Dinas Sehat")

    after = form(cycle).crispy_html()

    assert "Dinas Sehat" not in before
    assert "DINKES – Dinas Sehat" in after


def test_each_language_gets_its_own_words(cycle):
    indonesian = form(cycle, "opd=TIDAK-ADA").crispy_html()
    with translation.override("en"):
        english = form(cycle, "opd=TIDAK-ADA").crispy_html()

    assert "Saring" in indonesian and "Semua OPD" in indonesian
    assert "Filter" in english and "All agencies" in english and "Unknown agency." in english
    assert "Saring" not in english
    assert form(cycle, "opd=TIDAK-ADA").crispy_html() is indonesian


def test_what_it_keeps_is_bounded(cycle, monkeypatch):
    monkeypatch.setattr(crispy_cache, "CACHE_SIZE", 3)

    for n in range(10):  # any value is a new key: a visitor cannot grow it without bound
        form(cycle, f"status=x{n}").crispy_html()

    assert len(crispy_cache._cache) <= 3


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
        first = make().crispy_html()
        assert first == by_crispy(make())
        assert make().crispy_html() is first
    assert len(crispy_cache._cache) == 4  # the two questions' upload forms apart

    name = with_documents.documents.first().name
    assert name in EvidenceForm(question=with_documents).crispy_html()
    assert name not in EvidenceForm(question=without).crispy_html()


def test_a_new_required_document_shows_at_once(cycle):
    question = Question.objects.filter(indicator__cluster__instrument=cycle.instrument).first()
    before = EvidenceForm(question=question).crispy_html()
    DocumentRequirement.objects.create(question=question, code="sk-baru", name="SK Baru Walikota")

    after = EvidenceForm(question=question).crispy_html()

    assert "SK Baru Walikota" not in before
    assert "SK Baru Walikota" in after


def test_a_posted_form_is_rendered_every_time_with_its_own_errors(cycle):
    """A view may add an error of its own to a posted form, and an upload's errors depend on its
    file: such forms are never kept."""
    posted = CommentForm(QueryDict("text="))
    posted.is_valid()
    posted.add_error(None, "Isian sudah diverifikasi.")

    html = posted.crispy_html()

    assert "Isian sudah diverifikasi." in html
    assert "Komentar tidak boleh kosong." in html
    assert crispy_cache._cache == {}
    assert "Isian sudah diverifikasi." not in CommentForm(QueryDict("text=")).crispy_html()


def test_the_comment_and_return_forms_are_cached_per_language(cycle):
    indonesian = [CommentForm().crispy_html(), ReturnForm().crispy_html()]
    with translation.override("en"):
        english = [CommentForm().crispy_html(), ReturnForm().crispy_html()]

    assert "Tulis komentar" in indonesian[0] and "Alasan pengembalian" in indonesian[1]
    assert "Tulis komentar" not in english[0] and "Alasan pengembalian" not in english[1]
    with translation.override("en"):
        assert english == [by_crispy(CommentForm()), by_crispy(ReturnForm())]


def test_a_parameter_that_is_no_field_shares_the_cache_and_the_action_does_not(cycle):
    plain = form(cycle, "").crispy_html()

    assert form(cycle, "halaman=2").crispy_html() is plain
    other = EntryFilterForm(QueryDict(""), cycle=cycle, action="/evaluasi/daftar-isian/")
    assert 'action="/evaluasi/daftar-isian/"' in other.crispy_html()
    assert f'action="{ACTION}"' in plain


def test_an_error_a_view_adds_to_a_filter_form_is_in_its_own_html(cycle):
    told = form(cycle, "opd=DINKES")
    told.is_valid()
    told.add_error("opd", "OPD ini sedang ditinjau ulang.")

    assert "OPD ini sedang ditinjau ulang." in told.crispy_html()
    assert "OPD ini sedang ditinjau ulang." not in form(cycle, "opd=DINKES").crispy_html()


def test_a_label_changed_on_one_form_is_not_served_to_another(cycle):
    renamed = form(cycle)
    renamed.fields["kecamatan"].label = "Desa"

    assert "Desa" in renamed.crispy_html()
    assert "Desa" not in form(cycle).crispy_html()


def test_a_post_form_with_its_tag_is_refused_not_rendered_without_its_token(cycle):
    posted = form(cycle)
    posted.helper.form_method = "post"

    with pytest.raises(TypeError, match="only a GET form"):
        posted.crispy_html()
    assert crispy_cache._cache == {}  # nothing rendered, nothing kept
