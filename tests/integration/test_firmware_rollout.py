# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role acti.camera.firmware through the playbook acti.camera.firmware_rollout, over simulated fleets: the
guarantees of acti.camera.ptz_rollout (canary and batches, the stop, the report after each batch, the drift gate, the
empty target), the firmware and the PTZ image in one batch, and the credentials given once for both roles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from acti_testlib import COLLECTIONS, DEFAULT_PASSWORD, RolloutRun, playbook_command
from acti_camera_sim import make_image, write_firmware_image

RUNNING = 'A1D-500-V6.13.17-AC'     # what a simulated camera runs unless told otherwise
NEW = 'A1D-500-V6.17.02-AC'
PTZ_TARGET = '2.0.0'
ANSIBLE_DOC = str(Path(sys.executable).parent / 'ansible-doc')
READ_ONLY = {'SYSTEM_INFO': 1, 'total': 1}   # what a camera already at the firmware costs


@pytest.fixture(scope='module')
def firmware(tmp_path_factory):
    """The new firmware image, its MD5 file, and a PTZ image, by name."""
    folder = tmp_path_factory.mktemp('firmware-rollout')
    image = folder / ('%s.bin' % NEW)
    write_firmware_image(image, NEW, md5_path=str(image) + '.md5')
    ptz = folder / ('ACTIPT-%s.BIN' % PTZ_TARGET)
    ptz.write_bytes(make_image(PTZ_TARGET))
    return dict(src=str(image), md5_src=str(image) + '.md5', ptz_src=str(ptz))


def fleet(simulator, count, faults=None, **settings):
    """{inventory name: port} of COUNT fresh cameras; FAULTS maps a name to its extra settings."""
    settings.setdefault('reboot_seconds', 0.5)
    settings.setdefault('firmware_reboot_seconds', 1.5)
    names = ['cam%02d' % number for number in range(1, count + 1)]
    return {name: simulator.camera(**dict(settings, **(faults or {}).get(name, {}))) for name in names}


def firmware_vars(firmware, **extra):
    return dict(dict(firmware_src=firmware['src'], firmware_md5_src=firmware['md5_src'], firmware_version=NEW),
                **extra)


def rollout_command(tmp_path, cameras, *flags, password=DEFAULT_PASSWORD, host_vars=None, **extra_vars):
    """(command, environment, report folder) of acti.camera.firmware_rollout over CAMERAS ({inventory name: port}).

    The inventory gives each camera its address and port once for every role (acti_camera_port), and the password
    once (acti_camera_password, in the group's variables); the report goes to tmp_path/report."""
    group_vars = {'acti_camera_password': password} if password is not None else {}
    inventory = {'cameras': {'vars': group_vars, 'hosts': {
        name: dict({'ansible_host': '127.0.0.1', 'acti_camera_port': port}, **(host_vars or {}).get(name, {}))
        for name, port in cameras.items()}}}
    extra_vars.setdefault('firmware_rollout_report_dir', str(tmp_path / 'report'))
    return playbook_command(tmp_path, 'acti.camera.firmware_rollout', inventory, extra_vars, flags)


@pytest.fixture
def run_rollout(tmp_path):
    """run_rollout(cameras, *flags, **extra_vars) -> RolloutRun of acti.camera.firmware_rollout."""
    def run(cameras, *flags, **kwargs):
        command, environment, report_dir = rollout_command(tmp_path, cameras, *flags, **kwargs)
        process = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600,  # noqa: S603
                                 check=False)
        stem = 'firmware_prediction' if '--check' in flags else 'firmware_report'
        report = report_dir / (stem + '.json')
        markdown = report_dir / (stem + '.md')
        return RolloutRun(process.stdout + process.stderr, process.returncode,
                          json.loads(report.read_text()) if report.exists() else None,
                          markdown.read_text() if markdown.exists() else None)
    return run


def outcomes(run):
    return {line['camera']: line['outcome'] for line in run.report['cameras']}


def lines(run):
    return {line['camera']: line for line in run.report['cameras']}


