# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout report's line per camera: the verdict on its results, and their versions and times."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from ansible_collections.acti.camera.plugins.action.rollout_report import (
    STATS_CAMERAS, batches, camera_lines, camera_outcome, job_stats, known_variables, progress, render_markdown,
    report_kind, role_image, role_vars, unknown_variable_warnings)
from ansible_collections.acti.camera.plugins.plugin_utils._camera_action import ROLES

ADDRESS = '192.0.2.1:80'
UPLOADED = dict(outcome='uploaded', changed=True, failed=False, version_before='1.0', version_after=None, elapsed=1.5,
                msg='uploaded', address=ADDRESS)
SAME = dict(outcome='unchanged', changed=False, failed=False, version_before='2.0', version_after='2.0', elapsed=0.1,
            msg='already', address=ADDRESS)
BACK = dict(outcome='upgraded', changed=False, failed=False, version_after='2.0', elapsed=30.0, msg='back',
            address=ADDRESS)
SKIPPED = dict(changed=False, skipped=True)
# The images as the roles give them to the report (their vars/main.yml), each with its target version.
FIRMWARE = dict(role_image('acti.camera.firmware'), version='V6.17')
PTZ = dict(role_image('acti.camera.ptz_image'), version='2.0')


def ptz_line(name, results):
    return camera_outcome(name, results, PTZ['results'])


@pytest.mark.parametrize('results,expected', [
    ({}, dict(outcome='not_reached', failed=False, version_before=None, version_after=None, elapsed=None)),
    (dict(ptz_image_upload=SAME), dict(outcome='unchanged', version_before='2.0', version_after='2.0')),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=BACK),
     dict(outcome='upgraded', failed=False, version_before='1.0', version_after='2.0', elapsed=31.5)),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=dict(BACK, outcome='downgraded')),
     dict(outcome='downgraded', failed=False)),
    (dict(ptz_image_upload=dict(UPLOADED, outcome='would_upgrade'), ptz_image_reboot=SKIPPED),
     dict(outcome='would_upgrade', elapsed=1.5)),
    (dict(ptz_image_check=dict(UPLOADED, outcome='would_downgrade')), dict(outcome='would_downgrade')),
    (dict(ptz_image_verify=dict(BACK, outcome='verified')), dict(outcome='verified', version_after='2.0')),
    # Rejected, then waited for: the report tells what it runs after its reboot, and stays rejected.
    (dict(ptz_image_upload=dict(UPLOADED, outcome='rejected', msg='the camera rejected the image: ERROR: PTZ Image'),
          ptz_image_reboot=dict(BACK, outcome='rebooted', version_after='1.0')),
     dict(outcome='rejected', failed=True, version_after='1.0',
          reason='the camera rejected the image: ERROR: PTZ Image')),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=dict(BACK, outcome='not_back', failed=True,
                                                           version_after=None, msg='gone')),
     dict(outcome='not_back', reason='gone', version_after=None)),
    (dict(ptz_image_upload=dict(SAME, outcome='unknown_version', failed=True, version_before=None, msg='unknown')),
     dict(outcome='unknown_version', reason='unknown', version_before=None)),
    (dict(ptz_image_upload=dict(outcome='unreachable', unreachable=True, changed=False, msg='did not answer')),
     dict(outcome='unreachable', failed=True, reason='did not answer', version_before=None)),
    (dict(ptz_image_upload=dict(SAME, outcome='verified', waited_for_boot=12.4)),
     dict(outcome='verified', failed=False, version_before='2.0', version_after='2.0', reason=None)),
    # The PTZ check, from the reboot's wait, or the upload's where it was skipped; seconds by the tasks' clocks.
    (dict(ptz_image_upload=dict(UPLOADED, started_at=100.0, ended_at=101.5),
          ptz_image_reboot=dict(BACK, ptz_check='ok', started_at=105.0, ended_at=130.25)),
     dict(outcome='upgraded', ptz_check='ok', elapsed=30.25)),
    (dict(ptz_image_upload=dict(UPLOADED, ptz_check='skipped'), ptz_image_reboot=BACK),
     dict(outcome='upgraded', ptz_check='skipped')),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=dict(BACK, outcome='ptz_failed', failed=True,
                                                           ptz_check='failed', msg='its PTZ')),
     dict(outcome='ptz_failed', ptz_check='failed', reason='its PTZ')),
    # An upload whose reboot was never waited for is not an upgrade.
    (dict(ptz_image_upload=UPLOADED),
     dict(outcome='uploaded', failed=True, reason='uploaded, but the reboot was not waited for, so not verified')),
])
def test_outcome(results, expected):
    line = ptz_line('cam', results)
    assert {key: line[key] for key in expected} == expected


