# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Redactor: the camera's password out of every text, whatever its encoding (module_utils/_redaction.py)."""

from __future__ import annotations

import re
from urllib.parse import quote, quote_plus

import pytest

from ansible_collections.acti.camera.plugins.module_utils._redaction import Redactor

PASSWORD = 'Pa&ss/w0rd+%é'


@pytest.mark.parametrize('form', [PASSWORD, quote(PASSWORD, safe=''), quote(PASSWORD), quote_plus(PASSWORD),
                                  re.sub('%[0-9A-F]{2}', lambda m: m.group(0).lower(), quote(PASSWORD, safe=''))])
def test_redactor_removes_the_secret_in_every_encoding(form):
    redacted = Redactor(PASSWORD)('GET http://cam/cgi-bin/x?USER=a&PWD=%s&SYSTEM_LOG failed; echo %s' % (form, form))
    assert form not in redacted
    assert redacted.count('********') == 2


def test_redactor_removes_any_pwd_value_even_an_unknown_one():
    assert Redactor('other')('url?USER=a&PWD=guess&CMD') == 'url?USER=a&PWD=********&CMD'
