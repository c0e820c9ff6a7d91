# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's image check: it must reject what a real camera rejects."""

from __future__ import annotations

import base64
import io
import socket
import time

import pytest
import requests
from acti_camera_sim import ImageChecker, _MultipartReader, make_image, write_image


def check(data, piece=7):
    checker = ImageChecker()
    for start in range(0, len(data), piece):
        checker.feed(data[start:start + piece])
    return checker.version()


def test_a_good_image_installs_its_version():
    assert check(make_image('2.0.0')) == '2.0.0'


@pytest.mark.parametrize('position', [0, 12, 500, -1])
def test_one_byte_rewritten_anywhere_is_a_corrupted_image(position):
    image = bytearray(make_image('2.0.0'))
    image[position] ^= 0x20
    assert check(bytes(image)) is None


def test_what_uri_does_to_a_file_is_a_corrupted_image():
    image = make_image('2.0.0')
    assert b'\n' in image
    assert check(image.replace(b'\n', b'\r\n')) is None
    assert check(base64.b64encode(image)) is None
    assert check(image[:-1]) is None


def test_no_lf_images_survive_lf_rewriting(tmp_path):
    path = tmp_path / 'img.bin'
    write_image(str(path), '3.0.0', payload_size=200000, no_lf=True)
    data = path.read_bytes()
    assert b'\n' not in data[18:] and check(data, piece=65536) == '3.0.0'


def test_written_and_made_images_are_the_same_bytes(tmp_path):
    path = tmp_path / 'img.bin'
    write_image(str(path), '2.0.0', payload_size=200000, seed=3)
    assert path.read_bytes() == make_image('2.0.0', payload_size=200000, seed=3)


def test_multipart_reader_streams_a_file_part_and_a_field():
    image = make_image('2.0.0', payload_size=150000)
    body = (b'--B\r\nContent-Disposition: form-data; name="F"; filename="ACTIPT.BIN"\r\n\r\n' + image
            + b'\r\n--B\r\nContent-Disposition: form-data; name="S"\r\n\r\nApply\r\n--B--\r\n')
    parts = _MultipartReader(io.BytesIO(body), len(body), b'B').parts()
    assert parts['F'][0].version() == '2.0.0'
    assert parts['S'][1] == b'Apply'


def test_truncated_multipart_is_refused():
    body = b'--B\r\nContent-Disposition: form-data; name="F"; filename="x"\r\n\r\nabc'
    assert _MultipartReader(io.BytesIO(body), len(body), b'B').parts() is None


# The camera's side of the protocol, over real sockets.

FORM_URL = '/cgi-bin/update?USER=Admin&PWD=123456&PTZ_IMAGE'


@pytest.fixture
def camera(in_process_fleet):
    """(base URL, Camera) of one simulated camera in this process."""
    fleet = in_process_fleet(1, reboot_seconds=0.3)
    port = min(fleet.cameras)
    return 'http://127.0.0.1:%d' % port, fleet.cameras[port]


def multipart(image):
    """The body of the user's capture, with boundary B."""
    return (b'--B\r\nContent-Disposition: form-data; name="URL_PTZ_IMAGE"; filename="ACTIPT.BIN"\r\n'
            b'Content-Type: application/octet-stream\r\n\r\n' + image + b'\r\n--B\r\nContent-Disposition: '
            b'form-data; name="URL_FIRMWARE_SUBMIT"\r\n\r\nApply\r\n--B--\r\n')


def post(url, body, **headers):
    headers.setdefault('Content-Type', 'multipart/form-data; boundary=B')
    return requests.post(url + '/cgi-bin/update?PTZ_IMAGE_SAVE', data=body, headers=headers, timeout=10)


def test_post_without_a_form_just_served_is_refused(camera):
    url, state = camera
    reply = post(url, multipart(make_image('2.0.0')), Referer=url + FORM_URL)
    assert (reply.status_code, reply.text) == (200, 'ERROR: not authorized')
    assert state.reboots == 0


def test_post_without_the_referer_is_refused(camera):
    url, _state = camera
    requests.get(url + FORM_URL, timeout=10)
    assert post(url, multipart(make_image('2.0.0'))).text == 'ERROR: not authorized'