@pytest.mark.parametrize('results, address', [
    ({}, None),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=dict(BACK, address='192.0.2.1:8080')), '192.0.2.1:8080'),
    # A task refused on its connection options names no address: the last one that does, says it.
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=dict(outcome='invalid_input', failed=True, msg='port')),
     ADDRESS),
    (dict(ptz_image_check=dict(outcome='invalid_input', failed=True, msg='host is empty')), None),
    (dict(ptz_image_upload=dict(UPLOADED, address='2001:db8::7:80'), ptz_image_reboot=SKIPPED), '2001:db8::7:80'),
])
def test_a_cameras_address_is_the_last_its_tasks_returned(results, address):
    assert ptz_line('cam', results)['address'] == address


def test_the_report_reads_the_address_from_the_results_not_from_the_host_variables():
    hostvars = {'cam1': dict(ansible_host='10.0.0.9', ptz_image_host='cam1.example', acti_camera_port=8443,
                             ptz_image_upload=dict(SAME, address='127.0.0.1:8080')),
                'cam2': dict(ansible_host='10.0.0.10')}
    lines = camera_lines(['cam1', 'cam2'], hostvars, [PTZ], {'cam1': 1, 'cam2': 2})
    assert [(line['camera'], line['address'], line['batch']) for line in lines] == [
        ('cam1', '127.0.0.1:8080', 1), ('cam2', None, 2)]


def _report(cameras, **fields):
    """A report as the action builds it around CAMERAS (lines of camera_outcome, with a batch)."""
    for line in cameras:
        line.setdefault('batch', 1)
    report = dict(target_version='2.0', kind='report', check_mode=False, generated='now', run=None, cameras=cameras,
                  progress=dict(batch=1, batches=1, state='complete', stopped=None),
                  summary={'upgraded': 0, 'unchanged': 1, 'rejected': 1}, rollout='acti.camera.ptz_rollout',
                  images=[dict(name='ptz_image', title='PTZ image', target_version='2.0')])
    report.update(fields)
    return report


def test_markdown_escapes_pipes_and_counts_outcomes():
    cameras = [ptz_line('cam1', dict(ptz_image_upload=dict(UPLOADED, outcome='rejected', msg='ERROR: a|b'))),
               ptz_line('cam2', dict(ptz_image_upload=SAME))]
    text = render_markdown(_report(cameras))
    assert text.startswith('# PTZ image rollout to 2.0\n')
    assert 'now: 2 cameras: 1 unchanged, 1 rejected. Batch 1 of 1, the last.' in text
    assert '| cam1 | 1.0 |  | rejected |  | 1 | 192.0.2.1:80 |  | 1.5 | ERROR: a\\|b |' in text
    prediction = render_markdown(_report(cameras, kind='prediction', check_mode=True, progress=dict(
        batch=1, batches=3, state='stopped', stopped='after batch 1 of 3: 1 of 1 cameras failed, ...')))
    assert prediction.startswith('# Prediction (check mode, nothing was changed): PTZ image rollout to 2.0\n')
    assert 'Stopped after batch 1 of 3: 1 of 1 cameras failed' in prediction


@pytest.mark.parametrize('count', [0, 1, 2, 3, 7, 10, 33, 101])
@pytest.mark.parametrize('serial', [[], [1], [1, '10%', '50%', '100%'], ['30%'], [2, 5], [0], ['0%', 3]])
def test_batches_are_dealt_as_ansible_deals_them(count, serial):
    from ansible.executor.playbook_executor import PlaybookExecutor  # pylint: disable=import-outside-toplevel

    hosts = ['h%03d' % number for number in range(count)]
    inventory = type('Inventory', (), {'get_hosts': lambda self, pattern, order=None: list(hosts)})()
    executor = PlaybookExecutor.__new__(PlaybookExecutor)
    executor._inventory = inventory   # pylint: disable=protected-access
    play = type('Play', (), dict(hosts='all', order=None, serial=serial))()
    expected = executor._get_serialized_batches(play)   # pylint: disable=protected-access
    numbers, total = batches(hosts, serial)
    assert total == len(expected)
    assert numbers == {host: index + 1 for index, batch in enumerate(expected) for host in batch}