def test_a_failing_camera_stops_the_rollout_after_its_batch_and_a_rerun_finishes_then_changes_nothing(
        simulator, firmware, run_rollout, tmp_path):
    cameras = fleet(simulator, 5, {'cam03': dict(firmware_error='firmware image')})
    variables = firmware_vars(firmware, firmware_rollout_serial=[1, 2, '100%'])
    run = run_rollout(cameras, **variables)

    assert run.returncode == 2, run.output
    # The canary passed, cam03 (batch 2 of 3) was rejected: stopped there; failures first.
    assert [(line['camera'], line['batch'], line['outcome']) for line in run.report['cameras']] == [
        ('cam03', 2, 'rejected'), ('cam01', 1, 'upgraded'), ('cam02', 2, 'upgraded'), ('cam04', 3, 'not_reached'),
        ('cam05', 3, 'not_reached')]
    assert run.report['progress'] == dict(batch=2, batches=3, state='stopped', stopped=(
        "after batch 2 of 3: 1 of 2 cameras failed, above the play's max_fail_percentage (0 %)"))
    assert (run.report['schema_version'], run.report['kind'], run.report['target_version']) == (1, 'report', NEW)
    assert run.report['images'] == [dict(name='firmware', title='firmware', target_version=NEW)]
    rejected = lines(run)['cam03']
    assert rejected['reason'].startswith('the camera rejected the image: ERROR: firmware image')
    assert (rejected['version_before'], rejected['version_after']) == (RUNNING, RUNNING)
    assert [part['image'] for part in rejected['images']] == ['firmware']
    assert lines(run)['cam01']['ptz_check'] == 'ok'
    assert lines(run)['cam01']['address'] == '127.0.0.1:%d' % cameras['cam01']
    # The camera fails its host after the report, with the same reason.
    assert 'fatal: [cam03]: FAILED!' in run.output
    assert '| cam03 | %s | %s | rejected |' % (RUNNING, RUNNING) in run.markdown
    assert run.markdown.startswith('# Firmware rollout to %s\n' % NEW)
    assert 'Stopped after batch 2 of 3' in run.markdown
    suite = ElementTree.parse(str(tmp_path / 'report' / 'firmware_report.xml')).getroot()[0]
    assert suite.get('name') == 'acti.camera.firmware_rollout to %s' % NEW
    assert {key: suite.get(key) for key in ('tests', 'failures', 'errors', 'skipped')} == dict(
        tests='5', failures='1', errors='0', skipped='2')
    assert {case.get('classname') for case in suite.iter('testcase')} == {'acti.camera.firmware'}
    for name in ('cam04', 'cam05'):
        assert simulator.state(cameras[name])['counts'] == {}
    for name in ('cam01', 'cam02'):
        assert simulator.state(cameras[name])['firmware'] == NEW

    simulator.configure(cameras['cam03'], firmware_error=None)
    for port in cameras.values():
        simulator.reset_counts(port)
    again = run_rollout(cameras, **variables)
    assert again.returncode == 0, again.output
    assert {name: line['outcome'] for name, line in lines(again).items()} == {
        'cam01': 'unchanged', 'cam02': 'unchanged', 'cam03': 'upgraded', 'cam04': 'upgraded', 'cam05': 'upgraded'}
    for name in ('cam01', 'cam02'):
        assert simulator.state(cameras[name])['counts'] == READ_ONLY

    for port in cameras.values():
        simulator.reset_counts(port)
    third = run_rollout(cameras, **variables)
    assert third.returncode == 0, third.output
    assert set(outcomes(third).values()) == {'unchanged'}
    for name, port in cameras.items():
        state = simulator.state(port)
        assert state['counts'] == READ_ONLY and state['firmware'] == NEW, name
        assert 'changed=0' in third.output.split('%s ' % name.ljust(26))[-1].splitlines()[0]