def test_chunked_post_without_content_length_is_refused(camera):
    url, state = camera
    requests.get(url + FORM_URL, timeout=10)
    reply = post(url, iter([multipart(make_image('2.0.0'))]), Referer=url + FORM_URL)
    assert reply.text == 'ERROR: invalid parameters'
    assert state.installed == '1.0.0'


def test_upload_reboots_with_the_socket_closed_and_loses_unsaved_settings(camera):
    url, state = camera
    state.settings['runtime_config'] = {'brightness': 70}
    requests.get(url + FORM_URL, timeout=10)
    assert post(url, multipart(make_image('2.0.0')), Referer=url + FORM_URL).text == 'OK'
    time.sleep(0.1)
    with pytest.raises(requests.ConnectionError):
        requests.get(url + '/cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_LOG', timeout=2)
    time.sleep(0.5)
    log = requests.get(url + '/cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_LOG', timeout=2).text
    assert log.splitlines()[-2].endswith('PTZ Image Version 2.0.0')
    assert state.settings['runtime_config'] == {}


def test_http_1_0_replies_with_errors_as_200(camera):
    url, _state = camera
    with socket.create_connection(('127.0.0.1', int(url.rsplit(':', 1)[1])), timeout=5) as conn:
        conn.sendall(b'GET /cgi-bin/system?USER=Admin&PWD=wrong&SYSTEM_LOG HTTP/1.1\r\nHost: x\r\n\r\n')
        reply = b''.join(iter(lambda: conn.recv(4096), b''))
    assert reply.startswith(b'HTTP/1.0 200 OK\r\n')
    assert reply.endswith(b'\r\n\r\nERROR: bad account/password')


def test_a_port_probe_is_not_counted_as_a_request(camera):
    url, cam = camera
    port = int(url.rsplit(':', 1)[1])
    socket.create_connection(('127.0.0.1', port), timeout=5).close()
    requests.get(url + '/cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_LOG', timeout=10)
    assert cam.counts == {'SYSTEM_LOG': 1, 'total': 1}


LOG_URL = '/cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_LOG'


def test_events_rotate_the_boot_entries_out_and_the_next_boot_logs_the_version_again(camera):
    url, cam = camera
    cam.settings['log_capacity'] = 6
    with cam.lock:
        for _event in range(6):
            cam.add_log('Motion Detected on region 1')
    log = requests.get(url + LOG_URL, timeout=10).text.splitlines()
    assert len(log) == 6 and not any('PTZ' in line for line in log)
    cam.reboot()
    time.sleep(0.5)
    log = requests.get(url + LOG_URL, timeout=10).text.splitlines()
    assert len(log) == 6 and log[-2].endswith('PTZ Image Version 1.0.0')
    assert log[0].endswith('Motion Detected on region 1')   # the newest events stay


def test_a_camera_in_its_boot_phase_closes_connections_without_a_reply(camera):
    url, cam = camera
    cam.settings['boot_phase_seconds'] = 0.6
    cam.reboot()
    time.sleep(0.4)   # back (0.3 s), still booting
    with pytest.raises(requests.ConnectionError, match='Remote end closed connection without response'):
        requests.get(url + LOG_URL, timeout=2)
    time.sleep(0.6)
    assert 'PTZ Image Version' in requests.get(url + LOG_URL, timeout=2).text


def test_a_log_template_writes_the_ptz_line_in_a_form_of_its_own(camera):
    url, cam = camera
    cam.settings['log_template'] = '<{ts}> ptz lib rev={version} {{braces}}'
    cam.reboot()
    time.sleep(0.5)
    line = requests.get(url + LOG_URL, timeout=10).text.splitlines()[-2]
    assert line.startswith('<20') and line.endswith(' ptz lib rev=1.0.0 {{braces}}')


ENCODER = '/cgi-bin/encoder?USER=Admin&PWD=123456&'


