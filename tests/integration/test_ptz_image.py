# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acti.camera.ptz_image run by ansible-playbook against simulated cameras.

Each test checks the task's result and the camera's real state, read from the simulator.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from acti_testlib import case

NO_OP = {'SYSTEM_LOG': 1, 'total': 1}


def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_upgrade_is_verified_and_a_second_run_costs_one_request(simulator, images, run_playbook):
    port = simulator.camera()
    first = run_playbook('ptz_image', [case('upgrade', port, src=images['2.0.0'], version='2.0.0')])
    (result,) = first.results
    assert not result['failed'], result['msg']
    assert result['changed'] is True
    assert (result['version_before'], result['version_after']) == ('1.0.0', '2.0.0')
    assert result['rebooted'] is True and result['device_reply'] == 'OK'
    assert result['image_sha256'] == sha256_of(images['2.0.0'])
    assert result['image_size'] == Path(images['2.0.0']).stat().st_size
    state = simulator.state(port)
    assert state['version'] == '2.0.0' and state['reboots'] == 1
    assert [upload['verdict'] for upload in state['uploads']] == ['OK']
    assert result['ptz_check'] == 'ok' and result['ptz_vendor_before'] == result['ptz_vendor_after'] == 'ACTI,ACTI'
    # The upload path: before it, the log, SYSTEM_INFO and PTZ_VENDOR; after the reboot, the log until it is back,
    # SYSTEM_INFO (the same camera?), then PTZ_VENDOR and POSITION_GET in one request. All read-only but the form and
    # the POST; nothing that moves the camera. Counts are of each command a request carries, and total of the requests.
    counts = dict(state['counts'])
    log_reads = counts.pop('SYSTEM_LOG')
    assert log_reads >= 2
    assert counts == {'SYSTEM_INFO': 2, 'PTZ_VENDOR': 2, 'POSITION_GET': 1, 'PTZ_IMAGE': 1, 'PTZ_IMAGE_SAVE': 1,
                      'total': log_reads + 2 + 4}   # the form, the POST, and four more reads than the log's

    simulator.reset_counts(port)
    (again,) = run_playbook('ptz_image', [case('no-op', port, src=images['2.0.0'], version='2.0.0')]).results
    assert again['changed'] is False and not again['failed']
    assert again['version_before'] == again['version_after'] == '2.0.0'
    assert again['image_sha256'] == result['image_sha256']   # read from the file when nothing is sent
    assert simulator.state(port)['counts'] == NO_OP


def test_check_mode_predicts_with_one_read_and_writes_nothing(simulator, images, run_playbook):
    outdated, current = simulator.camera(), simulator.camera(version='2.0.0')
    run = run_playbook('ptz_image', [case('outdated', outdated, src=images['2.0.0'], version='2.0.0'),
                                     case('current', current, src=images['2.0.0'], version='2.0.0')],
                       '--check', '--diff')
    predicted, unchanged = run.results
    assert predicted['changed'] is True and not predicted['failed']
    assert predicted['diff'] == {'before': 'ptz_image_version: 1.0.0\n', 'after': 'ptz_image_version: 2.0.0\n'}
    assert predicted['version_after'] is None
    assert unchanged['changed'] is False
    assert '-ptz_image_version: 1.0.0' in run.output and '+ptz_image_version: 2.0.0' in run.output
    for port, version in ((outdated, '1.0.0'), (current, '2.0.0')):
        state = simulator.state(port)
        assert state['counts'] == {'SYSTEM_LOG': 1, 'total': 1}
        assert state['uploads'] == [] and state['reboots'] == 0 and state['version'] == version


def test_diff_mode_shows_the_versions_read_back(simulator, images, run_playbook):
    port = simulator.camera()
    (result,) = run_playbook('ptz_image', [case('diff', port, src=images['2.0.0'], version='2.0.0')],
                             '--diff').results
    assert result['diff'] == {'before': 'ptz_image_version: 1.0.0\n', 'after': 'ptz_image_version: 2.0.0\n'}


def test_force_uploads_the_same_version_again(simulator, images, run_playbook):
    port = simulator.camera(version='2.0.0')
    (result,) = run_playbook('ptz_image', [case('force', port, src=images['2.0.0'], version='2.0.0',
                                                force=True)]).results
    assert result['changed'] is True and not result['failed']
    assert [upload['verdict'] for upload in simulator.state(port)['uploads']] == ['OK']


def test_force_without_version_accepts_what_the_camera_reports(simulator, images, run_playbook):
    port = simulator.camera()
    (result,) = run_playbook('ptz_image', [case('force', port, src=images['2.0.0'], force=True)]).results
    assert result['changed'] is True and not result['failed']
    assert result['version_after'] == '2.0.0'