def test_a_batch_is_uploaded_first_then_its_reboots_are_waited_for_at_once_even_on_one_fork(
        simulator, firmware, run_rollout):
    # cam01 rejects the image and is back from its short reboot before the batch's wait begins.
    cameras = fleet(simulator, 3, {'cam01': dict(firmware_error='firmware image', firmware_reboot_seconds=0.2)},
                    firmware_reboot_seconds=4)
    run = run_rollout(cameras, '--forks', '1', **firmware_vars(
        firmware, firmware_rollout_serial=['100%'], firmware_down_timeout=2, firmware_reboot_timeout=60))
    assert run.returncode == 2, run.output
    assert outcomes(run) == {'cam01': 'rejected', 'cam02': 'upgraded', 'cam03': 'upgraded'}
    (_start, end), (start, _end) = (simulator.state(cameras[name])['reboot_windows'][-1] for name in ('cam02', 'cam03'))
    assert start < end   # cam03 was rebooting before cam02 was back: no fork was held for a reboot
    # The rejected camera, seen at its old firmware after firmware_down_timeout, not firmware_reboot_timeout.
    rejected = lines(run)['cam01']
    assert rejected['version_after'] == RUNNING and rejected['elapsed'] < 30, rejected


def test_check_mode_predicts_changes_nothing_and_the_drift_gate_fails_it(simulator, firmware, run_rollout, tmp_path):
    cameras = fleet(simulator, 3, {'cam02': dict(firmware=NEW)})
    gated = run_rollout(cameras, '--check', '--diff', **firmware_vars(firmware, firmware_rollout_fail_on_drift=True))
    assert gated.returncode == 2, gated.output
    assert '2 camera(s) would change: cam01, cam03' in gated.output
    assert outcomes(gated) == {'cam01': 'would_upgrade', 'cam02': 'unchanged', 'cam03': 'would_upgrade'}
    assert (gated.report['kind'], gated.report['check_mode']) == ('prediction', True)
    assert '+firmware_version: %s' % NEW in gated.output
    assert gated.markdown.startswith('# Prediction (check mode, nothing was changed): Firmware rollout to ')
    assert sorted(path.name for path in (tmp_path / 'report').glob('firmware_report*')) == []
    for port in cameras.values():
        state = simulator.state(port)
        assert state['counts'] == READ_ONLY and state['firmware_uploads'] == [] and state['reboots'] == 0
    ungated = run_rollout(cameras, '--check', **firmware_vars(firmware))
    assert ungated.returncode == 0, ungated.output
    current = fleet(simulator, 2, firmware=NEW)
    passing = run_rollout(current, '--check', **firmware_vars(firmware, firmware_rollout_fail_on_drift=True))
    assert passing.returncode == 0, passing.output


def test_the_verify_tag_reads_each_cameras_firmware_back_and_changes_nothing(simulator, firmware, run_rollout):
    cameras = fleet(simulator, 2, {'cam02': dict(firmware=NEW)})
    verify = run_rollout(cameras, '--tags', 'verify', **firmware_vars(firmware, firmware_rollout_serial=['100%']))
    assert verify.returncode == 2, verify.output
    assert verify.report['kind'] == 'report'
    found = lines(verify)
    assert (found['cam02']['outcome'], found['cam02']['version_after']) == ('verified', NEW)
    assert found['cam01']['outcome'] == 'wrong_version'
    assert found['cam01']['reason'] == 'the camera reports firmware version %s, not %s' % (
        simulator.state(cameras['cam01'])['firmware'], NEW)
    for port in cameras.values():
        state = simulator.state(port)
        assert state['counts'] == READ_ONLY and state['firmware_uploads'] == [] and state['reboots'] == 0


def test_a_target_that_matches_no_camera_fails_unless_an_empty_run_is_allowed(simulator, firmware, run_rollout):
    cameras = fleet(simulator, 1)
    run = run_rollout(cameras, firmware_rollout_hosts='site_cams', **firmware_vars(firmware))
    assert run.returncode == 2 and run.report is None
    assert ('firmware_rollout_hosts (site_cams) matches no host of the inventory, whose groups are: cameras. Set '
            'firmware_rollout_hosts to the cameras\' group') in run.output
    allowed = run_rollout(cameras, firmware_rollout_hosts='site_cams', firmware_rollout_allow_empty=True,
                          **firmware_vars(firmware))
    assert allowed.returncode == 0, allowed.output
    assert simulator.state(cameras['cam01'])['counts'] == {}


