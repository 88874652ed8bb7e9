"""Numbers, amounts, dates and charts as the page's language writes them (web.formatting,
web.charts): Swedish groups thousands with a non-breaking space, English with a comma."""

from datetime import date
from decimal import Decimal

from django.utils import translation

from ansvar.web import formatting
from ansvar.web.charts import Series, line_chart, nice_ticks

NBSP = "\u00a0"


def test_swedish_numbers_amounts_and_dates():
    assert formatting.number(51000, lang="sv") == f"51{NBSP}000"
    assert formatting.number(1234567, lang="sv") == f"1{NBSP}234{NBSP}567"
    assert formatting.number(999, lang="sv") == "999"
    assert formatting.kronor(Decimal("51000.00"), lang="sv") == f"51{NBSP}000{NBSP}kr"
    assert formatting.kronor("-5000", lang="sv") == f"\u22125{NBSP}000{NBSP}kr"
    assert formatting.number(0.755, 2, lang="sv") == "0,76"
    assert formatting.percent(0.75, lang="sv") == f"75{NBSP}%"
    assert formatting.long_date(date(2026, 12, 1), lang="sv") == "1 december 2026"
    assert formatting.long_date(date(2027, 3, 31), lang="sv") == "31 mars 2027"
    assert formatting.month_name(date(2026, 5, 1), lang="sv", short=True) == "maj 2026"


def test_english_numbers_amounts_and_dates():
    assert formatting.number(51000, lang="en") == "51,000"
    assert formatting.kronor(51000, lang="en") == f"SEK{NBSP}51,000"
    assert formatting.number(0.755, 2, lang="en") == "0.76"
    assert formatting.percent(0.5, lang="en") == "50%"
    assert formatting.long_date(date(2026, 12, 1), lang="en") == "1 December 2026"


def test_the_page_language_decides_when_none_is_given():
    with translation.override("en"):
        assert formatting.long_date(date(2026, 12, 1)) == "1 December 2026"
    with translation.override("sv"):
        assert formatting.long_date(date(2026, 12, 1)) == "1 december 2026"
        assert formatting.kronor(51000) == f"51{NBSP}000{NBSP}kr"


def test_ticks_are_round_and_cover_the_values():
    assert nice_ticks(0, 95) == [0, 25, 50, 75, 100]
    assert nice_ticks(0, 12) == [0, 5, 10, 15]
    ticks = nice_ticks(-5000, 200000)
    assert ticks[0] <= -5000 and ticks[-1] >= 200000 and 0 in ticks
    assert nice_ticks(0, 0) == [0, 0.25, 0.5, 0.75, 1.0]  # nothing yet: still an axis
    assert nice_ticks(0, 2, whole=True) == [0, 1, 2]  # counts: no half clients


def test_a_long_axis_labels_every_third_month_ending_with_the_last():
    labels = [f"m{i:02d}" for i in range(12)]
    svg = line_chart("KA5", labels, [Series("KA5", [1.0] * 12)], str, whole=True)
    shown = [label for label in labels if f">{label}</text>" in svg]
    assert shown == ["m02", "m05", "m08", "m11"]


def test_a_chart_has_labelled_axes_formatted_values_and_escaped_text():
    svg = line_chart(
        "Intäkt <b>",
        ["nov 2026", "dec 2026"],
        [Series("Intäkt & marginal", [51000.0, None]), Series("Marginal", [1000.0, 2000.0])],
        lambda v: formatting.kronor(v, lang="sv"),
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and "<script" not in svg
    assert "Intäkt &lt;b&gt;" in svg and "Intäkt &amp; marginal" in svg and "<b>" not in svg
    assert "nov 2026" in svg and "dec 2026" in svg
    assert f"60{NBSP}000{NBSP}kr" in svg  # a tick above the largest value
    assert f"Intäkt &amp; marginal: 51{NBSP}000{NBSP}kr" in svg  # the point's own title
    assert svg.count("<polyline") == 1  # one point alone draws no line
