# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Proxies named by the environment: use_proxy, and real forward proxies while a camera reboots.

use_proxy: a proxy named by the environment sees the camera's URLs, password included, unless use_proxy=false.

Through a real proxy (proxy.py always, Debian's tinyproxy where it is installed), started here on a free loopback
port. What they answer for a camera that is rebooting, as measured with proxy.py 2.4.10 and tinyproxy 1.11.1:

- a plain HTTP request (the proxy gets ``GET http://CAMERA/cgi-bin/...?USER=..&PWD=..``) to a camera whose port is
  closed: proxy.py ``HTTP 502 Bad Gateway``, body ``Bad Gateway``; tinyproxy ``HTTP 500 Unable to connect`` with an
  HTML page (squid, in the field report: ``503 Service Unavailable``);
- a camera that takes the connection and closes it without a reply (its boot phase): proxy.py closes the client's
  connection without a reply; tinyproxy answers ``HTTP 503 Could not send data to remote server``;
- HTTPS: the proxy sees only ``CONNECT CAMERA:PORT`` and refuses it with the same status (proxy.py 502 Bad Gateway,
  tinyproxy 500 Unable to connect); requests raises ProxyError ``Tunnel connection failed: 502 Bad Gateway``;
- a proxy that wants credentials answers 407 to a request without them (GET and CONNECT alike); to wrong ones
  proxy.py answers 407, tinyproxy 401 Unauthorized;
- tinyproxy, at Debian's LogLevel Info, logs each request line whole, the camera's password with it; over HTTPS
  its log holds only ``CONNECT CAMERA:PORT``. proxy.py logs no request line at WARNING.

So each of those is "the camera does not answer" (ProxyCouldNotReach), and every wait waits through it.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from acti_testlib import SimulatorProcess, case, password_leaks, self_signed_certificate


@pytest.fixture
def counting_proxy():
    """A proxy on the loopback that counts the requests it gets and forwards none (it answers 502)."""
    seen = []

    class Proxy(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_args):
            pass

        def do_GET(self):  # noqa: N802 (the name http.server calls)
            seen.append(self.path)
            self.send_response(502)
            self.send_header('Content-Length', '0')
            self.end_headers()

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d' % server.server_address[1], seen
    server.shutdown()
    server.server_close()


def test_use_proxy_false_sends_nothing_through_the_proxy_of_the_environment(
        simulator, images, run_playbook, counting_proxy):
    url, seen = counting_proxy
    direct, proxied = simulator.camera(version='2.0.0'), simulator.camera(version='2.0.0')
    environment = {'HTTP_PROXY': url, 'http_proxy': url, 'NO_PROXY': '', 'no_proxy': ''}
    run = run_playbook('ptz_image', [
        case('direct', direct, src=images['2.0.0'], version='2.0.0', use_proxy=False)], env=environment)
    info = run_playbook('camera_info', [case('direct', direct, use_proxy=False)], env=environment)
    (result,), (read,) = run.results, info.results
    assert not result['failed'] and not read['failed'], (result['msg'], read.get('msg'))
    assert seen == []
    assert simulator.state(direct)['counts'] == {'SYSTEM_LOG': 2, 'SYSTEM_INFO': 1, 'PTZ_VENDOR': 1, 'total': 4}

    # By default the proxy gets the request, and with it the password in the URL: what the option is for. Its 502
    # is no reply from the camera (boot_timeout=0: not waited for), so the camera is unreachable.
    proxied_case = case('proxied', proxied, src=images['2.0.0'], version='2.0.0', boot_timeout=0)
    (through,) = run_playbook('ptz_image', [proxied_case], env=environment).results
    assert through['outcome'] == 'unreachable' and 'the proxy answered HTTP 502' in through['msg']
    assert len(seen) == 1 and seen[0].startswith('http://127.0.0.1:%d/cgi-bin/system?USER=Admin&PWD=' % proxied)
    assert simulator.state(proxied)['counts'] == {}


# Real forward proxies.

PROXIES = ['proxy.py'] + (['tinyproxy'] if shutil.which('tinyproxy') else [])
# What each answers for a camera whose port is closed.
DOWN_ANSWER = {'proxy.py': 'HTTP 502 Bad Gateway', 'tinyproxy': 'HTTP 500 Unable to connect'}
# The line each logs when it could not connect to a camera (tinyproxy at LogLevel Info, proxy.py at WARNING).
REFUSAL_LOG = {'proxy.py': 'Unable to connect with upstream 127.0.0.1:%d ',
               'tinyproxy': 'Could not establish a connection to 127.0.0.1:%d'}
TARGET = '2.0.0'


def _free_loopback_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class RealProxy:
    """A forward proxy server in a process of its own on a free loopback port, logging to a file in FOLDER."""

    def __init__(self, name, folder):
        self.name, self.folder, self.log = name, folder, folder / ('%s.log' % name)
        for _attempt in range(5):   # another process may take the port first: again on another
            self.process, self.port = self._start()
            if self._accepting():
                break
            self.stop()
        else:
            raise RuntimeError('%s did not start' % name)
        self.url = 'http://127.0.0.1:%d' % self.port
        self.environment = dict.fromkeys(('HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy'), self.url)
        self.environment.update(dict.fromkeys(('NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'), ''))

    def _start(self):
        if self.name == 'proxy.py':
            port_file = self.folder / 'proxy.py.port'
            port_file.unlink(missing_ok=True)
            process = subprocess.Popen(  # noqa: S603  pylint: disable=consider-using-with  # stopped by stop()
                [sys.executable, '-m', 'proxy', '--hostname', '127.0.0.1', '--port', '0', '--port-file',
                 str(port_file), '--num-workers', '1', '--num-acceptors', '1', '--log-level', 'WARNING',
                 '--log-file', str(self.log)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            deadline = time.monotonic() + 30
            while not (port_file.exists() and port_file.read_text().strip()):
                if time.monotonic() > deadline or process.poll() is not None:
                    return process, 0
                time.sleep(0.05)
            return process, int(port_file.read_text())
        # Debian's tinyproxy.conf, less its user, pid and page files.
        port = _free_loopback_port()
        config = self.folder / 'tinyproxy.conf'
        config.write_text('Port %d\nListen 127.0.0.1\nTimeout 600\nLogFile "%s"\nLogLevel Info\nMaxClients 100\n'
                          'Allow 127.0.0.1\n' % (port, self.log))
        process = subprocess.Popen(  # noqa: S603,S607  pylint: disable=consider-using-with  # stopped by stop()
            ['tinyproxy', '-d', '-c', str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        return process, port

    def _accepting(self):
        deadline = time.monotonic() + 30
        while self.port and self.process.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection(('127.0.0.1', self.port), timeout=1).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def log_text(self):
        return self.log.read_text(errors='replace') if self.log.exists() else ''

    def refusals(self, port):
        """How many times the proxy could not connect to the camera on PORT (from its log)."""
        return self.log_text().count(REFUSAL_LOG[self.name] % port)

    def stop(self):
        """End the proxy's process group (proxy.py forks its acceptors and workers)."""
        for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(grace)
                break
            except subprocess.TimeoutExpired:
                continue


@pytest.fixture(scope='module', params=PROXIES)
def real_proxy(request, tmp_path_factory):
    proxy = RealProxy(request.param, tmp_path_factory.mktemp(request.param.replace('.', '_')))
    yield proxy
    proxy.stop()


def test_through_a_real_proxy_an_upgrade_waits_through_the_reboot_and_reads_the_version_back(
        simulator, images, run_playbook, real_proxy):
    port = simulator.camera(reboot_seconds=2)
    (result,) = run_playbook('ptz_image', [case('proxied', port, src=images[TARGET], version=TARGET)],
                             env=real_proxy.environment).results
    assert result['outcome'] == 'upgraded', result['msg']
    assert (result['version_before'], result['version_after'], result['rebooted']) == ('1.0.0', TARGET, True)
    assert simulator.state(port)['version'] == TARGET
    # The proxy answered for the camera while it rebooted, and the wait took that for "not yet".
    assert real_proxy.refusals(port) >= 1, real_proxy.log_text()
    if real_proxy.name == 'tinyproxy':   # what the guide warns of: the password in the proxy's log
        assert 'GET http://127.0.0.1:%d/cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_LOG' % port in real_proxy.log_text()


def test_through_a_real_proxy_a_rollout_upgrades_every_camera(simulator, images, run_rollout, real_proxy, monkeypatch):
    cameras = {'cam%02d' % number: simulator.camera(reboot_seconds=2) for number in (1, 2, 3)}
    for name, value in real_proxy.environment.items():
        monkeypatch.setenv(name, value)   # the rollout runs with the environment of the test
    run = run_rollout(cameras, ptz_image_src=images[TARGET], ptz_image_version=TARGET, ptz_image_down_timeout=5,
                      ptz_image_reboot_timeout=60, ptz_rollout_serial=[1, '100%'])
    assert run.returncode == 0, run.output
    assert {line['camera']: line['outcome'] for line in run.report['cameras']} == dict.fromkeys(cameras, 'upgraded')
    for name, port in cameras.items():
        assert simulator.state(port)['version'] == TARGET, name
        assert real_proxy.refusals(port) >= 1, name


def test_through_a_real_proxy_a_camera_rebooting_at_the_start_is_waited_for_within_boot_timeout(
        simulator, images, run_playbook, real_proxy):
    # Down for 4 s, then 1 s of taking connections and closing them unanswered: through the proxy, 502 or 500,
    # then (proxy.py) a closed connection or (tinyproxy) 503.
    port = simulator.camera(reboot_seconds=4, boot_phase_seconds=1)
    simulator.reboot(port)
    (result,) = run_playbook('ptz_image', [case('rebooting', port, src=images[TARGET], version=TARGET,
                                                boot_timeout=60)], env=real_proxy.environment).results
    assert result['outcome'] == 'upgraded', result['msg']
    assert result['waited_for_boot'] > 0.5 and result['version_after'] == TARGET
    assert result['msg'].startswith('the camera did not answer at first (rebooting from an earlier run?) and answered '
                                    'after ')
    assert '; uploaded the PTZ image (was 1.0.0); the camera rebooted' in result['msg']
    assert simulator.state(port)['reboots'] == 2


def test_through_a_real_proxy_a_camera_that_never_comes_back_fails_naming_the_proxy(
        simulator, images, run_playbook, real_proxy):
    gone, lost = simulator.camera(never_returns=True), simulator.camera(never_returns=True)
    simulator.reboot(gone)   # down before the run, and for ever
    run = run_playbook('ptz_image', [
        case('gone', gone, src=images[TARGET], version=TARGET, boot_timeout=2),
        case('lost', lost, src=images[TARGET], version=TARGET, wait_timeout=3)], env=real_proxy.environment)
    gone_result, lost_result = run.results
    answered = 'through the proxy %s: the proxy answered %s' % (real_proxy.url, DOWN_ANSWER[real_proxy.name])
    assert gone_result['outcome'] == 'unreachable', gone_result['msg']
    assert gone_result['msg'].startswith('the camera at 127.0.0.1:%d did not answer within boot_timeout (2 s); last '
                                         'seen: no reply from the camera at 127.0.0.1:%d %s' % (gone, gone, answered))
    assert lost_result['outcome'] == 'not_back', lost_result['msg']
    assert lost_result['msg'].startswith('the camera at 127.0.0.1:%d was not back from its reboot after 3 s; last '
                                         'seen: no reply from the camera at 127.0.0.1:%d %s' % (lost, lost, answered))
    for result in run.results:
        assert 'which ACTi cameras do not send' not in result['msg'] and '123456' not in result['msg']
    assert simulator.state(gone)['uploads'] == [] and len(simulator.state(lost)['uploads']) == 1


@pytest.fixture(scope='module')
def tls_cameras(tmp_path_factory):
    """(simulator, certificate path) of cameras that speak HTTPS only, with a self-signed certificate."""
    cert_path, key_path = self_signed_certificate(tmp_path_factory.mktemp('proxy_tls'))
    simulator = SimulatorProcess(count=2 * len(PROXIES), reboot_seconds=2,
                                 extra_args=['--tls-cert', str(cert_path), '--tls-key', str(key_path)])
    yield simulator, str(cert_path)
    simulator.stop()


def test_over_https_a_real_proxy_sees_only_connect_and_its_refusals_are_waited_through(
        tls_cameras, images, run_playbook, real_proxy):
    simulator, certificate = tls_cameras
    port, lost = simulator.camera(), simulator.camera(never_returns=True)
    run = run_playbook('ptz_image', [
        case('https', port, use_ssl=True, ca_path=certificate, src=images[TARGET], version=TARGET),
        case('lost', lost, use_ssl=True, ca_path=certificate, src=images[TARGET], version=TARGET, wait_timeout=3)],
        env=real_proxy.environment)
    upgraded, gone = run.results
    assert upgraded['outcome'] == 'upgraded', upgraded['msg']
    assert upgraded['version_after'] == TARGET == simulator.state(port)['version']
    assert real_proxy.refusals(port) >= 1   # CONNECTs refused while it rebooted, and waited through
    assert gone['outcome'] == 'not_back', gone['msg']
    assert 'last seen: no reply from the camera at 127.0.0.1:%d through the proxy %s: the proxy answered %s' % (
        lost, real_proxy.url, DOWN_ANSWER[real_proxy.name]) in gone['msg']
    if real_proxy.name == 'tinyproxy':   # CONNECT host:port, never a URL
        log = real_proxy.log_text()
        assert 'CONNECT 127.0.0.1:%d ' % port in log and 'PWD=' not in log.split('CONNECT 127.0.0.1:%d ' % port)[1]


# Every character that URL encoding changes, around a core no output may hold in any form.
VVVV_PASSWORD = 'Px7&Unmistakable/Proxied+50%é'
# The module path, forced over the local connection: that Python needs requests (this venv's).
PATHS = {'worker': (), 'module': ('-e', 'acti_camera_execution=module', '-e',
                                  'ansible_python_interpreter=%s' % sys.executable)}


@pytest.mark.parametrize('path', sorted(PATHS))
def test_through_a_real_proxy_no_line_at_vvvv_holds_the_password_on_either_path(
        simulator, images, run_playbook, real_proxy, path):
    """What only a proxy makes the collection say (the proxy's answers while a camera reboots, the notice of a camera
    that does not answer at first, a camera lost behind the proxy) says it without the password, at -vvvv."""
    rebooting, upgraded, lost = (simulator.camera(admin_password=VVVV_PASSWORD, reboot_seconds=6),
                                 simulator.camera(admin_password=VVVV_PASSWORD, reboot_seconds=2),
                                 simulator.camera(admin_password=VVVV_PASSWORD, never_returns=True))
    simulator.reboot(rebooting)   # still down when its task, the first, starts
    options = dict(password=VVVV_PASSWORD, src=images[TARGET], version=TARGET)
    run = run_playbook('ptz_image', [case('rebooting', rebooting, boot_timeout=60, **options),
                                     case('upgraded', upgraded, **options),
                                     case('lost', lost, wait_timeout=3, **options)],
                       '-vvvv', *PATHS[path], env=real_proxy.environment)
    assert 'Unmistakable' not in run.output and password_leaks(run.output, VVVV_PASSWORD) == []
    outcomes = {result['item']['name']: result['outcome'] for result in run.results}
    assert outcomes == {'upgraded': 'upgraded', 'rebooting': 'upgraded', 'lost': 'not_back'}, run.output[-3000:]
    # Each proxy-made line was said, so the scan above read it.
    assert '[WARNING]: localhost: no reply from the camera at 127.0.0.1:%d through the proxy %s: the proxy answered ' \
        '%s' % (rebooting, real_proxy.url, DOWN_ANSWER[real_proxy.name]) in run.output
    assert 'waiting up to 60 s (boot_timeout)' in run.output
    assert 'last seen: no reply from the camera at 127.0.0.1:%d through the proxy %s: the proxy answered %s' % (
        lost, real_proxy.url, DOWN_ANSWER[real_proxy.name]) in run.output