def test_no_wait_returns_unverified_while_the_camera_reboots(simulator, images, run_playbook):
    port = simulator.camera(reboot_seconds=3)
    (result,) = run_playbook('ptz_image', [case('no-wait', port, src=images['2.0.0'], version='2.0.0',
                                                wait=False)]).results
    assert result['changed'] is True and not result['failed']
    assert result['version_after'] is None and result['rebooted'] is True
    assert 'not read back' in result['msg']
    assert result['elapsed'] < 3


def test_save_config_keeps_runtime_settings_across_the_reboot(simulator, images, run_playbook):
    saved, lost = (simulator.camera(runtime_config={'brightness': 70}) for _camera in range(2))
    run_playbook('ptz_image', [case('save', saved, src=images['2.0.0'], version='2.0.0', save_config=True),
                               case('no-save', lost, src=images['2.0.0'], version='2.0.0')])
    assert simulator.state(saved)['settings']['runtime_config'] == {'brightness': 70}
    assert simulator.state(saved)['counts']['SAVE'] == 1
    assert simulator.state(lost)['settings']['runtime_config'] == {}
    assert 'SAVE' not in simulator.state(lost)['counts']


def test_a_form_with_other_names_and_action_is_followed(simulator, images, run_playbook):
    port = simulator.camera(form='renamed')
    (result,) = run_playbook('ptz_image', [case('renamed', port, src=images['2.0.0'], version='2.0.0')]).results
    assert not result['failed'], result['msg']
    assert simulator.state(port)['version'] == '2.0.0'


def test_bare_lf_replies_are_understood(simulator, images, run_playbook):
    port = simulator.camera(bare_lf=True)
    (result,) = run_playbook('ptz_image', [case('bare-lf', port, src=images['2.0.0'], version='2.0.0')]).results
    assert not result['failed'], result['msg']
    assert result['version_after'] == '2.0.0'


def test_newest_first_log_is_read_newest_first(simulator, images, run_playbook):
    port = simulator.camera(log_newest_first=True)
    (result,) = run_playbook('ptz_image', [case('upgrade', port, src=images['2.0.0'], version='2.0.0')]).results
    assert not result['failed'], result['msg']
    assert result['version_after'] == '2.0.0'
    assert simulator.state(port)['log'][-2].endswith('PTZ Image Version 2.0.0')


def test_version_pattern_reads_a_log_line_the_default_does_not(simulator, images, run_playbook):
    port = simulator.camera(log_template='{ts}PTZ lib rev={version}', log=['PTZ lib rev=2.0.0'])
    default, custom = run_playbook('ptz_image', [
        case('default', port, src=images['2.0.0'], version='2.0.0'),
        case('custom', port, src=images['2.0.0'], version='2.0.0', version_pattern=r'PTZ lib rev=(?P<version>\S+)'),
    ]).results
    assert default['failed'] is True and default['version_unknown'] is True and default['changed'] is False
    assert default['ptz_log_mentions'] == ['PTZ lib rev=2.0.0']
    assert custom['version_before'] == '2.0.0' and custom['changed'] is False and not custom['failed']
    assert simulator.state(port)['uploads'] == []


def _rotated_camera(simulator, version):
    """A camera at VERSION whose boot entries, its PTZ line among them, have rotated out of its log."""
    port = simulator.camera(version=version, log_capacity=10)
    simulator.events(port, 10)
    assert not any('PTZ' in line for line in simulator.state(port)['log'])
    simulator.reset_counts(port)
    return port


def test_an_unknown_version_uploads_nothing_unless_asked(simulator, images, run_playbook):
    rotated, asked, forced = (_rotated_camera(simulator, '2.0.0') for _camera in range(3))
    check = run_playbook('ptz_image', [case('check', rotated, src=images['2.0.0'], version='2.0.0')],
                         '--check', '--diff')
    run = run_playbook('ptz_image', [
        case('rotated', rotated, src=images['2.0.0'], version='2.0.0'),
        case('asked', asked, src=images['2.0.0'], version='2.0.0', on_unknown_version='upload'),
        case('forced', forced, src=images['2.0.0'], version='2.0.0', force=True)])
    (predicted,), (refused, uploaded, forced_result) = check.results, run.results

    for result in (predicted, refused):   # check mode says the same as a real run, with one request
        assert result['failed'] is True and result['changed'] is False and result['version_unknown'] is True
        assert 'installed PTZ image version of the camera at 127.0.0.1:%d is unknown' % rotated in result['msg']
        assert 'rotated out of the log' in result['msg'] and 'version_pattern' in result['msg']
        assert "Log lines that mention PTZ: none" in result['msg']
    state = simulator.state(rotated)
    assert state['counts'] == {'SYSTEM_LOG': 2, 'total': 2}
    assert state['uploads'] == [] and state['reboots'] == 0

    assert not uploaded['failed'] and uploaded['changed'] is True and uploaded['version_after'] == '2.0.0'
    assert '[WARNING]: the installed PTZ image version is unknown' in run.output
    assert not forced_result['failed'] and forced_result['version_unknown'] is False
    for port in (asked, forced):
        assert [upload['verdict'] for upload in simulator.state(port)['uploads']] == ['OK']


