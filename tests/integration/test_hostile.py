# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cameras that misbehave outside ACTi's documents, through ansible-playbook at -vvvv, on both execution paths.

A buggy firmware, another device at a camera's address, or someone on the network path can send a huge, endless,
trickled or compressed reply, echo the password, answer an upload early or oddly, or serve text built to make a
parser work hard. Each case asserts its outcome and how long its task took; each run, the peak memory of its
largest process against a normal upgrade's, and that its output holds no form of the password.
"""

from __future__ import annotations

import json
import sys
from urllib.parse import quote, quote_plus

import pytest
from acti_camera_sim import write_image
from acti_testlib import case, run_playbook as run_playbook_in

# The client's bounds do not depend on ansible-core: one leg of make test (the Makefile says which, and why).
pytestmark = pytest.mark.one_leg

# Every character that formatting or URL encoding changes, around a core no output may hold in any form.
PASSWORD = 'Hx\\9 \'Q"%&+é-Unmistakable'
MIB = 1024 * 1024
TRICKLE = {'how': 'trickle', 'interval': 0.5}
# The module path runs a module process on the host: that Python needs requests (here: this venv's).
PATHS = {'worker': (), 'module': ('-e', 'acti_camera_execution=module', '-e',
                                  'ansible_python_interpreter=%s' % sys.executable)}

# name: (camera settings, task options). Every task has timeout 5 unless it says otherwise.
HOSTILE = {
    'huge_log': (dict(misbehave={'on': 'SYSTEM_LOG', 'how': 'huge', 'size': 500 * 1000 * 1000}), {}),
    'endless_log': (dict(misbehave={'on': 'SYSTEM_LOG', 'how': 'endless'}), {}),
    'gzip_log': (dict(misbehave={'on': 'SYSTEM_LOG', 'how': 'gzip', 'size': 200 * 1000 * 1000}), {}),
    'trickled_log': (dict(misbehave=dict(TRICKLE, on='SYSTEM_LOG')), {}),
    'trickled_form': (dict(misbehave=dict(TRICKLE, on='PTZ_IMAGE')), {}),
    'trickled_verdict': (dict(misbehave=dict(TRICKLE, on='PTZ_IMAGE_SAVE')), {}),
    'trickled_reboot_wait': (dict(misbehave=dict(TRICKLE, on='SYSTEM_LOG', after_upload=True)),
                             dict(timeout=3, wait_timeout=6)),
    'huge_form': (dict(misbehave={'on': 'PTZ_IMAGE', 'how': 'huge', 'size': 100 * 1000 * 1000}), {}),
    'adversarial_log': (dict(misbehave={'on': 'SYSTEM_LOG', 'how': 'text',
                                        'text': 'PTZ Image Version' + ' ' * 100000}), {}),
    'adversarial_form': (dict(misbehave={'on': 'PTZ_IMAGE', 'how': 'text', 'text': '<a', 'repeat': 30000}), {}),
    'echoed_url_form': (dict(misbehave={'on': 'PTZ_IMAGE', 'how': 'text',
                                        'text': '<html>No such page: {url} (%s)</html>' % PASSWORD}), {}),
    'early_ok_no_wait': (dict(early_verdict={'after_bytes': 256 * 1024, 'reply': 'OK'}),
                         dict(image='big', wait=False)),
    'early_ok_wait': (dict(early_verdict={'after_bytes': 256 * 1024, 'reply': 'OK'}), dict(image='big')),
    'hidden_fields': (dict(form='hidden'), {}),
    'odd_verdict_wait': (dict(verdict='ok'), {}),
    'odd_verdict_no_wait': (dict(verdict='<html><body>OK</body></html>'), dict(wait=False)),
}


def forms_of(secret):
    """The password as any output could write it: clear, URL-encoded, escaped by %r or JSON."""
    forms = set()
    for encoded in (secret, quote(secret, safe=''), quote(secret), quote_plus(secret)):
        forms.update({encoded, encoded.lower(), repr(encoded)[1:-1], json.dumps(encoded)[1:-1]})
    return forms


def assert_no_password(output):
    assert 'Unmistakable' not in output, 'a form of the password appears in the output'
    assert [form for form in forms_of(PASSWORD) if form in output] == []


@pytest.fixture(scope='module')
def big_image(tmp_path_factory):
    path = tmp_path_factory.mktemp('hostile') / 'ACTIPT-big.BIN'
    write_image(str(path), '2.0.0', payload_size=32 * MIB)
    return str(path)


@pytest.fixture(scope='module', params=[pytest.param(path, marks=pytest.mark.xdist_group('hostile-%s' % path))
                                        for path in PATHS])
def hostile(request, simulator, images, big_image, tmp_path_factory):
    """(path, {case: (port, result, camera state)}, the hostile run, a normal upgrade's run) on one execution path."""
    flags = PATHS[request.param]
    folder = tmp_path_factory.mktemp('hostile-%s' % request.param)
    normal = run_playbook_in(folder, 'ptz_image', [case('normal', simulator.camera(admin_password=PASSWORD),
                                                        password=PASSWORD, src=images['2.0.0'], version='2.0.0')],
                             '-vvvv', *flags)
    assert not normal.results[0]['failed'], normal.results[0]['msg']
    ports, cases = {}, []
    for name, (settings, options) in HOSTILE.items():
        ports[name] = simulator.camera(admin_password=PASSWORD, reboot_seconds=1, **settings)
        options = dict(options)
        src = big_image if options.pop('image', None) == 'big' else images['2.0.0']
        options.setdefault('timeout', 5)
        cases.append(case(name, ports[name], password=PASSWORD, src=src, version='2.0.0', **options))
    run = run_playbook_in(folder, 'ptz_image', cases, '-vvvv', *flags)
    outcomes = {name: (ports[name], result, simulator.state(ports[name]))
                for name, result in zip(HOSTILE, run.results, strict=True)}
    return request.param, outcomes, run, normal


def test_no_form_of_the_password_is_printed_at_vvvv(hostile):
    _path, _outcomes, run, normal = hostile
    assert 'No such page' in run.output   # the echoing page was quoted
    assert_no_password(run.output)
    assert_no_password(normal.output)


def test_memory_stays_within_30_mb_of_a_normal_upgrade(hostile):
    _path, _outcomes, run, normal = hostile
    assert run.peak_rss_kib < normal.peak_rss_kib + 30 * 1024, (run.peak_rss_kib, normal.peak_rss_kib)


@pytest.mark.parametrize('name', ['huge_log', 'endless_log'])
def test_a_huge_or_endless_log_fails_naming_the_ceiling(hostile, name):
    _path, outcomes, _run, _normal = hostile
    port, result, state = outcomes[name]
    assert result['failed'] is True and result['changed'] is False and result['elapsed'] < 5
    assert result['msg'] == (
        'cannot read the system log of the camera at 127.0.0.1:%d: the camera at 127.0.0.1:%d sent more than '
        '1048576 bytes in reply to SYSTEM_LOG, the most this collection reads of it (raise max_log_bytes if its log '
        'really is that large): refused' % (port, port))
    assert state['uploads'] == []


def test_a_compressed_log_is_refused(hostile):
    _path, outcomes, _run, _normal = hostile
    _port, result, state = outcomes['gzip_log']
    assert result['failed'] is True and 'sent its reply to SYSTEM_LOG compressed (Content-Encoding: gzip)' in \
        result['msg']
    assert state['uploads'] == []


def test_a_trickled_first_reply_ends_within_timeout(hostile):
    _path, outcomes, _run, _normal = hostile
    for name in ('trickled_log', 'trickled_form'):
        _port, result, state = outcomes[name]
        assert result['failed'] is True and result['changed'] is False, name
        assert 'its reply was not complete within timeout (5.0 s)' in result['msg'], name
        assert result['elapsed'] < 5 * (1 if name == 'trickled_log' else 2) + 2, (name, result['elapsed'])
        assert state['uploads'] == [], name


def test_a_trickled_verdict_is_no_verdict_and_the_version_read_back_decides(hostile):
    _path, outcomes, run, _normal = hostile
    _port, result, state = outcomes['trickled_verdict']
    assert not result['failed'], result['msg']
    assert result['version_after'] == state['version'] == '2.0.0' and result['device_reply'] is None
    assert 'the upload was cut off (no reply from the camera' in run.output


def test_a_trickling_camera_does_not_hold_the_reboot_wait(hostile):
    _path, outcomes, _run, _normal = hostile
    _port, result, state = outcomes['trickled_reboot_wait']
    assert result['failed'] is True and result['rebooted'] is False
    assert 'was not back from its reboot after' in result['msg']
    assert 'its reply was not complete within timeout (3.0 s)' in result['msg']
    # The upload, then wait_timeout plus one request's timeout, and a margin.
    assert result['elapsed'] < 6 + 3 + 6, result['elapsed']
    assert state['version'] == '2.0.0'


def test_a_huge_form_page_fails_before_the_upload(hostile):
    _path, outcomes, _run, _normal = hostile
    _port, result, state = outcomes['huge_form']
    assert result['failed'] is True and result['changed'] is False
    assert 'sent more than 65536 bytes in reply to PTZ_IMAGE' in result['msg']
    assert 'so nothing was uploaded' in result['msg'] and state['uploads'] == [] and state['reboots'] == 0


def test_adversarial_text_is_read_at_once(hostile):
    _path, outcomes, _run, _normal = hostile
    _port, log, _state = outcomes['adversarial_log']
    assert log['failed'] is True and log['version_unknown'] is True and log['elapsed'] < 3
    _port, form, state = outcomes['adversarial_form']
    assert form['failed'] is True and 'no form with a file input' in form['msg'] and form['elapsed'] < 3
    assert state['uploads'] == []


def test_a_page_that_echoes_the_request_is_quoted_redacted(hostile):
    _path, outcomes, _run, _normal = hostile
    _port, result, _state = outcomes['echoed_url_form']
    assert result['failed'] is True
    assert "No such page: /cgi-bin/update?USER=Admin&PWD=********&PTZ_IMAGE (********)" in result['msg']


def test_an_early_ok_is_never_a_success(hostile):
    _path, outcomes, _run, _normal = hostile
    _port, no_wait, state = outcomes['early_ok_no_wait']
    assert no_wait['failed'] is True and no_wait['changed'] is True
    assert no_wait['msg'].startswith('the upload was cut off (')
    assert 'whether the camera took the image is unknown until it is back' in no_wait['msg']
    assert [upload['verdict'] for upload in state['uploads']] == ['early: OK']
    _port, waited, state = outcomes['early_ok_wait']
    assert waited['failed'] is True and waited['version_after'] == state['version'] == '1.0.0'


def test_the_hidden_fields_of_the_form_are_posted_back(hostile):
    _path, outcomes, _run, _normal = hostile
    _port, result, state = outcomes['hidden_fields']
    assert not result['failed'], result['msg']
    assert [upload['verdict'] for upload in state['uploads']] == ['OK'] and state['version'] == '2.0.0'


def test_an_odd_verdict_is_decided_by_the_version_read_back_or_fails_without_wait(hostile):
    _path, outcomes, run, _normal = hostile
    _port, waited, state = outcomes['odd_verdict_wait']
    assert not waited['failed'], waited['msg']
    assert waited['version_after'] == state['version'] == '2.0.0' and waited['device_reply'] is None
    assert ("the upload got no verdict: the camera at 127.0.0.1:%d answered the upload with 'ok', neither OK nor "
            "ERROR; the version read back after the reboot decides" % _port) in run.output
    _port, no_wait, _state = outcomes['odd_verdict_no_wait']
    assert no_wait['failed'] is True and no_wait['changed'] is True
    assert "answered the upload with '<html><body>OK</body></html>', neither OK nor ERROR" in no_wait['msg']


def test_camera_info_returns_the_log_and_info_redacted(hostile, simulator, run_playbook):
    path, _outcomes, _run, _normal = hostile
    echo = simulator.camera(admin_password=PASSWORD, misbehave={
        'on': 'SYSTEM_LOG', 'how': 'text',
        'text': '2026-11-23 10:00:00 login %s from {url}\n2026-11-23 10:00:01 PTZ Image Version 1.0.0\n' % PASSWORD})
    huge = simulator.camera(admin_password=PASSWORD, misbehave={'on': 'SYSTEM_INFO', 'how': 'endless'})
    run = run_playbook('camera_info', [case('echo', echo, password=PASSWORD), case('huge', huge, password=PASSWORD)],
                       '-vvvv', *PATHS[path])
    assert_no_password(run.output)
    echoed, endless = run.results
    assert echoed['system_log'][0] == (
        '2026-11-23 10:00:00 login ******** from /cgi-bin/system?USER=Admin&PWD=********&SYSTEM_LOG')
    assert echoed['ptz_image_version'] == '1.0.0'
    assert endless['failed'] is True and 'sent more than 65536 bytes in reply to SYSTEM_INFO' in endless['msg']
