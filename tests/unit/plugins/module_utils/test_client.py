# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import hashlib
import http.client
import http.server
import re
import threading
import time
import tracemalloc
from urllib.parse import quote, quote_plus

import pytest
import requests
from acti_camera_sim import make_image, write_image
from acti_testlib import free_port_run

from ansible_collections.acti.camera.plugins.module_utils._client import CameraClient, has_ptz
from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraConnectionError,
    CameraNotAnswering,
    CameraProtocolError,
    CameraReplyError,
    ProxyAuthenticationRequired,
    ProxyCouldNotReach,
    UnrecognisedVerdict,
    UploadInterrupted,
)
from ansible_collections.acti.camera.plugins.module_utils._redaction import Redactor
from ansible_collections.acti.camera.plugins.module_utils._upload import (
    MultipartUploadBody,
    UploadFile,
    UploadForm,
    parse_upload_form,
)

PASSWORD = 'Pa&ss/w0rd+%é'
CAPTURED_FORM = '''<html><head><title>UPLOAD FILES</title></head>
<meta http-equiv="PRAGMA" content="NO-CACHE"><body>
<form name="UPLOAD_FORM" method="POST" enctype="multipart/form-data" action="update?PTZ_IMAGE_SAVE">
PTZ_IMAGE : <input type="FILE" name="URL_PTZ_IMAGE" value="" size="40">
<br>
<input type="submit" value="Apply" name="URL_FIRMWARE_SUBMIT">
<input type="reset" value="Reset" name="URL_FIRMWARE_RESET">
<br>
</form></body></html>'''


@pytest.fixture
def fleet(in_process_fleet):
    return in_process_fleet(2, admin_password=PASSWORD, reboot_seconds=0.2)


def client_for(port, password=PASSWORD, **kwargs):
    return CameraClient('127.0.0.1', port, 'Admin', password, **kwargs)


# Redaction

@pytest.mark.parametrize('form', [PASSWORD, quote(PASSWORD, safe=''), quote(PASSWORD), quote_plus(PASSWORD),
                                  re.sub('%[0-9A-F]{2}', lambda m: m.group(0).lower(), quote(PASSWORD, safe=''))])
def test_redactor_removes_the_secret_in_every_encoding(form):
    redacted = Redactor(PASSWORD)('GET http://cam/cgi-bin/x?USER=a&PWD=%s&SYSTEM_LOG failed; echo %s' % (form, form))
    assert form not in redacted
    assert redacted.count('********') == 2


def test_redactor_removes_any_pwd_value_even_an_unknown_one():
    assert Redactor('other')('url?USER=a&PWD=guess&CMD') == 'url?USER=a&PWD=********&CMD'


# The upload form

def test_the_captured_form_is_read():
    assert parse_upload_form(CAPTURED_FORM) == UploadForm(
        action='update?PTZ_IMAGE_SAVE', file_fields=('URL_PTZ_IMAGE',), submit_field='URL_FIRMWARE_SUBMIT',
        submit_value='Apply', fields=(('URL_PTZ_IMAGE', None), ('URL_FIRMWARE_SUBMIT', 'Apply')))


def test_form_names_come_from_the_page_not_from_the_code():
    page = CAPTURED_FORM.replace('URL_PTZ_IMAGE', 'OTHER_FILE').replace('update?PTZ_IMAGE_SAVE', '/x?Y')
    form = parse_upload_form(page)
    assert (form.file_fields, form.action) == (('OTHER_FILE',), '/x?Y')


@pytest.mark.parametrize('change,message', [
    (('type="FILE"', 'type="text"'), 'no form with a file input'),
    (('method="POST"', 'method="GET"'), "method is 'GET'"),
    (('enctype="multipart/form-data"', ''), 'not multipart/form-data'),
    ((' action="update?PTZ_IMAGE_SAVE"', ''), 'no action'),
    (('name="URL_FIRMWARE_SUBMIT"', ''), 'no named submit'),
    (('name="URL_PTZ_IMAGE"', 'name="A&quot;B"'), 'cannot carry'),
    (('</form>', '<input type="file"></form>'), 'a file input has no name'),
])
def test_an_unexpected_form_is_refused_saying_why(change, message):
    with pytest.raises(CameraProtocolError, match=message):
        parse_upload_form(CAPTURED_FORM.replace(*change))


def test_a_page_without_a_form_is_refused_with_an_excerpt():
    with pytest.raises(CameraProtocolError, match='Login required'):
        parse_upload_form('<html><body>Login required</body></html>')


# The streamed multipart body