@pytest.mark.parametrize('failed,size,current,percentage,expected', [
    (0, 2, 1, 0, 'running'),
    (1, 1, 1, 0, 'stopped'),          # the canary failed
    (1, 4, 2, 30, 'running'),         # 25 % is not above 30 %
    (2, 4, 2, 30, 'stopped'),         # 50 % is
    (4, 4, 2, None, 'stopped'),       # every camera of the batch: Ansible stops without max_fail_percentage too
    (1, 4, 2, None, 'running'),
    (1, 1, 3, 0, 'complete'),         # the last batch: nothing is left to stop
])
def test_progress_says_where_a_rollout_stops_as_ansible_stops_it(failed, size, current, percentage, expected):
    batch = ['c%d' % number for number in range(size)]
    cameras = [dict(camera=name, failed=index < failed) for index, name in enumerate(batch)]
    cameras.append(dict(camera='earlier', failed=True))   # an earlier batch's failure does not count
    state = progress(cameras, current, 3, set(batch), percentage)
    assert state['state'] == expected
    assert (state['stopped'] is None) == (expected != 'stopped')
    if expected == 'stopped':
        assert state['stopped'].startswith('after batch %d of 3: %d of %d cameras failed' % (current, failed, size))


@pytest.mark.parametrize('check_mode,tags,kind', [
    (False, None, 'report'), (False, ['all'], 'report'), (True, ['all'], 'prediction'),
    (False, ['check'], 'prediction'), (False, ['check', 'verify'], 'prediction'), (False, ['verify'], 'report'),
    (False, ['check', 'upgrade'], 'report'),
])
def test_a_run_that_changes_nothing_by_design_is_a_prediction(check_mode, tags, kind):
    assert report_kind(check_mode, {} if tags is None else {'ansible_run_tags': tags}) == kind


def test_a_variable_that_looks_like_ours_but_is_not_is_named_with_the_nearest_one():
    known = known_variables()
    assert {'ptz_image_force', 'ptz_rollout_serial', 'ptz_image_report_run', 'ptz_image_failures'} <= known
    warnings = unknown_variable_warnings(['ptz_image_forse', 'ptz_rollout_seral', 'ptz_image_force', 'other',
                                          'ptz_image_zzzzzzzzzzzz'], known)
    assert warnings == [
        'ptz_image_forse is not a variable of acti.camera.ptz_rollout or the role acti.camera.ptz_image, so it changes'
        ' nothing; did you mean ptz_image_force?',
        'ptz_image_zzzzzzzzzzzz is not a variable of acti.camera.ptz_rollout or the role acti.camera.ptz_image, so it'
        ' changes nothing',
        'ptz_rollout_seral is not a variable of acti.camera.ptz_rollout or the role acti.camera.ptz_image, so it '
        'changes nothing; did you mean ptz_rollout_serial?']


def test_job_artifacts_are_bounded_and_list_failures_first():
    cameras = [dict(camera='cam%04d' % number, outcome='unchanged', failed=False) for number in range(STATS_CAMERAS)]
    cameras.insert(0, dict(camera='bad', outcome='rejected', failed=True))
    report = _report(cameras, summary={'unchanged': STATS_CAMERAS, 'rejected': 1, 'upgraded': 0},
                     failed_cameras=1, not_reached=0, run=dict(id='1', stats_key='acti_camera_rollout_1'))
    stats = job_stats(report, {'json': '/r/ptz_image_report-1.json'})
    assert stats['run_id'] == '1' and stats['images'] == report['images']
    assert len(stats['outcomes']) == STATS_CAMERAS and stats['cameras_left_out'] == 1
    assert next(iter(stats['outcomes'].items())) == ('bad', 'rejected')
    assert stats['summary'] == {'unchanged': STATS_CAMERAS, 'rejected': 1}
    assert (stats['report_dir'], stats['report_files']) == ('/r', {'json': 'ptz_image_report-1.json'})
    assert len(json.dumps(stats)) < 40000


