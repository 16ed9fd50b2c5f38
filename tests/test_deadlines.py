"""The Vietnamese deadline grammar: every seed form, its due dates, its errors, and round trips."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.source import deadlines as dl
from generator.source.schedule import Window, due_dates

PLAN_2022 = Window(2022, date(2022, 1, 1), date(2022, 12, 31))
D = date

# wording as the document writes it → (rule, due dates within PLAN_2022)
FORMS = [
    ("10/01/2022", dl.OnDate(D(2022, 1, 10)), [D(2022, 1, 10)]),
    ("trước ngày 10/01/2022", dl.OnDate(D(2022, 1, 10), True), [D(2022, 1, 10)]),
    ("ngày 10/5/2025", dl.OnDate(D(2025, 5, 10)), [D(2025, 5, 10)]),
    ("trước ngày 15/5/2025", dl.OnDate(D(2025, 5, 15), True), [D(2025, 5, 15)]),
    ("2022-01-10", dl.OnDate(D(2022, 1, 10)), [D(2022, 1, 10)]),
    ("ngày 20 tháng 12 năm 2021", dl.OnDate(D(2021, 12, 20)), [D(2021, 12, 20)]),
    ("Tháng 12/2021", dl.Period("month", 12, 2021), [D(2021, 12, 31)]),
    ("Trong tháng 01/2022", dl.Period("month", 1, 2022), [D(2022, 1, 31)]),
    ("tháng 2 năm 2024", dl.Period("month", 2, 2024), [D(2024, 2, 29)]),
    ("Quý II/2022", dl.Period("quarter", 2, 2022), [D(2022, 6, 30)]),
    ("Quý III", dl.Period("quarter", 3, None), [D(2022, 9, 30)]),
    ("Quý I/2022", dl.Period("quarter", 1, 2022), [D(2022, 3, 31)]),
    ("Quý IV/2022 đến Quý I/2023",
     dl.Span(dl.Period("quarter", 4, 2022), dl.Period("quarter", 1, 2023)), [D(2023, 3, 31)]),
    ("Cả năm 2022", dl.Period("year", 1, 2022), [D(2022, 12, 31)]),
    ("Năm 2022", dl.Period("year", 1, 2022), [D(2022, 12, 31)]),
    ("Cả năm", dl.Period("year", 1, None), [D(2022, 12, 31)]),
    ("6 tháng đầu năm 2022", dl.Period("half", 1, 2022), [D(2022, 6, 30)]),
    ("6 tháng cuối năm 2022", dl.Period("half", 2, 2022), [D(2022, 12, 31)]),
    ("Theo yêu cầu của Bộ Nội vụ", dl.Undated("request", "Bộ Nội vụ"), []),
    ("Theo chỉ đạo của UBND thành phố", dl.Undated("direction", "UBND thành phố"), []),
    ("Khi có yêu cầu", dl.Undated("request"), []),
    ("theo quy định", dl.Undated("regulation"), []),
    ("Thường xuyên", dl.Undated("continuous"), []),
    ("định kỳ vào ngày 10 hằng tháng", dl.Monthly(10),
     [D(2022, m, 10) for m in range(1, 13)]),
    ("định kỳ vào ngày 10 hàng tháng", dl.Monthly(10), [D(2022, m, 10) for m in range(1, 13)]),
    ("định kỳ hằng tháng", dl.Monthly(None), []),
    ("định kỳ hằng tháng và khi có yêu cầu", dl.Monthly(None, True), []),
    ("trước ngày 03/3, 03/6, 03/9 năm 2023",
     dl.DateList((D(2023, 3, 3), D(2023, 6, 3), D(2023, 9, 3)), True),
     [D(2023, 3, 3), D(2023, 6, 3), D(2023, 9, 3)]),
    ("10/6/2022 và 10/12/2022", dl.DateList((D(2022, 6, 10), D(2022, 12, 10))), [D(2022, 6, 10), D(2022, 12, 10)]),
    ("trước ngày 05/12 hằng năm", dl.Yearly(12, 5), [D(2022, 12, 5)]),
    ("trước ngày 10/6", dl.DayInYear(6, 10, True), [D(2022, 6, 10)]),
    ("trước ngày 10 tháng cuối quý", dl.Quarterly(10, 3),
     [D(2022, 3, 10), D(2022, 6, 10), D(2022, 9, 10), D(2022, 12, 10)]),
    ("trước ngày 10 tháng cuối của quý", dl.Quarterly(10, 3),
     [D(2022, 3, 10), D(2022, 6, 10), D(2022, 9, 10), D(2022, 12, 10)]),
    ("Quý I, Quý III gửi trước ngày 10 tháng cuối của quý", dl.Quarterly(10, 3, (1, 3)),
     [D(2022, 3, 10), D(2022, 9, 10)]),
    ("  Quý   II/2022. ", dl.Period("quarter", 2, 2022), [D(2022, 6, 30)]),
]


@pytest.mark.parametrize("wording,rule,dues", FORMS, ids=[f[0] for f in FORMS])
def test_every_seed_form_parses_to_its_rule_and_dates(wording, rule, dues):
    assert dl.parse(wording) == rule
    assert list(due_dates(rule, PLAN_2022)) == dues


@pytest.mark.parametrize("wording,rule,_", FORMS, ids=[f[0] for f in FORMS])
def test_canonical_wording_parses_back(wording, rule, _):
    assert dl.parse(dl.render(rule)) == rule


ERRORS = [
    ("31/02/2024", "ngày 31/02/2024 không tồn tại"),
    ("trước ngày 30/02 hằng năm", "ngày 30/02 không tồn tại"),
    ("Quý V", 'không có quý "V": quý là I, II, III hoặc IV'),
    ("Quý V/2022", 'không có quý "V": quý là I, II, III hoặc IV'),
    ("Tháng 13/2022", "không có tháng 13"),
    ("định kỳ vào ngày 32 hằng tháng", "không có ngày 32 trong tháng"),
    ("", "thời hạn để trống"),
    ("03/3, 03/6", 'danh sách ngày thiếu năm: thêm "năm 2023" hoặc viết đủ ngày/tháng/năm'),
    ("sớm nhất có thể", 'không hiểu thời hạn "sớm nhất có thể"; hãy viết như văn bản, ví dụ: ' + dl.EXAMPLES),
]


@pytest.mark.parametrize("wording,message", ERRORS, ids=[e[0] or "empty" for e in ERRORS])
def test_impossible_or_unknown_deadlines_are_errors(wording, message):
    with pytest.raises(dl.DeadlineError) as exc:
        dl.parse(wording)
    assert str(exc.value) == message


def test_monthly_day_past_month_end_falls_on_last_day():
    assert due_dates(dl.Monthly(31), Window(2023, D(2023, 1, 1), D(2023, 4, 30))) == (
        D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31), D(2023, 4, 30))


def test_recurrence_runs_from_plan_start_to_stated_end():
    window = Window(2023, D(2023, 9, 21), None)
    assert due_dates(dl.Monthly(10), window) == (D(2023, 10, 10), D(2023, 11, 10), D(2023, 12, 10))
    assert due_dates(dl.Monthly(10), window, horizon=D(2024, 2, 1))[-1] == D(2024, 1, 10)


# --- property tests: rule → wording → rule -------------------------------------

years = st.integers(2000, 2100)
days = st.dates(D(2000, 1, 1), D(2100, 12, 31))
periods = st.one_of(
    st.builds(dl.Period, st.just("month"), st.integers(1, 12), st.none() | years),
    st.builds(dl.Period, st.just("quarter"), st.integers(1, 4), st.none() | years),
    st.builds(dl.Period, st.just("half"), st.integers(1, 2), st.none() | years),
    st.builds(dl.Period, st.just("year"), st.just(1), st.none() | years),
)
points = st.one_of(periods, st.builds(dl.OnDate, days, st.booleans()))
# wording is whitespace-normalised on parsing, so generated free text is too
free_text = st.text(st.sampled_from("abcđêôơưạảấềộ ABCĐ"), min_size=1, max_size=20).map(
    lambda t: " ".join(t.split())).filter(
    lambda t: t and not t.lower().startswith("của"))
rules = st.one_of(
    st.builds(dl.OnDate, days, st.booleans()),
    st.builds(lambda y, ds, b: dl.DateList(tuple(sorted({D(y, m, d) for m, d in ds})), b), years,
              st.lists(st.tuples(st.integers(1, 12), st.integers(1, 28)), min_size=2, max_size=5),
              st.booleans()).filter(lambda r: len(r.days) >= 2),
    st.builds(lambda ds, b: dl.DateList(tuple(sorted(set(ds))), b),
              st.lists(days, min_size=2, max_size=4), st.booleans()).filter(lambda r: len(r.days) >= 2),
    periods,
    st.builds(dl.Span, points, points),
    st.builds(dl.Monthly, st.none() | st.integers(1, 31), st.booleans()),
    st.builds(dl.Quarterly, st.integers(1, 31), st.integers(1, 3),
              st.sets(st.integers(1, 4), min_size=1).map(lambda s: tuple(sorted(s)))),
    st.builds(lambda md: dl.Yearly(md.month, md.day), st.dates(D(2000, 1, 1), D(2000, 12, 31))),
    st.builds(lambda md, b: dl.DayInYear(md.month, md.day, b), st.dates(D(2000, 1, 1), D(2000, 12, 31)),
              st.booleans()),
    st.builds(dl.Undated, st.sampled_from(["request", "direction"]), st.none() | free_text),
    st.just(dl.Undated("continuous")),
)


@given(rules)
def test_render_then_parse_gives_the_same_rule(rule):
    assert dl.parse(dl.render(rule)) == rule


@given(rules)
def test_parse_is_stable_on_canonical_wording(rule):
    wording = dl.render(rule)
    assert dl.render(dl.parse(wording)) == wording
