# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make demo`: roll a PTZ image out to eight simulated cameras with acti.camera.ptz_rollout, twice.

The first run upgrades them (a canary, then growing batches) and prints the report; the second
finds nothing to do. Run with the Python of the virtual environment that has ansible-core (the
Makefile does).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / 'simulator'))

from acti_camera_sim import write_image  # noqa: E402  pylint: disable=wrong-import-position
from simulator_process import SimulatorProcess  # noqa: E402  pylint: disable=wrong-import-position

WORK = REPO / 'build' / 'demo'
TARGET = '2.0.0'
CAMERAS = 8


def versions(simulator):
    return {port: simulator.state(port)['version'] for port in simulator.ports}


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    image = WORK / ('ACTIPT-%s.BIN' % TARGET)
    write_image(str(image), TARGET, payload_size=256 * 1024)
    simulator = SimulatorProcess(count=CAMERAS, reboot_seconds=3)
    try:
        simulator.configure(simulator.ports[4], version=TARGET)   # one camera is already there
        hosts = {'camera%d' % (number + 1): {'ansible_host': '127.0.0.1', 'ptz_image_port': port}
                 for number, port in enumerate(simulator.ports)}
        inventory = WORK / 'inventory.json'
        inventory.write_text(json.dumps({'cameras': {'hosts': hosts, 'vars': {
            # The factory default of the simulated cameras; keep real ones in Ansible Vault.
            'ptz_image_password': '123456',
            'ptz_image_src': str(image),
            'ptz_image_version': TARGET,
            'ptz_image_sha256': hashlib.sha256(image.read_bytes()).hexdigest(),
        }}}, indent=2))
        before = versions(simulator)
        command = [str(Path(sys.executable).parent / 'ansible-playbook'), '-i', str(inventory),
                   'acti.camera.ptz_rollout', '--forks', str(CAMERAS), '-e', 'ptz_rollout_report_dir=%s' % WORK]
        for run in ('first run: a canary, then growing batches', 'second run: nothing left to do'):
            print('\n=== ansible-playbook acti.camera.ptz_rollout (%s)' % run, flush=True)
            subprocess.run(command, check=True)
        after = versions(simulator)
    finally:
        simulator.stop()
    print('\n=== PTZ image version of each simulated camera, read from the simulator')
    for name, host in hosts.items():
        port = host['ptz_image_port']
        print('%-8s port %d: %s -> %s' % (name, port, before[port], after[port]))
    print('\nThe report of the last run: %s (and .json)' % (WORK / 'ptz_image_report.md'))
    if set(after.values()) != {TARGET}:
        sys.exit('demo: not every camera is at %s' % TARGET)


if __name__ == '__main__':
    main()