def test_ptz_vendor_set_at_run_time_is_lost_by_a_reboot_unless_saved(camera):
    url, cam = camera
    assert requests.get(url + ENCODER + 'PTZ_VENDOR', timeout=5).text == "PTZ_VENDOR='ACTI,ACTI'"
    assert requests.get(url + ENCODER + 'PTZ_VENDOR=SONY,VISCA', timeout=5).text == 'OK'
    assert requests.get(url + ENCODER + 'PTZ_VENDOR', timeout=5).text == "PTZ_VENDOR='SONY,VISCA'"
    cam.reboot()
    time.sleep(0.5)
    assert requests.get(url + ENCODER + 'PTZ_VENDOR', timeout=5).text == "PTZ_VENDOR='ACTI,ACTI'"
    requests.get(url + ENCODER + 'PTZ_VENDOR=PELCO,PELCOD', timeout=5)
    assert requests.get(url + '/cgi-bin/system?USER=Admin&PWD=123456&SAVE', timeout=5).text == 'OK'
    cam.reboot()
    time.sleep(0.5)
    assert requests.get(url + ENCODER + 'PTZ_VENDOR', timeout=5).text == "PTZ_VENDOR='PELCO,PELCOD'"


def test_ptz_faults_and_a_camera_without_ptz(camera):
    url, cam = camera
    assert requests.get(url + ENCODER + 'POSITION_GET', timeout=5).text == 'PAN=1200,TILT=300'
    cam.settings['ptz_reply_ok'] = True
    assert requests.get(url + ENCODER + 'PTZ_VENDOR', timeout=5).text == "OK: PTZ_VENDOR='ACTI,ACTI'"
    cam.settings['ptz_error_after_upload'] = True
    cam.reboot()   # a power cycle: the PTZ still answers
    time.sleep(0.5)
    assert requests.get(url + ENCODER + 'POSITION_GET', timeout=5).text == 'PAN=1200,TILT=300'
    cam.reboot(new_version='2.0.0')   # the reboot after an upload
    time.sleep(0.5)
    assert requests.get(url + ENCODER + 'POSITION_GET', timeout=5).text.startswith('ERROR: internal error')
    cam.settings['ptz_image_info'] = 'NONE'
    assert requests.get(url + ENCODER + 'PTZ_VENDOR', timeout=5).text == 'ERROR: CMD not found'
    assert requests.get(url + ENCODER + 'MOVE=UP', timeout=5).text == 'ERROR: CMD not found'


@pytest.mark.parametrize('mode, reply', [
    ('lines', "PTZ_VENDOR='ACTI,ACTI'\nPAN=1200,TILT=300"),
    ('first', "PTZ_VENDOR='ACTI,ACTI'"),
    ('refuse', 'ERROR: invalid parameters'),
])
def test_several_encoder_commands_in_one_url_are_answered_as_the_setting_says(camera, mode, reply):
    url, cam = camera
    cam.settings['encoder_multi_command'] = mode
    assert requests.get(url + ENCODER + 'PTZ_VENDOR&POSITION_GET', timeout=5).text == reply
    assert cam.counts == {'PTZ_VENDOR': 1, 'POSITION_GET': 1, 'total': 1}
    # The system CGI takes one command per URL.
    assert requests.get(url + '/cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_INFO&SYSTEM_LOG',
                        timeout=5).text == 'ERROR: invalid parameters'


def hidden_form_body(image, token, order=('SESSION_ID', 'URL_PTZ_IMAGE', 'NOTE', 'URL_FIRMWARE_SUBMIT')):
    parts = {'SESSION_ID': token.encode(), 'NOTE': b'from "the" camera', 'URL_FIRMWARE_SUBMIT': b'Apply'}
    body = b''
    for name in order:
        if name == 'URL_PTZ_IMAGE':
            body += (b'--B\r\nContent-Disposition: form-data; name="URL_PTZ_IMAGE"; filename="ACTIPT.BIN"\r\n'
                     b'Content-Type: application/octet-stream\r\n\r\n' + image + b'\r\n')
        else:
            body += b'--B\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (name.encode(), parts[name])
    return body + b'--B--\r\n'


