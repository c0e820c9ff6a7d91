# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a request is sent and its reply read (module_utils/_transport.py), through CameraClient's commands: replies,
connection failures, and what a proxy answers for a camera."""

from __future__ import annotations

import http.client
import http.server
import threading
from urllib.parse import quote, quote_plus

import pytest
import requests
from acti_camera_sim import make_image
from acti_testlib import free_port_run
from simulated_client import PASSWORD, client_for

from ansible_collections.acti.camera.plugins.module_utils._client import CameraClient
from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraConnectionError,
    CameraNotAnswering,
    CameraProtocolError,
    CameraReplyError,
    ProxyAuthenticationRequired,
    ProxyCouldNotReach,
    UploadInterrupted,
)
from ansible_collections.acti.camera.plugins.module_utils._upload import UploadFile


# Replies and connection failures

def test_replies_with_bare_lf_header_lines_are_read(fleet):
    port = min(fleet.cameras)
    fleet.cameras[port].settings['bare_lf'] = True
    assert client_for(port).system_info()['PTZ_IMAGE'] == 'V1.1'


def test_error_reply_is_verbatim_and_carries_no_password(fleet):
    with pytest.raises(CameraReplyError) as caught:
        client_for(min(fleet.cameras), password='wrong&secret').system_log()
    assert caught.value.reply == 'ERROR: bad account/password'


def test_a_refused_connection_is_said_in_a_few_words():
    port = free_port_run(1)   # nothing listens there
    with pytest.raises(CameraConnectionError) as caught:
        client_for(port, timeout=2).system_log()
    assert str(caught.value) == 'no reply from the camera at 127.0.0.1:%d: [Errno 111] Connection refused' % port
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_other_connection_errors_keep_requests_text_without_the_password(monkeypatch):
    client = client_for(80)

    def proxy_failure(method, url, **kwargs):   # how requests words it: the whole URL, quoted
        raise requests.exceptions.ProxyError("HTTPConnectionPool(host='127.0.0.1', port=80): Max retries exceeded "
                                             "with url: %s (Caused by ProxyError('Unable to connect to proxy'))"
                                             % url.split('127.0.0.1:80', 1)[1])

    monkeypatch.setattr(client.transport.session, 'request', proxy_failure)
    with pytest.raises(CameraConnectionError) as caught:
        client.system_log()
    text = str(caught.value)
    assert 'Unable to connect to proxy' in text
    for form in (PASSWORD, quote(PASSWORD, safe=''), quote_plus(PASSWORD)):
        assert form not in text
    assert 'PWD=********' in text   # requests quoted the URL; the client redacted it
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_another_web_server_is_a_protocol_error(fleet):
    port = min(fleet.cameras)
    fleet.cameras[port].settings['http_status'] = 404
    with pytest.raises(CameraProtocolError, match='HTTP 404'):
        client_for(port).system_log()


# Through a proxy: what the proxy answers for a camera it cannot reach is not the camera's answer.

PROXY_USER, PROXY_PASSWORD = 'proxy-user', 'pr0xy:s3cret'


class StandInProxy(http.server.BaseHTTPRequestHandler):
    """An HTTP proxy that answers ``server.answer`` (status, reason, page; {url} in the page stands for the request's
    target, as squid's error pages echo it) to every request, or forwards GETs to the camera when it is None."""

    protocol_version = 'HTTP/1.0'

    def log_message(self, *_args):
        pass

    def _answer(self):
        status, reason, page = self.server.answer
        body = page.replace('{url}', self.path).encode()
        self.send_response(status, reason)
        self.send_header('Content-Type', 'text/html')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.server.seen.append('GET ' + self.path)
        if self.server.answer is not None:
            self._answer()
            return
        target = requests.utils.urlparse(self.path)
        camera = http.client.HTTPConnection(target.hostname, target.port, timeout=5)
        camera.request('GET', '%s?%s' % (target.path, target.query))
        reply = camera.getresponse()
        body = reply.read()
        camera.close()
        self.send_response(reply.status, reply.reason)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802
        self.server.seen.append('POST ' + self.path)
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        self.server.answer = self.server.answer or (502, 'Bad Gateway', 'the camera went away')
        self._answer()

    def do_CONNECT(self):  # noqa: N802
        self.server.seen.append('CONNECT ' + self.path)
        self._answer()


@pytest.fixture
def stand_in_proxy(monkeypatch):
    """A StandInProxy on the loopback, named (with credentials) by the environment: its server (answer, seen)."""
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), StandInProxy)
    server.daemon_threads = True
    server.answer, server.seen = None, []
    server.url = 'http://%s:%s@127.0.0.1:%d' % (quote(PROXY_USER), quote(PROXY_PASSWORD, safe=''),
                                                server.server_address[1])
    proxy_environment(monkeypatch, server.url)
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def proxy_environment(monkeypatch, url, no_proxy=''):
    for name in ('HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy'):
        monkeypatch.setenv(name, url)
    for name in ('ALL_PROXY', 'all_proxy'):
        monkeypatch.delenv(name, raising=False)
    for name in ('NO_PROXY', 'no_proxy'):
        monkeypatch.setenv(name, no_proxy)


