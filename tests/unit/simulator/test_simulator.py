# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's image check: it must reject what a real camera rejects."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import re
import socket
import time
from urllib.parse import urljoin

import pytest
import requests
from acti_camera_sim import (FirmwareChecker, ImageChecker, _MultipartReader, default_mac, main, make_firmware_image,
                             make_image, split_firmware, write_firmware_image, write_image)
from simulator_process import SimulatorProcess


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


# The firmware image of the update CGI (ACTi's URL command spec: FIRMWARE, FIRMWARE_SAVE).

FIRMWARE_URL = '/cgi-bin/update?USER=Admin&PWD=123456&FIRMWARE'
INFO_URL = '/cgi-bin/system?USER=Admin&PWD=123456&SYSTEM_INFO'
NEW_FIRMWARE = 'A1D-500-V6.17.02-AC'


def check_firmware(data, piece=7):
    checker = FirmwareChecker()
    for start in range(0, len(data), piece):
        checker.feed(data[start:start + piece])
    return checker.firmware()


def md5_file(image):
    return b'%s  FW.BIN\n' % hashlib.md5(image).hexdigest().encode()


def firmware_body(image, md5=b'good'):
    """The multipart body of the FIRMWARE form, with boundary B; md5 None: no MD5 part, b'good': the image's."""
    body = (b'--B\r\nContent-Disposition: form-data; name="URL_FIRMWARE_IMAGE"; filename="FW.BIN"\r\n'
            b'Content-Type: application/octet-stream\r\n\r\n' + image + b'\r\n')
    if md5 is not None:
        body += (b'--B\r\nContent-Disposition: form-data; name="URL_FIRMWARE_MD5"; filename="FW.BIN.md5"\r\n'
                 b'Content-Type: application/octet-stream\r\n\r\n' + (md5_file(image) if md5 == b'good' else md5)
                 + b'\r\n')
    return body + b'--B\r\nContent-Disposition: form-data; name="URL_FIRMWARE_SUBMIT"\r\n\r\nApply\r\n--B--\r\n'


def upload_firmware(url, image, md5=b'good', form=True):
    """Ask for the FIRMWARE form, then POST the image to it as a browser would; the verdict's text."""
    if form:
        requests.get(url + FIRMWARE_URL, timeout=10)
    return requests.post(url + '/cgi-bin/update?FIRMWARE_SAVE', data=firmware_body(image, md5), timeout=10,
                         headers={'Content-Type': 'multipart/form-data; boundary=B',
                                  'Referer': url + FIRMWARE_URL}).text


def system_info(url):
    return dict(line.split(' = ', 1) for line in requests.get(url + INFO_URL, timeout=5).text.splitlines())


