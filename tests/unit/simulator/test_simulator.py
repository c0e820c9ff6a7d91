# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's image check: it must reject what a real camera rejects."""

from __future__ import annotations

import base64
import io

import pytest
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
