# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role acti.camera.ptz_image through the playbook acti.camera.ptz_rollout, over simulated fleets."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import time
from urllib.parse import quote, quote_plus

import pytest
from acti_testlib import rollout_command

TARGET = '2.0.0'
NO_OP = {'SYSTEM_LOG': 1, 'total': 1}   # what a camera already at the version costs


def fleet(simulator, count, faults=None, **settings):
    """{inventory name: port} of COUNT fresh cameras; FAULTS maps a name to its extra settings."""
    settings.setdefault('reboot_seconds', 3)
    names = ['cam%02d' % number for number in range(1, count + 1)]
    return {name: simulator.camera(**dict(settings, **(faults or {}).get(name, {}))) for name in names}


def outcomes(run):
    return {line['camera']: line for line in run.report['cameras']}


def rollout_vars(images, **extra):
    return dict(dict(ptz_image_src=images[TARGET], ptz_image_version=TARGET, ptz_image_down_timeout=5), **extra)


def test_fleet_with_faults_ends_verified_or_failed_with_reasons_then_converges(simulator, images, run_rollout):
    cameras = fleet(simulator, 12, {'cam04': dict(upload_error='PTZ Image'), 'cam06': dict(never_returns=True),
                                    'cam09': dict(version=TARGET), 'cam11': dict(log_capacity=10),
                                    'cam10': dict(runtime_config={'PTZ_VENDOR': 'PELCO,PELCOD'})})
    simulator.events(cameras['cam11'], 10)   # its PTZ line rotated out: the version is unknown
    # cam10's PTZ protocol was set at run time, not saved: its reboot loses it.
    faulty, current, unknown, ptz_lost = {'cam04', 'cam06'}, {'cam09'}, {'cam11'}, {'cam10'}
    healthy = set(cameras) - faulty - current - unknown - ptz_lost
    variables = rollout_vars(images, ptz_rollout_serial=[1, '50%', '100%'], ptz_rollout_max_fail_percentage=40,
                             ptz_image_reboot_timeout=10)
    run = run_rollout(cameras, **variables)

    assert run.returncode == 2, run.output   # some hosts failed
    lines = outcomes(run)
    assert {outcome: count for outcome, count in run.report['summary'].items() if count} == {
        'upgraded': 7, 'unchanged': 1, 'unknown_version': 1, 'rejected': 1, 'not_back': 1, 'ptz_failed': 1}
    assert lines['cam10']['outcome'] == 'ptz_failed' and lines['cam10']['ptz_check'] == 'failed'
    assert lines['cam10']['version_after'] == TARGET == simulator.state(cameras['cam10'])['version']
    assert 'PELCO,PELCOD before the upload' in lines['cam10']['reason']
    assert '| cam10 | 1.0.0 | 2.0.0 | ptz_failed | failed |' in run.markdown
    assert 'is unknown' in lines['cam11']['reason']
    assert simulator.state(cameras['cam11'])['uploads'] == []
    for name in healthy:
        assert simulator.state(cameras[name])['version'] == TARGET
        assert lines[name]['outcome'] == 'upgraded' and lines[name]['ptz_check'] == 'ok'
        assert (lines[name]['version_before'], lines[name]['version_after']) == ('1.0.0', TARGET)
        # From the camera's first request to its verification: through its reboot of 3 s.
        assert lines[name]['elapsed'] > 3
        # Through the role too, four read-only requests besides the log's: SYSTEM_INFO, PTZ_VENDOR, then after the
        # reboot SYSTEM_INFO (the same camera?) and PTZ_VENDOR and POSITION_GET in one (counts are of commands, total
        # of requests).
        counts = dict(simulator.state(cameras[name])['counts'])
        log_reads = counts.pop('SYSTEM_LOG')
        assert counts == {'SYSTEM_INFO': 2, 'PTZ_VENDOR': 2, 'POSITION_GET': 1, 'PTZ_IMAGE': 1, 'PTZ_IMAGE_SAVE': 1,
                          'total': log_reads + 2 + 4}, name
    assert lines['cam04']['reason'] == 'the camera rejected the image: ERROR: PTZ Image; the camera is rebooting'
    assert simulator.state(cameras['cam04'])['version'] == '1.0.0'
    # It reboots anyway, and is waited for: its row tells what it runs after, and how long that took.
    assert lines['cam04']['version_after'] == '1.0.0' and lines['cam04']['elapsed'] > 3
    assert 'was not back from its reboot after 10 s' in lines['cam06']['reason']
    assert lines['cam09']['outcome'] == 'unchanged'
    assert simulator.state(cameras['cam09'])['counts'] == NO_OP
    # The report is printed and written as Markdown too.
    assert '| cam04 | 1.0.0 | 1.0.0 | rejected |' in run.markdown
    assert '"| cam02 | 1.0.0 | 2.0.0 | upgraded |' in run.output
    # A batch's cameras reboot at the same time: the batch costs about one reboot, not one per camera.
    second_batch = [simulator.state(cameras[name])['reboot_windows'][0] for name in ('cam02', 'cam03', 'cam05')]
    assert max(down for down, _up in second_batch) < min(up for _down, up in second_batch)

    for port in cameras.values():
        simulator.reset_counts(port)
    # cam06 is still down: it is waited for, within ptz_image_boot_timeout, then reported unreachable.
    again = run_rollout(cameras, **dict(variables, ptz_image_boot_timeout=3))
    lines = outcomes(again)
    for name in healthy | current | ptz_lost:
        assert lines[name]['outcome'] == 'unchanged'
        assert simulator.state(cameras[name])['counts'] == NO_OP, name
        assert ('%s ' % name) in again.output and ('%s : ok=' % name.ljust(26)) in again.output
        assert 'changed=0' in again.output.split('%s ' % name.ljust(26))[-1].splitlines()[0]
    assert lines['cam04']['outcome'] == 'rejected' and lines['cam11']['outcome'] == 'unknown_version'
    assert lines['cam06']['outcome'] == 'unreachable'
    assert 'did not answer within boot_timeout (3 s)' in lines['cam06']['reason']