def wait_back(cam, reboots=1, timeout=5):
    """Wait for the camera's REBOOTS-th reboot (it starts once the upload's connection is closed) to end, and its
    port to listen again."""
    deadline = time.monotonic() + timeout
    while not cam.is_up() or cam.reboots < reboots:
        assert time.monotonic() < deadline, 'the camera did not come back'
        time.sleep(0.02)
    while True:
        try:
            socket.create_connection(('127.0.0.1', cam.port), timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline, 'the camera does not listen again'
            time.sleep(0.02)


def test_a_good_firmware_image_installs_its_firmware_and_one_byte_rewritten_is_corrupted():
    image = make_firmware_image(NEW_FIRMWARE, payload_size=20000)
    assert check_firmware(image) == NEW_FIRMWARE
    for position in (0, 12, 500, -1):
        broken = bytearray(image)
        broken[position] ^= 0x20
        assert check_firmware(bytes(broken)) is None
    assert check_firmware(image.replace(b'\n', b'\r\n')) is None and check_firmware(base64.b64encode(image)) is None
    # A PTZ image is no firmware image, and the other way round.
    assert check_firmware(make_image('2.0.0')) is None and check(image) is None


def test_firmware_files_and_the_make_firmware_command(tmp_path, capsys):
    path, md5_path = tmp_path / 'FW.BIN', tmp_path / 'FW.BIN.md5'
    digest = write_firmware_image(str(path), NEW_FIRMWARE, payload_size=200000, seed=3)
    assert path.read_bytes() == make_firmware_image(NEW_FIRMWARE, payload_size=200000, seed=3)
    assert digest == hashlib.md5(path.read_bytes()).hexdigest()
    main(['make-firmware', '--firmware', NEW_FIRMWARE, '--out', str(path), '--md5-out', str(md5_path)])
    assert capsys.readouterr().out.strip() == str(path)
    assert path.read_bytes() == make_firmware_image(NEW_FIRMWARE)
    assert md5_path.read_text() == '%s  FW.BIN\n' % hashlib.md5(path.read_bytes()).hexdigest()   # as md5sum


@pytest.mark.parametrize('firmware, parts', [
    ('A1D-500-V6.17.02-AC', ('A1D-500', 'V6.17.02', 'AC')),
    ('A1D-311-V5.08.06-AC', ('A1D-311', 'V5.08.06', 'AC')),
    ('A1D-900-A2.08.03-NB', ('A1D-900', 'A2.08.03', 'NB')),
    ('garbage', None),
])
def test_split_firmware(firmware, parts):
    assert split_firmware(firmware) == parts


def test_system_info_reports_the_firmware_the_platform_and_a_mac_of_its_own(in_process_fleet):
    fleet = in_process_fleet(2, reboot_seconds=0.3)
    first, second = sorted(fleet.cameras)
    reply = requests.get('http://127.0.0.1:%d%s' % (first, INFO_URL), timeout=5).text
    assert reply == ('Model Number = KCM-5611\nFirmware Version = A1D-500-V6.13.17-AC\nPlatform = A\n'
                     'MAC Address = %s\nPTZ_IMAGE = V1.1\nPT_ENABLE = 1\n' % default_mac(first))
    assert default_mac(first).startswith('00:0F:7C:') and default_mac(first) != default_mac(second)
    assert system_info('http://127.0.0.1:%d' % second)['MAC Address'] == default_mac(second)
    fleet.cameras[second].settings.update(platform='K', mac_address='00:0F:7C:AA:BB:CC')
    info = system_info('http://127.0.0.1:%d' % second)
    assert (info['Platform'], info['MAC Address']) == ('K', '00:0F:7C:AA:BB:CC')


def test_the_firmware_form_names_the_specs_fields_for_root_only(camera):
    url, cam = camera
    page = requests.get(url + FIRMWARE_URL, timeout=5)
    assert page.headers['Content-type'] == 'text/html'
    for piece in ('action="update?FIRMWARE_SAVE"', 'type="FILE" name="URL_FIRMWARE_IMAGE"',
                  'type="FILE" name="URL_FIRMWARE_MD5"', 'name="URL_FIRMWARE_SUBMIT"', 'enctype="multipart/form-data"'):
        assert piece in page.text
    operator = requests.get(url + '/cgi-bin/update?USER=operator&PWD=operator&FIRMWARE', timeout=5).text
    assert operator == 'ERROR: not authorized'
    assert cam.counts == {'FIRMWARE': 2, 'total': 2}


def test_a_firmware_post_is_tied_to_the_firmware_form(camera):
    url, cam = camera
    image = make_firmware_image(NEW_FIRMWARE)
    assert upload_firmware(url, image, form=False) == 'ERROR: not authorized'
    requests.get(url + FORM_URL, timeout=5)   # the PTZ image's form is not the firmware's
    assert upload_firmware(url, image, form=False) == 'ERROR: not authorized'
    requests.get(url + FIRMWARE_URL, timeout=5)   # nor the other way round
    assert post(url, multipart(make_image('2.0.0')), Referer=url + FORM_URL).text == 'ERROR: not authorized'
    assert cam.reboots == 0 and cam.counts['FIRMWARE_SAVE'] == 2


def test_a_firmware_upload_installs_it_saves_the_configuration_and_logs_it_at_boot(camera):
    url, cam = camera
    cam.settings['firmware_reboot_seconds'] = 0.1
    assert requests.get(url + ENCODER + 'PTZ_VENDOR=SONY,VISCA', timeout=5).text == 'OK'
    cam.counts.clear()
    image = make_firmware_image(NEW_FIRMWARE)
    assert upload_firmware(url, image) == 'OK'
    wait_back(cam)
    assert system_info(url)['Firmware Version'] == NEW_FIRMWARE
    assert cam.state()['firmware'] == NEW_FIRMWARE and cam.installed == '1.0.0'
    log = requests.get(url + LOG_URL, timeout=5).text.splitlines()
    assert log[-4].endswith('Firmware Version %s' % NEW_FIRMWARE) and log[-2].endswith('PTZ Image Version 1.0.0')
    # The upload saved the runtime configuration before its reboot: the PTZ vendor set at run time survives.
    assert requests.get(url + ENCODER + 'PTZ_VENDOR', timeout=5).text == "PTZ_VENDOR='SONY,VISCA'"
    assert cam.state()['firmware_uploads'] == [{'verdict': 'OK', 'size': len(image), 'firmware': NEW_FIRMWARE}]
    assert cam.counts == {'FIRMWARE': 1, 'FIRMWARE_SAVE': 1, 'SYSTEM_INFO': 1, 'SYSTEM_LOG': 1, 'PTZ_VENDOR': 1,
                          'total': 5}


def test_the_runtime_configuration_survives_a_firmware_reboot_but_not_a_ptz_image_one(camera):
    url, cam = camera
    cam.settings['firmware_reboot_seconds'] = 0.1
    requests.get(url + ENCODER + 'PTZ_VENDOR=PELCO,PELCOD', timeout=5)
    requests.get(url + FORM_URL, timeout=5)
    assert post(url, multipart(make_image('2.0.0')), Referer=url + FORM_URL).text == 'OK'
    wait_back(cam)
    assert requests.get(url + ENCODER + 'PTZ_VENDOR', timeout=5).text == "PTZ_VENDOR='ACTI,ACTI'"
    requests.get(url + ENCODER + 'PTZ_VENDOR=PELCO,PELCOD', timeout=5)
    assert upload_firmware(url, make_firmware_image(NEW_FIRMWARE)) == 'OK'
    wait_back(cam, reboots=2)
    assert cam.installed == '2.0.0'
    assert requests.get(url + ENCODER + 'PTZ_VENDOR', timeout=5).text == "PTZ_VENDOR='PELCO,PELCOD'"
    assert cam.saved_config == {'PTZ_VENDOR': 'PELCO,PELCOD'}


@pytest.mark.parametrize('firmware, platform, md5, verdict', [
    ('A1D-500-V6.17.02-AC', 'A', b'good', 'OK'),
    ('A1D-500-V5.01.01-AC', 'A', b'good', 'OK'),            # a downgrade: not blocked by the device
    ('A1D-311-V6.17.02-AC', 'A', b'good', 'ERROR: firmware version'),
    ('A1D-500-V6.17.02-NB', 'A', b'good', 'ERROR: firmware type'),
    ('A1D-500-V6.17.02-AC', 'A', None, 'ERROR: firmware image'),
    ('A1D-500-V6.17.02-AC', 'A', b'', 'ERROR: firmware image'),
    ('A1D-500-V6.17.02-AC', 'A', b'0123456789abcdef0123456789abcdef  FW.BIN\n', 'ERROR: firmware image'),
    ('A1D-500-V6.17.02-AC', 'W', None, 'ERROR: firmware image'),
    ('A1D-500-V6.17.02-AC', 'W', b'good', 'OK'),
    ('A1D-500-V6.17.02-AC', 'T', None, 'OK'),
    ('A1D-500-V6.17.02-AC', 'K', b'0123456789abcdef0123456789abcdef  FW.BIN\n', 'OK'),
    ('A1D-500-V6.17.02-AC', 'A1', b'', 'OK'),
])
def test_firmware_verdicts_and_the_md5_file_by_platform(camera, firmware, platform, md5, verdict):
    url, cam = camera
    cam.settings.update(platform=platform, reboot_seconds=0.1, firmware_reboot_seconds=0.1,
                        runtime_config={'PTZ_VENDOR': 'SONY,VISCA'})
    assert upload_firmware(url, make_firmware_image(firmware), md5) == verdict
    wait_back(cam)   # it reboots whatever the verdict
    assert cam.reboots == 1
    assert system_info(url)['Firmware Version'] == (firmware if verdict == 'OK' else 'A1D-500-V6.13.17-AC')
    # Only an upload answered OK saves the configuration before its reboot.
    assert cam.settings['runtime_config'] == ({'PTZ_VENDOR': 'SONY,VISCA'} if verdict == 'OK' else {})


def test_the_md5_in_upper_case_and_without_a_file_name_is_taken(camera):
    url, cam = camera
    image = make_firmware_image(NEW_FIRMWARE)
    assert upload_firmware(url, image, hashlib.md5(image).hexdigest().upper().encode()) == 'OK'


@pytest.mark.parametrize('damage', [
    lambda image: image[:100] + bytes([image[100] ^ 1]) + image[101:],
    lambda image: image.replace(b'\n', b'\r\n'),
    base64.b64encode,
    lambda image: make_image('2.0.0'),
])
def test_a_corrupted_firmware_image_is_refused_even_with_its_own_md5(camera, damage):
    url, cam = camera
    cam.settings['reboot_seconds'] = 0.1
    image = damage(make_firmware_image(NEW_FIRMWARE))
    assert upload_firmware(url, image) == 'ERROR: firmware image'   # the MD5 part is the damaged image's own
    wait_back(cam)
    assert cam.firmware == 'A1D-500-V6.13.17-AC' and cam.firmware_uploads[-1]['verdict'] == 'ERROR: firmware image'


def test_firmware_error_answers_its_text_to_every_firmware_upload(camera):
    url, cam = camera
    cam.settings.update(firmware_error='firmware version', reboot_seconds=0.1)
    assert upload_firmware(url, make_firmware_image(NEW_FIRMWARE)) == 'ERROR: firmware version'
    wait_back(cam)
    assert cam.firmware == 'A1D-500-V6.13.17-AC' and cam.reboots == 1


def test_a_firmware_reboot_lasts_firmware_reboot_seconds(camera):
    url, cam = camera
    assert cam.firmware_reboot_seconds() == pytest.approx(0.9)   # by default 3 x reboot_seconds (0.3)
    assert upload_firmware(url, make_firmware_image(NEW_FIRMWARE)) == 'OK'
    time.sleep(0.6)   # a PTZ image reboot would be over
    with pytest.raises(requests.ConnectionError):
        requests.get(url + INFO_URL, timeout=2)
    wait_back(cam)
    down, up = cam.reboot_windows[-1]
    assert up - down == pytest.approx(0.9, abs=0.01)
    assert system_info(url)['Firmware Version'] == NEW_FIRMWARE
    cam.settings['firmware_reboot_seconds'] = 0.5
    assert upload_firmware(url, make_firmware_image('A1D-500-V6.18.01-AC')) == 'OK'
    wait_back(cam, reboots=2)
    assert cam.reboot_windows[-1][1] - cam.reboot_windows[-1][0] == pytest.approx(0.5, abs=0.01)
    assert upload_firmware(url, make_firmware_image('A1D-311-V6.18.01-AC')) == 'ERROR: firmware version'
    wait_back(cam, reboots=3)   # a refused upload reboots for reboot_seconds: nothing was written to flash
    assert cam.reboot_windows[-1][1] - cam.reboot_windows[-1][0] == pytest.approx(0.3, abs=0.01)


def test_mac_after_reboot_is_the_mac_reported_from_the_next_reboot_on(camera):
    url, cam = camera
    cam.settings.update(mac_after_reboot='00:0F:7C:12:34:56', firmware_reboot_seconds=0.1)
    assert system_info(url)['MAC Address'] == default_mac(cam.port)
    assert upload_firmware(url, make_firmware_image(NEW_FIRMWARE)) == 'OK'
    wait_back(cam)
    assert system_info(url)['MAC Address'] == '00:0F:7C:12:34:56'
    assert cam.settings['mac_after_reboot'] is None and cam.state()['mac_address'] == '00:0F:7C:12:34:56'
    cam.reboot()
    wait_back(cam, reboots=2)
    assert system_info(url)['MAC Address'] == '00:0F:7C:12:34:56'


def _raw_request(port, request, limit):
    """Send REQUEST on a socket of its own; (reply bytes, up to LIMIT, seconds taken)."""
    started = time.monotonic()
    data = b''
    with socket.create_connection(('127.0.0.1', port), timeout=10) as conn:
        conn.sendall(request)
        while len(data) < limit:
            block = conn.recv(65536)
            if not block:
                break
            data += block
    return data[:limit], time.monotonic() - started


@pytest.mark.parametrize('command', ['FIRMWARE', 'FIRMWARE_SAVE'])
@pytest.mark.parametrize('how', ['huge', 'endless', 'trickle', 'gzip', 'text'])
def test_every_misbehaviour_applies_to_the_firmware_commands(camera, command, how):
    url, cam = camera
    cam.settings['firmware_reboot_seconds'] = 0.1
    form_url = FIRMWARE_URL.encode()
    if command == 'FIRMWARE':
        request, body = b'GET %s HTTP/1.0\r\n\r\n' % form_url, 'URL_FIRMWARE_IMAGE'
    else:
        requests.get(url + FIRMWARE_URL, timeout=5)
        upload = firmware_body(make_firmware_image(NEW_FIRMWARE))
        head = (b'POST /cgi-bin/update?FIRMWARE_SAVE HTTP/1.0\r\nReferer: %s\r\nContent-Length: %d\r\n'
                b'Content-Type: multipart/form-data; boundary=B\r\n\r\n')
        request = head % ((url + FIRMWARE_URL).encode(), len(upload)) + upload
        body = 'OK'
    target = request.split(b' ')[1].decode()
    cam.settings['misbehave'] = {'on': command, 'how': how, 'size': 300000, 'interval': 0.001,
                                 'text': 'echo {url}'}
    reply, seconds = _raw_request(cam.port, request, 1024 * 1024)
    head, _sep, content = reply.partition(b'\r\n\r\n')
    if how == 'huge':
        assert b'Content-Length: 300000' in head and len(content) == 300000 and body.encode() in content[:2000]
    elif how == 'endless':
        assert b'Content-Length' not in head and len(reply) == 1024 * 1024 and body.encode() in content[:2000]
    elif how == 'trickle':
        assert body.encode() in content and seconds > len(reply) * 0.001
    elif how == 'gzip':
        inflated = gzip.decompress(content)
        assert b'Content-Encoding: gzip' in head and len(content) < 10000 and body.encode() in inflated[:2000]
        assert 300000 - 65536 < len(inflated) <= 300000   # padded with zeros in blocks of 64 KiB
    else:
        assert content == b'echo ' + target.encode()
    assert cam.counts[command] == 1


def test_misbehave_after_upload_applies_after_a_firmware_upload(camera):
    url, cam = camera
    cam.settings.update(misbehave={'on': 'SYSTEM_INFO', 'how': 'text', 'text': 'garbage', 'after_upload': True},
                        firmware_reboot_seconds=0.1)
    assert requests.get(url + INFO_URL, timeout=5).text.startswith('Model Number')
    assert upload_firmware(url, make_firmware_image(NEW_FIRMWARE)) == 'OK'
    wait_back(cam)
    assert requests.get(url + INFO_URL, timeout=5).text == 'garbage'


def test_the_control_api_sets_the_firmware_and_reboots_into_one():
    simulator = SimulatorProcess(count=1, reboot_seconds=0.1)
    try:
        port = simulator.camera(firmware='A1D-311-V5.08.06-AC', platform='T', mac_address='00:0F:7C:01:02:03')
        state = simulator.state(port)
        assert (state['firmware'], state['platform'], state['mac_address']) == (
            'A1D-311-V5.08.06-AC', 'T', '00:0F:7C:01:02:03')
        assert state['log'][-4].endswith('Firmware Version A1D-311-V5.08.06-AC')   # as if installed earlier
        simulator.configure(port, runtime_config={'PTZ_VENDOR': 'SONY,VISCA'}, firmware_reboot_seconds=0.2)
        state = simulator.reboot(port, firmware='A1D-311-V5.09.01-AC')   # as after a firmware upload
        assert state['saved_config'] == {'PTZ_VENDOR': 'SONY,VISCA'}
        down, up = state['reboot_windows'][-1]
        assert up - down == pytest.approx(0.2, abs=0.01)
        simulator.wait_up(port)
        info = requests.get('http://127.0.0.1:%d%s' % (port, INFO_URL), timeout=5).text
        assert 'Firmware Version = A1D-311-V5.09.01-AC\nPlatform = T\nMAC Address = 00:0F:7C:01:02:03\n' in info
        assert simulator.state(port)['ptz_vendor'] == 'SONY,VISCA'
    finally:
        simulator.stop()


def test_stays_old_answers_ok_to_a_firmware_upload_and_keeps_the_old_firmware(camera):
    url, cam = camera
    cam.settings.update(stays_old=True, firmware_reboot_seconds=0.1)
    assert upload_firmware(url, make_firmware_image(NEW_FIRMWARE)) == 'OK'
    wait_back(cam)
    assert system_info(url)['Firmware Version'] == 'A1D-500-V6.13.17-AC'


# One upload path for both images of the update CGI: each hostile setting applies to the PTZ image's and to the
# firmware's upload alike.

IMAGES = ('ptz_image', 'firmware')
COMMANDS = {'ptz_image': 'PTZ_IMAGE', 'firmware': 'FIRMWARE'}
# What a camera runs at start, and what a good upload of each image installs.
BEFORE = {'ptz_image': '1.0.0', 'firmware': 'A1D-500-V6.13.17-AC'}
INSTALLS = {'ptz_image': '2.0.0', 'firmware': NEW_FIRMWARE}
# The file inputs of the 'renamed' form.
RENAMED = {'ptz_image': ['PTZ_FILE'], 'firmware': ['FIRMWARE_FILE', 'MD5_FILE']}


def form_url(image):
    return '/cgi-bin/update?USER=Admin&PWD=123456&%s' % COMMANDS[image]


def good_files(image):
    """[(file input of the standard form, (file name, bytes))] of a good upload of IMAGE."""
    if image == 'ptz_image':
        return [('URL_PTZ_IMAGE', ('ACTIPT.BIN', make_image('2.0.0')))]
    firmware = make_firmware_image(NEW_FIRMWARE)
    return [('URL_FIRMWARE_IMAGE', ('FW.BIN', firmware)), ('URL_FIRMWARE_MD5', ('FW.BIN.md5', md5_file(firmware)))]


def form_body(fields):
    """A multipart body with boundary B: FIELDS are (name, value) in order, a file's value (file name, bytes)."""
    body = b''
    for name, value in fields:
        if isinstance(value, tuple):
            body += (b'--B\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
                     b'Content-Type: application/octet-stream\r\n\r\n%s\r\n' % (name.encode(), value[0].encode(),
                                                                                value[1]))
        else:
            body += b'--B\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (name.encode(), value)
    return body + b'--B--\r\n'


def upload(url, image, fields=None, action=None):
    """POST FIELDS (a good upload's by default) to IMAGE's form, served a moment ago, at ACTION (the standard
    form's by default), as a browser would; the reply."""
    if fields is None:
        fields = good_files(image) + [('URL_FIRMWARE_SUBMIT', b'Apply')]
    return requests.post(urljoin(url + form_url(image), action or 'update?%s_SAVE' % COMMANDS[image]),
                         data=form_body(fields), timeout=10,
                         headers={'Content-Type': 'multipart/form-data; boundary=B', 'Referer': url + form_url(image)})


def runs(cam, image):
    """What CAM runs of IMAGE: its PTZ image version, or its firmware."""
    return cam.installed if image == 'ptz_image' else cam.firmware


def records(cam, image):
    """CAM's records of IMAGE's uploads."""
    return cam.uploads if image == 'ptz_image' else cam.firmware_uploads


@pytest.mark.parametrize('image', IMAGES)
def test_an_early_verdict_leaves_the_image_unread_and_installs_nothing(camera, image):
    url, cam = camera
    cam.settings['early_verdict'] = {'after_bytes': 100, 'reply': 'OK'}
    requests.get(url + form_url(image), timeout=10)
    with socket.create_connection(('127.0.0.1', cam.port), timeout=2) as conn:
        conn.sendall(b'POST /cgi-bin/update?%s_SAVE HTTP/1.0\r\nReferer: %s\r\nContent-Length: 100000\r\n'
                     b'Content-Type: multipart/form-data; boundary=B\r\n\r\n'
                     % (COMMANDS[image].encode(), (url + form_url(image)).encode()) + b'x' * 200)
        assert conn.recv(1000).endswith(b'\r\n\r\nOK')
    assert records(cam, image)[-1] == {'verdict': 'early: OK', 'size': None,
                                       'version' if image == 'ptz_image' else 'firmware': None}
    wait_back(cam)   # it reboots all the same
    assert runs(cam, image) == BEFORE[image]


@pytest.mark.parametrize('image', IMAGES)
@pytest.mark.parametrize('drop, verdict, installs', [
    ('apply', 'dropped after reading, applied', True),
    ('discard', 'dropped half-way', False),
])
def test_a_dropped_upload_gets_no_reply_and_installs_only_an_image_read_whole(camera, image, drop, verdict, installs):
    url, cam = camera
    cam.settings.update(drop_upload=drop, firmware_reboot_seconds=0.1, runtime_config={'PTZ_VENDOR': 'SONY,VISCA'})
    requests.get(url + form_url(image), timeout=10)
    with pytest.raises(requests.ConnectionError):
        upload(url, image)
    wait_back(cam)
    assert records(cam, image)[-1]['verdict'] == verdict
    assert runs(cam, image) == (INSTALLS[image] if installs else BEFORE[image])
    # A firmware it took saved the runtime configuration before its reboot, as after an OK.
    saved = image == 'firmware' and installs
    assert cam.settings['runtime_config'] == ({'PTZ_VENDOR': 'SONY,VISCA'} if saved else {})


@pytest.mark.parametrize('image', IMAGES)
def test_a_good_upload_gets_the_verdict_the_setting_says_and_a_refused_one_its_error(camera, image):
    url, cam = camera
    cam.settings.update(verdict='<html><body>OK</body></html>', firmware_reboot_seconds=0.1)
    requests.get(url + form_url(image), timeout=10)
    assert upload(url, image).text == '<html><body>OK</body></html>'
    wait_back(cam)
    assert runs(cam, image) == INSTALLS[image]
    requests.get(url + form_url(image), timeout=10)
    refused = [(name, (filename, b'corrupted' + data)) for name, (filename, data) in good_files(image)]
    assert upload(url, image, refused + [('URL_FIRMWARE_SUBMIT', b'Apply')]).text == (
        'ERROR: PTZ Image' if image == 'ptz_image' else 'ERROR: firmware image')
    assert [record['verdict'] for record in records(cam, image)] == [
        '<html><body>OK</body></html>', 'ERROR: PTZ Image' if image == 'ptz_image' else 'ERROR: firmware image']


@pytest.mark.parametrize('image', IMAGES)
@pytest.mark.parametrize('order, token_ok, verdict', [
    (('SESSION_ID', 'FILES', 'NOTE', 'URL_FIRMWARE_SUBMIT'), True, 'OK'),
    (('SESSION_ID', 'FILES', 'NOTE', 'URL_FIRMWARE_SUBMIT'), False, 'ERROR: invalid parameters'),
    (('FILES', 'SESSION_ID', 'NOTE', 'URL_FIRMWARE_SUBMIT'), True, 'ERROR: invalid parameters'),
    (('SESSION_ID', 'FILES', 'URL_FIRMWARE_SUBMIT'), True, 'ERROR: invalid parameters'),
])
def test_the_hidden_form_wants_its_token_and_fields_back_in_the_forms_order(camera, image, order, token_ok, verdict):
    url, cam = camera
    cam.settings['form'] = 'hidden'
    page = requests.get(url + form_url(image), timeout=10).text
    token = page.partition('name="SESSION_ID" value="')[2].partition('"')[0]
    assert len(token) == 16 and 'name="UNCHECKED"' in page
    values = {'SESSION_ID': (token if token_ok else '0' * 16).encode(), 'NOTE': b'from "the" camera',
              'URL_FIRMWARE_SUBMIT': b'Apply'}
    fields = []
    for name in order:
        fields += good_files(image) if name == 'FILES' else [(name, values[name])]
    assert upload(url, image, fields).text == verdict


@pytest.mark.parametrize('image', IMAGES)
def test_the_form_setting_renames_or_leaves_out_the_file_inputs_of_every_upload_form(camera, image):
    url, cam = camera
    cam.settings.update(form='renamed', reboot_seconds=0.1, firmware_reboot_seconds=0.1)
    page = requests.get(url + form_url(image), timeout=10).text
    action = page.partition('action="')[2].partition('"')[0]
    assert action == '/cgi-bin/update?%s_SAVE&FORM=2' % COMMANDS[image]
    assert re.findall(r'type="FILE" name="(\w+)"', page) == RENAMED[image] and 'name="APPLY_BUTTON"' in page
    renamed = [(name, value) for name, (_standard, value) in zip(RENAMED[image], good_files(image), strict=True)]
    assert upload(url, image, renamed + [('APPLY_BUTTON', b'Apply')], action).text == 'OK'
    wait_back(cam)
    requests.get(url + form_url(image), timeout=10)
    assert upload(url, image, action=action).text == 'ERROR: invalid parameters'   # the standard form's names
    wait_back(cam, reboots=2)
    cam.settings['form'] = 'no_file_field'
    page = requests.get(url + form_url(image), timeout=10).text
    assert 'type="FILE"' not in page
    assert upload(url, image).text == 'ERROR: invalid parameters'
    assert runs(cam, image) == INSTALLS[image]
