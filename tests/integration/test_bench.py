# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make bench`'s script, run small: every section measures and writes what RESULTS.md promises.

The figures of so small a run mean nothing; the test checks that the benchmark still runs and fills
every table, so that `make bench` does not rot between releases. On one leg of make test (the
Makefile's ONE_LEG).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.one_leg

BENCH = Path(__file__).resolve().parents[2] / 'benchmarks' / 'bench.py'


def test_a_small_benchmark_run_fills_every_section(tmp_path):
    output = tmp_path / 'RESULTS.md'
    # A reboot long enough for the plain playbook: a camera back before its `wait_for: state=stopped`
    # starts (after the POST task has ended on every camera) leaves that task waiting for 600 s.
    run = subprocess.run(
        [sys.executable, str(BENCH), '--runs', '1', '--sizes', '3', '--plain-at', '3', '--reboot', '10',
         '--no-op-cameras', '4', '--no-op-module-cameras', '2', '--image-sizes', '1', '--poll-intervals', '0.5',
         '1', '--detect-reboot', '1', '--output', str(output)],
        capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    results = json.loads(output.with_suffix('.json').read_text())
    assert [line['approach'] for line in results['rollout']] == [
        'rollout, in the worker', 'firmware rollout, in the worker', 'rollout, module path', 'plain uri playbook',
        'floor: ping (a module)', 'floor: debug (an action)']
    firmware = results['rollout'][1]
    assert firmware['runs'] == 1 and firmware['wall'] > 0 and firmware['reboot_ratio'] > 0
    # The firmware rollout over the PTZ rollout of the same run, and the spread of that ratio over the runs.
    (ratios,) = results['firmware_vs_ptz']
    assert ratios['cameras'] == 3
    for key in ('wall_ratio', 'cpu_ratio'):
        assert ratios[key] > 0 and ratios[key + '_spread'] == [ratios[key]] * 2
    assert [(line['cameras'], line['approach']) for line in results['no_op']] == [
        (4, 'rollout, in the worker'), (4, 'role in a playbook of its own'), (4, 'floor: debug (an action)'),
        (2, 'rollout, module path'),
        (2, 'floor: ping (a module)'), (2, 'floor: debug (an action)')]
    assert [line['requests_per_camera'] for line in results['no_op'] if 'requests_per_camera' in line] == [1, 1, 1]
    assert min(line['cpu_per_camera'] for line in results['rollout'] + results['no_op']) > 0
    (upload,) = results['upload']
    assert upload['worker'] > 0 and upload['module'] > upload['worker'] and upload['curl'] > 0
    assert upload['firmware'] > 0 and upload['firmware_curl'] > 0
    assert [line['poll_interval'] for line in results['detection']] == [0.5, 1.0]
    assert list(results['section_seconds']) == ['rollout', 'no-op', 'upload path', 'reboot detection']
    assert [target['figure'] for target in results['targets']] == [
        '3 cameras: firmware rollout wall / PTZ rollout wall',
        "3 cameras: firmware rollout controller CPU per camera / PTZ rollout's",
        '4 cameras at the version: no-op wall, requests per camera', 'no-op controller CPU s per camera',
        'no-op CPU: the role in a playbook of its own / the rollout', '1 MB upload in the worker / curl',
        '1 MB firmware upload (with its MD5 file) in the worker / curl']

    text = output.read_text()
    for heading in ('## Targets', '## Rollout', '### The firmware rollout beside the PTZ rollout', '## No-op run',
                    '## Upload path', '## Reboot detection'):
        assert heading in text
    assert '| 3 | firmware rollout, in the worker | 1 |' in text and 'acti.camera.firmware_rollout' in text
    figure = '| 3 cameras: firmware rollout wall / PTZ rollout wall | <= 1.10 | %.2f (runs: ' % ratios['wall_ratio']
    assert figure in text
    assert 'ansible.builtin.ping' in text and 'task_seconds.py' in text
