# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One rule for "the same version" and "a lower version" (module_utils/_version.py), and its laws."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from ansible_collections.acti.camera.plugins.module_utils._version import (
    is_downgrade,
    same_version,
    version_key,
)

NUMBERS = st.lists(st.integers(min_value=0, max_value=10 ** 6), min_size=1, max_size=6)


def decorated(prefix, numbers, zeros, blank):
    return '%s%s%s%s' % (blank, prefix, '.'.join(map(str, numbers)), '.0' * zeros)


# Anything a log line or a user could give: dotted numbers with decorations, and arbitrary text.
VERSIONS = st.one_of(
    st.builds(decorated, st.sampled_from(['', 'v', 'V']), NUMBERS, st.integers(0, 3), st.sampled_from(['', ' ', '\t'])),
    st.text(max_size=12),
    st.none())


def dotted(numbers):
    return '.'.join(map(str, numbers))


@pytest.mark.parametrize('version, key', [
    ('2.1.0', (2, 1)), ('V2.1', (2, 1)), (' v10.0.3 ', (10, 0, 3)), ('2', (2,)), ('0.0', (0,)), ('01.2', (1, 2)),
    ('2.1-beta', None), ('', None), (None, None), ('V', None), ('1..2', None)])
def test_versions_are_dotted_numbers_with_an_optional_v(version, key):
    assert version_key(version) == key


@pytest.mark.parametrize('one, other', [
    ('V1.2.0', '1.2'), ('1.2', 'v1.2.00'), (' 2.1 ', '2.1'), ('2.1-RC', '2.1-rc'), ('V2.1-rc', '2.1-RC'),
    ('v', 'V'), (None, None)])
def test_the_same_version_written_another_way(one, other):
    assert same_version(one, other) and same_version(other, one)


@pytest.mark.parametrize('one, other', [
    ('2.1', '2.10'), ('1.2', '1.2.1'), ('2.1', '2.1-rc'), ('1.2', None), ('', None), ('0', '')])
def test_different_versions(one, other):
    assert not same_version(one, other) and not same_version(other, one)


@pytest.mark.parametrize('before, after, down', [
    ('2.2.0', '2.1.0', True), ('2.1.0', '2.2.0', False), ('V2.10', '2.9', True), ('2.1', '2.1.0', False),
    ('2.1.0', 'beta', False), (None, '1.0', False), ('V1.2.0', '1.2', False), ('1.10', 'V1.9.9', True)])
def test_a_downgrade_is_a_move_to_a_lower_version_where_both_parse(before, after, down):
    assert is_downgrade(before, after) is down


@given(VERSIONS)
def test_a_version_is_the_same_as_itself_and_never_below_it(version):
    assert same_version(version, version)
    assert not is_downgrade(version, version)


@given(VERSIONS, VERSIONS)
def test_sameness_is_symmetric_and_the_same_version_is_no_downgrade(one, other):
    assert same_version(one, other) == same_version(other, one)
    if same_version(one, other):
        assert not is_downgrade(one, other) and not is_downgrade(other, one)


@given(VERSIONS, VERSIONS, VERSIONS)
def test_sameness_is_transitive(first, second, third):
    if same_version(first, second) and same_version(second, third):
        assert same_version(first, third)


@given(VERSIONS, VERSIONS)
def test_at_most_one_way_is_down(left, right):
    assert not (is_downgrade(left, right) and is_downgrade(right, left))


@given(NUMBERS, st.sampled_from(['', 'v', 'V']), st.integers(0, 4))
def test_a_leading_v_and_trailing_zeros_are_not_significant(numbers, prefix, zeros):
    assert same_version(prefix + dotted(numbers) + '.0' * zeros, dotted(numbers))


@given(NUMBERS, NUMBERS)
def test_dotted_numbers_order_as_numbers(before, after):
    # Compared as tuples once trailing zeros are dropped: 1.10 is above 1.9, and 1.2 is 1.2.0.
    def trimmed(numbers):
        numbers = list(numbers)
        while len(numbers) > 1 and numbers[-1] == 0:
            numbers.pop()
        return tuple(numbers)

    assert is_downgrade(dotted(before), dotted(after)) is (trimmed(after) < trimmed(before))
    assert same_version(dotted(before), dotted(after)) is (trimmed(after) == trimmed(before))


@given(st.text(max_size=12), VERSIONS)
def test_text_that_is_not_dotted_numbers_is_never_above_or_below_another(text, other):
    if version_key(text) is None:
        assert not is_downgrade(text, other) and not is_downgrade(other, text)
