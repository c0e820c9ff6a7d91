# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cameras that misbehave outside ACTi's documents, through ansible-playbook at -vvvv, on both execution paths, for
both images of the update CGI (acti.camera.ptz_image and acti.camera.firmware).

A buggy firmware, another device at a camera's address, or someone on the network path can send a huge, endless,
trickled or compressed reply, echo the password, answer an upload early or oddly, or serve text built to make a
parser work hard. Each case asserts its outcome and how long its task took; each run, the peak memory of its
largest process against a normal upgrade's, and that its output holds no form of the password.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import pytest
from acti_camera_sim import write_firmware_image, write_image
from acti_testlib import case, password_leaks, run_playbook as run_playbook_in

# The client's bounds do not depend on ansible-core: one leg of make test (the Makefile says which, and why).
pytestmark = pytest.mark.one_leg

# Every character that formatting or URL encoding changes, around a core no output may hold in any form.
PASSWORD = 'Hx\\9 \'Q"%&+é-Unmistakable'
MIB = 1024 * 1024
TRICKLE = {'how': 'trickle', 'interval': 0.5}
# The module path runs a module process on the host: that Python needs requests (here: this venv's).
PATHS = {'worker': (), 'module': ('-e', 'acti_camera_execution=module', '-e',
                                  'ansible_python_interpreter=%s' % sys.executable)}


@dataclass(frozen=True)
class Image:
    """One image of the update CGI as these cases see it: the task that uploads it, the commands of its upload, the
    command its installed version is read from, what a near miss of that reply's version line is, the task's message
    when that reply passes its ceiling, and the keys of the simulator's camera state that tell what it runs and what
    uploads it took."""

    playbook: str
    form: str
    verdict: str
    reads: str
    near_miss: str
    too_large: str
    installed: str
    uploads: str
    before: str
    target: str
    camera: dict = field(default_factory=dict)   # settings of its cameras


IMAGES = {
    'ptz_image': Image(
        playbook='ptz_image', form='PTZ_IMAGE', verdict='PTZ_IMAGE_SAVE', reads='SYSTEM_LOG',
        near_miss='PTZ Image Version' + ' ' * 100000,
        too_large='cannot read the system log of the camera at {address}: the camera at {address} sent more than '
                  '1048576 bytes in reply to SYSTEM_LOG, the most this collection reads of it (raise max_log_bytes if '
                  'its log really is that large): refused',
        installed='version', uploads='uploads', before='1.0.0', target='2.0.0'),
    'firmware': Image(
        playbook='firmware', form='FIRMWARE', verdict='FIRMWARE_SAVE', reads='SYSTEM_INFO',
        # Its reply is read up to 64 KiB: a near miss within them, a Firmware Version line without its '='.
        near_miss='Firmware Version' + ' ' * 60000,
        too_large='cannot read the SYSTEM_INFO of the camera at {address}: the camera at {address} sent more than '
                  '65536 bytes in reply to SYSTEM_INFO, the most this collection reads of it: refused',
        installed='firmware', uploads='firmware_uploads', before='A1D-500-V6.13.17-AC', target='A1D-500-V6.17.02-AC',
        camera={'firmware_reboot_seconds': 1}),
}


def hostile_cases(image):
    """{name: (camera settings, task options)} of IMAGE's run. Every task has timeout 5 unless it says otherwise;
    'image': 'big' uploads an image of 32 MiB."""
    reads, form, verdict = image.reads, image.form, image.verdict
    early_ok = dict(early_verdict={'after_bytes': 256 * 1024, 'reply': 'OK'})
    return {
        'huge_version': (dict(misbehave={'on': reads, 'how': 'huge', 'size': 500 * 1000 * 1000}), {}),
        'endless_version': (dict(misbehave={'on': reads, 'how': 'endless'}), {}),
        'gzip_version': (dict(misbehave={'on': reads, 'how': 'gzip', 'size': 200 * 1000 * 1000}), {}),
        'trickled_version': (dict(misbehave=dict(TRICKLE, on=reads)), {}),
        'trickled_form': (dict(misbehave=dict(TRICKLE, on=form)), {}),
        'trickled_verdict': (dict(misbehave=dict(TRICKLE, on=verdict)), {}),
        'trickled_reboot_wait': (dict(misbehave=dict(TRICKLE, on=reads, after_upload=True)),
                                 dict(timeout=3, wait_timeout=6)),
        'huge_form': (dict(misbehave={'on': form, 'how': 'huge', 'size': 100 * 1000 * 1000}), {}),
        'adversarial_version': (dict(misbehave={'on': reads, 'how': 'text', 'text': image.near_miss}), {}),
        'adversarial_form': (dict(misbehave={'on': form, 'how': 'text', 'text': '<a', 'repeat': 30000}), {}),
        'echoed_url_form': (dict(misbehave={'on': form, 'how': 'text',
                                            'text': '<html>No such page: {url} (%s)</html>' % PASSWORD}), {}),
        'early_ok_no_wait': (early_ok, dict(image='big', wait=False)),
        'early_ok_wait': (early_ok, dict(image='big')),
        'hidden_fields': (dict(form='hidden'), {}),
        'odd_verdict_wait': (dict(verdict='ok'), {}),
        'odd_verdict_no_wait': (dict(verdict='<html><body>OK</body></html>'), dict(wait=False)),
    }


