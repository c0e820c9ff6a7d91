# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acti.camera.camera_info run by ansible-playbook against simulated cameras."""

from __future__ import annotations

from acti_testlib import case


def test_reports_version_model_firmware_and_ptz(simulator, run_playbook):
    with_ptz, without_ptz = simulator.camera(version='2.0.0'), simulator.camera(ptz_image_info='NONE')
    run = run_playbook('camera_info', [case('ptz', with_ptz), case('no-ptz', without_ptz)], '--check')
    info, no_ptz = run.results
    assert info['changed'] is False and not info['failed']
    assert info['ptz_image_version'] == '2.0.0'
    assert info['model'] == 'KCM-5611' and info['firmware_version'] == 'A1D-500-V6.13.17-AC'
    assert info['has_ptz'] is True
    assert info['system_info']['PT_ENABLE'] == '1'
    assert info['system_log'] == simulator.state(with_ptz)['log']
    assert no_ptz['has_ptz'] is False
    assert info['ptz_vendor'] == 'ACTI,ACTI' and no_ptz['ptz_vendor'] is None
    assert simulator.state(with_ptz)['counts'] == {'SYSTEM_LOG': 1, 'SYSTEM_INFO': 1, 'PTZ_VENDOR': 1, 'total': 3}
    assert simulator.state(without_ptz)['counts'] == {'SYSTEM_LOG': 1, 'SYSTEM_INFO': 1, 'total': 2}


def test_version_pattern_and_missing_ptz_line(simulator, run_playbook):
    port = simulator.camera(log=['Bootloader Version 118', 'PTZ lib rev=1.0.0'])
    default, custom = run_playbook('camera_info', [
        case('default', port), case('custom', port, version_pattern=r'lib rev=(?P<version>\S+)')]).results
    assert default['ptz_image_version'] is None
    assert default['ptz_log_mentions'] == custom['ptz_log_mentions'] == ['PTZ lib rev=1.0.0']
    assert custom['ptz_image_version'] == '1.0.0'


def test_camera_errors_fail_the_task_verbatim(simulator, run_playbook):
    port = simulator.camera()
    bad_pattern, wrong_password = run_playbook('camera_info', [
        case('bad-pattern', port, version_pattern='(?P<v>x)'),
        case('wrong-password', port, password='nope')]).results
    assert bad_pattern['failed'] is True and 'named group "version"' in bad_pattern['msg']
    assert wrong_password['failed'] is True and 'ERROR: bad account/password' in wrong_password['msg']