def test_a_rerun_started_while_a_cancelled_rollout_still_reboots_its_cameras_finishes_the_job(
        simulator, images, run_rollout, tmp_path):
    cameras = fleet(simulator, 10, reboot_seconds=20, boot_phase_seconds=1)
    variables = rollout_vars(images, ptz_rollout_serial=['100%'])
    (tmp_path / 'cancelled').mkdir()
    command, environment, _report = rollout_command(tmp_path / 'cancelled', cameras, **variables)
    # Cancelled as a CI job is: Ctrl-C to the whole process group, right after the uploads.
    cancelled = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL,  # noqa: S603
                                 stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not all(simulator.state(port)['uploads'] for port in cameras.values()):
        assert time.monotonic() < deadline and cancelled.poll() is None, 'the uploads did not all start'
        time.sleep(0.1)
    os.killpg(cancelled.pid, signal.SIGINT)
    try:
        cancelled.wait(5)
    except subprocess.TimeoutExpired:   # still shutting down (seen on ansible-core 2.20): as a CI runner does
        os.killpg(cancelled.pid, signal.SIGKILL)
        cancelled.wait(10)

    again = run_rollout(cameras, **variables)
    assert again.returncode == 0, again.output
    assert again.report['summary']['verified'] == 10, again.markdown
    for port in cameras.values():
        state = simulator.state(port)
        assert len(state['uploads']) == 1 and state['version'] == TARGET


def test_a_failing_canary_stops_the_rollout_and_no_password_is_printed(simulator, images, run_rollout):
    secret = 'Unmistakable-S3cret/&%'
    cameras = fleet(simulator, 4, {'cam01': dict(upload_error='PTZ Image')}, admin_password=secret)
    run = run_rollout(cameras, '-vvvv', password=secret, **rollout_vars(images))

    assert run.returncode == 2
    lines = outcomes(run)
    assert lines['cam01']['outcome'] == 'rejected' and 'ERROR: PTZ Image' in lines['cam01']['reason']
    for name in ('cam02', 'cam03', 'cam04'):
        assert lines[name]['outcome'] == 'not_reached'
        state = simulator.state(cameras[name])
        assert (state['counts'], state['uploads'], state['version']) == ({}, [], '1.0.0')
    written = run.output + run.markdown + str(run.report)
    leaks = [form for form in (secret, quote(secret, safe=''), quote(secret), quote_plus(secret)) if form in written]
    assert leaks == []


