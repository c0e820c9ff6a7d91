# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""When two versions are the same, and when one is lower: the one rule for every decision that compares versions.

A camera's log and a user's ``version`` option write the same version in several ways (``V1.2.0``, ``1.2``,
``v1.2``). A version of dotted numbers, after an optional ``V``, compares by its numbers, trailing zeros not
significant: ``V1.2.0`` is ``1.2``, and ``1.10`` is above ``1.9``. A version that is not dotted numbers
(``2.1-beta``) compares as text, trimmed, case-folded and without a leading ``v``, and is never above or below
another. ``unchanged``, ``wrong_version``, ``verified``, downgrades and the diff's downgrade mark all ask here.
"""

from __future__ import annotations

import re

_DOTTED = re.compile(r'^[vV]?(\d+(?:\.\d+)*)$')


def version_key(version):
    """A version as a tuple of numbers (``V1.2``, ``1.2.0``: ``(1, 2)``), or None where it is not dotted numbers."""
    match = _DOTTED.match(str(version).strip()) if version is not None else None
    if match is None:
        return None
    numbers = [int(part) for part in match.group(1).split('.')]
    while len(numbers) > 1 and numbers[-1] == 0:   # 1.2 == 1.2.0
        numbers.pop()
    return tuple(numbers)


def comparable_version(version):
    """The form VERSION is compared in: its numbers, else its text (trimmed, case-folded, without a leading v);
    None for None. Two versions are the same exactly when these are equal."""
    if version is None:
        return None
    key = version_key(version)
    if key is not None:
        return 'numbers', key
    text = str(version).strip().casefold()
    return 'text', text[1:] if text.startswith('v') and len(text) > 1 else text


def same_version(left, right):
    """Whether LEFT and RIGHT are the same version (None is the same only as None)."""
    return comparable_version(left) == comparable_version(right)


def is_downgrade(before, after):
    """Whether going from version BEFORE to AFTER is a move down; False where either is not dotted numbers."""
    before_key, after_key = version_key(before), version_key(after)
    return before_key is not None and after_key is not None and after_key < before_key
