# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whatever a camera sends: every parser either reads it or raises the collection's own error, in time linear in
its size, and no text the client lets out holds the password.

Adversarial input of each reply's ceiling (64 KiB, the log's 1 MiB) is read within a CPU budget that a quadratic
parser misses by orders of magnitude (HTMLParser took over 60 s on 117 KB of unclosed tags on Python 3.11,
the old version pattern 9.9 s on 40 KB of blanks): a guard against a regression, not a speed figure.
"""

from __future__ import annotations

import functools

import contextlib
import json
import time
from urllib.parse import quote, quote_plus

import pytest
from acti_camera_sim import Fleet
from acti_testlib import free_port_run
from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.acti.camera.plugins.module_utils._client import CameraClient, _ptz_vendor_of
from ansible_collections.acti.camera.plugins.module_utils._errors import CameraError, CameraProtocolError
from ansible_collections.acti.camera.plugins.module_utils._redaction import Redactor
from ansible_collections.acti.camera.plugins.module_utils._transport import REPLY_CEILING
from ansible_collections.acti.camera.plugins.module_utils._system_log import LogReading, read_ptz_version
from ansible_collections.acti.camera.plugins.module_utils._upload import UploadForm, parse_upload_form

CPU_BUDGET = 0.2
LOG_CEILING = 1024 * 1024
PASSWORD = 'Hx\\9 \'Q"%&+é-Unmistakable'


def cpu_seconds(function, *args):
    started = time.process_time()
    with contextlib.suppress(CameraProtocolError):
        function(*args)
    return time.process_time() - started


def fill(piece, size, head=''):
    return head + piece * ((size - len(head)) // len(piece))


@pytest.mark.parametrize('page', [
    fill('<a', REPLY_CEILING),                                   # unclosed tags
    fill('<a b="', REPLY_CEILING),                               # unclosed quotes
    fill('<!--', REPLY_CEILING),                                 # unclosed comments
    fill(' a=b', REPLY_CEILING, '<form'),                        # one tag, attributes to the ceiling
    fill('<input type=file name=F>', REPLY_CEILING, '<form method=POST action=x>'),
    fill('<form><input type="file">', REPLY_CEILING),            # thousands of forms
    fill('<', REPLY_CEILING),
], ids=['tags', 'quotes', 'comments', 'attributes', 'inputs', 'forms', 'brackets'])
def test_the_form_parser_is_linear_on_adversarial_pages(page):
    assert cpu_seconds(parse_upload_form, page) < CPU_BUDGET


@pytest.mark.parametrize('lines', [
    [fill(' ', LOG_CEILING, 'PTZ Image Version')],               # blanks after the key (quadratic before)
    [fill('\t', LOG_CEILING, 'PTZ_IMAGE ')],
    [fill('PTZ Image Version ', LOG_CEILING)],
    ['2026-11-23 10:00:%02d PTZ Image Version  ' % (n % 60) + ' ' * 40 for n in range(LOG_CEILING // 64)],
    [fill('9', LOG_CEILING, '2026-11-23 10:00:00')],
], ids=['blanks', 'tabs', 'keys', 'many-lines', 'digits'])
def test_the_log_reader_is_linear_on_adversarial_logs(lines):
    assert cpu_seconds(read_ptz_version, lines) < CPU_BUDGET


def test_each_log_line_is_cut_before_a_pattern_sees_it():
    reading = read_ptz_version(['x' * 2000 + ' PTZ Image Version 9.9', 'PTZ Image Version 1.0'])
    assert reading.version == '1.0' and reading.entries == ('PTZ Image Version 1.0',)


@pytest.mark.parametrize('reply', [
    fill(' ', REPLY_CEILING, 'PTZ_VENDOR=a') + 'b',              # blanks inside (quadratic before)
    fill("'", REPLY_CEILING, 'PTZ_VENDOR='),
    fill('OK: ', REPLY_CEILING),
])
def test_the_ptz_vendor_reader_is_linear(reply):
    assert cpu_seconds(_ptz_vendor_of, reply) < CPU_BUDGET


@pytest.mark.parametrize('line, vendor', [
    ("PTZ_VENDOR='SONY,VISCA'", 'SONY,VISCA'), ("OK: PTZ_VENDOR='ACTI,ACTI'", 'ACTI,ACTI'),
    ('PTZ_VENDOR = PELCO,PELCOD ', 'PELCO,PELCOD'), ("ptz_vendor='DYNACOLOR,UNKNWN'", 'DYNACOLOR,UNKNWN'),
    ("PTZ_VENDOR='A'B'", None), ('POSITION_GET=1,2', None), ("2PTZ_VENDOR='X'", None),
])
def test_the_ptz_vendor_reply_forms(line, vendor):
    assert _ptz_vendor_of(line) == vendor


# Properties

HTML_PIECES = ['<form', '</form>', '<input', ' type=', 'file', 'submit', 'hidden', ' name=', ' value=', '"', "'",
               '>', '<!--', '-->', ' method=POST', ' enctype=multipart/form-data', ' action=x', '<select', '&quot;',
               ' checked', ' disabled', '=', ' ', '\n']


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HTML_PIECES) | st.text(max_size=8), max_size=60).map(''.join))
def test_any_page_is_a_form_or_a_protocol_error(page):
    try:
        form = parse_upload_form(page)
    except CameraProtocolError:
        return
    assert isinstance(form, UploadForm)
    assert [name for name, value in form.fields if value is None] == list(form.file_fields)
    assert (form.submit_field, form.submit_value) in form.fields


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=80) | st.sampled_from(['PTZ Image Version 2.0', '2026-11-23 10:00:00 ',
                                                        'Nov 23 10:00:00 PTZ_IMAGE=V1']), max_size=20))
def test_any_log_gives_a_reading(lines):
    assert isinstance(read_ptz_version(lines), LogReading)


def escaped_forms(secret):
    """How formatting writes a secret into a text: URL encodings, then %r, JSON and their escapes."""
    forms = set()
    for encoded in (secret, quote(secret, safe=''), quote(secret), quote_plus(secret)):
        forms.update({encoded, repr(encoded)[1:-1], json.dumps(encoded)[1:-1],
                      json.dumps(encoded, ensure_ascii=False)[1:-1]})
    return forms


@settings(max_examples=300, deadline=None)
@given(secret=st.text(st.characters(blacklist_characters='*', blacklist_categories=('Cs',)), min_size=3, max_size=16),
       before=st.text(max_size=20), after=st.text(max_size=20), formatting=st.sampled_from(['%s', '%r', 'json']))
def test_no_form_of_the_secret_survives_redaction(secret, before, after, formatting):
    redact = Redactor(secret)
    for form in escaped_forms(secret):
        text = before + form + after
        text = json.dumps(text) if formatting == 'json' else formatting % text
        assert form not in redact(text)


@pytest.fixture(scope='module')
def echoing_camera():
    """A simulated camera whose replies a test sets (misbehave 'text'), {url} echoing the URL, password in it."""
    fleet = Fleet(free_port_run(1), 1, {'admin_password': PASSWORD})
    fleet.start()
    (camera,) = fleet.cameras.values()
    yield camera
    fleet.stop()


REPLY_PIECES = ['ERROR: ', 'OK', 'OK: ', "PTZ_VENDOR='", "'", 'POSITION_GET=', '{url}', PASSWORD, '\n', '\r\n',
                '<form method=POST enctype=multipart/form-data action="', '<input type=file name=F>',
                '<input type=submit name=S value=Apply>', '</form>', ' = ', 'PTZ_IMAGE', 'NONE']


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(REPLY_PIECES) | st.text(max_size=10), max_size=30).map(''.join))
def test_any_reply_is_read_or_a_camera_error_and_never_holds_the_password(echoing_camera, reply):
    echoing_camera.settings['misbehave'] = {'on': '*', 'how': 'text', 'text': reply}
    client = CameraClient('127.0.0.1', echoing_camera.port, 'Admin', PASSWORD, timeout=5)
    for read in (client.system_info, client.ptz_vendor, client.ptz_vendor_and_position,
                 functools.partial(client.upload_form, 'PTZ_IMAGE'),
                 client.system_log):
        try:
            answer = read()
        except CameraError as exc:
            answer = str(exc)
        assert 'Unmistakable' not in repr(answer)