def test_check_mode_and_the_check_and_verify_tags_change_nothing(simulator, images, run_rollout):
    cameras = fleet(simulator, 3, {'cam02': dict(version=TARGET)})
    variables = rollout_vars(images, ptz_rollout_serial=['100%'])   # no canary: cam01 fails verification
    check = run_rollout(cameras, '--check', '--diff', **variables)
    tagged_check = run_rollout(cameras, '--tags', 'check', **variables)
    verify = run_rollout(cameras, '--tags', 'verify', **variables)

    expected = {'cam01': 'would_upgrade', 'cam02': 'unchanged', 'cam03': 'would_upgrade'}
    for run in (check, tagged_check):
        assert run.returncode == 0, run.output
        assert {name: line['outcome'] for name, line in outcomes(run).items()} == expected
    assert '+ptz_image_version: 2.0.0' in check.output
    # Neither changes anything by design: both are predictions, under names that no real run's report has.
    assert (check.report['kind'], tagged_check.report['kind'], verify.report['kind']) == (
        'prediction', 'prediction', 'report')
    assert tagged_check.markdown.startswith('# Prediction (the tag check, nothing was changed): ')
    lines = outcomes(verify)
    assert verify.returncode == 2
    assert lines['cam02']['outcome'] == 'verified' and lines['cam02']['version_after'] == TARGET
    assert lines['cam01']['outcome'] == 'wrong_version'
    assert lines['cam01']['reason'] == 'the camera reports PTZ image version 1.0.0, not 2.0.0'
    for port in cameras.values():
        state = simulator.state(port)
        assert state['uploads'] == [] and state['reboots'] == 0


def test_an_upload_cut_off_is_decided_by_the_version_after_the_reboot(simulator, images, run_rollout):
    cameras = fleet(simulator, 3, {'cam02': dict(drop_upload='apply'), 'cam03': dict(drop_upload='discard')})
    run = run_rollout(cameras, **rollout_vars(images, ptz_rollout_serial=['100%'],
                                              ptz_rollout_max_fail_percentage=50))
    lines = outcomes(run)
    assert lines['cam02']['outcome'] == 'upgraded' and simulator.state(cameras['cam02'])['version'] == TARGET
    assert lines['cam03']['outcome'] == 'wrong_version' and simulator.state(cameras['cam03'])['version'] == '1.0.0'
    assert 'reporting PTZ image version 1.0.0, not 2.0.0' in lines['cam03']['reason']


def test_bad_input_stops_the_rollout_before_any_request(simulator, images, run_rollout, tmp_path):
    cameras = fleet(simulator, 2)
    missing_image = run_rollout(cameras, **rollout_vars(images, ptz_image_src=str(tmp_path / 'missing.bin')))
    no_version = run_rollout(cameras, ptz_image_src=images[TARGET])
    bad_checksum = run_rollout(cameras, **rollout_vars(images, ptz_image_sha256='0' * 64))
    # The report's directory is a file's child: it cannot be made.
    (tmp_path / 'a-file').write_text('')
    no_report = run_rollout(cameras, **rollout_vars(images, ptz_rollout_report_dir=str(tmp_path / 'a-file' / 'r')))
    runs = (missing_image, no_version, bad_checksum, no_report)
    assert [run.returncode for run in runs] == [2] * 4
    # Each found once, before the first camera: no report, since nothing happened to any camera.
    assert [run.report for run in runs] == [None] * 4
    assert 'missing.bin does not exist' in missing_image.output
    assert 'missing required arguments: ptz_image_version' in no_version.output
    assert 'not the expected ' + '0' * 64 in bad_checksum.output
    assert 'cannot write the report to %s: Not a directory' % (tmp_path / 'a-file' / 'r') in no_report.output
    for port in cameras.values():
        assert simulator.state(port)['counts'] == {}


def test_a_failed_verification_past_the_canary_stops_the_rollout(simulator, images, run_rollout):
    # cam02 comes back with the old version, in a batch of two: 50 % failed, above the default 0 %.
    cameras = fleet(simulator, 5, {'cam02': dict(stays_old=True)})
    run = run_rollout(cameras, **rollout_vars(images, ptz_rollout_serial=[1, 2, '100%']))
    assert run.returncode == 2
    assert {name: line['outcome'] for name, line in outcomes(run).items()} == {
        'cam01': 'upgraded', 'cam02': 'wrong_version', 'cam03': 'upgraded', 'cam04': 'not_reached',
        'cam05': 'not_reached'}
    assert simulator.state(cameras['cam04'])['counts'] == {}


def test_with_fewer_forks_than_cameras_a_reboot_already_over_is_proven_by_the_log(simulator, images, run_rollout):
    # Two forks, six quick reboots: most cameras are back before their wait starts, and no outage is seen.
    cameras = fleet(simulator, 6, reboot_seconds=0.5)
    variables = rollout_vars(images, ptz_rollout_serial=['100%'], ptz_image_down_timeout=30)
    run = run_rollout(cameras, '--forks', '2', **variables)
    assert run.returncode == 0, run.output
    for line in run.report['cameras']:
        assert line['outcome'] == 'upgraded'
        assert line['elapsed'] < 10, line   # not down_timeout's 30 s