def assert_no_password(output):
    assert 'Unmistakable' not in output, 'a form of the password appears in the output'
    assert password_leaks(output, PASSWORD) == []


@pytest.fixture(scope='module')
def sources(images, tmp_path_factory):
    """{image: {'normal': task options of a good upload, 'big': the same with an image of 32 MiB}}."""
    folder = tmp_path_factory.mktemp('hostile')
    write_image(str(folder / 'ACTIPT-big.BIN'), '2.0.0', payload_size=32 * MIB)
    firmware = IMAGES['firmware'].target
    for name, size in (('FW.BIN', 4096), ('FW-big.BIN', 32 * MIB)):
        write_firmware_image(str(folder / name), firmware, payload_size=size, md5_path=str(folder / name) + '.md5')
    return {'ptz_image': {'normal': dict(src=images['2.0.0'], version='2.0.0'),
                          'big': dict(src=str(folder / 'ACTIPT-big.BIN'), version='2.0.0')},
            'firmware': {kind: dict(src=str(folder / name), md5_src=str(folder / name) + '.md5', version=firmware)
                         for kind, name in (('normal', 'FW.BIN'), ('big', 'FW-big.BIN'))}}


@dataclass
class Hostile:
    """The hostile run of one image on one execution path: {case: (port, result, camera state)}, the run, and a
    normal upgrade's run."""

    image: Image
    outcomes: dict
    run: object
    normal: object

    def __getitem__(self, name):
        return self.outcomes[name]

    def uploads(self, state):
        """The camera's records of this image's uploads."""
        return state[self.image.uploads]

    def runs(self, state):
        """What the camera runs of this image."""
        return state[self.image.installed]


# A hostile run per image and execution path, each its own xdist group: one worker runs a run and all its tests.
RUNS = [pytest.param((path, image), id='%s-%s' % (image, path),
                     marks=pytest.mark.xdist_group('hostile-%s-%s' % (image, path)))
        for image in IMAGES for path in PATHS]


@pytest.fixture(scope='module', params=RUNS)
def hostile(request, simulator, sources, tmp_path_factory):
    """The Hostile run of one image on one execution path."""
    path, name = request.param
    image, flags = IMAGES[name], PATHS[path]
    folder = tmp_path_factory.mktemp('hostile-%s-%s' % (name, path))
    port = simulator.camera(admin_password=PASSWORD, **image.camera)
    normal = run_playbook_in(folder, image.playbook, [case('normal', port, password=PASSWORD,
                                                           **sources[name]['normal'])], '-vvvv', *flags)
    assert not normal.results[0]['failed'], normal.results[0]['msg']
    cases = hostile_cases(image)
    ports, items = {}, []
    for case_name, (settings, options) in cases.items():
        ports[case_name] = simulator.camera(admin_password=PASSWORD, reboot_seconds=1, **image.camera, **settings)
        options = dict(options)
        options.setdefault('timeout', 5)
        items.append(case(case_name, ports[case_name], password=PASSWORD,
                          **dict(sources[name][options.pop('image', 'normal')], **options)))
    run = run_playbook_in(folder, image.playbook, items, '-vvvv', *flags)
    outcomes = {case_name: (ports[case_name], result, simulator.state(ports[case_name]))
                for case_name, result in zip(cases, run.results, strict=True)}
    return Hostile(image, outcomes, run, normal)


def test_no_form_of_the_password_is_printed_at_vvvv(hostile):
    assert 'No such page' in hostile.run.output   # the echoing page was quoted
    assert_no_password(hostile.run.output)
    assert_no_password(hostile.normal.output)


def test_memory_stays_within_30_mb_of_a_normal_upgrade(hostile):
    run, normal = hostile.run, hostile.normal
    assert run.peak_rss_kib < normal.peak_rss_kib + 30 * 1024, (run.peak_rss_kib, normal.peak_rss_kib)


@pytest.mark.parametrize('name', ['huge_version', 'endless_version'])
def test_a_huge_or_endless_version_reply_fails_naming_the_ceiling(hostile, name):
    port, result, state = hostile[name]
    assert result['failed'] is True and result['changed'] is False and result['elapsed'] < 5
    assert result['msg'] == hostile.image.too_large.format(address='127.0.0.1:%d' % port)
    assert hostile.uploads(state) == []


