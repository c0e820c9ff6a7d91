# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CameraClient's commands against the simulator (module_utils/_client.py): reads, the PTZ, the upload."""

from __future__ import annotations

import hashlib
import http.client
import time
import tracemalloc

import pytest
from simulated_client import PASSWORD, client_for
from acti_camera_sim import make_image, write_image

from ansible_collections.acti.camera.plugins.module_utils._client import has_ptz
from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraProtocolError,
    CameraReplyError,
    UnrecognisedVerdict,
    UploadInterrupted,
)
from ansible_collections.acti.camera.plugins.module_utils._upload import UploadFile


def test_system_log_and_info(fleet):
    port = min(fleet.cameras)
    client = client_for(port)
    assert any('PTZ Image Version 1.0.0' in line for line in client.system_log())
    assert client.system_info()['Model Number'] == 'KCM-5611'


# The upload

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
    send = client.transport.send   # the simulator's form, its action replaced
    monkeypatch.setattr(client.transport, 'send', lambda *a, **k: send(*a, **k).replace(
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


# The PTZ, read-only

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
