import pytest
from django.core.management import call_command

from kla.wilayah.loader import load_regions
from kla.wilayah.models import Region


@pytest.mark.django_db
def test_loads_kota_serang_from_the_national_file():
    call_command("load_wilayah")  # default: 36.73 from fixtures/wilayah_kemendagri_2025.csv.gz
    city = Region.objects.get(code="36.73")
    kecamatan = Region.objects.kecamatan_of(city)
    kelurahan = Region.objects.filter(parent__parent=city, level="desa_kelurahan")
    assert city.name == "Kota Serang" and city.parent.code == "36"
    assert kecamatan.count() == 6
    assert kelurahan.count() == 67
    codes = list(kelurahan.values_list("code", flat=True))
    assert len(set(codes)) == 67


@pytest.mark.django_db
def test_the_two_sukawana_are_kept_apart_by_code():
    load_regions("36.73")
    sukawana = Region.objects.filter(name="Sukawana", level="desa_kelurahan")
    assert sukawana.count() == 2
    assert len({r.code for r in sukawana}) == 2
    assert len({r.parent_id for r in sukawana}) == 2


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = load_regions("36.73")
    before = Region.objects.count()
    second = load_regions("36.73")
    assert first.created == before == 1 + 1 + 6 + 67
    assert (second.created, second.updated) == (0, 0)
    assert Region.objects.count() == before


@pytest.mark.django_db
def test_a_renamed_region_is_updated_in_place():
    load_regions("36.73")
    Region.objects.filter(code="36.73.01").update(name="Nama lama")
    result = load_regions("36.73")
    assert result.updated == 1
    assert Region.objects.get(code="36.73.01").name == "Serang"


@pytest.mark.django_db
def test_unknown_code_is_a_clear_error():
    with pytest.raises(ValueError, match="Kode 99.99 tidak ada"):
        load_regions("99.99")
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_every_kabupaten_kota_can_be_loaded_idempotently(tmp_path):
    source = tmp_path / "kecil.csv"
    source.write_text(
        "kode,nama,tingkat\n"
        "11,Aceh,provinsi\n11.01,Kabupaten Aceh Selatan,kabupaten_kota\n"
        "11.01.01,Bakongan,kecamatan\n11.01.01.2001,Keude Bakongan,desa_kelurahan\n"
        "12,Sumatera Utara,provinsi\n12.07,Kabupaten Deli Serdang,kabupaten_kota\n"
        '12.07.28,Lubuk Pakam,kecamatan\n12.07.28.1007,"Lubuk Pakam I,II",desa_kelurahan\n',
        encoding="utf-8",
    )
    call_command("load_wilayah", "--semua", berkas=str(source))
    call_command("load_wilayah", "--semua", berkas=str(source))
    assert Region.objects.count() == 8
    assert Region.objects.get(code="12.07.28.1007").name == "Lubuk Pakam I,II"
    assert Region.objects.get(code="12.07.28.1007").parent.parent.code == "12.07"