def test_a_compressed_version_reply_is_refused(hostile):
    _port, result, state = hostile['gzip_version']
    assert result['failed'] is True
    assert 'sent its reply to %s compressed (Content-Encoding: gzip)' % hostile.image.reads in result['msg']
    assert hostile.uploads(state) == []


def test_a_trickled_first_reply_ends_within_timeout(hostile):
    for name in ('trickled_version', 'trickled_form'):
        _port, result, state = hostile[name]
        assert result['failed'] is True and result['changed'] is False, name
        assert 'its reply was not complete within timeout (5.0 s)' in result['msg'], name
        assert result['elapsed'] < 5 * (1 if name == 'trickled_version' else 2) + 2, (name, result['elapsed'])
        assert hostile.uploads(state) == [], name


def test_a_trickled_verdict_is_no_verdict_and_the_version_read_back_decides(hostile):
    _port, result, state = hostile['trickled_verdict']
    assert not result['failed'], result['msg']
    assert result['version_after'] == hostile.runs(state) == hostile.image.target and result['device_reply'] is None
    assert 'the upload was cut off (no reply from the camera' in hostile.run.output


def test_a_trickling_camera_does_not_hold_the_reboot_wait(hostile):
    _port, result, state = hostile['trickled_reboot_wait']
    assert result['failed'] is True and result['rebooted'] is False
    assert 'was not back from its reboot after' in result['msg']
    assert 'its reply was not complete within timeout (3.0 s)' in result['msg']
    # The upload, then wait_timeout plus one request's timeout, and a margin.
    assert result['elapsed'] < 6 + 3 + 6, result['elapsed']
    assert hostile.runs(state) == hostile.image.target


def test_a_huge_form_page_fails_before_the_upload(hostile):
    _port, result, state = hostile['huge_form']
    assert result['failed'] is True and result['changed'] is False
    assert 'sent more than 65536 bytes in reply to %s' % hostile.image.form in result['msg']
    assert 'so nothing was uploaded' in result['msg'] and hostile.uploads(state) == [] and state['reboots'] == 0


def test_adversarial_text_is_read_at_once(hostile):
    _port, version, _state = hostile['adversarial_version']
    assert version['failed'] is True and version['version_unknown'] is True and version['elapsed'] < 3
    _port, form, state = hostile['adversarial_form']
    assert form['failed'] is True and 'no form with a file input' in form['msg'] and form['elapsed'] < 3
    assert hostile.uploads(state) == []


def test_a_page_that_echoes_the_request_is_quoted_redacted(hostile):
    _port, result, _state = hostile['echoed_url_form']
    assert result['failed'] is True
    assert ('No such page: /cgi-bin/update?USER=Admin&PWD=********&%s (********)' % hostile.image.form
            in result['msg'])


def test_an_early_ok_is_never_a_success(hostile):
    _port, no_wait, state = hostile['early_ok_no_wait']
    assert no_wait['failed'] is True and no_wait['changed'] is True
    assert no_wait['msg'].startswith('the upload was cut off (')
    assert 'whether the camera took the image is unknown until it is back' in no_wait['msg']
    assert [upload['verdict'] for upload in hostile.uploads(state)] == ['early: OK']
    _port, waited, state = hostile['early_ok_wait']
    assert waited['failed'] is True and waited['version_after'] == hostile.runs(state) == hostile.image.before


def test_the_hidden_fields_of_the_form_are_posted_back(hostile):
    _port, result, state = hostile['hidden_fields']
    assert not result['failed'], result['msg']
    assert [upload['verdict'] for upload in hostile.uploads(state)] == ['OK']
    assert hostile.runs(state) == hostile.image.target


def test_an_odd_verdict_is_decided_by_the_version_read_back_or_fails_without_wait(hostile):
    port, waited, state = hostile['odd_verdict_wait']
    assert not waited['failed'], waited['msg']
    assert waited['version_after'] == hostile.runs(state) == hostile.image.target and waited['device_reply'] is None
    assert ("the upload got no verdict: the camera at 127.0.0.1:%d answered the upload with 'ok', neither OK nor "
            "ERROR; the version read back after the reboot decides" % port) in hostile.run.output
    _port, no_wait, _state = hostile['odd_verdict_no_wait']
    assert no_wait['failed'] is True and no_wait['changed'] is True
    assert "answered the upload with '<html><body>OK</body></html>', neither OK nor ERROR" in no_wait['msg']


@pytest.mark.parametrize('path', [pytest.param(path, marks=pytest.mark.xdist_group('hostile-camera-info'))
                                  for path in PATHS])
def test_camera_info_returns_the_log_and_info_redacted(path, simulator, run_playbook):
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
