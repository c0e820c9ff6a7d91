# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make demo`: upgrade three simulated cameras with demo/upgrade.yml, twice, and show the versions.

Run with the Python of the virtual environment that has ansible-core (the Makefile does).
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
CAMERAS = 3


def versions(simulator):
    return {port: simulator.state(port)['version'] for port in simulator.ports}


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    image = WORK / ('ACTIPT-%s.BIN' % TARGET)
    write_image(str(image), TARGET, payload_size=256 * 1024)
    simulator = SimulatorProcess(count=CAMERAS, reboot_seconds=3)
    try:
        hosts = {'camera%d' % (number + 1): {'ansible_host': '127.0.0.1', 'camera_port': port}
                 for number, port in enumerate(simulator.ports)}
        inventory = WORK / 'inventory.json'
        inventory.write_text(json.dumps({'cameras': {'hosts': hosts, 'vars': {
            # The factory default of the simulated cameras; keep real ones in Ansible Vault.
            'camera_password': '123456',
            'ptz_image_file': str(image),
            'ptz_image_version': TARGET,
            'ptz_image_sha256': hashlib.sha256(image.read_bytes()).hexdigest(),
        }}}, indent=2))
        before = versions(simulator)
        command = [str(Path(sys.executable).parent / 'ansible-playbook'), '-i', str(inventory),
                   str(REPO / 'demo' / 'upgrade.yml')]
        for run in ('first run: upgrades', 'second run: nothing left to do'):
            print('\n=== ansible-playbook demo/upgrade.yml (%s)' % run, flush=True)
            subprocess.run(command, check=True)
        after = versions(simulator)
    finally:
        simulator.stop()
    print('\n=== PTZ image version of each simulated camera')
    for name, host in hosts.items():
        port = host['camera_port']
        print('%-8s port %d: %s -> %s' % (name, port, before[port], after[port]))
    if set(after.values()) != {TARGET}:
        sys.exit('demo: not every camera is at %s' % TARGET)


if __name__ == '__main__':
    main()