def test_a_target_other_than_cameras_named_by_the_inventory_is_rolled_out(simulator, firmware, tmp_path):
    cameras = fleet(simulator, 2)
    command, environment, report_dir = rollout_command(tmp_path, cameras,
                                                       **firmware_vars(firmware, firmware_rollout_serial=['100%']))
    # No group cameras: the inventory's own variables name the target.
    inventory = json.loads((tmp_path / 'inventory.json').read_text())
    (tmp_path / 'inventory.json').write_text(json.dumps(
        {'site_cams': inventory['cameras'], 'all': {'vars': {'firmware_rollout_hosts': 'site_cams'}}}))
    process = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300,  # noqa: S603
                             check=False)
    assert process.returncode == 0, process.stdout + process.stderr
    report = json.loads((report_dir / 'firmware_report.json').read_text())
    assert {line['camera']: line['outcome'] for line in report['cameras']} == {'cam01': 'upgraded', 'cam02': 'upgraded'}


def test_bad_input_stops_the_rollout_before_any_request(simulator, firmware, run_rollout, tmp_path):
    cameras = fleet(simulator, 2)
    bad_checksum = run_rollout(cameras, **firmware_vars(firmware, firmware_sha256='0' * 64))
    other_md5 = tmp_path / 'other.md5'
    other_md5.write_text('0123456789abcdef0123456789abcdef  other.bin\n')
    bad_md5 = run_rollout(cameras, **firmware_vars(firmware, firmware_md5_src=str(other_md5)))
    no_ptz_version = run_rollout(cameras, ptz_image_src=firmware['ptz_src'], **firmware_vars(firmware))
    no_password = run_rollout(cameras, password=None, **firmware_vars(firmware))
    runs = (bad_checksum, bad_md5, no_ptz_version, no_password)
    assert [run.returncode for run in runs] == [2] * 4
    assert [run.report for run in runs] == [None] * 4
    assert 'not the expected ' + '0' * 64 in bad_checksum.output
    assert 'the MD5 file is another image\'s' in bad_md5.output
    assert 'missing required arguments: ptz_image_version' in no_ptz_version.output
    assert 'missing required arguments: firmware_password' in no_password.output
    for port in cameras.values():
        assert simulator.state(port)['counts'] == {}


def test_a_mistyped_variable_is_warned_about_with_the_nearest_name(simulator, firmware, run_rollout):
    cameras = fleet(simulator, 1, firmware=NEW)
    run = run_rollout(cameras, firmware_forse=True, acti_camera_pasword='x', **firmware_vars(firmware))
    assert run.returncode == 0, run.output
    assert ('firmware_forse is not a variable of acti.camera.firmware_rollout or the role acti.camera.firmware, so it '
            'changes nothing; did you mean firmware_force?') in run.output
    assert 'acti_camera_pasword is not a variable' in run.output and 'did you mean acti_camera_password?' in run.output
    assert 'is not a variable' not in run.output.replace('firmware_forse is not', '').replace(
        'acti_camera_pasword is not', '')


def test_a_camera_whose_own_variable_is_wrong_fails_alone_before_any_request_to_it(
        simulator, firmware, run_rollout):
    cameras = fleet(simulator, 3)
    # Set for one camera only: checked by that camera's first task of the role, before any request to it.
    run = run_rollout(cameras, host_vars={'cam02': {'firmware_reboot_timeout': 'soon'}},
                      **firmware_vars(firmware, firmware_rollout_serial=['100%'],
                                      firmware_rollout_max_fail_percentage=50))
    assert run.returncode == 2, run.output
    assert 'the variables of the role acti.camera.firmware for this camera: ' in lines(run)['cam02']['reason']
    assert "argument 'firmware_reboot_timeout' is of type" in lines(run)['cam02']['reason']
    assert simulator.state(cameras['cam02'])['counts'] == {}
    assert outcomes(run) == {'cam02': 'invalid_input', 'cam01': 'upgraded', 'cam03': 'upgraded'}


