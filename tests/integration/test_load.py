# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fifty simulated cameras, some faulty, through acti.camera.ptz_rollout: none lost, none reported wrong.

On one leg of make test (the Makefile's ONE_LEG): a matter of scale; what the rollout decides is tested on every leg.
"""

from __future__ import annotations

import pytest
from acti_testlib import SimulatorProcess

pytestmark = pytest.mark.one_leg

TARGET = '2.0.0'
COUNT = 50
# Camera number -> fault; spread over the batches (1, 10 %, 50 %, the rest), never the canary.
FAULTS = {
    3: dict(upload_error='PTZ Image'), 17: dict(upload_error='flash write'), 41: dict(upload_error='busy'),
    9: dict(never_returns=True), 33: dict(never_returns=True),
    12: dict(stays_old=True), 45: dict(stays_old=True),
    5: dict(drop_upload='apply'), 28: dict(drop_upload='discard'),
    21: dict(version=TARGET), 38: dict(version=TARGET), 49: dict(version=TARGET),
}


@pytest.fixture(scope='module')
def fleet():
    simulator = SimulatorProcess(count=COUNT, reboot_seconds=3)
    yield simulator
    simulator.stop()


def test_fifty_cameras_end_verified_or_failed_as_the_simulator_says(fleet, images, run_rollout):
    cameras = {'cam%02d' % number: port for number, port in enumerate(fleet.ports, start=1)}
    for number, settings in FAULTS.items():
        fleet.configure(cameras['cam%02d' % number], **settings)
    before = {name: fleet.state(port)['version'] for name, port in cameras.items()}
    run = run_rollout(cameras, '--forks', str(COUNT), ptz_image_src=images[TARGET], ptz_image_version=TARGET,
                      ptz_image_down_timeout=5, ptz_image_reboot_timeout=10, ptz_rollout_max_fail_percentage=30)

    lines = {line['camera']: line for line in run.report['cameras']}
    assert sorted(lines) == sorted(cameras)   # none lost
    for name, port in cameras.items():
        state, line = fleet.state(port), lines[name]
        truth = ('unchanged' if before[name] == TARGET and not state['uploads']
                 else 'upgraded' if state['up'] and state['version'] == TARGET
                 # what went wrong, as the simulator saw it
                 else 'rejected' if any(upload['verdict'].startswith('ERROR') for upload in state['uploads'])
                 else 'not_back' if not state['up'] else 'wrong_version')
        assert line['outcome'] == truth, (name, line, state['version'])
        assert line['failed'] is (truth not in ('unchanged', 'upgraded')), name
        if line['failed']:
            assert line['reason'], name
        else:
            assert line['version_after'] == state['version'] == TARGET
    # 3 ERROR, 2 never back, 2 old version and 1 image discarded
    assert {outcome: count for outcome, count in run.report['summary'].items() if count} == {
        'upgraded': 39, 'unchanged': 3, 'rejected': 3, 'not_back': 2, 'wrong_version': 3}
    assert run.returncode == 2