def test_a_target_that_matches_no_camera_fails_unless_an_empty_run_is_allowed(simulator, images, run_rollout):
    cameras = fleet(simulator, 1)
    run = run_rollout(cameras, ptz_rollout_hosts='site_cams', **rollout_vars(images))
    assert run.returncode == 2 and run.report is None
    assert ('ptz_rollout_hosts (site_cams) matches no host of the inventory, whose groups are: cameras. Set '
            'ptz_rollout_hosts to the cameras\' group') in run.output
    allowed = run_rollout(cameras, ptz_rollout_hosts='site_cams', ptz_rollout_allow_empty=True, **rollout_vars(images))
    assert allowed.returncode == 0, allowed.output
    assert simulator.state(cameras['cam01'])['counts'] == {}


@pytest.mark.parametrize('given_in', ['inventory', 'extra_vars'])
def test_a_target_other_than_cameras_is_rolled_out_whether_the_inventory_or_the_command_names_it(
        simulator, images, tmp_path, given_in):
    cameras = fleet(simulator, 2)
    variables = rollout_vars(images)
    # The target and the batches (a canary, then the rest), where an operator may set them.
    chosen = {'ptz_rollout_hosts': 'site_cams', 'ptz_rollout_serial': [1, '100%']}
    if given_in == 'extra_vars':
        variables.update(chosen)
    command, environment, report_dir = rollout_command(tmp_path, cameras, **variables)
    # No group cameras: the cameras are site_cams, named by the inventory's own variables or by -e.
    inventory = json.loads((tmp_path / 'inventory.json').read_text())
    site = {'site_cams': inventory['cameras']}
    (tmp_path / 'inventory.json').write_text(json.dumps(
        dict(site, all={'vars': chosen}) if given_in == 'inventory' else site))
    process = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300,  # noqa: S603
                             check=False)
    output = process.stdout + process.stderr
    assert process.returncode == 0, output
    report = json.loads((report_dir / 'ptz_image_report.json').read_text())
    assert {line['camera']: line['outcome'] for line in report['cameras']} == {'cam01': 'upgraded', 'cam02': 'upgraded'}
    assert {line['camera']: line['batch'] for line in report['cameras']} == {'cam01': 1, 'cam02': 2}
    assert report['progress']['batches'] == 2
    for port in cameras.values():
        assert simulator.state(port)['version'] == TARGET


def test_the_report_gives_each_camera_the_address_its_tasks_reached(simulator, images, tmp_path):
    cameras = fleet(simulator, 1, version=TARGET)
    command, environment, report_dir = rollout_command(tmp_path, cameras, **rollout_vars(images))
    inventory = json.loads((tmp_path / 'inventory.json').read_text())
    # An address in brackets, as a URL writes one: the client takes it bare, and the report says what it reached.
    inventory['cameras']['hosts']['cam01']['ptz_image_host'] = '[127.0.0.1]'
    (tmp_path / 'inventory.json').write_text(json.dumps(inventory))
    process = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300,  # noqa: S603
                             check=False)
    assert process.returncode == 0, process.stdout + process.stderr
    (line,) = json.loads((report_dir / 'ptz_image_report.json').read_text())['cameras']
    assert (line['outcome'], line['address']) == ('unchanged', '127.0.0.1:%d' % cameras['cam01'])
    assert '| unchanged |  | 1 | 127.0.0.1:%d |' % cameras['cam01'] in (report_dir / 'ptz_image_report.md').read_text()


def test_the_drift_gate_fails_a_check_run_after_its_report_and_junit_lists_every_camera(
        simulator, images, run_rollout, tmp_path):
    from xml.etree import ElementTree  # pylint: disable=import-outside-toplevel
    cameras = fleet(simulator, 3, {'cam02': dict(version=TARGET)})
    gated = run_rollout(cameras, '--check', ptz_rollout_fail_on_drift=True, **rollout_vars(images))
    assert gated.returncode == 2, gated.output
    assert '2 camera(s) would change: cam01, cam03' in gated.output
    assert [line['outcome'] for line in gated.report['cameras']] == ['would_upgrade', 'unchanged', 'would_upgrade']
    suite = ElementTree.parse(str(tmp_path / 'report' / 'ptz_image_prediction.xml')).getroot()[0]
    assert [case.get('name') for case in suite.iter('testcase')] == ['cam01', 'cam02', 'cam03']
    assert suite.get('failures') == '0' and suite.get('skipped') == '0'   # a prediction is no failure
    for port in cameras.values():
        assert simulator.state(port)['uploads'] == []
    current = fleet(simulator, 2, version=TARGET)
    assert run_rollout(current, '--check', ptz_rollout_fail_on_drift=True, **rollout_vars(images)).returncode == 0


