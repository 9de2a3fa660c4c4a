"""What an indicator's value means: the decimal comma, its target (a number or the country's value), reached
or not by its direction, the trend, and the evidence check of an assessment against its indicators and
activities."""

import pytest

from malxl.findings import from_json, params_json
from malxl.indicators import (
    BETTER,
    SAME,
    WORSE,
    Indicator,
    Point,
    combine,
    evidence,
    in_range,
    parse_number,
    reaches,
    series,
    show_number,
    table,
    trend,
    verdict,
)
from malxl.texts import texts
from malxl.vocabulary import Vocabulary

BEHORIGA = Indicator("I1", "2.1.1", "Behöriga till gymnasiet", "%", target_is_comparison=True, source="kolada",
                     kolada_id="N15428")
MOTEN = Indicator("I2", "2.5.1", "Dialogmöten med producenter", "st", target=2, department="Näringsliv")
KOSTNAD = Indicator("I3", "2.2.1", "Kostnad per elev", "kr", higher_is_better=False, target=100_000)


@pytest.mark.parametrize("typed, number", [
    (41.5, 41.5), (2, 2.0), ("41,5", 41.5), ("41.5", 41.5), (" 80,4 % ", 80.4), ("1 234,5", 1234.5),
    ("1\u00a0234", 1234.0), ("\u22123,5", -3.5), ("-3", -3.0),
])
def test_a_number_typed_the_swedish_way_is_a_number(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["ungefär 40", "", None, "1.234,5", "1,2,3", True, float("nan"), "inf", "%"])
def test_what_is_no_number_is_none(typed):
    assert parse_number(typed) is None


def test_the_seeds_2_1_1_misses_the_countrys_value_in_both_years():
    years = series([Point("I1", 2022, 79.2, 83.5), Point("I1", 2023, 80.4, 84.1)])["I1"]
    v = verdict(BEHORIGA, years, 2023)
    assert (v.target, v.reached, v.trend) == (84.1, False, BETTER)
    assert verdict(BEHORIGA, years, 2022).reached is False
    assert verdict(BEHORIGA, years, 2024).reached is None  # no value for the year: cannot be judged


def test_a_target_is_reached_by_the_indicators_direction():
    assert reaches(MOTEN, Point("I2", 2023, 2)) is True
    assert reaches(MOTEN, Point("I2", 2023, 1)) is False
    assert reaches(KOSTNAD, Point("I3", 2023, 90_000)) is True
    assert reaches(KOSTNAD, Point("I3", 2023, 110_000)) is False
    assert reaches(BEHORIGA, Point("I1", 2023, 80.4)) is None  # the country's value unknown


def test_the_trend_follows_the_direction():
    assert trend(KOSTNAD, Point("I3", 2023, 90), Point("I3", 2022, 100)) == BETTER
    assert trend(MOTEN, Point("I2", 2023, 1), Point("I2", 2022, 3)) == WORSE
    assert trend(MOTEN, Point("I2", 2023, 2), Point("I2", 2022, 2.0)) == SAME
    assert trend(MOTEN, Point("I2", 2023, 2), None) is None


def test_min_and_max_bound_a_plausible_value():
    pct = Indicator("I9", "1.1.1", "Andel", minimum=0, maximum=100)
    assert in_range(pct, 0) and in_range(pct, 100) and not in_range(pct, 100.5) and not in_range(pct, -1)
    assert in_range(MOTEN, 10**9)


def test_numbers_are_shown_with_the_decimal_comma():
    assert [show_number(v) for v in (80.4, 2.0, 84.1, 1234.5, None, -0.5)] == ["80,4", "2", "84,1", "1234,5", "",
                                                                             "\u22120,5"]


def _check(level, verdicts=(), late=()):
    return evidence([("2.1.1", "Skola")], {"2.1.1": level}, {"2.1.1": list(verdicts)}, {"2.1.1": list(late)},
                    Vocabulary(), {"2.1.1": {"file": "sammanstallning.xlsx", "sheet": "Målbedömning", "cell": "C2"}})


def test_the_highest_level_is_questioned_by_a_missed_target_and_a_deviating_activity():
    missed = verdict(BEHORIGA, series([Point("I1", 2023, 80.4, 84.1)])["I1"], 2023)
    [f] = _check("Uppfyllt", [missed], [("A005", "Pågående med avvikelse")])
    assert (f.code, f.subject, f.department, f.cell) == ("assessment-evidence", "2.1.1", "Skola", "C2")
    message = f.message(texts("sv"))
    assert "80,4" in message and "84,1" in message and "A005" in message and "Pågående med avvikelse" in message
    again = from_json(params_json(f))  # the reasons survive the merged workbook's Brister sheet
    assert again is not None and texts("en").render(again[0], again[1]) == f.message(texts("en"))


def test_the_lowest_level_is_questioned_when_every_indicator_reaches_its_target():
    reached = verdict(MOTEN, {2023: Point("I2", 2023, 3)}, 2023)
    [f] = _check("Ej uppfyllt", [reached])
    assert f.params["level"] == "Ej uppfyllt"
    assert _check("Ej uppfyllt", [reached], [("A7", "Försenad")]) == []  # an activity deviates: it may stand
    assert _check("Ej uppfyllt", []) == []  # no indicator: no evidence either way


def test_assessments_the_evidence_supports_are_not_questioned():
    missed = verdict(BEHORIGA, series([Point("I1", 2023, 80.4, 84.1)])["I1"], 2023)
    reached = verdict(MOTEN, {2023: Point("I2", 2023, 2)}, 2023)
    assert _check("Delvis uppfyllt", [missed]) == []  # the seed's own 2.1.1
    assert _check("Uppfyllt", [reached]) == []
    assert _check("Uppfyllt", [verdict(MOTEN, {}, 2023)]) == []  # no value yet: cannot be judged
    assert _check("uppfylt", [missed]) == []  # not a level at all: invalid-assessment's business


def test_later_layers_replace_earlier_values_but_a_blank_erases_nothing():
    plan_values = [Point("I1", 2022, 79.2, 83.5, "", "plan"), Point("I2", 2023, 1, None, "i våras", "plan")]
    kolada = [Point("I1", 2023, 80.4, 84.1, "", "Kolada"), Point("I1", 2022, 79.0, 83.5, "", "Kolada")]
    department = [Point("I2", 2023, 2, None, "två möten", "Näringsliv.xlsx")]
    blank = [Point("I2", 2023, None, None, "", "sammanstallning.xlsx")]
    found = combine(plan_values, kolada, department, blank)
    assert found["I1"][2022].value == 79.0 and found["I1"][2022].source == "Kolada"  # Kolada revised it
    assert (found["I2"][2023].value, found["I2"][2023].comment, found["I2"][2023].source) == (
        2, "två möten", "Näringsliv.xlsx")
    rows = table([BEHORIGA, MOTEN], found)
    assert [(r.indicator.id, r.point.year, r.target, r.reached, r.trend) for r in rows] == [
        ("I1", 2022, 83.5, False, None), ("I1", 2023, 84.1, False, BETTER), ("I2", 2023, 2, True, None)]
