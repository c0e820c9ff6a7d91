# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make bench`'s script, run small: every section measures and writes what RESULTS.md promises.

The figures of so small a run mean nothing; the test checks that the benchmark still runs on this
leg's ansible-core and fills every table, so that `make bench` does not rot between releases.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / 'benchmarks' / 'bench.py'


def test_a_small_benchmark_run_fills_every_section(tmp_path):
    output = tmp_path / 'RESULTS.md'
    # A reboot long enough for the plain playbook: a camera back before its `wait_for: state=stopped`
    # starts (after the POST task has ended on every camera) leaves that task waiting for 600 s.
    run = subprocess.run(
        [sys.executable, str(BENCH), '--runs', '1', '--sizes', '3', '--compare-at', '3', '--reboot', '10',
         '--image-sizes', '1', '--poll-intervals', '0.5', '1', '--detect-reboot', '1', '--output', str(output)],
        capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    results = json.loads(output.with_suffix('.json').read_text())
    assert [row['approach'] for row in results['fleet']] == ['role', 'module_wait', 'plain_uri']
    assert results['no_op']['requests_per_camera'] == 1
    assert results['ansible_floor']['cpu_per_camera'] > 0
    assert set(results['start_up_parts']) == {'python', 'basic', 'requests', 'both'}
    assert min(results['start_up_parts'].values()) > 0
    assert [row['poll_interval'] for row in results['detection']] == [0.5, 1.0]
    assert list(results['section_seconds']) == ['fleet upgrades', 'upload path', 'reboot detection']

    text = output.read_text()
    for heading in ('## Fleet upgrade', '## No-op run', '## Upload path', '## Reboot detection'):
        assert heading in text
    assert 'ansible_floor.yml' in text and 'Python importing' in text
