# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start the simulator as a separate process and drive it through its control API.

Used by the tests and by `make demo`; usable to script a rehearsal.
"""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SIMULATOR = Path(__file__).resolve().parent / 'acti_camera_sim.py'


# Below Linux's ephemeral range (32768-60999): a client's source port never takes a
# simulated camera's port while it reboots with its listening socket closed.
PORT_RANGE = (20000, 32000)


def free_port_run(count):
    """A first port such that it and the count-1 after it are free on loopback."""
    for _attempt in range(50):
        base = random.randrange(PORT_RANGE[0], PORT_RANGE[1] - count)
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

    def __init__(self, count, extra_args=(), reboot_seconds=0.5):
        # Another process may take the ports between free_port_run and the simulator's bind: try again.
        for _attempt in range(5):
            base = free_port_run(count)
            self.process = subprocess.Popen(  # pylint: disable=consider-using-with  # stopped by stop()
                [sys.executable, str(SIMULATOR), 'serve', '--port', str(base), '--count', str(count),
                 '--reboot-seconds', str(reboot_seconds)] + list(extra_args),
                stdout=subprocess.PIPE, text=True)
            line = self.process.stdout.readline()
            if line.startswith('READY '):
                break
            self.stop()
        else:
            raise RuntimeError('the simulator did not start: %r' % line)
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

    def fleet_state(self):
        """The state of every camera, in one call."""
        return self._call('/cameras')

    def configure_all(self, **settings):
        """The same settings for every camera, in one call."""
        return self._call('/cameras/all', settings)

    def reset_all_counts(self):
        return self._call('/cameras/all/reset', {})

    def configure(self, port, **settings):
        return self._call('/cameras/%d' % port, settings)

    def reset_counts(self, port):
        return self._call('/cameras/%d/reset' % port, {})

    def reboot(self, port, version=None, firmware=None):
        """Reboot the camera now; with version, it comes back running that PTZ image; with firmware, as after a
        firmware upload answered OK (its runtime configuration saved, firmware_reboot_seconds, then that firmware)."""
        data = {key: value for key, value in (('version', version), ('firmware', firmware)) if value is not None}
        return self._call('/cameras/%d/reboot' % port, data)

    def events(self, port, count):
        """Log COUNT ordinary entries on the camera, as months of motion events do."""
        return self._call('/cameras/%d/events' % port, {'count': count})

    def state(self, port):
        return self._call('/cameras/%d' % port)

    def wait_up(self, port, timeout=10):
        """Wait until the camera is up and its port accepts connections (it listens again soon after)."""
        deadline = time.monotonic() + timeout
        while True:
            if self.state(port)['up']:
                try:
                    socket.create_connection(('127.0.0.1', port), timeout=1).close()
                    return
                except OSError:
                    pass
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