def test_the_firmware_then_the_ptz_image_in_one_batch_with_the_credentials_given_once(
        simulator, firmware, run_rollout):
    secret = 'Once-For-Both/&%'
    cameras = fleet(simulator, 4, {'cam02': dict(version=PTZ_TARGET), 'cam03': dict(firmware_error='firmware image'),
                                   'cam04': dict(firmware=NEW)}, admin_password=secret)
    # No firmware_password, no ptz_image_password: acti_camera_password serves both roles, and acti_camera_port both.
    variables = firmware_vars(firmware, firmware_rollout_serial=['100%'], firmware_rollout_max_fail_percentage=50,
                              ptz_image_src=firmware['ptz_src'], ptz_image_version=PTZ_TARGET,
                              ptz_image_down_timeout=5)
    run = run_rollout(cameras, password=secret, **variables)
    assert run.returncode == 2, run.output
    assert secret not in run.output + run.markdown + json.dumps(run.report)
    assert outcomes(run) == {'cam03': 'rejected', 'cam01': 'upgraded', 'cam02': 'upgraded', 'cam04': 'upgraded'}
    both = {name: {part['image']: (part['version_before'], part['version_after'], part['outcome'])
                   for part in line['images']} for name, line in lines(run).items()}
    assert both == {
        'cam01': {'firmware': (RUNNING, NEW, 'upgraded'), 'ptz_image': ('1.0.0', PTZ_TARGET, 'upgraded')},
        'cam02': {'firmware': (RUNNING, NEW, 'upgraded'), 'ptz_image': (PTZ_TARGET, PTZ_TARGET, 'unchanged')},
        # Its firmware failed: it is not given the PTZ image.
        'cam03': {'firmware': (RUNNING, RUNNING, 'rejected'), 'ptz_image': (None, None, 'not_reached')},
        'cam04': {'firmware': (NEW, NEW, 'unchanged'), 'ptz_image': ('1.0.0', PTZ_TARGET, 'upgraded')}}
    assert [image['name'] for image in run.report['images']] == ['firmware', 'ptz_image']
    assert [image['name'] for image in run.report['run']['images']] == ['firmware', 'ptz_image']
    assert run.markdown.startswith('# Firmware rollout to %s, then PTZ image %s\n' % (NEW, PTZ_TARGET))
    assert ('| cam01 | %s | %s | upgraded | 1.0.0 | %s | upgraded | upgraded | ok |' % (RUNNING, NEW, PTZ_TARGET)
            in run.markdown)
    for name in ('cam01', 'cam02', 'cam04'):
        state = simulator.state(cameras[name])
        assert (state['firmware'], state['version']) == (NEW, PTZ_TARGET), name
    assert simulator.state(cameras['cam03'])['uploads'] == []
    assert len(simulator.state(cameras['cam01'])['uploads']) == 1

    simulator.configure(cameras['cam03'], firmware_error=None)
    again = run_rollout(cameras, password=secret, **variables)
    assert again.returncode == 0, again.output
    assert outcomes(again) == {'cam01': 'unchanged', 'cam02': 'unchanged', 'cam03': 'upgraded', 'cam04': 'unchanged'}


def test_ansible_doc_documents_the_role_its_rollout_and_the_shared_credentials():
    environment = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR='1')
    texts = {}
    for role in ('acti.camera.firmware', 'acti.camera.ptz_image'):
        process = subprocess.run([ANSIBLE_DOC, '-t', 'role', role], capture_output=True, text=True,  # noqa: S603
                                 env=environment, timeout=120, check=False)
        assert process.returncode == 0, process.stderr
        texts[role] = process.stdout
    firmware_doc = texts['acti.camera.firmware']
    for name in ('firmware_src', 'firmware_md5_src', 'firmware_reboot_timeout', 'firmware_rollout_serial',
                 'firmware_rollout_fail_on_drift', 'acti_camera_password'):
        assert name in firmware_doc, name
    assert 'ENTRY POINT: *variables*' in firmware_doc and 'ENTRY POINT: *rollout*' in firmware_doc
    assert 'acti_camera_password' in texts['acti.camera.ptz_image']