def test_junit_has_a_case_per_camera_failures_errors_and_skipped_as_ci_reads_them():
    from xml.etree import ElementTree  # pylint: disable=import-outside-toplevel

    from ansible_collections.acti.camera.plugins.action.rollout_report import render_junit  # pylint: disable=C0415
    cameras = [ptz_line('cam1', dict(ptz_image_upload=UPLOADED, ptz_image_reboot=BACK)),
               ptz_line('cam2', dict(ptz_image_upload=dict(UPLOADED, outcome='rejected', msg='ERROR: <PTZ>'))),
               ptz_line('cam3', dict(ptz_image_upload=dict(outcome='unreachable', unreachable=True,
                                                           msg='did not answer'))),
               ptz_line('cam4', {})]
    root = ElementTree.fromstring(render_junit(_report(cameras)))
    (suite,) = root
    counted = ('tests', 'failures', 'errors', 'skipped')
    assert {key: suite.get(key) for key in counted} == {key: root.get(key) for key in counted} == dict(
        tests='4', failures='1', errors='1', skipped='1')
    cases = {case.get('name'): case for case in suite.iter('testcase')}
    assert list(cases) == ['cam1', 'cam2', 'cam3', 'cam4']
    assert cases['cam1'].find('failure') is None and cases['cam1'].find('system-out').text == 'upgraded: 1.0 -> 2.0'
    assert cases['cam2'].find('failure').attrib == {'type': 'rejected', 'message': 'ERROR: <PTZ>'}
    assert cases['cam3'].find('error').get('type') == 'unreachable'
    assert cases['cam4'].find('skipped') is not None and float(cases['cam1'].get('time')) == 31.5


def test_two_runs_started_in_the_same_second_keep_their_own_reports(tmp_path):
    from ansible_collections.acti.camera.plugins.action.rollout_report import _unused_run_id  # pylint: disable=C0415

    assert _unused_run_id(str(tmp_path), 'ptz_image_report', '20261201T224907Z') == '20261201T224907Z'
    (tmp_path / 'ptz_image_report-20261201T224907Z.json').write_text('{}')
    assert _unused_run_id(str(tmp_path), 'ptz_image_report', '20261201T224907Z') == '20261201T224907Z-2'
    (tmp_path / 'ptz_image_report-20261201T224907Z-2.json').write_text('{}')
    assert _unused_run_id(str(tmp_path), 'ptz_image_report', '20261201T224907Z') == '20261201T224907Z-3'
    # A prediction's name does not take a report's.
    assert _unused_run_id(str(tmp_path), 'ptz_image_prediction', '20261201T224907Z') == '20261201T224907Z'


# The report of several images (acti.camera.firmware_rollout with a PTZ image): the names of each image's results
# are the task's arguments, and a camera's row tells each image.
FW_UPGRADED = dict(outcome='upgraded', changed=True, failed=False, version_before='V6.13', version_after='V6.17',
                   ptz_check='ok', started_at=100.0, ended_at=160.0, msg='upgraded')


