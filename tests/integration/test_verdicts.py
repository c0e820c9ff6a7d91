# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One outcome per task, as users meet it: an answering camera is judged by its answer, a downgrade is named,
a camera that does not answer is said at once, and both execution paths read a task the same way."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest
from acti_testlib import ANSIBLE_PLAYBOOK, COLLECTIONS, REPO, case, run_measured

MODULE_PATH = ('-e', 'acti_camera_execution=module', '-e', 'ansible_python_interpreter=%s' % sys.executable)
PATHS = {'worker': (), 'module': MODULE_PATH}


def environment():
    return dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR='1',
                ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_LOCALHOST_WARNING='0')


def test_a_rebooting_camera_that_answers_a_wrong_password_is_judged_at_once(simulator, images, run_playbook):
    port = simulator.camera(reboot_seconds=3)
    simulator.reboot(port)
    (result,) = run_playbook('ptz_image', [case('wrong', port, password='wrong', src=images['2.0.0'],
                                                version='2.0.0', boot_timeout=120)]).results
    assert result['failed'] is True and not result.get('unreachable')
    assert result['outcome'] == 'camera_error' and result['elapsed'] < 20
    assert result['msg'].startswith('the camera at 127.0.0.1:%d did not answer at first, then after ' % port)
    assert result['msg'].endswith(' s answered: ERROR: bad account/password')


def test_a_wait_ends_on_an_error_reply(simulator, run_playbook):
    port = simulator.camera()
    (result,) = run_playbook('wait_for_camera', [case('wrong', port, password='wrong', version='1.0.0',
                                                      wait_timeout=60)]).results
    assert result['failed'] is True and result['outcome'] == 'camera_error' and result['elapsed'] < 10
    assert result['msg'] == 'the camera at 127.0.0.1:%d answers ERROR: bad account/password' % port


def test_a_downgrade_is_predicted_shown_and_reported_as_such(simulator, images, run_playbook):
    port = simulator.camera(version='2.0.0')
    down = [case('down', port, src=images['1.0.0'], version='1.0.0')]
    (predicted,) = run_playbook('ptz_image', down, '--check', '--diff').results
    assert predicted['outcome'] == 'would_downgrade' and predicted['changed'] is True
    assert predicted['msg'].endswith('(it reports PTZ image version 2.0.0: a downgrade)')
    assert predicted['diff']['after'] == 'ptz_image_version: 1.0.0  # a downgrade\n'
    (done,) = run_playbook('ptz_image', down).results
    assert not done['failed'], done['msg']
    assert done['outcome'] == 'downgraded' and simulator.state(port)['version'] == '1.0.0'
    (up,) = run_playbook('ptz_image', [case('up', port, src=images['2.0.0'], version='2.0.0')]).results
    assert up['outcome'] == 'upgraded'


def test_a_downgrade_through_the_rollout_is_reported_downgraded(simulator, images, run_rollout):
    cameras = {'cam01': simulator.camera(version='2.0.0', reboot_seconds=2)}
    run = run_rollout(cameras, ptz_image_src=images['1.0.0'], ptz_image_version='1.0.0', ptz_image_down_timeout=5)
    assert run.returncode == 0, run.output
    (line,) = run.report['cameras']
    assert (line['outcome'], line['version_before'], line['version_after']) == ('downgraded', '2.0.0', '1.0.0')


def timed_lines(command, env):
    """(seconds since the start, line) for each line COMMAND prints, as it prints it."""
    started, lines = time.monotonic(), []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,  # noqa: S603
                          env=env) as process:
        for line in process.stdout:
            lines.append((time.monotonic() - started, line.rstrip('\n')))
    return lines


@pytest.mark.parametrize('path', sorted(PATHS))
def test_a_camera_that_does_not_answer_at_first_is_said_at_once_at_default_verbosity(images, tmp_path, path):
    # Since ansible-core 2.19 a warning raised in a worker waits for the task's result: the notice must not.
    from acti_testlib import free_port_run  # pylint: disable=import-outside-toplevel
    nobody = free_port_run(1)
    playbook = tmp_path / 'nobody.yml'
    playbook.write_text(json.dumps([{'hosts': 'localhost', 'gather_facts': False, 'tasks': [{
        'acti.camera.ptz_image': {'host': '127.0.0.1', 'port': nobody, 'password': 'x', 'src': images['2.0.0'],
                                  'version': '2.0.0', 'boot_timeout': 8, 'poll_interval': 0.5},
        'ignore_unreachable': True, 'ignore_errors': True}]}]))
    lines = timed_lines([ANSIBLE_PLAYBOOK, '-i', 'localhost,', '-c', 'local', str(playbook), *PATHS[path]],
                        environment())
    text = '\n'.join(line for _at, line in lines)
    notice = ('[WARNING]: localhost: no reply from the camera at 127.0.0.1:%d: [Errno 111] Connection refused; '
              'waiting up to 8 s (boot_timeout) in case it is rebooting' % nobody)
    task_began = next(at for at, line in lines if line.startswith('TASK [acti.camera.ptz_image]'))
    said = next((at for at, line in lines if line.startswith(notice)), None)
    ended = next(at for at, line in lines if line.startswith(('fatal: [localhost]', 'failed: [localhost]')))
    assert said is not None, text
    assert said - task_began < 3 and ended - task_began >= 8, (said, ended, task_began, text)
    assert text.count('no reply from the camera at 127.0.0.1:%d: [Errno 111] Connection refused; waiting' % nobody) \
        == 1, text