def test_a_camera_still_rebooting_when_the_task_starts_is_waited_for_and_not_sent_the_image_again(
        simulator, images, run_playbook):
    # As after a run cancelled right after its uploads: the camera reboots into the new version.
    done, gone = simulator.camera(reboot_seconds=3, boot_phase_seconds=1), simulator.camera(never_returns=True)
    simulator.reboot(done, version='2.0.0')
    simulator.reboot(gone)
    run = run_playbook('ptz_image', [
        case('done', done, src=images['2.0.0'], version='2.0.0', boot_timeout=30),
        case('gone', gone, src=images['2.0.0'], version='2.0.0', boot_timeout=2)])
    finished, lost = run.results
    assert not finished['failed'], finished['msg']
    assert finished['changed'] is False and finished['version_after'] == '2.0.0'
    assert 0 < finished['waited_for_boot'] < 30
    assert finished['msg'].startswith('the camera did not answer at first (rebooting from an earlier run?)')
    assert simulator.state(done)['uploads'] == []
    assert lost['unreachable'] is True and lost['elapsed'] < 10   # as Ansible reports any host it cannot reach
    assert 'did not answer within boot_timeout (2 s); last seen: no reply from the camera' in lost['msg']
    assert simulator.state(gone)['uploads'] == []


# Bad input: refused before the camera sees a single request.

def test_bad_input_fails_before_any_request(simulator, images, run_playbook, tmp_path):
    port = simulator.camera()
    image = images['2.0.0']
    expectations = [
        (dict(src=str(tmp_path / 'missing.bin'), version='2'), 'does not exist'),
        (dict(src=str(tmp_path), version='2'), 'is not a regular file'),
        (dict(src=images['empty'], version='2'), 'is empty'),
        (dict(src=image, version='2', sha256='0' * 64), 'not the expected ' + '0' * 64),
        (dict(src=image, version='2', sha256='xyz'), '64 hexadecimal digits'),
        (dict(src=image, version='2', version_pattern='PTZ (?P<version>'), 'not a valid regular expression'),
        (dict(src=image, version='2', version_pattern=r'PTZ (\S+)'), 'named group "version"'),
        (dict(src=image, version='2', host='http://127.0.0.1'), 'without scheme'),
        (dict(src=image, version='2', host='127.0.0.1:8080'), 'put it in the port option'),
        (dict(src=image, version='2', host='127.0.0.1/cgi-bin'), 'without scheme, credentials or path'),
        (dict(src=image), 'missing: version'),
        (dict(src=image, version='2', wait_timeout=0), 'wait_timeout must be a positive'),
        (dict(src=image, version='2', poll_interval=-1), 'poll_interval must be a positive'),
        (dict(src=image, version='2', timeout=0), 'timeout must be a positive'),
        (dict(src=image, version='2', port=70000), 'between 1 and 65535'),
        (dict(src=image, version='2', ca_path=image), 'only used with use_ssl'),
    ]
    cases = [case('bad-%d' % number, options.pop('port', port), **options)
             for number, (options, _message) in enumerate(expectations)]
    run = run_playbook('ptz_image', cases)
    for (_options, message), result in zip(expectations, run.results, strict=True):
        assert result['failed'] is True, result
        assert message in result['msg']
    assert simulator.state(port)['counts'] == {}


def test_module_defaults_group_sets_the_connection_once(simulator, images, run_playbook):
    port = simulator.camera()
    run = run_playbook('module_defaults', camera_port=port, camera_password='123456', src=images['2.0.0'],
                       version='2.0.0')
    assert run.returncode == 0, run.output
    info, upgrade = run.results
    assert info['ptz_image_version'] == '1.0.0'
    assert upgrade['version_after'] == '2.0.0'


def test_connection_options_fall_back_to_the_environment(simulator, images, run_playbook):
    port = simulator.camera()
    cases = [{'name': 'from-env'}]
    (result,) = run_playbook('camera_info', cases, env={
        'ACTI_HOST': '127.0.0.1', 'ACTI_PORT': str(port), 'ACTI_PASSWORD': '123456'}).results
    assert not result['failed'], result['msg']
    assert result['ptz_image_version'] == '1.0.0'