@pytest.mark.parametrize('results,expected,parts', [
    # The first image that changed tells the camera; the versions are the first image's.
    (dict(firmware_upgrade=FW_UPGRADED, ptz_image_upload=SAME),
     dict(outcome='upgraded', failed=False, version_before='V6.13', version_after='V6.17', reason=None),
     [('firmware', 'upgraded'), ('ptz_image', 'unchanged')]),
    (dict(firmware_upgrade=dict(FW_UPGRADED, outcome='unchanged', changed=False),
          ptz_image_upload=dict(UPLOADED, started_at=170.0, ended_at=171.0),
          ptz_image_reboot=dict(BACK, ptz_check='failed', started_at=172.0, ended_at=180.0)),
     dict(outcome='upgraded', version_after='V6.17', ptz_check='failed', elapsed=80.0),
     [('firmware', 'unchanged'), ('ptz_image', 'upgraded')]),
    # A firmware that failed decides, and the PTZ image is not reached.
    (dict(firmware_upgrade=dict(FW_UPGRADED, outcome='rejected', failed=True, msg='ERROR: firmware image')),
     dict(outcome='rejected', failed=True, reason='ERROR: firmware image'),
     [('firmware', 'rejected'), ('ptz_image', 'not_reached')]),
    (dict(firmware_upgrade=FW_UPGRADED, ptz_image_upload=dict(UPLOADED, outcome='rejected', msg='ERROR: PTZ Image'),
          ptz_image_reboot=dict(BACK, outcome='rebooted')),
     dict(outcome='rejected', failed=True, reason='ERROR: PTZ Image'),
     [('firmware', 'upgraded'), ('ptz_image', 'rejected')]),
    (dict(firmware_check=dict(FW_UPGRADED, outcome='unchanged'),
          ptz_image_check=dict(UPLOADED, outcome='would_upgrade')),
     dict(outcome='would_upgrade', failed=False), [('firmware', 'unchanged'), ('ptz_image', 'would_upgrade')]),
    ({}, dict(outcome='not_reached', failed=False, elapsed=None), [('firmware', 'not_reached'),
                                                                   ('ptz_image', 'not_reached')]),
])
def test_a_camera_given_the_firmware_then_the_ptz_image_is_told_by_both(results, expected, parts):
    from ansible_collections.acti.camera.plugins.action.rollout_report import camera_line  # pylint: disable=C0415

    line = camera_line('cam', results, [FIRMWARE, PTZ])
    assert {key: line[key] for key in expected} == expected
    assert [(part['image'], part['outcome']) for part in line['images']] == parts
    assert line['images'][0]['version_before'] == line['version_before']


def test_the_results_read_are_those_the_task_names_for_each_image():
    from ansible_collections.acti.camera.plugins.action.rollout_report import camera_line  # pylint: disable=C0415

    # The firmware's results only: a PTZ image result left by another play is no part of this report.
    line = camera_line('cam', dict(firmware_upgrade=FW_UPGRADED, ptz_image_upload=dict(UPLOADED, outcome='rejected')),
                       [FIRMWARE])
    assert (line['outcome'], line['failed'], line['version_after']) == ('upgraded', False, 'V6.17')
    assert [part['image'] for part in line['images']] == ['firmware']
    # The PTZ image alone, as before: the same line, and its one image.
    alone = camera_line('cam', dict(ptz_image_upload=UPLOADED, ptz_image_reboot=BACK), [PTZ])
    assert {key: value for key, value in alone.items() if key != 'images'} == ptz_line(
        'cam', dict(ptz_image_upload=UPLOADED, ptz_image_reboot=BACK))


def test_each_rollout_names_its_files_and_its_junit_suite_after_its_first_image():
    from xml.etree import ElementTree  # pylint: disable=import-outside-toplevel

    from ansible_collections.acti.camera.plugins.action.rollout_report import (  # pylint: disable=C0415
        camera_line, image_entries, render_junit, stems)

    assert stems([FIRMWARE, PTZ]) == dict(report='firmware_report', prediction='firmware_prediction')
    assert stems(image_entries({})) == dict(report='ptz_image_report', prediction='ptz_image_prediction')
    cameras = [camera_line('cam1', dict(firmware_upgrade=FW_UPGRADED, ptz_image_upload=SAME), [FIRMWARE, PTZ])]
    images = [dict(name='firmware', title='firmware', target_version='V6.17'),
              dict(name='ptz_image', title='PTZ image', target_version='2.0')]
    report = _report(cameras, target_version='V6.17', images=images, rollout='acti.camera.firmware_rollout')
    (suite,) = ElementTree.fromstring(render_junit(report))
    assert suite.get('name') == 'acti.camera.firmware_rollout to V6.17, then PTZ image 2.0'
    (case,) = suite.iter('testcase')
    assert case.get('classname') == 'acti.camera.firmware'
    assert case.find('system-out').text.splitlines() == [
        'upgraded: V6.13 -> V6.17', 'firmware: upgraded: V6.13 -> V6.17', 'ptz_image: unchanged: 2.0 -> 2.0']
    text = render_markdown(report)
    assert text.startswith('# Firmware rollout to V6.17, then PTZ image 2.0\n')
    assert ('| Camera | Firmware before | Firmware after | Firmware outcome | PTZ image before | PTZ image after | '
            'PTZ image outcome | Outcome | PTZ check |') in text
    assert '| cam1 | V6.13 | V6.17 | upgraded | 2.0 | 2.0 | unchanged | upgraded | ok | 1 |' in text