def readme_module_example():
    """The first YAML block under the README's "Using the modules"."""
    readme = (REPO / 'README.md').read_text()
    section = readme.split('## Using the modules', 1)[1]
    return re.search(r'```yaml\n(.*?)```', section, re.S).group(1)


def test_the_readmes_module_example_works_with_cameras_on_their_own_ports(simulator, images, tmp_path):
    ports = [simulator.camera(), simulator.camera(version='2.0.0')]
    (tmp_path / 'files').mkdir()
    shutil.copy(images['2.0.0'], tmp_path / 'files' / 'ACTIPT-2.1.0.BIN')
    playbook = readme_module_example().replace('2.1.0', '2.0.0').replace('ACTIPT-2.0.0.BIN', 'ACTIPT-2.1.0.BIN')
    (tmp_path / 'example.yml').write_text(playbook)
    inventory = {'cameras': {'hosts': {'cam-%d' % index: {'ansible_host': '127.0.0.1', 'ptz_image_port': port}
                                       for index, port in enumerate(ports)},
                             'vars': {'camera_password': '123456', 'ptz_image_sha256': None}}}
    (tmp_path / 'inventory.json').write_text(json.dumps(inventory))
    output, returncode, _rss, _wall = run_measured(
        [ANSIBLE_PLAYBOOK, '-i', str(tmp_path / 'inventory.json'), str(tmp_path / 'example.yml')], environment())
    assert returncode == 0, output
    assert [simulator.state(port)['version'] for port in ports] == ['2.0.0', '2.0.0']


ALIKE = '''
- name: What a task gives, read alike on both paths
  hosts: localhost
  gather_facts: false
  tasks:
    - name: The password from the task's environment, src from a variable of it
      acti.camera.ptz_image:
        host: 127.0.0.1
        port: "{{ port }}"
        src: $IMGDIR/ACTIPT-2.0.0.BIN
        version: 2.0.0
      environment:
        ACTI_PASSWORD: "123456"
        IMGDIR: "{{ image_dir }}"
      register: by_environment

    - name: A relative src, beside the playbook
      acti.camera.ptz_image:
        host: 127.0.0.1
        port: "{{ port }}"
        password: "123456"
        src: files/ACTIPT-2.0.0.BIN
        version: 2.0.0
      register: relative

    - name: Keep the results
      vars:
        ansible_python_interpreter: "{{ ansible_playbook_python }}"
      ansible.builtin.copy:
        content: "{{ [by_environment, relative] | to_json }}"
        dest: "{{ outcome_file }}"
        mode: "0600"
'''


@pytest.mark.parametrize('path', sorted(PATHS))
def test_environment_variables_and_a_relative_src_resolve_alike_on_both_paths(simulator, images, tmp_path, path):
    port = simulator.camera()
    playbooks, elsewhere = tmp_path / 'playbooks', tmp_path / 'elsewhere'
    (playbooks / 'files').mkdir(parents=True)
    elsewhere.mkdir()
    shutil.copy(images['2.0.0'], playbooks / 'files')
    (playbooks / 'alike.yml').write_text(ALIKE)
    outcome = tmp_path / 'outcome.json'
    variables = dict(port=port, image_dir=os.path.dirname(images['2.0.0']), outcome_file=str(outcome))
    env = environment()
    env.pop('ACTI_PASSWORD', None)
    output, returncode, _rss, _wall = run_measured(
        ['sh', '-c', 'cd "$0" && exec "$@"', str(elsewhere), ANSIBLE_PLAYBOOK, '-i', 'localhost,', '-c', 'local',
         str(playbooks / 'alike.yml'), '-e', json.dumps(variables)] + list(PATHS[path]), env)
    assert returncode == 0, output
    by_environment, relative = json.loads(outcome.read_text())
    assert by_environment['outcome'] == 'upgraded' and relative['outcome'] == 'unchanged', output