def test_each_run_keeps_its_report_beside_the_latest_and_a_prediction_never_replaces_one(
        simulator, images, run_rollout, tmp_path):
    cameras = fleet(simulator, 4, {'cam02': dict(upload_error='PTZ Image'), 'cam03': dict(version=TARGET)})
    reports = tmp_path / 'kept'
    variables = rollout_vars(images, ptz_rollout_serial=[1, 1, '100%'], ptz_rollout_report_dir=str(reports))
    predicted = run_rollout(cameras, '--check', **variables)
    assert predicted.returncode == 0, predicted.output
    assert sorted(path.name for path in reports.glob('ptz_image_report*')) == []
    prediction = json.loads((reports / 'ptz_image_prediction.json').read_text())
    assert prediction['kind'] == 'prediction' and prediction['check_mode'] is True
    assert (reports / 'ptz_image_prediction.md').read_text().startswith(
        '# Prediction (check mode, nothing was changed): PTZ image rollout to 2.0.0')

    real = run_rollout(cameras, **variables)
    assert real.returncode == 2, real.output
    report = json.loads((reports / 'ptz_image_report.json').read_text())
    run = report['run']
    # The run's own copy, under its name, holds what the stable name holds; the prediction is untouched.
    for extension in ('.md', '.json', '.xml'):
        assert (reports / ('ptz_image_report-%s%s' % (run['id'], extension))).read_text() == (
            reports / ('ptz_image_report' + extension)).read_text()
    assert json.loads((reports / 'ptz_image_prediction.json').read_text()) == prediction
    assert re.fullmatch(r'\d{8}T\d{6}Z(-\d+)?', run['id'])
    assert (report['schema_version'], report['kind'], report['target_version']) == (1, 'report', TARGET)
    image = images[TARGET]
    with open(image, 'rb') as stream:
        digest = hashlib.sha256(stream.read()).hexdigest()
    assert run['image'] == dict(name=os.path.basename(image), path=image, size=os.path.getsize(image),
                                sha256=digest, sha256_checked=False)
    assert run['collection_version'] == '0.2.0' and re.fullmatch(r'2\.(19|20|21)\.\d+.*', run['ansible_core_version'])
    # Without ptz_image_sha256, said once, with the checksum to pin.
    assert real.output.count('is not checked against a known checksum') == 1
    assert 'its SHA-256 is %s' % digest in real.output
    # The canary passed, cam02 (batch 2 of 3) was rejected: stopped there, said where and why; failures first.
    assert report['progress'] == dict(batch=2, batches=3, state='stopped', stopped=(
        "after batch 2 of 3: 1 of 1 cameras failed, above the play's max_fail_percentage (0 %)"))
    assert 'Stopped after batch 2 of 3' in (reports / 'ptz_image_report.md').read_text()
    lines = report['cameras']
    assert [(line['camera'], line['batch'], line['outcome']) for line in lines] == [
        ('cam02', 2, 'rejected'), ('cam01', 1, 'upgraded'), ('cam03', 3, 'not_reached'), ('cam04', 3, 'not_reached')]
    assert lines[0]['address'] == '127.0.0.1:%d' % cameras['cam02']
    for line in lines[:2]:
        assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', line['started']) and line['ended'] >= line['started']
    assert lines[2]['started'] is None


def test_the_report_goes_to_the_working_directory_whatever_pwd_says(simulator, images, tmp_path):
    cameras = fleet(simulator, 1, version=TARGET)
    command, environment, _dir = rollout_command(tmp_path, cameras, **rollout_vars(images, ptz_rollout_report_dir=None))
    for name, pwd in (('unset', None), ('stale', str(tmp_path))):
        workdir = tmp_path / name
        workdir.mkdir()
        env = dict(environment)
        env.pop('PWD', None)
        if pwd:
            env['PWD'] = pwd
        process = subprocess.run(command, env=env, cwd=str(workdir), capture_output=True, text=True,  # noqa: S603
                                 timeout=300, check=False)
        assert process.returncode == 0, process.stdout + process.stderr
        assert json.loads((workdir / 'ptz_image_report.json').read_text())['summary']['unchanged'] == 1
    assert not (tmp_path / 'ptz_image_report.json').exists()


