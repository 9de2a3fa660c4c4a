"""Kolada's API as malxl asks it: the addresses, the paging of both API versions, the values kept and skipped,
saved responses, and every way the server can fail, each a KoladaError naming the address or the file."""

import json

import pytest

from malxl import koladaapi
from malxl.koladaapi import KoladaError, data_urls, fetch, read_saved

from .kolada_server import Kolada, v3_row

ROWS = [
    v3_row("N15428", "2260", 2022, 79.2, women=82.0, men=76.5),
    v3_row("N15428", "0000", 2022, 83.5),
    v3_row("N15428", "2260", 2023, 80.4),
    v3_row("N15428", "0000", 2023, 84.1),
    v3_row("N15428", "2260", 2024, None),  # not published yet
    v3_row("N15428", "2260", 2021, 70.0, deleted=True),
    v3_row("N15428", "1860", 2023, 99.0),  # another municipality, not asked
]


def test_the_address_names_kpis_units_and_years_and_at_most_25_kpis_a_request():
    kpis = [f"N{n:05d}" for n in range(30)]
    urls = data_urls("https://api.kolada.se/v3/", kpis, ["2260", "0000"], [2023, 2019, 2020, 2021, 2022])
    assert len(urls) == 2
    assert urls[0] == ("https://api.kolada.se/v3/data/kpi/" + ",".join(kpis[:25])
                       + "/municipality/2260,0000/year/2019,2020,2021,2022,2023")
    assert urls[1].startswith("https://api.kolada.se/v3/data/kpi/N00025,N00026,N00027,N00028,N00029/")


@pytest.mark.parametrize("version", [2, 3])
def test_every_page_is_followed_in_both_api_versions(version):
    with Kolada(ROWS, page_size=2, version=version) as server:
        found = fetch(server.url, ["N15428"], ["2260", "0000"], range(2020, 2025))
    assert len(server.requests) == 3  # five rows, two a page (the deleted one is one of them)
    assert found.get("N15428", "2260", 2022).value == 79.2
    assert found.get("N15428", "2260", 2022).women == 82.0
    assert found.get("N15428", "2260", 2022).men == 76.5
    assert found.get("N15428", "0000", 2023).value == 84.1
    assert found.get("N15428", "2260", 2024).value is None  # not yet published: a year with no value
    assert found.get("N15428", "2260", 2021) is None  # isdeleted
    assert found.get("N15428", "1860", 2023) is None
    assert [r.source for r in found.responses][0].endswith("/year/2020,2021,2022,2023,2024")


def test_thirty_kpis_are_asked_in_two_requests():
    kpis = [f"N{n:05d}" for n in range(30)]
    rows = [v3_row(k, "2260", 2023, float(i)) for i, k in enumerate(kpis)]
    with Kolada(rows) as server:
        found = fetch(server.url, kpis, ["2260", "0000"], [2023])
    assert len(server.requests) == 2
    assert len(found.values) == 30


def test_an_error_status_names_the_address():
    with Kolada(ROWS) as server:
        server.fail = 503
        with pytest.raises(KoladaError) as caught:
            fetch(server.url, ["N15428"], ["2260"], [2023])
    assert caught.value.text.key == "kolada.http_status"
    assert caught.value.text.params["status"] == 503
    assert caught.value.text.params["url"].startswith(server.url)


def test_a_server_that_does_not_answer_in_time_is_a_timeout():
    with Kolada(ROWS) as server:
        server.pause = 1.0
        with pytest.raises(KoladaError) as caught:
            fetch(server.url, ["N15428"], ["2260"], [2023], timeout=0.2)
    assert caught.value.text.key == "kolada.timeout"


def test_an_address_where_nothing_listens_is_unreachable():
    with Kolada(ROWS) as server:
        url = server.url
    with pytest.raises(KoladaError) as caught:  # the server is closed now
        fetch(url, ["N15428"], ["2260"], [2023], timeout=2)
    assert caught.value.text.key == "kolada.unreachable"
    assert caught.value.text.params["url"].startswith(url)


def test_an_answer_that_is_no_kolada_response_is_refused():
    with Kolada(ROWS) as server:
        server.garbage = True
        with pytest.raises(KoladaError) as caught:
            fetch(server.url, ["N15428"], ["2260"], [2023])
    assert caught.value.text.key == "kolada.not_response"


def test_a_page_that_comes_again_stops_the_paging(monkeypatch):
    page = json.dumps({"values": [], "next_url": "http://127.0.0.1:1/v3/same"}).encode()
    with pytest.raises(KoladaError) as caught:
        fetch("http://127.0.0.1:1/v3", ["N15428"], ["2260"], [2023], opener=lambda url, timeout: page)
    assert caught.value.text.key == "kolada.paging"


def test_saved_responses_of_both_shapes_are_read(tmp_path):
    v3 = tmp_path / "v3.json"
    v3.write_text(json.dumps({"count": 2, "values": ROWS[:2], "next_url": None}), encoding="utf-8")
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps({"count": 1, "values": [dict(ROWS[2], period="2023")], "next_page": None}),
                  encoding="utf-8")
    found = read_saved([v3, v2])
    assert found.get("N15428", "2260", 2022).value == 79.2
    assert found.get("N15428", "2260", 2023).value == 80.4
    assert [r.source for r in found.responses] == [str(v3), str(v2)]


@pytest.mark.parametrize("body", [b"", b"{}", b"[1, 2]", b"PK\x03\x04 a workbook", json.dumps({"values": [1]}).encode()])
def test_a_file_that_is_no_kolada_response_is_refused_by_name(tmp_path, body):
    path = tmp_path / "nedladdat.json"
    path.write_bytes(body)
    with pytest.raises(KoladaError) as caught:
        read_saved([path])
    assert caught.value.text.key == "kolada.not_response"
    assert caught.value.text.params["source"] == str(path)
    assert "nedladdat.json" in str(caught.value)


def test_values_of_other_municipalities_only_are_refused(tmp_path):
    path = tmp_path / "sundsvall.json"
    path.write_text(json.dumps({"values": [v3_row("N15428", "2281", 2023, 81.0)]}), encoding="utf-8")
    found = read_saved([path])
    with pytest.raises(KoladaError) as caught:
        koladaapi.only_units(found, ["2260", "0000"], str(path))
    assert caught.value.text.key == "kolada.other_units"
    assert "2281" in caught.value.text.params["found"]