def test_the_firmware_rollouts_variables_and_the_shared_ones_are_known_and_mistypes_warned_about():
    from ansible_collections.acti.camera.plugins.action.rollout_report import (  # pylint: disable=C0415
        warning_scope)

    known = known_variables()
    assert {'firmware_src', 'firmware_md5_src', 'firmware_rollout_serial', 'firmware_failures', 'firmware_upgrade',
            'firmware_rollout_run', 'acti_camera_password', 'acti_camera_port', 'acti_camera_execution'} <= known
    prefixes, scope = warning_scope([FIRMWARE, PTZ], 'acti.camera.firmware_rollout')
    assert warning_scope([PTZ], 'acti.camera.ptz_rollout')[1] == (
        'acti.camera.ptz_rollout or the role acti.camera.ptz_image')
    warnings = unknown_variable_warnings(['firmware_forse', 'acti_camera_pasword', 'ptz_image_force', 'firmware_src'],
                                         known, prefixes, scope)
    assert warnings == [
        'acti_camera_pasword is not a variable of acti.camera.firmware_rollout or the roles acti.camera.firmware, '
        'acti.camera.ptz_image, so it changes nothing; did you mean acti_camera_password?',
        'firmware_forse is not a variable of acti.camera.firmware_rollout or the roles acti.camera.firmware, '
        'acti.camera.ptz_image, so it changes nothing; did you mean firmware_force?']


def test_the_run_and_each_of_its_images_head_the_markdown():
    image = dict(name='ACTIPT-2.0.BIN', size=4151, sha256='f3b6', sha256_checked=True)
    run = dict(id='20261201T224907Z', started='2026-12-01T22:49:07Z', collection_version='0.2.0',
               ansible_core_version='2.19.4', images=[dict(name='ptz_image', title='PTZ image', image=image)])
    head = render_markdown(_report([], run=run)).partition('| Camera |')[0]
    assert head == ('# PTZ image rollout to 2.0\n\nRun 20261201T224907Z, started 2026-12-01T22:49:07Z; acti.camera '
                    '0.2.0, ansible-core 2.19.4.\n\nImage ACTIPT-2.0.BIN: 4151 bytes, SHA-256 f3b6 (checked against '
                    'ptz_image_sha256).\n\nnow: 0 cameras: 1 unchanged, 1 rejected. Batch 1 of 1, the last.\n\n')
    firmware = dict(name='firmware', title='firmware', image=dict(image, name='A1D.bin', sha256_checked=False))
    images = [dict(name='firmware', title='firmware', target_version='V6.17'),
              dict(name='ptz_image', title='PTZ image', target_version='2.0')]
    two = render_markdown(_report([], run=dict(run, images=[firmware] + run['images']), images=images))
    assert ('Firmware A1D.bin: 4151 bytes, SHA-256 f3b6 (not checked: no firmware_sha256).\n\nPTZ image '
            'ACTIPT-2.0.BIN: 4151 bytes, SHA-256 f3b6 (checked against ptz_image_sha256).') in two


@pytest.mark.parametrize('role', sorted(ROLES))
def test_each_roles_result_names_are_what_its_tasks_and_handlers_register(role):
    """<role>_result_names is the one list of what the role registers for a camera: the report and the verdict
    read it, so a register added to the role without it would be left out of both."""
    registered = set()
    for folder in ('tasks', 'handlers'):
        for name in os.listdir(os.path.join(ROLES[role], folder)):
            with open(os.path.join(ROLES[role], folder, name), encoding='utf-8') as stream:
                registered |= set(_registers(yaml.safe_load(stream) or []))
    short = role.rpartition('.')[2]
    assert registered - {'%s_report' % short} == set(role_vars(role)['%s_result_names' % short])


def _registers(tasks):
    for task in tasks:
        if task.get('register'):
            yield task['register']
        yield from _registers(task.get('block') or [])
