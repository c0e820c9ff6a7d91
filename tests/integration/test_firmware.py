# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acti.camera.firmware run by ansible-playbook against simulated cameras, on both execution paths.

One playbook run per path carries the whole matrix (an upgrade, each refusal before the upload, each ERROR the
camera answers, a downgrade refused and allowed, another device back at the address, a camera that never comes
back), at -vvvv and with a password holding / & % + (each quoted its own way in a URL); the tests then read its results
and the cameras' states as they were right after it. Check mode and a rerun have runs of their own.
"""

from __future__ import annotations

import hashlib
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from acti_testlib import case, run_playbook as run_playbook_in
from acti_camera_sim import make_firmware_image, write_firmware_image

SECRET = 'Fw-S3cret/&%+'
MODULE_PATH = ('-e', 'acti_camera_execution=module', '-e', 'ansible_python_interpreter=%s' % sys.executable)
PATHS = {'worker': (), 'module': MODULE_PATH}

RUNNING = 'A1D-500-V6.13.17-AC'     # what a simulated camera runs unless told otherwise
NEW = 'A1D-500-V6.17.02-AC'
LOWER = 'A1D-500-V6.10.01-AC'
OTHER_MODEL = 'A1D-311-V6.17.02-AC'
OTHER_TYPE = 'A1D-500-V6.17.02-NB'
REBOOT, FIRMWARE_REBOOT = 0.5, 0.8   # seconds: after a rejected upload, after one answered OK
OTHER_MAC = '00:0F:7C:12:34:56'
NEVER_BACK_TIMEOUT = 1.5
READ_ONLY = {'SYSTEM_INFO': 1, 'total': 1}


def leaks(output):
    return [form for form in (SECRET, quote(SECRET, safe=''), quote(SECRET), quote_plus(SECRET)) if form in output]


def md5_of(path):
    return hashlib.md5(Path(path).read_bytes()).hexdigest()  # noqa: S324  the digest the camera checks


@pytest.fixture(scope='module')
def firmware(tmp_path_factory):
    """Firmware images and their MD5 files (md5sum's layout), by name; 'corrupted' has one byte changed and an MD5
    file of its own bytes, so that only the camera can tell."""
    folder = tmp_path_factory.mktemp('firmware')
    paths = {}
    for name, firmware_string in (('new', NEW), ('lower', LOWER), ('other_model', OTHER_MODEL),
                                  ('other_type', OTHER_TYPE)):
        image = folder / ('%s.bin' % firmware_string)
        write_firmware_image(image, firmware_string, md5_path=str(image) + '.md5')
        paths[name], paths[name + '.md5'] = str(image), str(image) + '.md5'
    corrupted = bytearray(make_firmware_image(NEW))
    corrupted[len(corrupted) // 2] ^= 0x01
    image = folder / 'corrupted.bin'
    image.write_bytes(bytes(corrupted))
    Path(str(image) + '.md5').write_text('%s  corrupted.bin\n' % md5_of(image))
    paths['corrupted'], paths['corrupted.md5'] = str(image), str(image) + '.md5'
    return paths


def matrix_cases(simulator, firmware):
    """{name: (port, options)} of the matrix: a camera each, all with the password SECRET."""
    new, lower = dict(src=firmware['new'], version=NEW), dict(src=firmware['lower'], version=LOWER)
    with_md5 = dict(new, md5_src=firmware['new.md5'])
    other_model = dict(src=firmware['other_model'], md5_src=firmware['other_model.md5'], version=OTHER_MODEL)
    other_type = dict(src=firmware['other_type'], md5_src=firmware['other_type.md5'], version=OTHER_TYPE)
    matrix = {
        'upgrade': ({}, with_md5),
        'platform_t_without_md5': (dict(platform='T'), new),
        'platform_a_without_md5': (dict(platform='A'), new),
        'platform_w_without_md5': (dict(platform='W'), new),
        'md5_of_another_image': ({}, dict(new, md5_src=firmware['lower.md5'])),
        'other_model': ({}, other_model),
        'other_type': ({}, other_type),
        'other_model_forced': ({}, dict(other_model, force=True)),
        'other_type_forced': ({}, dict(other_type, force=True)),
        'firmware_error': (dict(firmware_error='firmware image'), with_md5),
        'firmware_error_unknown': (dict(firmware_error='flash busy'), with_md5),
        'corrupted': ({}, dict(src=firmware['corrupted'], md5_src=firmware['corrupted.md5'], version=NEW)),
        'downgrade_refused': ({}, dict(lower, md5_src=firmware['lower.md5'])),
        'downgrade_allowed': ({}, dict(lower, md5_src=firmware['lower.md5'], allow_downgrade=True)),
        'other_device': (dict(mac_after_reboot=OTHER_MAC), with_md5),
        'never_back': (dict(never_returns=True), dict(with_md5, wait_timeout=NEVER_BACK_TIMEOUT)),
    }
    cameras = {}
    for name, (settings, options) in matrix.items():
        port = simulator.camera(admin_password=SECRET, reboot_seconds=REBOOT, firmware_reboot_seconds=FIRMWARE_REBOOT,
                                **settings)
        # A wait that missed the outage polls until wait_timeout: bounded here, so that it fails instead of hanging.
        cameras[name] = (port, dict(dict(wait_timeout=30), **options))
    return cameras


class Matrix:
    """The matrix's run on one path: results and camera states by case name, states as they were right after."""

    def __init__(self, path, run, cameras, before, after):
        self.path, self.run, self.cameras = path, run, cameras
        self.results = {result['item']['name']: result for result in run.results}
        self.before, self.after = before, after

    def __getitem__(self, name):
        return self.results[name]

    def port(self, name):
        return self.cameras[name][0]


def run_matrix(simulator, firmware, folder, path):
    cameras = matrix_cases(simulator, firmware)
    # A PTZ vendor set at run time, not saved: the firmware upload saves it before its reboot.
    simulator.configure(cameras['upgrade'][0], runtime_config={'PTZ_VENDOR': 'SONY,VISCA'})
    before = {name: simulator.state(port) for name, (port, _options) in cameras.items()}
    run = run_playbook_in(folder, 'firmware',
                          [case(name, port, password=SECRET, **options) for name, (port, options) in cameras.items()],
                          '-vvvv', '--diff', *PATHS[path])
    after = {name: simulator.state(port) for name, (port, _options) in cameras.items()}
    return Matrix(path, run, cameras, before, after)


@pytest.fixture(scope='module')
def matrices(simulator, firmware, tmp_path_factory):
    """The matrix run on each path, both at once: most of a run is waiting for reboots."""
    with ThreadPoolExecutor(len(PATHS)) as pool:
        runs = {path: pool.submit(run_matrix, simulator, firmware, tmp_path_factory.mktemp('matrix-%s' % path), path)
                for path in sorted(PATHS)}
        return {path: run.result() for path, run in runs.items()}


@pytest.fixture(params=[pytest.param(path, marks=pytest.mark.xdist_group('firmware-matrix')) for path in sorted(PATHS)])
def matrix(request, matrices):
    return matrices[request.param]


def test_the_task_runs_where_the_path_says_and_never_prints_the_password(matrix):
    assert leaks(matrix.run.output) == []
    assert ('AnsiballZ_firmware.py' in matrix.run.output) is (matrix.path == 'module')
    assert len(matrix.results) == len(matrix.cameras)


def test_an_upgrade_is_verified_by_version_identity_and_ptz_and_keeps_the_runtime_ptz_vendor(matrix, firmware):
    result, state = matrix['upgrade'], matrix.after['upgrade']
    assert not result['failed'], result['msg']
    assert (result['outcome'], result['changed'], result['rebooted']) == ('upgraded', True, True)
    assert (result['version_before'], result['version_after']) == (RUNNING, NEW)
    assert result['msg'] == ('uploaded the firmware (was %s); the camera rebooted and reports firmware version %s'
                             % (RUNNING, NEW))
    assert result['device_reply'] == 'OK' and result['platform'] == 'A'
    mac = matrix.before['upgrade']['mac_address']
    assert result['mac_address'] == mac.replace(':', '').lower()
    assert result['image_sha256'] == hashlib.sha256(Path(firmware['new']).read_bytes()).hexdigest()
    assert result['image_size'] == Path(firmware['new']).stat().st_size
    # The vendor set at run time before the task is what the PTZ answers after the reboot.
    assert result['ptz_check'] == 'ok'
    assert result['ptz_vendor_before'] == result['ptz_vendor_after'] == 'SONY,VISCA'
    assert result['ptz_position'] == 'PAN=1200,TILT=300'
    assert result['diff'] == {'before': 'firmware_version: %s\n' % RUNNING, 'after': 'firmware_version: %s\n' % NEW}
    assert '-firmware_version: %s' % RUNNING in matrix.run.output
    assert '+firmware_version: %s' % NEW in matrix.run.output
    assert state['firmware'] == NEW and state['up'] and state['reboots'] == 1
    assert state['ptz_vendor'] == 'SONY,VISCA' and state['saved_config'] == {'PTZ_VENDOR': 'SONY,VISCA'}
    assert state['firmware_uploads'] == [{'verdict': 'OK', 'size': result['image_size'], 'firmware': NEW}]
    counts = dict(state['counts'])
    assert counts.pop('SYSTEM_INFO') >= 2   # the first look, then the polls until it is back
    assert counts.pop('total') >= 6
    assert counts == {'PTZ_VENDOR': 2, 'POSITION_GET': 1, 'FIRMWARE': 1, 'FIRMWARE_SAVE': 1}
    assert 'PTZ_IMAGE' not in state['counts'] and state['uploads'] == []   # the firmware's form, not the PTZ's


def test_a_rerun_after_the_upgrade_costs_one_request(matrix, simulator, firmware, tmp_path):
    port, options = matrix.cameras['upgrade']
    simulator.reset_counts(port)
    rerun = [case('rerun', port, password=SECRET, **options)]
    (again,) = run_playbook_in(tmp_path, 'firmware', rerun, *PATHS[matrix.path]).results
    assert not again['failed'], again['msg']
    assert (again['outcome'], again['changed']) == ('unchanged', False)
    assert again['version_before'] == again['version_after'] == NEW
    assert again['msg'] == 'the camera already reports firmware version %s' % NEW
    state = simulator.state(port)
    assert state['counts'] == READ_ONLY and state['firmware_uploads'] == [] and state['reboots'] == 1


def test_a_platform_t_camera_takes_the_image_without_an_md5_file(matrix):
    result, state = matrix['platform_t_without_md5'], matrix.after['platform_t_without_md5']
    assert not result['failed'], result['msg']
    assert (result['outcome'], result['platform'], result['version_after']) == ('upgraded', 'T', NEW)
    assert [upload['verdict'] for upload in state['firmware_uploads']] == ['OK'] and state['firmware'] == NEW


@pytest.mark.parametrize('name, platform', [('platform_a_without_md5', 'A'), ('platform_w_without_md5', 'W')])
def test_a_camera_that_checks_the_md5_is_not_sent_an_image_without_it(matrix, name, platform):
    result, state = matrix[name], matrix.after[name]
    assert result['failed'] is True and result['outcome'] == 'invalid_input' and result['changed'] is False
    assert result['platform'] == platform
    assert result['msg'] == ('the camera at 127.0.0.1:%d is a Platform%s camera, which checks the firmware against its '
                             'MD5 file: give md5_src (the .md5 file shipped with the image); nothing was uploaded'
                             % (matrix.port(name), platform))
    assert state['counts'] == READ_ONLY and state['firmware_uploads'] == [] and state['reboots'] == 0


def test_an_md5_file_of_another_image_is_refused_before_any_request(matrix, firmware):
    result, state = matrix['md5_of_another_image'], matrix.after['md5_of_another_image']
    assert result['failed'] is True and result['outcome'] == 'invalid_input'
    # The paths in the message are those where the task runs (see the test below for the module path's).
    assert re.fullmatch(r'md5_src (\S+) holds the MD5 %s, but src (\S+) has MD5 %s: the MD5 file is another image\'s, '
                        r'and the camera would refuse the upload \(ERROR: firmware image\)'
                        % (md5_of(firmware['lower']), md5_of(firmware['new'])), result['msg']), result['msg']
    assert state['counts'] == {} and state['firmware_uploads'] == []


def test_messages_name_src_and_md5_src_as_given_on_the_controller(matrix, firmware):
    # On the module path the module reads copies in its temporary directory: its messages must not name them.
    assert matrix['md5_of_another_image']['msg'].startswith('md5_src %s holds the MD5 %s, but src %s has MD5 '
                                                            % (firmware['lower.md5'], md5_of(firmware['lower']),
                                                               firmware['new']))


@pytest.mark.parametrize('name, part, want, have', [
    ('other_model', 'model', 'A1D-311', 'A1D-500'), ('other_type', 'type', 'NB', 'AC')])
def test_a_firmware_for_another_model_or_type_is_refused_with_nothing_sent(matrix, name, part, want, have):
    result, state = matrix[name], matrix.after[name]
    assert result['failed'] is True and result['outcome'] == 'invalid_input' and result['changed'] is False
    assert result['msg'] == ('the firmware %s is for %s %s, but the camera at 127.0.0.1:%d runs %s (%s %s): nothing '
                             'was uploaded (force=true uploads anyway)'
                             % (matrix.cameras[name][1]['version'], part, want, matrix.port(name), RUNNING, part,
                                have))
    assert state['counts'] == READ_ONLY and state['firmware_uploads'] == [] and state['reboots'] == 0


@pytest.mark.parametrize('name, reply, meaning', [
    ('other_model_forced', 'ERROR: firmware version', ' (the firmware is not for this model or platform)'),
    ('other_type_forced', 'ERROR: firmware type', ' (the image\'s type (AC, NB) is not the camera\'s)'),
    ('firmware_error', 'ERROR: firmware image', ' (the image is corrupted, or it does not match its MD5 file: '
                                                'check both against the vendor\'s)'),
    ('corrupted', 'ERROR: firmware image', ' (the image is corrupted, or it does not match its MD5 file: '
                                           'check both against the vendor\'s)'),
    ('firmware_error_unknown', 'ERROR: flash busy', ''),
])
def test_an_error_the_camera_answers_is_reported_verbatim_with_its_meaning_after_the_reboot(
        matrix, name, reply, meaning):
    result, state = matrix[name], matrix.after[name]
    assert result['failed'] is True and not result.get('unreachable')
    assert (result['outcome'], result['device_reply'], result['changed']) == ('rejected', reply, True)
    # The camera reboots after any upload: the task waits for it and says what it runs.
    assert result['rebooted'] is True and result['version_after'] == RUNNING
    assert result['msg'] == ('the camera rejected the image: %s%s; the camera rebooted and reports firmware version %s'
                             % (reply, meaning, RUNNING))
    assert result['elapsed'] >= REBOOT
    assert [upload['verdict'] for upload in state['firmware_uploads']] == [reply]
    assert state['firmware'] == RUNNING and state['reboots'] == 1 and state['up']


def test_a_downgrade_is_refused_with_nothing_sent_unless_allowed(matrix):
    refused, allowed = matrix['downgrade_refused'], matrix['downgrade_allowed']
    assert refused['failed'] is True and refused['outcome'] == 'downgrade_refused' and refused['changed'] is False
    assert refused['msg'] == ('the camera at 127.0.0.1:%d runs firmware %s, above %s: nothing was uploaded; a '
                              'downgrade needs allow_downgrade=true (ACTi asks that its support be consulted first)'
                              % (matrix.port('downgrade_refused'), RUNNING, LOWER))
    assert matrix.after['downgrade_refused']['counts'] == READ_ONLY
    assert matrix.after['downgrade_refused']['firmware_uploads'] == []
    assert not allowed['failed'], allowed['msg']
    assert (allowed['outcome'], allowed['version_before'], allowed['version_after']) == ('downgraded', RUNNING, LOWER)
    assert allowed['diff']['after'] == 'firmware_version: %s  # a downgrade\n' % LOWER
    assert matrix.after['downgrade_allowed']['firmware'] == LOWER


def test_another_device_back_at_the_address_is_never_called_upgraded(matrix):
    result = matrix['other_device']
    mac_before = matrix.before['other_device']['mac_address'].replace(':', '').lower()
    assert result['failed'] is True and result['outcome'] == 'other_device'
    assert result['mac_address'] == mac_before
    assert result['msg'] == ('after the upload another device answers at 127.0.0.1:%d: its MAC Address is %s, not %s '
                             'as before the upload (the address was given to another device during the reboot?); the '
                             'camera itself was not seen back'
                             % (matrix.port('other_device'), OTHER_MAC.replace(':', '').lower(), mac_before))
    assert matrix.after['other_device']['mac_address'] == OTHER_MAC   # the simulator did give the address away


def test_a_camera_that_never_comes_back_is_not_back(matrix):
    result = matrix['never_back']
    assert result['failed'] is True and not result.get('unreachable')
    assert (result['outcome'], result['device_reply'], result['rebooted']) == ('not_back', 'OK', False)
    assert result['version_after'] is None and result['changed'] is True
    assert NEVER_BACK_TIMEOUT <= result['elapsed'] < 10
    assert result['msg'].startswith('the camera at 127.0.0.1:%d was not back from its reboot after '
                                    % matrix.port('never_back')), result['msg']
    assert matrix.after['never_back']['up'] is False


@pytest.mark.parametrize('path', sorted(PATHS))
def test_check_mode_predicts_and_refuses_with_reads_only_and_shows_the_diff(simulator, firmware, run_playbook, path):
    new = dict(src=firmware['new'], md5_src=firmware['new.md5'], version=NEW)
    cameras = {name: simulator.camera(**settings) for name, settings in (
        ('outdated', {}), ('current', dict(firmware=NEW)), ('lower', {}), ('no_md5', {}), ('other_model', {}))}
    run = run_playbook('firmware', [
        case('outdated', cameras['outdated'], **new),
        case('current', cameras['current'], **new),
        case('lower', cameras['lower'], src=firmware['lower'], md5_src=firmware['lower.md5'], version=LOWER,
             allow_downgrade=True),
        case('no_md5', cameras['no_md5'], src=firmware['new'], version=NEW),
        case('other_model', cameras['other_model'], src=firmware['other_model'], md5_src=firmware['other_model.md5'],
             version=OTHER_MODEL),
    ], '--check', '--diff', *PATHS[path])
    results = {result['item']['name']: result for result in run.results}
    outdated, current, lower = results['outdated'], results['current'], results['lower']
    assert (outdated['outcome'], outdated['changed'], outdated['failed']) == ('would_upgrade', True, False)
    assert outdated['version_after'] is None
    assert outdated['msg'].endswith('/%s to the camera (it reports firmware version %s)'
                                    % (Path(firmware['new']).name, RUNNING))
    assert outdated['msg'].startswith('would upload /')
    assert outdated['diff'] == {'before': 'firmware_version: %s\n' % RUNNING, 'after': 'firmware_version: %s\n' % NEW}
    assert '-firmware_version: %s' % RUNNING in run.output and '+firmware_version: %s' % NEW in run.output
    assert (current['outcome'], current['changed'], current['failed']) == ('unchanged', False, False)
    assert (lower['outcome'], lower['changed']) == ('would_downgrade', True)
    assert lower['diff']['after'] == 'firmware_version: %s  # a downgrade\n' % LOWER
    for name in ('no_md5', 'other_model'):   # refused in check mode as in a real run
        assert results[name]['failed'] is True and results[name]['outcome'] == 'invalid_input'
    assert 'give md5_src' in results['no_md5']['msg']
    for port in cameras.values():
        state = simulator.state(port)
        assert state['counts'] == READ_ONLY, state['counts']
        assert state['firmware_uploads'] == [] and state['reboots'] == 0
