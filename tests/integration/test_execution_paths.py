# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Both ways a task runs: in Ansible's worker on the controller (the default there), and as a module.

The module path is what a task delegated to another host takes (a jump host that reaches the cameras);
here it is forced over the local connection with the variable acti_camera_execution=module.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from urllib.parse import quote, quote_plus

from acti_testlib import ANSIBLE_PLAYBOOK, COLLECTIONS, case

SECRET = 'Paths-S3cret/&%+'
# The module path runs a module process on the host: that Python needs requests (here: this venv's).
MODULE_PATH = ('-e', 'acti_camera_execution=module', '-e', 'ansible_python_interpreter=%s' % sys.executable)


def leaks(output):
    return [form for form in (SECRET, quote(SECRET, safe=''), quote(SECRET), quote_plus(SECRET)) if form in output]


def test_both_paths_give_the_same_results_and_only_the_module_path_starts_a_module(
        simulator, images, run_playbook):
    results = {}
    for path, flags in (('worker', ()), ('module', MODULE_PATH)):
        outdated, current, failing = (simulator.camera(admin_password=SECRET),
                                      simulator.camera(admin_password=SECRET, version='2.0.0'),
                                      simulator.camera(admin_password=SECRET, upload_error='internal error'))
        run = run_playbook('ptz_image', [
            case('upgrade', outdated, password=SECRET, src=images['2.0.0'], version='2.0.0'),
            case('no-op', current, password=SECRET, src=images['2.0.0'], version='2.0.0'),
            case('error', failing, password=SECRET, src=images['2.0.0'], version='2.0.0'),
            case('bad-input', current, password=SECRET, src=images['2.0.0'], version='2', sha256='0' * 64),
            case('bad-option', current, password=SECRET, src=images['2.0.0'], version='2', poll_interval=0),
        ], '-vvvv', '--diff', *flags)
        assert leaks(run.output) == []
        assert ('AnsiballZ_ptz_image.py' in run.output) is (path == 'module')
        results[path] = {result['item']['name']: result for result in run.results}
        assert simulator.state(outdated)['version'] == '2.0.0' and simulator.state(current)['counts'] == {
            'SYSTEM_LOG': 1, 'total': 1}
    keys = ('changed', 'failed', 'version_before', 'version_after', 'device_reply', 'image_sha256', 'diff')
    for name in ('upgrade', 'no-op', 'error', 'bad-input', 'bad-option'):
        worker, module = results['worker'][name], results['module'][name]
        assert {key: worker.get(key) for key in keys} == {key: module.get(key) for key in keys}, name
    assert results['module']['error']['msg'].startswith('the camera rejected the image: ERROR: internal error')
    assert results['worker']['bad-option']['msg'] == results['module']['bad-option']['msg'] == (
        'poll_interval must be a positive number of seconds, got 0.0')


def test_on_the_module_path_a_camera_that_does_not_answer_fails_its_task(simulator, images, run_playbook):
    gone = simulator.camera(never_returns=True)
    simulator.reboot(gone)
    (result,) = run_playbook('ptz_image', [case('gone', gone, src=images['2.0.0'], version='2.0.0', boot_timeout=1)],
                             *MODULE_PATH).results
    assert result['failed'] is True and not result.get('unreachable')
    assert 'did not answer within boot_timeout (1 s)' in result['msg']


def test_camera_info_and_wait_for_camera_on_both_paths(simulator, run_playbook):
    port = simulator.camera(version='2.0.0')
    for flags in ((), MODULE_PATH):
        (info,) = run_playbook('camera_info', [case('info', port)], *flags).results
        (waited,) = run_playbook('wait_for_camera', [case('verify', port, version='2.0.0', down_timeout=0)],
                                 *flags).results
        assert info['ptz_image_version'] == waited['ptz_image_version'] == '2.0.0'
        assert waited['msg'] == 'the camera reports PTZ image version 2.0.0'


def test_the_rollout_on_the_module_path(simulator, images, run_rollout):
    cameras = {name: simulator.camera(reboot_seconds=2, **settings) for name, settings in (
        ('cam01', {}), ('cam02', dict(upload_error='PTZ Image')), ('cam03', dict(version='2.0.0')))}
    run = run_rollout(cameras, '-vvv', *MODULE_PATH, ptz_image_src=images['2.0.0'], ptz_image_version='2.0.0',
                      ptz_rollout_serial=['100%'], ptz_rollout_max_fail_percentage=50)
    assert 'AnsiballZ_ptz_image.py' in run.output and 'AnsiballZ_wait_for_camera.py' in run.output
    assert {line['camera']: line['outcome'] for line in run.report['cameras']} == {
        'cam01': 'upgraded', 'cam02': 'rejected', 'cam03': 'unchanged'}
    assert simulator.state(cameras['cam01'])['version'] == '2.0.0'


def test_progress_lines_at_v_while_the_task_waits(simulator, images, run_playbook):
    upgraded, gone = simulator.camera(reboot_seconds=2), simulator.camera(never_returns=True)
    run = run_playbook('ptz_image', [
        case('upgrade', upgraded, src=images['2.0.0'], version='2.0.0'),
        case('gone', gone, src=images['2.0.0'], version='2.0.0', wait_timeout=2)], '-v')
    lines = [line for line in run.output.splitlines() if line.startswith('<localhost> ')]
    assert [line.split(' (')[0].split(' after ')[0] for line in lines] == [
        '<localhost> uploading %s' % images['2.0.0'],
        '<localhost> the camera answered the upload with OK; it reboots',
        '<localhost> went down',
        '<localhost> answers',
        '<localhost> verified at PTZ image version 2.0.0',
        '<localhost> uploading %s' % images['2.0.0'],
        '<localhost> the camera answered the upload with OK; it reboots',
        '<localhost> went down',
        '<localhost> gave up',
    ]


def test_a_relative_src_resolves_alike_on_both_paths(simulator, images, tmp_path):
    # First the working directory of ansible-playbook, then files/ beside the playbook (docs: the src option).
    (tmp_path / 'cwd' / 'files').mkdir(parents=True)
    (tmp_path / 'play' / 'files').mkdir(parents=True)
    shutil.copy(images['2.0.0'], tmp_path / 'cwd' / 'files' / 'IN-CWD.BIN')
    shutil.copy(images['2.0.0'], tmp_path / 'play' / 'files' / 'BESIDE-PLAYBOOK.BIN')
    for path, flags in (('worker', ()), ('module', MODULE_PATH)):
        cameras = {'files/IN-CWD.BIN': simulator.camera(), 'BESIDE-PLAYBOOK.BIN': simulator.camera()}
        playbook = tmp_path / 'play' / ('%s.yml' % path)
        playbook.write_text(json.dumps([{'hosts': 'localhost', 'gather_facts': False, 'tasks': [
            {'acti.camera.ptz_image': {'host': '127.0.0.1', 'port': port, 'password': '123456', 'src': src,
                                       'version': '2.0.0', 'poll_interval': 0.2}} for src, port in cameras.items()]}]))
        run = subprocess.run([ANSIBLE_PLAYBOOK, '-i', 'localhost,', '-c', 'local', str(playbook), *flags],  # noqa: S603
                             env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR='1'),
                             cwd=tmp_path / 'cwd', capture_output=True, text=True, timeout=300, check=False)
        output = run.stdout + run.stderr
        assert run.returncode == 0, (path, output)
        assert [simulator.state(port)['version'] for port in cameras.values()] == ['2.0.0', '2.0.0'], (path, output)
