# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the unit and integration tests share: the collection on sys.path, the simulator, playbook runs.

Importing this module links this checkout where Ansible looks for acti.camera.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLLECTIONS = REPO / 'build' / 'collections'
SIMULATOR = REPO / 'simulator' / 'acti_camera_sim.py'

# The collection imports itself as ansible_collections.acti.camera: link this checkout there.
_LINK = COLLECTIONS / 'ansible_collections' / 'acti' / 'camera'
if not _LINK.exists():
    _LINK.parent.mkdir(parents=True, exist_ok=True)
    _LINK.symlink_to(REPO)
sys.path.insert(0, str(COLLECTIONS))
sys.path.insert(0, str(SIMULATOR.parent))


def free_port_run(count):
    """A first port such that it and the count-1 after it are free on loopback."""
    for _attempt in range(50):
        with socket.socket() as probe:
            probe.bind(('127.0.0.1', 0))
            base = probe.getsockname()[1]
        if base + count >= 65535:
            continue
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(('127.0.0.1', port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError('no run of %d free ports' % count)


class SimulatorProcess:
    """The simulator as the product runs it: a separate process, driven by its control API."""

    def __init__(self, count, extra_args=()):
        base = free_port_run(count)
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with  # stopped by stop()
            [sys.executable, str(SIMULATOR), 'serve', '--port', str(base), '--count', str(count),
             '--reboot-seconds', '0.5'] + list(extra_args),
            stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith('READY '):
            self.stop()
            raise RuntimeError('simulator did not start: %r' % line)
        ready = json.loads(line[len('READY '):])
        self.control_port = ready['control_port']
        self.ports = list(ready['ports'])
        self._unused = list(self.ports)

    def _call(self, path, data=None):
        request = urllib.request.Request('http://127.0.0.1:%d%s' % (self.control_port, path),
                                         data=None if data is None else json.dumps(data).encode(),
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.loads(reply.read())

    def camera(self, **settings):
        """A camera no other test has used, with these settings."""
        port = self._unused.pop(0)
        if settings:
            self.configure(port, **settings)
        return port

    def configure(self, port, **settings):
        return self._call('/cameras/%d' % port, settings)

    def reset_counts(self, port):
        return self._call('/cameras/%d/reset' % port, {})

    def state(self, port):
        return self._call('/cameras/%d' % port)

    def wait_up(self, port, timeout=10):
        deadline = time.monotonic() + timeout
        while not self.state(port)['up']:
            if time.monotonic() > deadline:
                raise RuntimeError('camera %d did not come back' % port)
            time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process.stdout.close()


PLAYBOOKS = REPO / 'tests' / 'integration' / 'playbooks'
ANSIBLE_PLAYBOOK = str(Path(sys.executable).parent / 'ansible-playbook')
DEFAULT_PASSWORD = '123456'


@dataclass
class PlaybookRun:
    results: list
    output: str
    returncode: int


def run_playbook(tmp_path, name, cases=None, *flags, env=None, **extra_vars):
    """Run playbooks/NAME.yml with these cases and extra vars (and ansible-playbook flags)."""
    outcome = tmp_path / ('outcome-%s.json' % name)
    if outcome.exists():
        outcome.unlink()
    extra_vars['outcome_file'] = str(outcome)
    if cases is not None:
        # Passwords travel beside the cases, not in them: Ansible prints loop items.
        extra_vars['cases'] = [{key: value for key, value in item.items() if key != 'password'} for item in cases]
        extra_vars['passwords'] = {item['name']: item['password'] for item in cases if 'password' in item}
    variables = tmp_path / 'extra-vars.json'
    variables.write_text(json.dumps(extra_vars))
    environment = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR='1',
                       ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_LOCALHOST_WARNING='0')
    environment.update(env or {})
    process = subprocess.run(
        [ANSIBLE_PLAYBOOK, '-i', 'localhost,', '-c', 'local', str(PLAYBOOKS / ('%s.yml' % name)),
         '-e', '@%s' % variables] + list(flags),
        capture_output=True, text=True, env=environment, timeout=600, check=False)
    output = process.stdout + process.stderr
    assert outcome.exists(), 'the playbook did not finish:\n%s' % output
    return PlaybookRun(json.loads(outcome.read_text()), output, process.returncode)


def case(name, port, **options):
    """One item of a playbook's `cases`: a camera of the simulator and module options."""
    options.setdefault('host', '127.0.0.1')
    options.setdefault('password', DEFAULT_PASSWORD)
    return dict(name=name, port=port, **options)
