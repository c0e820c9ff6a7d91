# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""use_proxy: a proxy named by the environment sees the camera's URLs, password included, unless use_proxy=false."""

from __future__ import annotations

import http.server
import threading

import pytest
from acti_testlib import case


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

    # By default the proxy gets the request, and with it the password in the URL: what the option is for.
    (through,) = run_playbook('ptz_image', [case('proxied', proxied, src=images['2.0.0'], version='2.0.0')],
                              env=environment).results
    assert through['failed'] is True and 'HTTP 502' in through['msg']
    assert len(seen) == 1 and seen[0].startswith('http://127.0.0.1:%d/cgi-bin/system?USER=Admin&PWD=' % proxied)
    assert simulator.state(proxied)['counts'] == {}
