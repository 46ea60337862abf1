"""Tests of rauth.compat: rauth 0.7's Python 2/3 names, now the standard library's."""

from __future__ import annotations

import urllib.parse

import pytest

from rauth import compat


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text", True),
        ("", True),
        ("ünïcode", True),
        (b"bytes", True),
        (bytearray(b"x"), False),
        (None, False),
        (1, False),
        (["a"], False),
    ],
    ids=["str", "empty-str", "unicode", "bytes", "bytearray", "none", "int", "list"],
)
def test_is_basestring(value, expected):
    assert compat.is_basestring(value) is expected


def test_iteritems_returns_the_items_view():
    d = {"a": 1, "b": 2}
    items = compat.iteritems(d)
    assert list(items) == [("a", 1), ("b", 2)]
    d["c"] = 3
    assert ("c", 3) in items  # a live view, as dict.items()


@pytest.mark.parametrize(
    "name", ["parse_qsl", "quote", "urlencode", "urljoin", "urlsplit", "urlunsplit"]
)
def test_url_helpers_are_the_standard_library_ones(name):
    assert getattr(compat, name) is getattr(urllib.parse, name)
