# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client against a camera that misbehaves outside ACTi's documents: bounded, within a deadline, redacted.

Both ends run in this process (the simulator's in-process fleet). Each bound is checked with a margin
that a broken bound could not meet: a reply read whole would take gigabytes, a trickled one minutes.
"""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc
from urllib.parse import quote

import pytest
from acti_camera_sim import make_image, write_image

from ansible_collections.acti.camera.plugins.module_utils._client import CameraClient
from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraNotAnswering,
    CameraProtocolError,
    ReplyTooLarge,
    ReplyTooSlow,
    UploadInterrupted,
)
from ansible_collections.acti.camera.plugins.module_utils._upload import UploadFile

# A password with every character that formatting or URL encoding changes.
PASSWORD = 'Hx\\9 \'Q"%&+é-Unmistakable'


@pytest.fixture
def camera(in_process_fleet):
    """(port, settings of that camera) of a fresh simulated camera with PASSWORD."""
    fleet = in_process_fleet(1, admin_password=PASSWORD, reboot_seconds=0.2)
    port = min(fleet.cameras)
    return port, fleet.cameras[port]


def client_for(port, **kwargs):
    return CameraClient('127.0.0.1', port, 'Admin', PASSWORD, **kwargs)


def assert_no_secret(text):
    assert 'Unmistakable' not in text, text


@pytest.mark.parametrize('how, size', [('huge', 500 * 1000 * 1000), ('endless', None)])
def test_a_huge_or_endless_log_is_cut_at_its_ceiling_in_flat_memory(camera, how, size):
    port, sim = camera
    sim.settings['misbehave'] = {'on': 'SYSTEM_LOG', 'how': how, 'size': size}
    tracemalloc.start()
    try:
        with pytest.raises(ReplyTooLarge) as caught:
            client_for(port, max_log_bytes=200 * 1024).system_log()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(caught.value) == (
        'the camera at 127.0.0.1:%d sent more than 204800 bytes in reply to SYSTEM_LOG, the most this collection '
        'reads of it (raise max_log_bytes if its log really is that large): refused' % port)
    assert peak < 2 * 1024 * 1024, peak


def test_a_declared_length_over_the_ceiling_is_refused_unread(camera):
    port, sim = camera
    sim.settings['misbehave'] = {'on': 'SYSTEM_INFO', 'how': 'huge', 'size': 10 * 1000 * 1000 * 1000}
    started = time.monotonic()
    with pytest.raises(ReplyTooLarge, match='more than 65536 bytes in reply to SYSTEM_INFO, the most this collection '
                                            'reads of it: refused'):
        client_for(port).system_info()
    assert time.monotonic() - started < 2


def test_a_compressed_reply_is_refused_unread_and_none_is_asked_for(camera):
    port, sim = camera
    sim.settings['misbehave'] = {'on': 'SYSTEM_LOG', 'how': 'gzip', 'size': 50 * 1000 * 1000}
    client = client_for(port)
    assert client.transport.session.headers['Accept-Encoding'] == 'identity'
    with pytest.raises(ReplyTooLarge, match=r'sent its reply to SYSTEM_LOG compressed \(Content-Encoding: gzip\)'):
        client.system_log()


def test_the_log_ceiling_is_the_users_and_the_others_stay(camera):
    port, sim = camera
    sim.settings['misbehave'] = {'on': 'SYSTEM_LOG', 'how': 'huge', 'size': 300 * 1024}
    assert len(client_for(port, max_log_bytes=400 * 1024).system_log()) > 5000
    with pytest.raises(ReplyTooLarge):
        client_for(port).command('system', 'SYSTEM_LOG')   # read as any other command: 64 KiB


@pytest.mark.parametrize('command', ['SYSTEM_LOG', 'PTZ_VENDOR'])
def test_a_trickled_reply_ends_within_timeout(camera, command):
    port, sim = camera
    sim.settings['misbehave'] = {'on': command, 'how': 'trickle', 'interval': 0.2}
    client = client_for(port, timeout=1.5)
    started = time.monotonic()
    with pytest.raises(ReplyTooSlow) as caught:
        client.system_log() if command == 'SYSTEM_LOG' else client.ptz_vendor()
    assert time.monotonic() - started < 1.5 + 1
    assert str(caught.value) == ('no reply from the camera at 127.0.0.1:%d: its reply was not complete within '
                                 'timeout (1.5 s), the most one request may take' % port)


def test_a_camera_that_sends_nothing_is_not_answering_as_before(camera):
    port, sim = camera
    sim.settings['slow_seconds'] = 3
    started = time.monotonic()
    with pytest.raises(CameraNotAnswering, match='timed out waiting for the reply$'):
        client_for(port, timeout=1).system_log()
    assert time.monotonic() - started < 2


def test_an_early_ok_before_the_whole_image_is_an_interrupted_upload(camera, tmp_path):
    port, sim = camera
    sim.settings['early_verdict'] = {'after_bytes': 256 * 1024, 'reply': 'OK'}
    image = tmp_path / 'big.bin'
    write_image(str(image), '2.0.0', payload_size=32 * 1024 * 1024)
    client = client_for(port, timeout=5)
    page = client.upload_form('PTZ_IMAGE')
    with pytest.raises(UploadInterrupted) as caught:
        client.post_upload(page, [UploadFile(str(image), 'ACTIPT.BIN')])
    assert 'before it had taken the whole image' in str(caught.value) or 'no reply' in str(caught.value)
    assert sim.uploads[-1]['verdict'] == 'early: OK' and sim.uploads[-1]['version'] is None


def test_a_trickled_verdict_is_no_verdict(camera, tmp_path):
    port, sim = camera
    sim.settings['misbehave'] = {'on': 'PTZ_IMAGE_SAVE', 'how': 'trickle', 'interval': 0.3}
    image = tmp_path / 'img.bin'
    image.write_bytes(make_image('2.0.0'))
    client = client_for(port, timeout=1)
    page = client.upload_form('PTZ_IMAGE')
    started = time.monotonic()
    with pytest.raises(UploadInterrupted, match='its reply was not complete within timeout'):
        client.post_upload(page, [UploadFile(str(image), 'ACTIPT.BIN')])
    assert time.monotonic() - started < 2
    assert sim.uploads[-1]['version'] == '2.0.0'   # it took the image; only the version read back can say so


def test_the_image_is_sent_as_long_as_the_camera_takes_it(camera, tmp_path, monkeypatch):
    # Each block resets the deadline: an upload that takes longer than timeout in all, block after block, is fine.
    port, _sim = camera
    image = tmp_path / 'img.bin'
    write_image(str(image), '2.0.0', payload_size=6 * 256 * 1024)
    client = client_for(port, timeout=0.5)
    page = client.upload_form('PTZ_IMAGE')
    import http.client  # pylint: disable=import-outside-toplevel
    send = http.client.HTTPConnection.send

    def slow_link(connection, data):
        time.sleep(0.2)
        return send(connection, data)

    monkeypatch.setattr(http.client.HTTPConnection, 'send', slow_link)
    started = time.monotonic()
    assert client.post_upload(page, [UploadFile(str(image), 'ACTIPT.BIN')]) == 'OK'
    assert time.monotonic() - started > 1.0


def test_the_hidden_fields_of_the_form_are_posted_back_in_order(camera, tmp_path):
    port, sim = camera
    sim.settings['form'] = 'hidden'
    image = tmp_path / 'img.bin'
    image.write_bytes(make_image('2.0.0'))
    client = client_for(port)
    page = client.upload_form('PTZ_IMAGE')
    assert [name for name, _value in page.form.fields] == ['SESSION_ID', 'URL_PTZ_IMAGE', 'NOTE', 'URL_FIRMWARE_SUBMIT']
    assert client.post_upload(page, [UploadFile(str(image), 'ACTIPT.BIN')]) == 'OK'
    assert sim.uploads[-1] == {'verdict': 'OK', 'size': image.stat().st_size, 'version': '2.0.0'}


def test_a_page_that_echoes_the_request_is_quoted_without_the_password(camera):
    port, sim = camera
    sim.settings['misbehave'] = {'on': 'PTZ_IMAGE', 'how': 'text', 'text': 'Not found: {url} (%s)' % PASSWORD}
    with pytest.raises(CameraProtocolError) as caught:
        client_for(port).upload_form('PTZ_IMAGE')
    text = str(caught.value)
    assert text.startswith('the camera did not send the PTZ_IMAGE upload form (no form with a file input on the '
                           "page): 'Not found: /cgi-bin/update?USER=Admin&PWD=********&PTZ_IMAGE (********)'")
    assert_no_secret(text)
    assert quote(PASSWORD, safe='') not in text


def test_replies_are_returned_redacted(camera):
    port, sim = camera
    sim.settings['misbehave'] = {'on': 'SYSTEM_LOG', 'how': 'text',
                                 'text': '2026-11-23 10:00:00 login from {url}\n2026-11-23 10:00:01 pw %s\n' % PASSWORD}
    lines = client_for(port).system_log()
    assert lines == ['2026-11-23 10:00:00 login from /cgi-bin/system?USER=Admin&PWD=********&SYSTEM_LOG',
                     '2026-11-23 10:00:01 pw ********']


@pytest.fixture
def trickling_proxy():
    """An HTTP proxy on the loopback that answers every request itself, a byte every 0.2 s."""
    listener = socket.create_server(('127.0.0.1', 0))
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _address = listener.accept()
            except OSError:
                continue
            with conn:
                conn.recv(65536)
                for byte in b'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nOK':
                    if stop.wait(0.2):
                        break
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield 'http://127.0.0.1:%d' % listener.getsockname()[1]
    stop.set()
    thread.join(5)
    listener.close()


def test_through_a_proxy_a_trickled_reply_ends_within_timeout(trickling_proxy, monkeypatch):
    # Through a proxy the connection is the proxy's: the deadline watches that one.
    for name in ('HTTP_PROXY', 'http_proxy'):
        monkeypatch.setenv(name, trickling_proxy)
    for name in ('NO_PROXY', 'no_proxy'):
        monkeypatch.setenv(name, '')
    started = time.monotonic()
    with pytest.raises(ReplyTooSlow):
        client_for(9, timeout=1).system_log()
    assert time.monotonic() - started < 1 + 1