@pytest.mark.parametrize('order, token_ok, verdict', [
    (('SESSION_ID', 'URL_PTZ_IMAGE', 'NOTE', 'URL_FIRMWARE_SUBMIT'), True, 'OK'),
    (('SESSION_ID', 'URL_PTZ_IMAGE', 'NOTE', 'URL_FIRMWARE_SUBMIT'), False, 'ERROR: invalid parameters'),
    (('URL_PTZ_IMAGE', 'SESSION_ID', 'NOTE', 'URL_FIRMWARE_SUBMIT'), True, 'ERROR: invalid parameters'),
    (('SESSION_ID', 'URL_PTZ_IMAGE', 'URL_FIRMWARE_SUBMIT'), True, 'ERROR: invalid parameters'),
])
def test_the_hidden_form_wants_its_token_and_fields_back_in_the_forms_order(camera, order, token_ok, verdict):
    url, state = camera
    state.settings['form'] = 'hidden'
    page = requests.get(url + FORM_URL, timeout=10).text
    token = page.partition('name="SESSION_ID" value="')[2].partition('"')[0]
    assert len(token) == 16 and 'name="UNCHECKED"' in page
    body = hidden_form_body(make_image('2.0.0'), token if token_ok else '0' * 16, order)
    assert post(url, body, Referer=url + FORM_URL).text == verdict


def test_an_early_verdict_leaves_the_image_unread_and_installs_nothing(camera):
    url, state = camera
    state.settings['early_verdict'] = {'after_bytes': 100, 'reply': 'OK'}
    requests.get(url + FORM_URL, timeout=10)
    with socket.create_connection(('127.0.0.1', int(url.rsplit(':', 1)[1])), timeout=5) as conn:
        conn.sendall(b'POST /cgi-bin/update?PTZ_IMAGE_SAVE HTTP/1.0\r\nReferer: %s\r\nContent-Length: 100000\r\n'
                     b'Content-Type: multipart/form-data; boundary=B\r\n\r\n' % (url + FORM_URL).encode()
                     + b'x' * 200)
        assert conn.recv(1000).endswith(b'\r\n\r\nOK')
    assert state.uploads[-1] == {'verdict': 'early: OK', 'size': None, 'version': None}


@pytest.mark.parametrize('fault, check', [
    ({'how': 'huge', 'size': 300000}, lambda reply, data: int(reply.headers['Content-Length']) == len(data) == 300000),
    ({'how': 'gzip', 'size': 300000}, lambda reply, data: reply.headers['Content-Encoding'] == 'gzip'
     and len(data) < 10000),
    ({'how': 'text', 'text': 'echo {url}', 'repeat': 2},
     lambda reply, data: data == b'echo /cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_LOG' * 2),
])
def test_a_misbehaving_reply_is_what_the_setting_says(camera, fault, check):
    url, state = camera
    state.settings['misbehave'] = dict(fault, on='SYSTEM_LOG')
    reply = requests.get(url + '/cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_LOG', timeout=10, stream=True)
    assert check(reply, reply.raw.read(decode_content=False))
    assert requests.get(url + '/cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_INFO', timeout=10).text.startswith(
        'Model Number')   # another command is answered as usual


def test_an_endless_or_trickled_reply_goes_on_until_the_client_stops(camera):
    url, state = camera
    state.settings['misbehave'] = {'on': 'SYSTEM_LOG', 'how': 'endless'}
    reply = requests.get(url + '/cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_LOG', timeout=10, stream=True)
    assert 'Content-Length' not in reply.headers and len(reply.raw.read(3 * 1024 * 1024)) == 3 * 1024 * 1024
    reply.close()
    state.settings['misbehave'] = {'on': 'SYSTEM_LOG', 'how': 'trickle', 'interval': 0.05}
    started = time.monotonic()
    with socket.create_connection(('127.0.0.1', int(url.rsplit(':', 1)[1])), timeout=5) as conn:
        conn.sendall(b'GET /cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_LOG HTTP/1.0\r\n\r\n')
        assert conn.recv(100) == b'H' and conn.recv(100) == b'T'
    assert 0.05 < time.monotonic() - started < 2
