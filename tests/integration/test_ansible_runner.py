# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acti.camera.ptz_rollout as AWX runs it: through ansible-runner, its report and stats back with the job.

An AWX execution node runs a job as `ansible-runner worker` in a directory of its own, deleted after the job;
the controller sees only what `ansible-runner process` gets back: the events, the output, the artifacts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from acti_testlib import COLLECTIONS, DEFAULT_PASSWORD

BIN = Path(sys.executable).parent
TARGET = '2.0.0'


@pytest.fixture
def private_data_dir(simulator, images, tmp_path):
    """An ansible-runner private data directory: a project importing the rollout, four cameras, the job's vars."""
    cameras = {'cam%02d' % number: simulator.camera(reboot_seconds=1) for number in range(1, 5)}
    root = tmp_path / 'job'
    for folder in ('project', 'inventory', 'env'):
        (root / folder).mkdir(parents=True)
    (root / 'project' / 'rollout.yml').write_text(
        '- name: Roll the PTZ image out\n  ansible.builtin.import_playbook: acti.camera.ptz_rollout\n')
    (root / 'inventory' / 'hosts.json').write_text(json.dumps({'cameras': {'hosts': {
        name: {'ansible_host': '127.0.0.1', 'ptz_image_port': port} for name, port in cameras.items()}}}))
    # No ptz_rollout_report_dir: the rollout's default, the job's artifacts directory, is what is tested.
    (root / 'env' / 'extravars').write_text(json.dumps(dict(
        ptz_image_src=images[TARGET], ptz_image_version=TARGET, ptz_image_password=DEFAULT_PASSWORD,
        ptz_image_down_timeout=5, ptz_rollout_serial=[1, '100%'])))
    (root / 'env' / 'envvars').write_text(json.dumps(dict(ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS),
                                                          ANSIBLE_FORKS='10')))
    return root, cameras


def _runner(command, cwd):
    environment = dict(os.environ, PATH='%s%s%s' % (BIN, os.pathsep, os.environ['PATH']))
    return subprocess.run(command, shell=True, cwd=str(cwd), env=environment, capture_output=True,  # noqa: S602
                          text=True, timeout=600, check=False)


def _events(artifacts):
    return [json.loads(path.read_text()) for path in (artifacts / 'job_events').glob('*.json')]


def _assert_the_job_brought_its_report_back(artifacts, cameras, simulator):
    report = json.loads((artifacts / 'ptz_image_report.json').read_text())
    assert report['summary']['upgraded'] == 4, report
    run = report['run']
    for extension in ('.md', '.json', '.xml'):
        assert (artifacts / ('ptz_image_report-%s%s' % (run['id'], extension))).exists()
        assert (artifacts / ('ptz_image_report' + extension)).exists()
    (stats,) = [event['event_data']['artifact_data'] for event in _events(artifacts)
                if event['event'] == 'playbook_on_stats']
    assert list(stats) == [run['stats_key']] == ['acti_camera_rollout_%s' % run['id']]
    artifact = stats[run['stats_key']]
    assert artifact['summary'] == {'upgraded': 4} and artifact['progress']['state'] == 'complete'
    assert artifact['outcomes'] == dict.fromkeys(cameras, 'upgraded')
    assert artifact['report_files']['json'] == 'ptz_image_report-%s.json' % run['id']
    for port in cameras.values():
        assert simulator.state(port)['version'] == TARGET
    # Nothing the job brought back holds the password: not the events, not the output, not the report.
    for path in artifacts.rglob('*'):
        if path.is_file():
            assert DEFAULT_PASSWORD not in path.read_text(errors='replace'), path


def test_transmit_worker_process_brings_the_report_junit_and_stats_back(private_data_dir, simulator, tmp_path):
    root, cameras = private_data_dir
    received = tmp_path / 'received'
    process = _runner('ansible-runner transmit %s -p rollout.yml | ansible-runner worker | ansible-runner process %s'
                      % (root, received), tmp_path)
    assert process.returncode == 0, process.stdout[-4000:] + process.stderr[-4000:]
    artifacts = received / 'artifacts'
    assert (artifacts / 'rc').read_text().strip() == '0', (artifacts / 'stdout').read_text()[-4000:]
    _assert_the_job_brought_its_report_back(artifacts, cameras, simulator)
    # The worker ran in a directory of its own: nothing was written in the job's project.
    assert sorted(path.name for path in (root / 'project').iterdir()) == ['rollout.yml']


def test_ansible_runner_run_keeps_the_report_in_the_artifacts_of_its_ident(private_data_dir, simulator, tmp_path):
    root, cameras = private_data_dir
    process = _runner('ansible-runner run %s -p rollout.yml --ident first' % root, tmp_path)
    assert process.returncode == 0, process.stdout[-4000:] + process.stderr[-4000:]
    _assert_the_job_brought_its_report_back(root / 'artifacts' / 'first', cameras, simulator)
