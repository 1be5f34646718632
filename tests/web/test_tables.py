"""Tables labelled for the phone: expected markup written out by hand."""

from __future__ import annotations

from baodao.web.tables import phone_tables


def test_cells_learn_their_heading_and_short_cells_stay_whole():
    page = (
        '<p>x</p><table><thead><tr><th scope="col">全区排名</th><th scope="col">支部</th>'
        '<th scope="col">怎样计分</th></tr></thead><tbody>'
        '<tr><td>1</td><td><a href="c/">金厦小区党支部</a></td>'
        "<td>每有一次活动得 2 分，最多 10 分</td></tr></tbody></table>"
    )
    assert phone_tables(page) == (
        '<p>x</p><table data-stack><thead><tr data-head><th scope="col" class="bd-nw">全区排名</th>'
        '<th scope="col" class="bd-nw">支部</th><th scope="col" class="bd-nw">怎样计分</th></tr>'
        '</thead><tbody><tr><td data-label="全区排名" class="bd-nw">1</td>'
        '<td data-label="支部" class="bd-nw"><a href="c/">金厦小区党支部</a></td>'
        '<td data-label="怎样计分">每有一次活动得 2 分，最多 10 分</td></tr></tbody></table>'
    )


def test_a_table_without_column_headings_is_not_stacked():
    page = '<table><tr><th scope="row">优秀</th><td>98.00<br><span>32/40</span></td></tr></table>'
    assert phone_tables(page) == (
        '<table><tr><th scope="row" class="bd-nw">优秀</th>'
        '<td class="bd-nw">98.00<br><span>32/40</span></td></tr></table>'
    )


def test_headings_are_escaped_in_the_attribute():
    page = '<table><tr><th scope="col">a &amp; &quot;b&quot;</th></tr><tr><td>1</td></tr></table>'
    assert 'data-label="a &amp; &quot;b&quot;"' in phone_tables(page)