def test_a_mistyped_variable_is_warned_about_with_the_nearest_name(simulator, images, run_rollout):
    cameras = fleet(simulator, 1, version=TARGET)
    run = run_rollout(cameras, ptz_image_forse=True, ptz_rollout_seral=[1], **rollout_vars(images))
    assert run.returncode == 0, run.output
    assert ('ptz_image_forse is not a variable of acti.camera.ptz_rollout or the role acti.camera.ptz_image, so it '
            'changes nothing; did you mean ptz_image_force?') in run.output
    assert 'ptz_rollout_seral is not a variable' in run.output and 'did you mean ptz_rollout_serial?' in run.output
    assert 'ptz_image_version is not a variable' not in run.output


def test_a_limit_that_leaves_no_camera_of_the_target_fails_the_run(simulator, images, run_rollout, tmp_path):
    cameras = fleet(simulator, 2)
    inventory_extra = tmp_path / 'other.json'
    inventory_extra.write_text(json.dumps({'printers': {'hosts': {'printer01': {'ansible_connection': 'local'}}}}))
    run = run_rollout(cameras, '-i', str(inventory_extra), '--limit', 'printer01', **rollout_vars(images))
    assert run.returncode == 2, run.output
    assert 'ptz_rollout_hosts (cameras) matches no host that --limit leaves' in run.output
    for port in cameras.values():
        assert simulator.state(port)['counts'] == {}


@pytest.mark.parametrize('playbook', ['rollout', 'own'])
def test_a_camera_whose_own_variable_is_wrong_fails_alone_before_any_request_to_it(
        simulator, images, tmp_path, playbook):
    cameras = fleet(simulator, 3)
    command, environment, _dir = rollout_command(tmp_path, cameras, **rollout_vars(images, ptz_rollout_serial=['100%']))
    inventory = json.loads((tmp_path / 'inventory.json').read_text())
    # Read only by the reboot's wait, after the upload: checked before it all the same.
    inventory['cameras']['hosts']['cam02']['ptz_image_reboot_timeout'] = 'soon'
    (tmp_path / 'inventory.json').write_text(json.dumps(inventory))
    if playbook == 'own':   # the role in a playbook of one's own, as the README shows it
        own = tmp_path / 'own.yml'
        own.write_text('- name: Own\n  hosts: cameras\n  gather_facts: false\n  roles:\n    - acti.camera.ptz_image\n')
        command[command.index('acti.camera.ptz_rollout')] = str(own)
    process = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300,  # noqa: S603
                             check=False)
    output = process.stdout + process.stderr
    assert process.returncode == 2, output
    assert 'the variables of the role acti.camera.ptz_image for this camera: ' in output
    assert "argument 'ptz_image_reboot_timeout' is of type" in output
    assert simulator.state(cameras['cam02'])['counts'] == {}
    for name in ('cam01', 'cam03'):
        assert simulator.state(cameras[name])['version'] == TARGET, output


def test_the_credentials_and_port_given_once_for_every_role_serve_the_rollout(simulator, images, tmp_path):
    secret = 'Given-Once/&%'
    cameras = fleet(simulator, 2, admin_password=secret)
    command, environment, report_dir = rollout_command(tmp_path, cameras, **rollout_vars(images))
    # The inventory gives acti_camera_port and acti_camera_password, for every role: no ptz_image_ variable of them.
    variables = json.loads((tmp_path / 'rollout-vars.json').read_text())
    del variables['ptz_image_password']
    (tmp_path / 'rollout-vars.json').write_text(json.dumps(variables))
    (tmp_path / 'inventory.json').write_text(json.dumps({'cameras': {
        'vars': {'acti_camera_password': secret},
        'hosts': {name: {'ansible_host': '127.0.0.1', 'acti_camera_port': port} for name, port in cameras.items()}}}))
    process = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300,  # noqa: S603
                             check=False)
    output = process.stdout + process.stderr
    assert process.returncode == 0, output
    assert secret not in output
    report = json.loads((report_dir / 'ptz_image_report.json').read_text())
    assert {line['camera']: line['outcome'] for line in report['cameras']} == {'cam01': 'upgraded', 'cam02': 'upgraded'}
    assert report['cameras'][0]['address'] == '127.0.0.1:%d' % cameras['cam01']
    for port in cameras.values():
        assert simulator.state(port)['version'] == TARGET