def assert_nothing_secret(text):
    for secret in (PASSWORD, quote(PASSWORD, safe=''), quote_plus(PASSWORD), PROXY_USER, PROXY_PASSWORD,
                   quote(PROXY_PASSWORD, safe='')):
        assert secret not in text


@pytest.mark.parametrize('status, reason', [(500, 'Unable to connect'), (502, 'Bad Gateway'),
                                            (503, 'Service Unavailable'), (504, 'Gateway Timeout')])
def test_a_proxys_error_page_is_no_reply_from_the_camera_and_names_the_proxy(stand_in_proxy, status, reason):
    # tinyproxy answers 500, proxy.py 502, squid 503 for a camera that is rebooting: each page echoes the URL here.
    page = '<html><head><title>%d</title></head><body><h1>%s</h1><p>while trying to retrieve <a href="{url}">' \
        '{url}</a></p></body></html>' % (status, reason)
    stand_in_proxy.answer = (status, reason, page)
    port = free_port_run(1)
    with pytest.raises(ProxyCouldNotReach) as caught:
        client_for(port).system_log()
    assert isinstance(caught.value, CameraNotAnswering)   # so every wait waits through it
    text = str(caught.value)
    assert text.startswith('no reply from the camera at 127.0.0.1:%d through the proxy http://127.0.0.1:%d: the proxy '
                           'answered HTTP %d %s: \'%d %s while trying to retrieve http://127.0.0.1:%d/cgi-bin/system?'
                           'USER=Admin&PWD=********&SYSTEM_LOG' % (port, stand_in_proxy.server_address[1], status,
                                                                   reason, status, reason, port)), text
    assert 'which ACTi cameras do not send' not in text
    assert_nothing_secret(text)
    assert len(stand_in_proxy.seen) == 1


@pytest.mark.parametrize('use_ssl', [False, True], ids=['http', 'https'])
def test_a_proxy_asking_for_credentials_fails_at_once_naming_the_proxy(stand_in_proxy, use_ssl):
    stand_in_proxy.answer = (407, 'Proxy Authentication Required', 'Proxy Authentication Required')
    with pytest.raises(ProxyAuthenticationRequired) as caught:
        client_for(free_port_run(1), use_ssl=use_ssl).system_log()
    assert isinstance(caught.value, CameraConnectionError) and not isinstance(caught.value, CameraNotAnswering)
    text = str(caught.value)
    assert 'the proxy http://127.0.0.1:%d refused the request' % stand_in_proxy.server_address[1] in text
    assert 'HTTP 407 Proxy Authentication Required' in text
    assert_nothing_secret(text)


