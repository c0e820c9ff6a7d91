# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The upload form's parser and the multipart body (module_utils/_upload.py): no camera, no request."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.acti.camera.plugins.module_utils._errors import CameraProtocolError
from ansible_collections.acti.camera.plugins.module_utils._upload import (
    MultipartUploadBody,
    UploadFile,
    UploadForm,
    parse_upload_form,
)

CAPTURED_FORM = '''<html><head><title>UPLOAD FILES</title></head>
<meta http-equiv="PRAGMA" content="NO-CACHE"><body>
<form name="UPLOAD_FORM" method="POST" enctype="multipart/form-data" action="update?PTZ_IMAGE_SAVE">
PTZ_IMAGE : <input type="FILE" name="URL_PTZ_IMAGE" value="" size="40">
<br>
<input type="submit" value="Apply" name="URL_FIRMWARE_SUBMIT">
<input type="reset" value="Reset" name="URL_FIRMWARE_RESET">
<br>
</form></body></html>'''


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
