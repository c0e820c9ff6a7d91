# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acti.camera.wait_for_camera run by ansible-playbook against simulated cameras."""

from __future__ import annotations

from acti_testlib import case


def _rebooting_camera(simulator, **settings):
    """A camera rebooting now, for long enough that the module starts while it is down."""
    port = simulator.camera(version='1.0', reboot_seconds=6, **settings)
    simulator.reboot(port, version=None if settings else '2.0')
    return port


def test_waits_through_a_reboot_and_reads_the_new_version(simulator, run_playbook):
    port = _rebooting_camera(simulator)
    back, = run_playbook('wait_for_camera', [case('upgraded', port, version='2.0')]).results
    assert not back['failed'] and back['changed'] is False
    assert back['went_down'] is True and back['ptz_image_version'] == '2.0'
    assert 'went down and is back' in back['msg']


def test_a_camera_back_with_another_version_fails_at_once(simulator, run_playbook):
    port = _rebooting_camera(simulator, stays_old=True)
    old, = run_playbook('wait_for_camera', [case('stayed-old', port, version='V2.0')]).results
    assert old['failed'] is True and old['went_down'] is True and old['ptz_image_version'] == '1.0'
    assert old['msg'].endswith('reporting PTZ image version 1.0, not V2.0')
    assert old['elapsed'] < 10   # not the 30 s down_timeout, nor wait_timeout


def test_a_camera_that_never_returns_fails_after_wait_timeout(simulator, run_playbook):
    port = _rebooting_camera(simulator, never_returns=True)
    gone, = run_playbook('wait_for_camera', [case('lost', port, version='2.0', wait_timeout=2)]).results
    assert gone['failed'] is True and gone['ptz_image_version'] is None
    assert 'was not back from its reboot after 2 s' in gone['msg']


def test_without_an_outage_down_timeout_lets_the_version_decide(simulator, run_playbook):
    port = simulator.camera(version='2.0')
    right, wrong, zero, no_version = run_playbook('wait_for_camera', [
        case('right', port, version='2.0', down_timeout=1),
        case('wrong', port, version='3.0', down_timeout=1),
        case('zero', port, version='2.0', down_timeout=0),
        case('no-version', port, wait_timeout=1)]).results
    assert not right['failed'] and right['went_down'] is False and right['ptz_image_version'] == '2.0'
    assert right['elapsed'] >= 1
    assert wrong['failed'] is True
    assert 'not 3.0 (raise down_timeout if the camera had not begun its reboot yet)' in wrong['msg']
    assert not zero['failed'] and zero['elapsed'] < 1
    assert zero['msg'] == 'the camera reports PTZ image version 2.0'
    # Without a version only an outage proves the reboot.
    assert no_version['failed'] is True and 'no sign of a reboot' in no_version['msg']
    assert simulator.state(port)['reboots'] == 0


def test_bad_options_fail_before_any_request(simulator, run_playbook):
    port = simulator.camera()
    results = run_playbook('wait_for_camera', [
        case('negative-down', port, version='2.0', down_timeout=-1),
        case('zero-wait', port, wait_timeout=0),
        case('zero-poll', port, poll_interval=0)]).results
    assert [r['msg'] for r in results] == [
        'down_timeout must be zero or more seconds, got -1.0',
        'wait_timeout must be a positive number of seconds, got 0.0',
        'poll_interval must be a positive number of seconds, got 0.0']
    assert simulator.state(port)['counts'] == {}


def _ptz_lines(simulator, port):
    return [line for line in simulator.state(port)['log'] if 'PTZ Image Version' in line]


def test_a_new_ptz_log_line_proves_a_reboot_that_was_over_before_the_first_look(simulator, run_playbook):
    port = simulator.camera(version='1.0', reboot_seconds=0.2)
    entries = _ptz_lines(simulator, port)
    simulator.reboot(port, version='2.0')
    simulator.wait_up(port)
    rebooted, not_yet = run_playbook('wait_for_camera', [
        case('rebooted', port, version='2.0', ptz_log_entries=entries),
        case('not-yet', port, version='2.0', ptz_log_entries=_ptz_lines(simulator, port), wait_timeout=1)]).results
    assert not rebooted['failed'], rebooted['msg']
    assert rebooted['went_down'] is False and rebooted['ptz_image_version'] == '2.0'
    assert rebooted['elapsed'] < 5   # not the 30 s of down_timeout
    assert rebooted['msg'] == ('the camera has rebooted (a new PTZ line in its system log) and reports PTZ image '
                               'version 2.0')
    # The same lines as now: no proof, and the first second is inside down_timeout.
    assert not_yet['failed'] is True and 'no sign of a reboot' in not_yet['msg']