def test_over_https_the_proxy_sees_only_connect_and_its_refusal_is_no_reply(stand_in_proxy):
    stand_in_proxy.answer = (500, 'Unable to connect', '<h1>Unable to connect</h1>')
    port = free_port_run(1)
    with pytest.raises(ProxyCouldNotReach) as caught:
        client_for(port, use_ssl=True).system_log()
    assert str(caught.value) == ('no reply from the camera at 127.0.0.1:%d through the proxy http://127.0.0.1:%d: the '
                                 'proxy answered HTTP 500 Unable to connect' % (port, stand_in_proxy.server_address[1]))
    assert stand_in_proxy.seen == ['CONNECT 127.0.0.1:%d' % port]   # no URL, so no password


def test_a_proxy_that_takes_no_connection_is_no_reply_naming_the_proxy(monkeypatch):
    proxy_port = free_port_run(1)   # nothing listens there
    proxy_environment(monkeypatch, 'http://%s:%s@127.0.0.1:%d' % (PROXY_USER, quote(PROXY_PASSWORD, safe=''),
                                                                  proxy_port))
    with pytest.raises(ProxyCouldNotReach) as caught:
        client_for(80, timeout=2).system_log()
    assert str(caught.value) == ('no reply from the camera at 127.0.0.1:80: no reply from the proxy '
                                 'http://127.0.0.1:%d: [Errno 111] Connection refused' % proxy_port)


def test_through_a_proxy_a_200_is_the_cameras_reply(stand_in_proxy, fleet):
    port = min(fleet.cameras)
    assert client_for(port).system_info()['PTZ_IMAGE'] == 'V1.1'
    assert stand_in_proxy.seen[0].startswith('GET http://127.0.0.1:%d/cgi-bin/system?USER=Admin&PWD=' % port)


def test_a_proxys_error_page_to_the_upload_is_an_interrupted_upload(stand_in_proxy, fleet, tmp_path):
    image = tmp_path / 'img.bin'
    image.write_bytes(make_image('2.0.0'))
    client = client_for(min(fleet.cameras))
    page = client.upload_form('PTZ_IMAGE')   # forwarded
    with pytest.raises(UploadInterrupted) as caught:   # the camera may or may not have taken it
        client.post_upload(page, [UploadFile(str(image), 'ACTIPT.BIN')])
    assert 'through the proxy http://127.0.0.1:%d: the proxy answered HTTP 502' % stand_in_proxy.server_address[1] \
        in str(caught.value)


@pytest.mark.parametrize('how', ['no_proxy', 'use_proxy_false'])
def test_without_the_proxy_an_error_status_stays_the_cameras_protocol_error(stand_in_proxy, fleet, monkeypatch, how):
    port = min(fleet.cameras)
    fleet.cameras[port].settings['http_status'] = 500
    if how == 'no_proxy':   # as requests reads NO_PROXY
        proxy_environment(monkeypatch, stand_in_proxy.url, no_proxy='localhost,127.0.0.1')
    with pytest.raises(CameraProtocolError, match='answered HTTP 500') as caught:
        client_for(port, use_proxy=how != 'use_proxy_false').system_log()
    assert 'proxy' not in str(caught.value)
    assert stand_in_proxy.seen == []


def test_a_password_a_proxys_page_writes_as_html_entities_is_removed_too(stand_in_proxy):
    # The page's text is read with its entities decoded: the password must go after that, not before.
    secret = "se&cr'et"
    entities = ''.join('&#%d;' % ord(char) for char in secret)
    stand_in_proxy.answer = (502, 'Bad Gateway', '<p>PWD=%s and %s</p>' % (entities, entities))
    client = CameraClient('127.0.0.1', free_port_run(1), 'Admin', secret, timeout=5)
    with pytest.raises(ProxyCouldNotReach) as caught:
        client.system_log()
    assert secret not in str(caught.value) and "cr'et" not in str(caught.value), str(caught.value)
