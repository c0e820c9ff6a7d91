# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fault matrix: acti.camera.ptz_image against a simulated camera per fault.

Each test checks the task's result and the camera's real state, read from the simulator
right after the run. The tests share two playbook runs, so they run on one xdist worker.
"""

from __future__ import annotations

from urllib.parse import quote, quote_plus

import pytest
from acti_testlib import case, run_playbook as run_playbook_in

pytestmark = pytest.mark.xdist_group('fault-matrix')

# The fault cameras' Admin password: unmistakable, so that a scan of the output cannot miss it.
SECRET = 'Fault-Matrix-S3cret/&%+'
NO_OP = {'SYSTEM_LOG': 1, 'total': 1}


# Faults of the camera. One playbook run at -vvvv, each case on a camera of its own; then, with the
# camera-side faults repaired, a second run of the same cases. Settings with a leading underscore are
# acts on the camera: '_events', ordinary log entries that rotate its boot entries out; '_reboot', a
# reboot into that version started just before the run (the cases come first, so it is still rebooting).

FAULTS = {
    'rebooting_at_start': (dict(reboot_seconds=6, boot_phase_seconds=2, _reboot='2.0.0'), dict(boot_timeout=60)),
    'gone_at_start': (dict(never_returns=True, _reboot='1.0.0'), dict(boot_timeout=2)),
    'rotated_log': (dict(version='2.0.0', log_capacity=10, _events=10), {}),
    'rotated_log_upload': (dict(version='2.0.0', log_capacity=10, _events=10), dict(on_unknown_version='upload')),
    'unknown_log_format': (dict(log_template='{ts}PTZ_LIB: rev {version}', log=[
        '2026-11-01 10:00:00 Bootloader Version 118', '2026-11-01 10:00:01 PTZ_LIB: rev 1.0.0']), {}),
    'no_ptz': (dict(ptz_image_info='NONE'), {}),
    'ptz_error_after_upload': (dict(ptz_error_after_upload=True), {}),
    'ptz_vendor_lost': (dict(runtime_config={'PTZ_VENDOR': 'SONY,VISCA'}), {}),
    'ptz_vendor_saved': (dict(runtime_config={'PTZ_VENDOR': 'SONY,VISCA'}), dict(save_config=True)),
    'no_ptz_vendor_command': (dict(ptz_vendor_command=False, ptz_reply_ok=True), {}),
    'encoder_first_command_only': (dict(encoder_multi_command='first'), {}),
    'encoder_one_command_per_url': (dict(encoder_multi_command='refuse'), {}),
    'error_reply': (dict(upload_error='internal error flash write'), {}),
    'corrupted': ({}, dict(image='corrupted')),
    'wrong_password': ({}, dict(password='not-the-password')),
    'not_root': ({}, dict(username='operator', password='operator')),
    'save_refused': ({}, dict(username='operator', password='operator', save_config=True)),
    'never_returns': (dict(never_returns=True), dict(wait_timeout=3)),
    'stays_old': (dict(stays_old=True), {}),
    'drop_apply': (dict(drop_upload='apply'), {}),
    'drop_discard': (dict(drop_upload='discard'), {}),
    'drop_no_wait': (dict(drop_upload='apply'), dict(wait=False)),
    'no_file_field': (dict(form='no_file_field'), {}),
    'http_404': (dict(http_status=404), {}),
    'http_500': (dict(http_status=500), {}),
    'slow_inside_timeout': (dict(slow_seconds=1.0, version='2.0.0'), dict(timeout=4)),
    'slow_outside_timeout': (dict(slow_seconds=1.0, version='2.0.0'), dict(timeout=0.5, boot_timeout=1)),
}
# Faults in what the task is given, which a second run meets again.
INPUT_FAULTS = {'corrupted', 'wrong_password', 'not_root', 'save_refused'}
# Logs that tell no version: a second run refuses them again (a version_pattern, or a reboot, repairs them).
UNKNOWN_VERSION = {'rotated_log', 'unknown_log_format'}
# What a camera without a PTZ costs: the log read, then SYSTEM_INFO, and nothing written.
NO_PTZ_READS = {'SYSTEM_LOG': 1, 'SYSTEM_INFO': 1, 'total': 2}
REPAIRED = dict(upload_error=None, never_returns=False, stays_old=False, drop_upload=None, form='standard',
                http_status=None, slow_seconds=0.0)


def _fault_cases(ports, images):
    cases = []
    for fault, (_settings, options) in FAULTS.items():
        options = dict(options)
        options.setdefault('password', SECRET)
        src = images[options.pop('image', '2.0.0')]
        cases.append(case(fault, ports[fault], src=src, version='2.0.0', **options))
    return cases


@pytest.fixture(scope='module')
def faults(simulator, images, tmp_path_factory):
    """{fault: (port, result, camera state)} from one -vvvv run over a camera per fault; 'output': what it printed."""
    ports = {}
    for fault, (settings, _options) in FAULTS.items():
        acts = {key: settings[key] for key in settings if key.startswith('_')}
        plain = {key: value for key, value in settings.items() if key not in acts}
        ports[fault] = simulator.camera(admin_password=SECRET, **plain)
        if '_events' in acts:
            simulator.events(ports[fault], acts['_events'])
        if '_reboot' in acts:
            simulator.reboot(ports[fault], version=acts['_reboot'])
    run = run_playbook_in(tmp_path_factory.mktemp('faults'), 'ptz_image', _fault_cases(ports, images), '-vvvv')
    # The cameras' state right after this run: the second run changes it, and tests may run in any order.
    outcomes = {fault: (ports[fault], result, simulator.state(ports[fault]))
                for fault, result in zip(FAULTS, run.results, strict=True)}
    outcomes['output'] = run.output
    return outcomes


@pytest.fixture(scope='module')
def second_run(faults, simulator, images, tmp_path_factory):
    """{fault: (port, result, state after the first run)} of the same cases, camera-side faults repaired."""
    ports = {fault: faults[fault][0] for fault in FAULTS}
    first_states = {fault: faults[fault][2] for fault in FAULTS}
    for fault, port in ports.items():
        simulator.configure(port, **REPAIRED)
        if not first_states[fault]['up']:
            simulator.reboot(port)   # power-cycled by the operator
        simulator.wait_up(port)
        simulator.reset_counts(port)
    run = run_playbook_in(tmp_path_factory.mktemp('faults-again'), 'ptz_image', _fault_cases(ports, images))
    return {fault: (ports[fault], result, first_states[fault])
            for fault, result in zip(FAULTS, run.results, strict=True)}


def test_the_fault_matrix_at_vvvv_never_prints_the_password(faults):
    output = faults['output']
    assert 'ERROR: internal error flash write' in output   # the run did print the faults
    assert [form for form in (SECRET, quote(SECRET, safe=''), quote(SECRET), quote_plus(SECRET))
            if form in output] == []


@pytest.mark.parametrize('fault', sorted(FAULTS))
def test_a_second_run_converges(second_run, simulator, fault):
    port, result, before = second_run[fault]
    state = simulator.state(port)
    if fault in UNKNOWN_VERSION:   # refused again, and nothing sent
        assert result['failed'] is True and result['version_unknown'] is True
        assert state['counts'] == NO_OP and state['uploads'] == []
    elif fault == 'no_ptz':
        assert result['failed'] is True and state['counts'] == NO_PTZ_READS and state['uploads'] == []
    elif fault in INPUT_FAULTS:   # the same failure, and the camera where the first run left it
        assert result['failed'] is True and state['version'] == before['version'] == '1.0.0'
        assert len(state['uploads']) == (1 if fault == 'corrupted' else 0)   # counted since reset_counts
    elif before['version'] == '2.0.0':   # done by the first run: nothing more to do, one request
        assert not result['failed'] and result['changed'] is False
        assert state['counts'] == NO_OP
    else:   # repaired: upgraded now
        assert not result['failed'], result['msg']
        assert result['changed'] is True and state['version'] == result['version_after'] == '2.0.0'


def test_a_camera_rebooting_when_the_run_starts_is_waited_for_and_not_sent_the_image(faults):
    _port, result, state = faults['rebooting_at_start']
    assert not result['failed'], result['msg']
    assert result['changed'] is False and result['version_after'] == '2.0.0' and result['waited_for_boot'] > 0
    assert state['uploads'] == [] and state['reboots'] == 1 and state['version'] == '2.0.0'


def test_a_camera_that_is_gone_when_the_run_starts_fails_within_boot_timeout(faults):
    _port, result, state = faults['gone_at_start']
    assert result['unreachable'] is True and result['elapsed'] < 10
    assert 'did not answer within boot_timeout (2 s); last seen: no reply' in result['msg']
    assert state['uploads'] == [] and state['up'] is False


@pytest.mark.parametrize('fault', sorted(UNKNOWN_VERSION))
def test_a_log_without_a_readable_ptz_line_is_not_taken_for_another_version(faults, fault):
    _port, result, state = faults[fault]
    assert result['failed'] is True and result['changed'] is False and result['version_unknown'] is True
    assert 'is unknown' in result['msg'] and 'so nothing was uploaded' in result['msg']
    assert state['uploads'] == [] and state['reboots'] == 0 and state['counts'] == NO_OP


def test_the_unknown_format_is_quoted_so_that_a_pattern_can_be_written(faults):
    _port, result, _state = faults['unknown_log_format']
    (line,) = result['ptz_log_mentions']
    assert line.endswith('PTZ_LIB: rev 1.0.0') and repr(line) in result['msg']


def test_an_unknown_version_is_uploaded_when_asked(faults):
    _port, result, state = faults['rotated_log_upload']
    assert not result['failed'], result['msg']
    assert result['changed'] is True and result['version_after'] == '2.0.0'
    assert [upload['verdict'] for upload in state['uploads']] == ['OK'] and state['reboots'] == 1


def test_a_camera_without_ptz_is_refused_before_anything_is_written(faults):
    _port, result, state = faults['no_ptz']
    assert result['failed'] is True and result['changed'] is False
    assert 'has no PTZ (its SYSTEM_INFO reports PTZ_IMAGE = NONE), so nothing was uploaded' in result['msg']
    assert state['counts'] == NO_PTZ_READS and state['uploads'] == [] and state['reboots'] == 0


def test_a_ptz_that_answers_error_after_the_upgrade_fails_with_the_version_reported(faults):
    _port, result, state = faults['ptz_error_after_upload']
    assert result['failed'] is True and result['changed'] is True and result['ptz_check'] == 'failed'
    assert result['version_after'] == state['version'] == '2.0.0'
    assert result['ptz_vendor_before'] == 'ACTI,ACTI' and result['ptz_vendor_after'] is None
    assert result['msg'] == (
        'after the upload the camera rebooted and reports PTZ image version 2.0.0, but its PTZ answers PTZ_VENDOR '
        'with ERROR: internal error PTZ not responding and answers POSITION_GET with ERROR: internal error PTZ not '
        'responding')


def test_a_ptz_vendor_lost_by_the_reboot_is_named_and_save_config_keeps_it(faults):
    _port, lost, state = faults['ptz_vendor_lost']
    assert lost['failed'] is True and lost['ptz_check'] == 'failed' and state['version'] == '2.0.0'
    assert (lost['ptz_vendor_before'], lost['ptz_vendor_after']) == ('SONY,VISCA', 'ACTI,ACTI')
    assert lost['ptz_position'] == 'PAN=1200,TILT=300'
    assert ('reports the PTZ vendor and protocol ACTI,ACTI where it reported SONY,VISCA before the upload: a PTZ '
            'setting changed at run time and not saved is the likely cause') in lost['msg']
    assert 'save_config=true keeps it' in lost['msg']
    _port, saved, state = faults['ptz_vendor_saved']
    assert not saved['failed'], saved['msg']
    assert saved['ptz_check'] == 'ok' and saved['ptz_vendor_after'] == state['ptz_vendor'] == 'SONY,VISCA'


def test_a_camera_without_the_ptz_vendor_command_is_upgraded_with_the_check_skipped(faults):
    _port, result, state = faults['no_ptz_vendor_command']
    assert not result['failed'], result['msg']
    assert result['ptz_check'] == 'skipped' and state['version'] == '2.0.0'
    assert ('[WARNING]: the camera at 127.0.0.1:%d answers PTZ_VENDOR with ERROR: CMD not found: the PTZ check '
            'after the reboot is skipped for it' % _port) in faults['output']
    assert state['counts']['PTZ_VENDOR'] == 1 and 'POSITION_GET' not in state['counts']


# After the reboot: the commands asked (each counted), in how many requests.
@pytest.mark.parametrize('fault, after_the_reboot, requests', [
    ('encoder_first_command_only', {'PTZ_VENDOR': 1, 'POSITION_GET': 2}, 2),    # the pair, then POSITION_GET alone
    ('encoder_one_command_per_url', {'PTZ_VENDOR': 2, 'POSITION_GET': 2}, 3),   # the pair, then each alone
])
def test_a_camera_that_does_not_answer_both_ptz_reads_in_one_url_is_asked_each_alone(faults, fault, after_the_reboot,
                                                                                     requests):
    _port, result, state = faults[fault]
    assert not result['failed'], result['msg']
    assert result['ptz_check'] == 'ok' and result['ptz_vendor_after'] == 'ACTI,ACTI'
    assert result['ptz_position'] == 'PAN=1200,TILT=300' and state['version'] == '2.0.0'
    counts = dict(state['counts'])
    log_reads = counts.pop('SYSTEM_LOG')
    # Before the upload, SYSTEM_INFO and PTZ_VENDOR; then the form and the POST; after the reboot, SYSTEM_INFO.
    assert counts == {'SYSTEM_INFO': 2, 'PTZ_VENDOR': after_the_reboot['PTZ_VENDOR'] + 1,
                      'POSITION_GET': after_the_reboot['POSITION_GET'], 'PTZ_IMAGE': 1, 'PTZ_IMAGE_SAVE': 1,
                      'total': log_reads + 2 + 3 + requests}


@pytest.mark.parametrize('fault', sorted(FAULTS))
def test_no_fault_makes_the_collection_send_a_command_that_moves_the_camera(faults, fault):
    _port, _result, state = faults[fault]
    assert set(state['counts']) <= {'SYSTEM_LOG', 'SYSTEM_INFO', 'SAVE', 'PTZ_VENDOR', 'POSITION_GET', 'PTZ_IMAGE',
                                    'PTZ_IMAGE_SAVE', 'http_status', 'total'}


def test_error_reply_fails_with_the_camera_text_after_the_reboot(faults):
    _port, result, state = faults['error_reply']
    assert result['failed'] is True
    assert result['device_reply'] == 'ERROR: internal error flash write'
    assert 'ERROR: internal error flash write' in result['msg']
    assert result['version_after'] == '1.0.0' and result['rebooted'] is True
    assert state['version'] == '1.0.0'


def test_corrupted_image_is_rejected_by_the_camera(faults):
    _port, result, state = faults['corrupted']
    assert result['failed'] is True and result['device_reply'] == 'ERROR: PTZ Image'
    assert state['version'] == '1.0.0'


def test_wrong_password_fails_before_any_upload(faults):
    _port, result, state = faults['wrong_password']
    assert result['failed'] is True and result['changed'] is False
    assert 'ERROR: bad account/password' in result['msg']
    assert state['uploads'] == [] and state['reboots'] == 0


def test_non_root_account_is_refused_the_upload(faults):
    _port, result, state = faults['not_root']
    assert result['failed'] is True and result['changed'] is False
    assert result['device_reply'] == 'ERROR: not authorized'
    assert result['version_before'] == '1.0.0'   # it may read the log
    assert state['uploads'] == []


def test_refused_save_stops_before_the_upload(faults):
    _port, result, state = faults['save_refused']
    assert result['failed'] is True and result['changed'] is False
    assert 'did not save its configuration (save_config), so nothing was uploaded' in result['msg']
    assert result['device_reply'] == 'ERROR: not authorized'
    assert 'PTZ_IMAGE' not in state['counts'] and state['uploads'] == []


def test_camera_that_never_returns_fails_saying_how_long_it_waited(faults):
    _port, result, state = faults['never_returns']
    assert result['failed'] is True
    assert 'was not back from its reboot after 3 s' in result['msg']
    assert 'last seen' in result['msg'] and result['rebooted'] is False
    assert result['elapsed'] < 10
    assert state['up'] is False


def test_camera_back_with_the_old_version_fails(faults):
    _port, result, _state = faults['stays_old']
    assert result['failed'] is True
    assert result['version_after'] == '1.0.0'
    assert 'reports PTZ image version 1.0.0, not 2.0.0' in result['msg']


def test_dropped_connection_is_decided_by_the_version_read_back(faults):
    _port, result, state = faults['drop_apply']
    assert not result['failed'], result['msg']
    assert result['version_after'] == '2.0.0' and result['device_reply'] is None
    assert '[WARNING]: the upload was cut off' in faults['output']
    assert state['version'] == '2.0.0'

    _port, result, state = faults['drop_discard']
    assert result['failed'] is True and result['version_after'] == '1.0.0'
    assert state['version'] == '1.0.0'


def test_dropped_connection_without_wait_is_not_reported_as_success(faults):
    _port, result, _state = faults['drop_no_wait']
    assert result['failed'] is True
    assert 'unknown' in result['msg']


def test_unexpected_form_fails_before_the_upload(faults):
    _port, result, state = faults['no_file_field']
    assert result['failed'] is True and result['changed'] is False
    assert 'no form with a file input' in result['msg']
    assert state['uploads'] == [] and state['reboots'] == 0


@pytest.mark.parametrize('status', [404, 500])
def test_another_web_server_on_the_port_is_named_as_such(faults, status):
    _port, result, state = faults['http_%d' % status]
    assert result['failed'] is True and result['changed'] is False
    assert 'HTTP %d' % status in result['msg'] and 'another web server' in result['msg']
    assert state['uploads'] == [] and state['version'] == '1.0.0'


def test_slow_camera_within_and_beyond_timeout(faults):
    _port, inside, state = faults['slow_inside_timeout']
    assert not inside['failed'] and inside['changed'] is False
    assert state['counts'] == NO_OP
    _port, outside, state = faults['slow_outside_timeout']
    # No reply within timeout, again and again for boot_timeout: as unreachable as a camera can be.
    assert outside['unreachable'] is True and outside['changed'] is False
    assert outside['msg'].endswith('timed out waiting for the reply')
    assert state['uploads'] == []