def test_body_is_the_multipart_the_capture_shows(tmp_path):
    image = tmp_path / 'ACTIPT.BIN'
    image.write_bytes(b'\x00\n\r\nbinary')
    body = MultipartUploadBody(parse_upload_form(CAPTURED_FORM), [UploadFile(str(image), 'ACTIPT.BIN')])
    data = b''.join(body)
    body.close()
    boundary = body.content_type.partition('boundary=')[2].encode()
    assert len(data) == len(body)
    assert data == (b'--' + boundary + b'\r\nContent-Disposition: form-data; name="URL_PTZ_IMAGE"; '
                    b'filename="ACTIPT.BIN"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\n\r\nbinary\r\n--'
                    + boundary + b'\r\nContent-Disposition: form-data; name="URL_FIRMWARE_SUBMIT"\r\n\r\nApply\r\n--'
                    + boundary + b'--\r\n')


def test_requests_sends_the_body_with_content_length_not_chunked(tmp_path):
    image = tmp_path / 'ACTIPT.BIN'
    image.write_bytes(b'x' * 100000)
    body = MultipartUploadBody(parse_upload_form(CAPTURED_FORM), [UploadFile(str(image), 'ACTIPT.BIN')])
    prepared = requests.Request('POST', 'http://127.0.0.1/', data=body).prepare()
    body.close()
    assert prepared.headers['Content-Length'] == str(len(body))
    assert 'Transfer-Encoding' not in prepared.headers
    assert prepared.body is body


# The client against the simulator

def test_system_log_and_info(fleet):
    port = min(fleet.cameras)
    client = client_for(port)
    assert any('PTZ Image Version 1.0.0' in line for line in client.system_log())
    assert client.system_info()['Model Number'] == 'KCM-5611'


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


def test_upload_installs_the_image_and_the_camera_reboots(fleet, tmp_path):
    port = min(fleet.cameras)
    image = tmp_path / 'img.bin'
    image.write_bytes(make_image('2.0.0', payload_size=300000))
    client = client_for(port)
    page = client.upload_form('PTZ_IMAGE')
    digest = hashlib.sha256()
    assert client.post_upload(page, [UploadFile(str(image), 'ACTIPT.BIN')], digest=digest) == 'OK'
    assert digest.hexdigest() == hashlib.sha256(image.read_bytes()).hexdigest()   # fed as it was sent
    camera = fleet.cameras[port]
    assert camera.uploads[-1] == {'verdict': 'OK', 'size': image.stat().st_size, 'version': '2.0.0'}
    deadline = time.monotonic() + 5   # the camera replies first, then reboots
    while camera.reboots == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert camera.reboots == 1


def test_the_image_goes_out_in_large_blocks_not_urllib3s_16_kib(fleet, tmp_path, monkeypatch):
    # Hashing and sending 16 KiB at a time made a 256 MB upload 0.05 s slower, and slower than curl -F.
    port = min(fleet.cameras)
    image = tmp_path / 'img.bin'
    image.write_bytes(make_image('2.0.0', payload_size=1024 * 1024))
    sent = []
    send = http.client.HTTPConnection.send

    def recording_send(connection, data):
        sent.append(len(data))
        return send(connection, data)

    monkeypatch.setattr(http.client.HTTPConnection, 'send', recording_send)
    client = client_for(port)
    page = client.upload_form('PTZ_IMAGE')
    assert client.post_upload(page, [UploadFile(str(image), 'ACTIPT.BIN')]) == 'OK'
    assert sum(sent) > image.stat().st_size
    assert max(sent) == 256 * 1024


def test_a_form_with_another_number_of_file_inputs_is_refused_before_anything_is_sent(fleet, tmp_path):
    client = client_for(min(fleet.cameras))
    page = client.upload_form('PTZ_IMAGE')
    with pytest.raises(CameraProtocolError, match=r'has 1 file inputs \(URL_PTZ_IMAGE\), where this upload sends 2 '):
        client.post_upload(page, [UploadFile(str(tmp_path / 'a'), 'a'), UploadFile(None)])
    assert fleet.cameras[min(fleet.cameras)].state()['counts']['total'] == 1   # the form's GET, no POST


def test_form_posting_elsewhere_is_refused(fleet, monkeypatch):
    client = client_for(min(fleet.cameras))
    monkeypatch.setattr(client.transport, 'send', lambda *a, **k: CAPTURED_FORM.replace(
        'update?PTZ_IMAGE_SAVE', 'http://198.51.100.1/steal'))
    with pytest.raises(CameraProtocolError, match='posts to another address'):
        client.upload_form('PTZ_IMAGE')


def test_connection_dropped_after_the_image_is_an_interrupted_upload(fleet, tmp_path):
    port = min(fleet.cameras)
    fleet.cameras[port].settings['drop_upload'] = 'apply'
    image = tmp_path / 'img.bin'
    image.write_bytes(make_image('2.0.0'))
    client = client_for(port)
    page = client.upload_form('PTZ_IMAGE')
    with pytest.raises(UploadInterrupted) as caught:
        client.post_upload(page, [UploadFile(str(image), 'ACTIPT.BIN')])
    assert PASSWORD not in str(caught.value)
    assert fleet.cameras[port].uploads[-1]['version'] == '2.0.0'


