"""The lists' filter form is rendered once per process for the same fields, choices, values and
language (EntryFilterForm.html): the same HTML crispy-forms renders, never another's."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from evaluations.forms import worklists
from evaluations.forms.worklists import EntryFilterForm
from kla.organisations.models import Opd
from tests.factories import make_cycle

ACTION = "/evaluasi/verifikasi/"


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)


@pytest.fixture(autouse=True)
def nothing_kept():
    worklists._rendered.clear()
    yield
    worklists._rendered.clear()


def form(cycle, query: str = "", **kwargs) -> EntryFilterForm:
    return EntryFilterForm(QueryDict(query), cycle=cycle, action=ACTION, **kwargs)


def by_crispy(form: EntryFilterForm) -> str:
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


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
    assert len(worklists._rendered) == 1


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
    monkeypatch.setattr(worklists, "RENDERED_KEPT", 3)

    for page in range(10):  # any query string is a new key: a visitor cannot grow it unbounded
        form(cycle, f"halaman={page}").html()

    assert len(worklists._rendered) <= 3
