"""Phones and posts rendered in Python (web/snippets.py): byte for byte what the Jinja macros
they replaced rendered, for any post (the macros' text below is the oracle, as it was in
templates/web/_macros.j2)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, StrictUndefined

from baodao.web.snippets import phone, post, posts
from baodao.web.viewtypes import Post

MACROS = """{%- macro phone(p) -%}{% if p %}<a class="bd-tel" href="tel:{{ p | replace('-', '') }}">{{ p }}</a>{% endif %}{%- endmacro -%}
{%- macro post(p) -%}
{{ p.role }}{% if p.unit %}（{{ p.unit }}{% if p.duties %}，{{ p.duties | join("、") }}{% endif %}）{% endif %} {% if p.vacant %}<b class="bd-vacant">空缺{% if p.vacant_since %}（自 {{ p.vacant_since }}）{% endif %}</b>{% else %}{{ p.name or "（姓名未公开）" }}{% endif %}{% if p.phone %} {% if p.phone_of %}<span class="bd-whose">{{ p.phone_of }}电话</span> {% endif %}{{ phone(p.phone) }}{% endif %}
{%- endmacro -%}
{%- macro posts(ps) -%}{% for p in ps %}{{ post(p) }}{% if not loop.last %}<br>{% endif %}{% endfor %}{%- endmacro -%}
"""

_ENV = Environment(
    loader=DictLoader({"m.j2": MACROS}),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_M = _ENV.get_template("m.j2").module

# Text with what HTML escapes (<, >, &, quotes) and the field's own words.
_TEXT = st.text(alphabet="网格员张三<>&\"'-（）、 0123", max_size=8)
_OPTIONAL = st.one_of(st.none(), st.just(""), _TEXT)
_PHONE = st.one_of(
    st.none(), st.just(""), st.from_regex(r"0[0-9]{2,3}-[0-9]{7,8}", fullmatch=True), _TEXT
)
_POST = st.builds(
    Post,
    role=_TEXT,
    name=_OPTIONAL,
    phone=_PHONE,
    vacant=st.booleans(),
    vacant_since=_OPTIONAL,
    unit=_OPTIONAL,
    duties=st.lists(_TEXT, max_size=3).map(tuple),
    phone_of=st.one_of(st.none(), st.sampled_from(["本人", "岗位", "服务站", "<b>"])),
)


@given(_PHONE)
def test_a_phone_is_what_the_macro_made(number):
    assert str(phone(number)) == str(_M.phone(number))


@given(_POST)
def test_a_post_is_what_the_macro_made(p):
    assert str(post(p)) == str(_M.post(p))


@given(st.lists(_POST, max_size=4))
def test_posts_are_what_the_macro_made(ps):
    assert str(posts(ps)) == str(_M.posts(ps))


def test_a_vacant_post_by_hand():
    p = Post("楼栋长", None, "0571-8888-1234", True, "2026-03-01", None, (), "岗位")
    assert str(post(p)) == (
        '楼栋长 <b class="bd-vacant">空缺（自 2026-03-01）</b> <span class="bd-whose">岗位电话</span> '
        '<a class="bd-tel" href="tel:057188881234">0571-8888-1234</a>'
    )