def test_upload_memory_stays_flat_whatever_the_image_size(fleet, tmp_path):
    image = tmp_path / 'big.bin'
    write_image(str(image), '2.0.0', payload_size=32 * 1024 * 1024)
    client = client_for(min(fleet.cameras), timeout=60)
    page = client.upload_form('PTZ_IMAGE')
    tracemalloc.start()
    try:
        assert client.post_upload(page, [UploadFile(str(image), 'ACTIPT.BIN')]) == 'OK'
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Both ends run in this process: the client streams from disk, the simulator checks as it reads.
    assert peak < 4 * 1024 * 1024, 'peak %d bytes for a %d-byte image' % (peak, image.stat().st_size)


def test_a_reply_that_is_neither_ok_nor_error_is_not_taken_for_success(fleet, tmp_path, monkeypatch):
    client = client_for(min(fleet.cameras))
    monkeypatch.setattr(client, 'command', lambda *args, **kwargs: 'Saved?\n')
    with pytest.raises(CameraProtocolError, match=r"answered SAVE with 'Saved\?', not OK or ERROR"):
        client.save_config()

    port = min(fleet.cameras)
    fleet.cameras[port].settings['verdict'] = '<html>Upload done</html>'
    image = tmp_path / 'img.bin'
    image.write_bytes(make_image('2.0.0'))
    client = client_for(port)
    page = client.upload_form('PTZ_IMAGE')
    with pytest.raises(UnrecognisedVerdict, match=r"answered the upload with '<html>Upload done</html>', neither OK "
                                                  r"nor ERROR") as caught:
        client.post_upload(page, [UploadFile(str(image), 'ACTIPT.BIN')])
    assert caught.value.reply == "'<html>Upload done</html>'"


def test_ptz_vendor_is_read_with_or_without_ok_and_position_is_kept_as_answered(fleet):
    port = min(fleet.cameras)
    client = client_for(port)
    assert client.ptz_vendor() == 'ACTI,ACTI'
    fleet.cameras[port].settings.update(ptz_reply_ok=True, runtime_config={'PTZ_VENDOR': 'SONY,VISCA'})
    assert client.ptz_vendor() == 'SONY,VISCA'
    assert client.ptz_position() == 'PAN=1200,TILT=300'
    fleet.cameras[port].settings['ptz_vendor_command'] = False
    with pytest.raises(CameraReplyError, match='^ERROR: CMD not found$'):
        client.ptz_vendor()
    assert fleet.cameras[port].counts == {'PTZ_VENDOR': 3, 'POSITION_GET': 1, 'total': 4}


def test_ptz_vendor_and_position_come_in_one_request_where_the_camera_answers_both(fleet):
    port = min(fleet.cameras)
    camera = fleet.cameras[port]
    camera.settings.update(ptz_reply_ok=True, runtime_config={'PTZ_VENDOR': 'SONY,VISCA'})
    assert client_for(port).ptz_vendor_and_position() == ('SONY,VISCA', 'PAN=1200,TILT=300')
    assert camera.counts == {'PTZ_VENDOR': 1, 'POSITION_GET': 1, 'total': 1}


@pytest.mark.parametrize('settings, answered', [
    (dict(encoder_multi_command='first'), ('ACTI,ACTI', None)),      # the second command unanswered
    (dict(encoder_multi_command='refuse'), (None, None)),            # ERROR: invalid parameters
    (dict(ptz_vendor_command=False), (None, None)),                  # ERROR for PTZ_VENDOR, a position after it
    (dict(ptz_image_info='NONE'), (None, None)),                     # ERROR for both
])
def test_a_reply_that_does_not_clearly_hold_an_answer_gives_none_for_it(fleet, settings, answered):
    port = min(fleet.cameras)
    fleet.cameras[port].settings.update(settings)
    assert client_for(port).ptz_vendor_and_position() == answered


@pytest.mark.parametrize('system_info, answer', [
    ({'PTZ_IMAGE': 'V1.1'}, True), ({'PTZ_IMAGE': ' none '}, False), ({'Model Number': 'KCM-5611'}, None)])
def test_only_ptz_image_none_says_a_camera_has_no_ptz(system_info, answer):
    assert has_ptz(system_info) is answer


def test_a_password_a_proxys_page_writes_as_html_entities_is_removed_too(stand_in_proxy):
    # The page's text is read with its entities decoded: the password must go after that, not before.
    secret = "se&cr'et"
    entities = ''.join('&#%d;' % ord(char) for char in secret)
    stand_in_proxy.answer = (502, 'Bad Gateway', '<p>PWD=%s and %s</p>' % (entities, entities))
    client = CameraClient('127.0.0.1', free_port_run(1), 'Admin', secret, timeout=5)
    with pytest.raises(ProxyCouldNotReach) as caught:
        client.system_log()
    assert secret not in str(caught.value) and "cr'et" not in str(caught.value), str(caught.value)
