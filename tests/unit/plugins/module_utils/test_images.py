# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The firmware's own pieces (module_utils/_images.py): its version string, how two compare, its MD5 file, what the
camera's errors mean; then the decisions of acti.camera.firmware, through TASKS['firmware'].run against a fake camera.

Re-proves at the unit level (the decisions only, not the HTTP, the simulator or Ansible's display):
  tests/integration/test_firmware.py: the upgrade and its rerun, check mode and the diff, each refusal before the
  upload, the camera's ERROR explained and waited for, the downgrade refused and allowed, another device back at
  the address.
"""

from __future__ import annotations

import hashlib
import os
import re

import pytest
from fake_camera import FakeCamera, install, run, strings_of
from hypothesis import given, strategies as st

from ansible_collections.acti.camera.plugins.module_utils._connection import InvalidOption
from ansible_collections.acti.camera.plugins.module_utils._errors import CameraReplyError
from ansible_collections.acti.camera.plugins.module_utils._tasks import TaskContext
from ansible_collections.acti.camera.plugins.module_utils._images import (
    Firmware,
    FirmwareVersion,
    checked_md5_file,
    parse_firmware_version,
)
from ansible_collections.acti.camera.plugins.module_utils._upload import UploadForm

RUNNING = 'A1D-500-V6.13.17-AC'
NEW = 'A1D-500-V6.17.02-AC'
LOWER = 'A1D-500-V6.10.01-AC'
MAC = '00:0F:7C:0A:1B:2C'
IMAGE_BYTES = b'ACTIFW firmware A1D-500-V6.17.02-AC\n' + bytes(range(256)) * 64
OTHER_BYTES = b'ACTIFW firmware A1D-500-V6.10.01-AC\n' + bytes(range(256)) * 64
IMAGE_MD5 = hashlib.md5(IMAGE_BYTES).hexdigest()  # noqa: S324  the digest ACTi's MD5 file holds
OTHER_MD5 = hashlib.md5(OTHER_BYTES).hexdigest()  # noqa: S324
MEANINGS = {
    'ERROR: firmware image': ' (the image is corrupted, or it does not match its MD5 file: check both against the '
                             'vendor\'s)',
    'ERROR: firmware version': ' (the firmware is not for this model or platform)',
    'ERROR: firmware type': ' (the image\'s type (AC, NB) is not the camera\'s)',
}


def checked_md5_file_of(params):
    """checked_md5_file of these options, as a task's context gives them."""
    return checked_md5_file(TaskContext(params))


# -- the version string -------------------------------------------------------------------------------------------

@pytest.mark.parametrize('text, prefix, token, kind, numbers, series', [
    ('A1D-500-V6.17.02-AC', 'A1D-500', 'V6.17.02', 'AC', '6.17.02', 'V'),
    ('A1D-311-V5.08.06-AC', 'A1D-311', 'V5.08.06', 'AC', '5.08.06', 'V'),
    ('A1D-900-A2.08.03-AC', 'A1D-900', 'A2.08.03', 'AC', '2.08.03', 'A'),   # the A series: the letter is its own
    ('A1D-500-V6.17.02-NB', 'A1D-500', 'V6.17.02', 'NB', '6.17.02', 'V'),
    (' A1D-500-V6.17.02-AC\n', 'A1D-500', 'V6.17.02', 'AC', '6.17.02', 'V'),
    ('6.17.02', None, 'V6.17.02', None, '6.17.02', 'V'),                     # bare: a V-series version
    ('V6.17.02', None, 'V6.17.02', None, '6.17.02', 'V'),
    ('v6.17.02', None, 'v6.17.02', None, '6.17.02', 'V'),
    ('A1D-500-V6.17.02', 'A1D-500', 'V6.17.02', None, '6.17.02', 'V'),
    ('not a firmware', None, None, None, 'not a firmware', None),
    ('A1D-500-AC', None, None, None, 'A1D-500-AC', None),
    ('', None, None, None, '', None),
])
def test_a_firmware_string_splits_into_model_prefix_version_and_type(text, prefix, token, kind, numbers, series):
    parsed = parse_firmware_version(text)
    assert parsed == FirmwareVersion(text.strip(), prefix, token, kind)
    assert (parsed.numbers, parsed.series) == (numbers, series)


def test_no_firmware_string_parses_as_none():
    assert parse_firmware_version(None) is None


# -- the same firmware, a downgrade -------------------------------------------------------------------------------

@pytest.mark.parametrize('installed, target', [
    (NEW, NEW), (NEW, 'V6.17.02'), (NEW, '6.17.02'), (NEW, '6.17.2'), (NEW, 'v6.17.2'), ('V6.17.02', '6.17.2'),
    ('A1D-900-A2.08.03-AC', 'A2.08.03'), ('A1D-900-A2.08.03-AC', '2.08.3'),   # a bare target names no series
    ('A1D-500-V6.17.00-AC', 'V6.17')])
def test_the_same_firmware_written_another_way(installed, target):
    assert Firmware.same(installed, target)
    assert not Firmware.downgrade(installed, target)


@pytest.mark.parametrize('installed, target', [
    (NEW, 'V6.17.03'), (NEW, 'V6.13.17'), (NEW, LOWER), ('A1D-900-A2.08.03-AC', 'V2.08.03'),
    ('A1D-500-V2.08.03-AC', 'A1D-900-A2.08.03-AC'), (None, NEW), (NEW, None), ('not a firmware', NEW)])
def test_different_firmware(installed, target):
    assert not Firmware.same(installed, target)


@pytest.mark.parametrize('installed, target, down', [
    (RUNNING, NEW, False), (NEW, RUNNING, True), (NEW, 'V6.17.1', True), (NEW, '6.9.99', True),
    (NEW, 'V6.100', False), ('A1D-500-V6.17.10-AC', '6.17.9', True), (NEW, NEW, False),
    # Another series is neither above nor below: not a downgrade to refuse.
    ('A1D-900-A2.08.03-AC', 'V1.00.00', False), ('A1D-500-V6.17.02-AC', 'A1D-900-A2.08.03-AC', False),
    (None, LOWER, False), (NEW, None, False), ('not a firmware', LOWER, False)])
def test_a_downgrade_is_a_lower_version_of_the_same_series(installed, target, down):
    assert Firmware.downgrade(installed, target) is down


# -- the MD5 file -------------------------------------------------------------------------------------------------

@pytest.fixture
def src(tmp_path):
    path = tmp_path / ('%s.bin' % NEW)
    path.write_bytes(IMAGE_BYTES)
    return str(path)


def md5_file(tmp_path, content, name='image.md5'):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


@pytest.mark.parametrize('content', [
    '%s  A1D-500-V6.17.02-AC.bin\n' % IMAGE_MD5,           # as md5sum writes it
    '%s\n' % IMAGE_MD5.upper(),                            # a digest in capitals
    '%s' % IMAGE_MD5,                                      # no name, no newline
    'MD5 (A1D-500-V6.17.02-AC.bin) = %s\r\n' % IMAGE_MD5,  # as BSD's md5 writes it
])
def test_an_md5_file_with_the_images_digest_is_taken(tmp_path, src, content):
    assert checked_md5_file_of(dict(src=src, md5_src=md5_file(tmp_path, content))) == IMAGE_MD5


def test_no_md5_file_is_no_digest(src):
    assert checked_md5_file_of(dict(src=src, md5_src=None)) is None


def test_an_md5_file_of_another_image_names_both_digests(tmp_path, src):
    md5_src = md5_file(tmp_path, '%s  A1D-500-V6.10.01-AC.bin\n' % OTHER_MD5.upper())
    with pytest.raises(InvalidOption) as raised:
        checked_md5_file_of(dict(src=src, md5_src=md5_src))
    assert str(raised.value) == (
        'md5_src %s holds the MD5 %s, but src %s has MD5 %s: the MD5 file is another image\'s, and the camera would '
        'refuse the upload (ERROR: firmware image)' % (md5_src, OTHER_MD5, src, IMAGE_MD5))


@pytest.mark.parametrize('content', [
    '', 'no digest here\n', IMAGE_MD5[:31] + '\n', IMAGE_MD5 + 'a\n',   # 31 and 33 hexadecimal digits
    b'\xff\xfe' + IMAGE_BYTES[:64]])
def test_an_md5_file_without_a_digest_is_refused(tmp_path, src, content):
    md5_src = md5_file(tmp_path, content)
    with pytest.raises(InvalidOption, match=r'^md5_src %s holds no MD5 digest' % re.escape(md5_src)):
        checked_md5_file_of(dict(src=src, md5_src=md5_src))


def test_a_huge_md5_file_is_refused_without_reading_it_whole(tmp_path, src):
    # 2 GB (sparse) starting with the right digest: an image given as md5_src by mistake, not an MD5 file.
    md5_src = md5_file(tmp_path, '%s  A1D-500-V6.17.02-AC.bin\n' % IMAGE_MD5)
    os.truncate(md5_src, 2 * 1024 ** 3)
    with pytest.raises(InvalidOption, match='holds no MD5 digest'):
        checked_md5_file_of(dict(src=src, md5_src=md5_src))


@pytest.mark.parametrize('which', ['missing', 'directory'])
def test_an_md5_file_that_cannot_be_read_is_refused(tmp_path, src, which):
    md5_src = str(tmp_path / 'missing.md5') if which == 'missing' else str(tmp_path)
    with pytest.raises(InvalidOption, match=r'^cannot read md5_src %s: ' % re.escape(md5_src)):
        checked_md5_file_of(dict(src=src, md5_src=md5_src))


def test_an_src_that_cannot_be_read_is_refused_when_its_md5_is_checked(tmp_path):
    missing = str(tmp_path / 'missing.bin')
    with pytest.raises(InvalidOption, match=r'^cannot read src %s: ' % re.escape(missing)):
        checked_md5_file_of(dict(src=missing, md5_src=md5_file(tmp_path, IMAGE_MD5)))


# -- what the camera's errors mean --------------------------------------------------------------------------------

@pytest.mark.parametrize('reply', sorted(MEANINGS))
def test_each_firmware_error_is_explained(reply):
    assert Firmware.explain(reply) == MEANINGS[reply]
    assert Firmware.explain(reply.upper()) == MEANINGS[reply]   # whatever the case the camera writes it in


@pytest.mark.parametrize('reply', ['ERROR: flash busy', 'ERROR: firmware', 'ERROR:', 'OK', ''])
def test_another_reply_gets_no_meaning_made_up(reply):
    assert Firmware.explain(reply) == ''


# -- any text parses, quickly -------------------------------------------------------------------------------------

TOKEN = re.compile(r'^[VvAa]\d+(?:\.\d+)*\Z')
PIECES = st.sampled_from(['-', 'V', 'v', 'A', '1', '17', '.', '-V1', 'V1.', '1.', '-AC', 'A1D', ' ', 'x', '\n'])


def assert_consistent(text, parsed):
    """What any parse must hold, whatever TEXT is."""
    text = text.strip()
    assert parsed.text == text
    tokens = text.split('-')
    if parsed.token is None:
        assert parsed.prefix is None and parsed.type is None and parsed.series is None and parsed.numbers == text
        assert not any(TOKEN.match(token) for token in tokens)
        return
    assert TOKEN.match(parsed.token)
    assert parsed.series == parsed.token[0].upper() and parsed.token[1:] == parsed.numbers
    if parsed.token == 'V' + text:   # a bare version
        assert parsed.prefix is None and parsed.type is None
        return
    index = len(tokens) - 1 - tokens[::-1].index(parsed.token)   # the last version token
    assert not any(TOKEN.match(token) for token in tokens[index + 1:])
    assert parsed.prefix == ('-'.join(tokens[:index]) or None)
    assert parsed.type == ('-'.join(tokens[index + 1:]) or None)


@given(st.text())
def test_any_text_parses_without_raising(text):
    assert_consistent(text, parse_firmware_version(text))


@given(st.lists(PIECES, max_size=40), st.integers(1, 3000))
def test_long_repetitive_text_parses_without_raising(pieces, repeat):
    text = ''.join(pieces) * repeat
    assert_consistent(text, parse_firmware_version(text))


@pytest.mark.parametrize('text, token, kind', [
    ('-V1' * 34000, 'V1', None),                  # 100 KB: every token a version
    ('A1D-500-' + '1.' * 50000 + '1-AC', None, None),
    ('V' + '1.' * 50000 + '1', 'V' + '1.' * 50000 + '1', None),
    ('1.' * 50000, None, None),                   # no bare version: it ends with a dot
    ('A1D-500-V6.17.02-' + 'AC' * 50000, 'V6.17.02', 'AC' * 50000),
])
def test_long_text_parses_to_the_right_parts(text, token, kind):
    parsed = parse_firmware_version(text)
    assert (parsed.token, parsed.type) == (token, kind)
    assert_consistent(text, parsed)


# -- the decisions of acti.camera.firmware, against a fake camera -------------------------------------------------

FIRMWARE_FORM = UploadForm(action='update?FIRMWARE_SAVE', file_fields=('URL_FIRMWARE_IMAGE', 'URL_FIRMWARE_MD5'),
                           submit_field='URL_FIRMWARE_SUBMIT', submit_value='Apply',
                           fields=(('URL_FIRMWARE_IMAGE', None), ('URL_FIRMWARE_MD5', None),
                                   ('URL_FIRMWARE_SUBMIT', 'Apply')))


class FirmwareCamera(FakeCamera):
    """FakeCamera as the firmware task sees it: its version is SYSTEM_INFO's Firmware Version, which the reboot
    waits poll; an upload boots it into the image's firmware; ``mac_after_reboot`` is the MAC it reports then."""

    def __init__(self, firmware=RUNNING, image_firmware=NEW, platform='A', **settings):
        super().__init__(version=firmware, image_version=image_firmware, **settings)
        self.info.update({'Firmware Version': firmware, 'MAC Address': MAC})
        if platform is not None:
            self.info['Platform'] = platform
        self.form = FIRMWARE_FORM
        self.mac_after_reboot = None
        self.files = []

    def system_info(self, timeout=None):
        self.probe_timeouts.append(timeout)
        self._call('system_info', polled=True)
        return dict(self.info)

    def _boot(self):
        super()._boot()
        self.info['Firmware Version'] = self.version
        if self.mac_after_reboot:
            self.info['MAC Address'] = self.mac_after_reboot

    def post_upload(self, page, files, digest=None):
        self.files.append(list(files))
        return super().post_upload(page, files, digest)


@pytest.fixture
def camera(monkeypatch):
    """camera(**settings) -> a FirmwareCamera that _tasks now talks to."""
    return lambda **settings: install(monkeypatch, FirmwareCamera(**settings))


@pytest.fixture
def files(tmp_path):
    """The image, its MD5 file, and the MD5 file of another image."""
    image = tmp_path / ('%s.bin' % NEW)
    image.write_bytes(IMAGE_BYTES)
    (tmp_path / ('%s.md5' % NEW)).write_text('%s  %s.bin\n' % (IMAGE_MD5, NEW))
    (tmp_path / 'other.md5').write_text('%s  %s.bin\n' % (OTHER_MD5, LOWER))
    return dict(src=str(image), md5_src=str(tmp_path / ('%s.md5' % NEW)), other_md5=str(tmp_path / 'other.md5'))


def firmware(cam, files, check_mode=False, diff=False, **args):
    args.setdefault('version', NEW)
    args.setdefault('src', files['src'])
    args.setdefault('md5_src', files['md5_src'])
    return run('firmware', cam, check_mode=check_mode, diff=diff, **args)


UPLOAD_CALLS = ['system_info', 'ptz_vendor', 'upload_form', 'post_upload']


def test_an_upgrade_sends_the_image_and_its_md5_file_and_is_verified(camera, files):
    cam = camera()
    done = firmware(cam, files, diff=True)
    assert not done.failed, done.msg
    assert (done.outcome, done.result['changed'], done.result['rebooted']) == ('upgraded', True, True)
    assert (done.result['version_before'], done.result['version_after']) == (RUNNING, NEW)
    assert done.result['mac_address'] == '000f7c0a1b2c' and done.result['platform'] == 'A'
    assert done.result['ptz_check'] == 'ok' and done.result['device_reply'] == 'OK'
    assert done.result['diff'] == {'before': 'firmware_version: %s\n' % RUNNING,
                                   'after': 'firmware_version: %s\n' % NEW}
    assert cam.form_commands == ['FIRMWARE']
    (sent,) = cam.files
    assert [(each.path, each.filename) for each in sent] == [
        (files['src'], '%s.bin' % NEW), (files['md5_src'], '%s.md5' % NEW)]
    assert cam.methods[:4] == UPLOAD_CALLS and 'system_log' not in cam.methods
    assert 'save_config' not in cam.methods   # the camera saves its configuration itself


def test_a_camera_at_the_version_is_unchanged_with_one_read(camera, files):
    cam = camera(firmware=NEW)
    done = firmware(cam, files, version='V6.17.2')
    assert not done.failed and (done.outcome, done.result['changed']) == ('unchanged', False)
    assert done.msg == 'the camera already reports firmware version %s' % NEW
    assert cam.methods == ['system_info'] and cam.uploads == []


@pytest.mark.parametrize('installed, asked, outcome', [
    (RUNNING, NEW, 'would_upgrade'), (RUNNING, 'V6.17.02', 'would_upgrade'), (NEW, LOWER, 'would_downgrade')])
def test_check_mode_predicts_with_one_read(camera, files, installed, asked, outcome):
    cam = camera(firmware=installed)
    done = firmware(cam, files, check_mode=True, diff=True, version=asked, allow_downgrade=True)
    assert not done.failed and (done.outcome, done.result['changed']) == (outcome, True)
    assert done.result['diff'] == {
        'before': 'firmware_version: %s\n' % installed,
        'after': 'firmware_version: %s%s\n' % (asked, '  # a downgrade' if outcome == 'would_downgrade' else '')}
    assert cam.methods == ['system_info'] and cam.uploads == []


@pytest.mark.parametrize('platform, refused', [
    ('A', True), ('W', True), ('w', True), (None, True), ('', True), ('T', False), ('K', False), ('A1', True),
    ('PlatformA', True), ('PlatformT', False)])
def test_without_md5_src_only_a_camera_that_ignores_it_is_sent_the_image(camera, files, platform, refused):
    cam = camera(platform=platform)
    done = firmware(cam, files, md5_src=None)
    if refused:
        assert done.failed and (done.outcome, done.result['changed']) == ('invalid_input', False)
        assert 'give md5_src (the .md5 file shipped with the image); nothing was uploaded' in done.msg
        named = ('a Platform%s camera' % platform.upper().replace('PLATFORM', '') if platform
                 else 'of a platform its SYSTEM_INFO does not name')
        assert named in done.msg
        assert cam.methods == ['system_info'] and cam.uploads == []
    else:
        assert not done.failed and done.outcome == 'upgraded', done.msg
        (sent,) = cam.files
        assert [(each.path, each.filename) for each in sent] == [(files['src'], '%s.bin' % NEW), (None, '')]


def test_an_md5_file_of_another_image_fails_before_any_request(camera, files):
    cam = camera()
    done = firmware(cam, files, md5_src=files['other_md5'])
    assert done.failed and done.outcome == 'invalid_input'
    assert OTHER_MD5 in done.msg and IMAGE_MD5 in done.msg
    assert cam.methods == []


@pytest.mark.parametrize('asked, part', [('A1D-311-V6.17.02-AC', 'model A1D-311'), ('A1D-500-V6.17.02-NB', 'type NB'),
                                         ('a1d-311-V6.17.02-ac', 'model a1d-311')])
def test_a_firmware_for_another_model_or_type_is_refused_unless_forced(camera, files, asked, part):
    cam = camera()
    done = firmware(cam, files, version=asked)
    assert done.failed and done.outcome == 'invalid_input'
    assert done.msg.startswith('the firmware %s is for %s, but the camera at ' % (asked, part))
    assert cam.methods == ['system_info']
    forced = firmware(camera(), files, version=asked, force=True, check_mode=True)
    assert not forced.failed and forced.outcome == 'would_upgrade'


@pytest.mark.parametrize('asked', ['a1d-500-v6.17.02-ac', 'V6.17.02', '6.17.02'])
def test_the_same_model_and_type_in_other_case_or_unnamed_is_no_refusal(camera, files, asked):
    done = firmware(camera(), files, version=asked, check_mode=True)
    assert not done.failed and done.outcome == 'would_upgrade', done.msg


def test_a_downgrade_is_refused_with_one_read_unless_allowed(camera, files):
    cam = camera(firmware=NEW, image_firmware=LOWER)
    refused = firmware(cam, files, version=LOWER)
    assert refused.failed and refused.outcome == 'downgrade_refused'
    assert 'allow_downgrade=true' in refused.msg and cam.methods == ['system_info']
    allowed = firmware(cam, files, version=LOWER, allow_downgrade=True)
    assert not allowed.failed and allowed.outcome == 'downgraded', allowed.msg
    assert allowed.result['version_after'] == LOWER


@pytest.mark.parametrize('reply', sorted(MEANINGS) + ['ERROR: flash busy'])
def test_an_error_the_camera_answers_is_explained_and_the_reboot_waited_for(camera, files, reply):
    cam = camera()
    cam.verdict = CameraReplyError(reply)
    done = firmware(cam, files)
    assert done.failed and (done.outcome, done.result['device_reply']) == ('rejected', reply)
    assert done.msg == ('the camera rejected the image: %s%s; the camera rebooted and reports firmware version %s'
                        % (reply, MEANINGS.get(reply, ''), RUNNING))
    assert done.result['version_after'] == RUNNING and cam.boots == 2


def test_another_device_back_at_the_address_is_other_device(camera, files):
    cam = camera()
    cam.mac_after_reboot = '00:0F:7C:AB:CD:EF'
    done = firmware(cam, files)
    assert done.failed and done.outcome == 'other_device'
    assert 'its MAC Address is 000f7cabcdef, not 000f7c0a1b2c' in done.msg
    assert 'ptz_vendor_and_position' not in cam.methods   # the other device's PTZ says nothing of the camera's


def test_a_camera_without_a_firmware_version_is_unknown_unless_forced(camera, files):
    cam = camera()
    del cam.info['Firmware Version']
    done = firmware(cam, files)
    assert done.failed and (done.outcome, done.result['version_unknown']) == ('unknown_version', True)
    assert 'has no Firmware Version line' in done.msg and cam.methods == ['system_info']
    forced = firmware(cam, files, force=True, check_mode=True)
    assert not forced.failed and forced.outcome == 'would_upgrade'


def test_no_wait_ends_once_the_camera_answered_the_upload(camera, files):
    cam = camera()
    done = firmware(cam, files, wait=False)
    assert not done.failed and done.outcome == 'uploaded' and done.result['version_after'] is None
    assert cam.methods[-1] == 'post_upload'


def test_the_password_is_in_no_string_of_the_result(camera, files):
    secret = 'Fw-S3cret/&%+'
    cam = camera(password=secret)
    cam.verdict = CameraReplyError('ERROR: firmware image for PWD=%s' % secret)
    done = firmware(cam, files, password=secret)
    assert done.outcome == 'rejected'
    assert not [text for text in list(strings_of(done.result)) + done.lines() if secret in text]


def test_a_firmware_reboot_whose_outage_was_not_seen_is_proven_by_the_new_firmware(camera, files):
    # A reboot shorter than a poll, or seen late by a busy controller: the camera answers at once with another
    # firmware, which only a reboot installs. Without that proof the wait would last wait_timeout.
    cam = camera()
    cam.reboot_polls = 0
    done = firmware(cam, files, wait_timeout=600)
    assert (done.outcome, done.result['version_after']) == ('upgraded', NEW), done.msg
    assert cam.elapsed < 10


def test_a_firmware_for_another_model_or_type_is_never_the_same_firmware(camera, files):
    assert not Firmware.same('A1D-500-V6.17.02-AC', 'B2-V6.17.02-NB')
    assert not Firmware.same('A1D-500-V6.17.02-AC', 'A1D-500-V6.17.02-NB')
    assert Firmware.same('A1D-500-V6.17.02-AC', 'a1d-500-V6.17.2-ac')
    # Asked for the numbers it runs, but another model's image: refused, not reported unchanged.
    cam = camera(firmware=NEW)
    done = firmware(cam, files, version='B2-V6.17.02-NB')
    assert done.failed and done.outcome == 'invalid_input' and cam.uploads == [], done.msg


# -- wait_for_camera with image=firmware: the firmware role's verify ---------------------------------------------

def test_wait_for_camera_reads_the_firmware_back_and_compares_it_by_the_firmware_rule(camera):
    cam = camera()
    cam.reboot(NEW, polls=2)
    done = run('wait_for_camera', cam, image='firmware', version='V6.17.2', version_before=RUNNING)
    assert not done.failed, done.msg
    assert (done.outcome, done.result['firmware_version'], done.result['version_after']) == ('upgraded', NEW, NEW)
    assert 'ptz_image_version' not in done.result and 'system_log' not in cam.methods
    assert done.msg == 'the camera went down and is back after 4.0 s, reporting firmware version %s' % NEW
    assert done.progress[-1] == 'verified at firmware version %s' % NEW


def test_wait_for_camera_takes_another_firmware_than_before_for_a_reboot_it_did_not_see(camera):
    cam = camera()
    cam.reboot(NEW, polls=0)   # back before the first look
    done = run('wait_for_camera', cam, image='firmware', version=NEW, version_before=RUNNING)
    assert not done.failed and done.result['elapsed'] == 0, done.msg   # not down_timeout's 30 s
    assert done.msg == 'the camera has rebooted (another firmware than before) and reports firmware version %s' % NEW


def test_wait_for_camera_fails_a_camera_back_with_another_firmware_as_wrong_version(camera):
    cam = camera()
    done = run('wait_for_camera', cam, image='firmware', version=NEW, down_timeout=0)
    assert done.failed and done.outcome == 'wrong_version'
    assert done.msg == 'the camera reports firmware version %s, not %s' % (RUNNING, NEW)


def test_wait_for_camera_takes_a_version_before_written_short_for_the_firmware_the_camera_runs(camera):
    cam = camera()   # runs A1D-500-V6.13.17-AC, and never reboots
    done = run('wait_for_camera', cam, image='firmware', version_before='V6.13.17', wait_timeout=3)
    assert done.failed and done.outcome == 'not_back', done.msg   # not a reboot it did not make
    assert 'no other firmware' in done.msg
