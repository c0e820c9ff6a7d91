# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every decision of acti.camera.ptz_image, one rule a test, through TASKS['ptz_image'].run against a fake camera.

Re-proves at the unit level (the decisions only, not the HTTP, the simulator or Ansible's display):
  tests/integration/test_ptz_image.py: test_upgrade_is_verified_and_a_second_run_costs_one_request,
    test_check_mode_predicts_with_one_read_and_writes_nothing, test_diff_mode_shows_the_versions_read_back,
    test_force_uploads_the_same_version_again, test_force_without_version_accepts_what_the_camera_reports,
    test_no_wait_returns_unverified_while_the_camera_reboots, test_version_pattern_reads_a_log_line_the_default_does_not
    (its decision), test_an_unknown_version_uploads_nothing_unless_asked,
    test_a_camera_still_rebooting_when_the_task_starts_is_waited_for_and_not_sent_the_image_again,
    test_bad_input_fails_before_any_request.
  tests/integration/test_faults.py: the decisions of rebooting_at_start, gone_at_start, rotated_log(_upload),
    unknown_log_format, no_ptz, ptz_error_after_upload, ptz_vendor_lost/saved, no_ptz_vendor_command,
    encoder_first_command_only / one_command_per_url (the combined PTZ read), error_reply, corrupted,
    wrong_password, not_root, save_refused, never_returns, stays_old, drop_apply/discard/no_wait, no_file_field,
    http_404/500 (as the CameraProtocolError they raise), slow_outside_timeout (as a camera not answering);
    and test_the_fault_matrix_at_vvvv_never_prints_the_password (the redaction at Task.run).
  tests/integration/test_verdicts.py: test_a_rebooting_camera_that_answers_a_wrong_password_is_judged_at_once,
    test_a_downgrade_is_predicted_shown_and_reported_as_such,
    test_a_camera_that_does_not_answer_at_first_is_said_at_once_at_default_verbosity (the notice, once, first).
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, quote_plus

import pytest
from fake_camera import (
    ANSWER,
    NEVER,
    NO_COMMAND,
    PTZ_ERROR,
    VENDOR,
    FakeCamera,
    assert_fails,
    assert_ok,
    install,
    not_answering,
    ptz_line,
    run,
    strings_of,
    validated,
)

from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraNotAnswering,
    CameraProtocolError,
    CameraReplyError,
    ReplyTooSlow,
    UnrecognisedVerdict,
    UploadInterrupted,
)
from ansible_collections.acti.camera.plugins.module_utils._redaction import REDACTED
from ansible_collections.acti.camera.plugins.module_utils._tasks import UNVERIFIED_TLS_WARNING

IMAGE_BYTES = b'ACTi PTZ image 2.0.0\n' + bytes(range(256)) * 64
UPLOAD_READS = ['system_log', 'system_info', 'ptz_vendor', 'upload_form', 'post_upload']


@pytest.fixture
def image(tmp_path):
    path = tmp_path / 'ACTIPT-2.0.0.BIN'
    path.write_bytes(IMAGE_BYTES)
    return str(path)


@pytest.fixture
def camera(monkeypatch):
    """camera(**settings) -> a FakeCamera that _tasks now talks to."""
    return lambda **settings: install(monkeypatch, FakeCamera(**settings))


def ptz_image(cam, src, check_mode=False, diff=False, **args):
    args.setdefault('version', '2.0.0')
    return run('ptz_image', cam, check_mode=check_mode, diff=diff, src=src, **args)


# -- nothing to upload ------------------------------------------------------------------------------------------

@pytest.mark.parametrize('installed, asked', [
    ('2.0.0', '2.0.0'), ('2.0.0', 'V2.0.0'), ('v2.0.0', '2.0.0'), ('2.1-beta', '2.1-BETA')])
def test_a_camera_at_the_version_is_unchanged_with_one_read_and_nothing_sent(camera, image, installed, asked):
    cam = camera(version=installed)
    done = ptz_image(cam, image, version=asked)
    assert_ok(done, 'unchanged', False)
    assert done.result['version_before'] == done.result['version_after'] == installed
    assert done.result['rebooted'] is False and done.result['waited_for_boot'] == 0
    assert done.result['image_sha256'] == hashlib.sha256(IMAGE_BYTES).hexdigest()   # read from the file
    assert done.result['image_size'] == len(IMAGE_BYTES)
    assert done.msg == 'the camera already reports PTZ image version %s' % installed
    assert cam.methods == ['system_log'] and cam.uploads == []


def test_v1_2_0_asked_of_a_camera_at_1_2_is_unchanged(camera, image):
    cam = camera(version='1.2', image_version='V1.2.0')
    done = ptz_image(cam, image, version='V1.2.0')
    assert done.outcome == 'unchanged' and cam.uploads == []


def test_a_rerun_after_an_upgrade_is_unchanged_and_costs_one_read(camera, image):
    cam = camera()
    assert ptz_image(cam, image).outcome == 'upgraded'
    cam.calls.clear()
    again = ptz_image(cam, image)
    assert_ok(again, 'unchanged', False)
    assert again.result['version_before'] == again.result['version_after'] == '2.0.0'
    assert cam.methods == ['system_log'] and len(cam.uploads) == 1


# -- the upload -------------------------------------------------------------------------------------------------

def test_an_upgrade_is_uploaded_waited_for_verified_and_its_ptz_checked(camera, image):
    cam = camera()
    done = ptz_image(cam, image)
    assert_ok(done, 'upgraded', True)
    result = done.result
    assert (result['version_before'], result['version_after']) == ('1.0.0', '2.0.0')
    assert result['rebooted'] is True and result['device_reply'] == 'OK'
    assert result['ptz_check'] == 'ok' and result['ptz_vendor_before'] == result['ptz_vendor_after'] == VENDOR
    assert result['ptz_position'] == 'PAN=1200,TILT=300'
    assert result['image_sha256'] == hashlib.sha256(IMAGE_BYTES).hexdigest()   # hashed as it was sent
    assert result['ptz_log_entries'] == [ptz_line('1.0.0')]
    assert result['msg'] == ('uploaded the PTZ image (was 1.0.0); the camera rebooted and reports PTZ image version '
                             '2.0.0')
    # Read-only looks first, then the form and the POST; the log until it is back; both PTZ reads in one request.
    assert cam.methods == UPLOAD_READS + ['system_log'] * 3 + ['ptz_vendor_and_position']
    assert [upload['taken'] for upload in cam.uploads] == [True]
    assert result['elapsed'] == 4.0 and result['ended_at'] - result['started_at'] == 4.0   # two polls down
    assert done.progress[0].startswith('uploading %s (%d bytes' % (image, len(IMAGE_BYTES)))
    assert done.progress[-1] == 'verified at PTZ image version 2.0.0'
    assert done.warnings == [] and done.notices == []


def test_a_move_to_a_lower_version_is_downgraded(camera, image):
    cam = camera(version='2.0.0', image_version='1.0.0')
    done = ptz_image(cam, image, version='1.0.0', diff=True)
    assert_ok(done, 'downgraded', True)
    assert (done.result['version_before'], done.result['version_after']) == ('2.0.0', '1.0.0')
    assert done.result['diff']['after'] == 'ptz_image_version: 1.0.0  # a downgrade\n'


def test_save_config_saves_before_the_form_is_asked(camera, image):
    cam = camera()
    assert_ok(ptz_image(cam, image, save_config=True), 'upgraded', True)
    assert cam.methods[:5] == ['system_log', 'system_info', 'ptz_vendor', 'save_config', 'upload_form']


def test_force_uploads_the_same_version_again(camera, image):
    cam = camera(version='2.0.0')
    done = ptz_image(cam, image, force=True)
    assert_ok(done, 'upgraded', True)
    assert len(cam.uploads) == 1 and done.result['version_after'] == '2.0.0'


def test_force_without_a_version_accepts_the_version_read_back(camera, image):
    cam = camera()
    done = ptz_image(cam, image, version=None, force=True)
    assert_ok(done, 'upgraded', True)
    assert done.result['version_after'] == '2.0.0'


def test_force_without_a_version_to_a_lower_version_read_back_is_downgraded(camera, image):
    cam = camera(version='2.0.0', image_version='1.0.0')
    done = ptz_image(cam, image, version=None, force=True)
    assert done.result['version_after'] == '1.0.0'
    assert done.outcome == 'downgraded'


# -- check mode -------------------------------------------------------------------------------------------------

def test_check_mode_predicts_an_upgrade_with_one_read_and_sends_nothing(camera, image):
    cam = camera()
    done = ptz_image(cam, image, check_mode=True, diff=True)
    assert_ok(done, 'would_upgrade', True)
    assert done.result['version_after'] is None and done.result['rebooted'] is False
    assert done.msg == 'would upload %s to the camera (it reports PTZ image version 1.0.0)' % image
    assert done.result['diff'] == {'before': 'ptz_image_version: 1.0.0\n', 'after': 'ptz_image_version: 2.0.0\n'}
    assert cam.methods == ['system_log'] and cam.uploads == []


def test_check_mode_names_a_downgrade(camera, image):
    cam = camera(version='2.0.0')
    done = ptz_image(cam, image, version='1.0.0', check_mode=True, diff=True)
    assert_ok(done, 'would_downgrade', True)
    assert done.msg.endswith('(it reports PTZ image version 2.0.0: a downgrade)')
    assert done.result['diff']['after'] == 'ptz_image_version: 1.0.0  # a downgrade\n'
    assert cam.methods == ['system_log'] and cam.uploads == []


def test_check_mode_at_the_version_is_unchanged(camera, image):
    cam = camera(version='2.0.0')
    assert_ok(ptz_image(cam, image, check_mode=True), 'unchanged', False)
    assert cam.uploads == []


# -- the diff ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize('installed, check_mode, after', [
    ('1.0.0', False, 'ptz_image_version: 2.0.0\n'),   # read back
    ('1.0.0', True, 'ptz_image_version: 2.0.0\n'),    # predicted
    ('2.0.0', False, 'ptz_image_version: 2.0.0\n'),   # unchanged
])
def test_the_diff_shows_the_version_before_and_after(camera, image, installed, check_mode, after):
    done = ptz_image(camera(version=installed), image, check_mode=check_mode, diff=True)
    assert done.result['diff'] == {'before': 'ptz_image_version: %s\n' % installed, 'after': after}


def test_no_diff_without_diff_mode(camera, image):
    assert 'diff' not in ptz_image(camera(), image).result


def test_the_diff_after_a_wrong_version_shows_the_version_read_back(camera, image):
    cam = camera()
    cam.boots_into = '1.0.0'
    done = ptz_image(cam, image, diff=True)
    assert done.result['diff'] == {'before': 'ptz_image_version: 1.0.0\n', 'after': 'ptz_image_version: 1.0.0\n'}


# -- wait=false, and uploads without a verdict ------------------------------------------------------------------

def test_without_wait_an_ok_is_uploaded_and_not_read_back(camera, image):
    cam = camera()
    done = ptz_image(cam, image, wait=False)
    assert_ok(done, 'uploaded', True)
    assert done.result['version_after'] is None and done.result['rebooted'] is True
    assert done.result['device_reply'] == 'OK' and 'not read back' in done.msg
    assert cam.methods == UPLOAD_READS and len(cam.uploads) == 1


@pytest.mark.parametrize('verdict', [
    UploadInterrupted('no reply from the camera at 192.0.2.10:80: [Errno 104] Connection reset by peer'),
    UnrecognisedVerdict("the camera at 192.0.2.10:80 answered the upload with 'Done', neither OK nor ERROR",
                        "'Done'"),
])
def test_without_wait_an_upload_without_a_verdict_fails_no_verdict(camera, image, verdict):
    cam = camera()
    cam.verdict = verdict
    done = ptz_image(cam, image, wait=False)
    assert_fails(done, 'no_verdict', changed=True)
    assert 'unknown' in done.msg and str(verdict) in done.msg
    assert done.result['rebooted'] is True and cam.methods == UPLOAD_READS


@pytest.mark.parametrize('taken, outcome, after', [(True, 'upgraded', '2.0.0'), (False, 'wrong_version', '1.0.0')])
def test_with_wait_and_a_version_the_version_read_back_decides_an_upload_cut_off(camera, image, taken, outcome,
                                                                                 after):
    cam = camera()
    cam.verdict, cam.takes_image = UploadInterrupted('no reply: [Errno 104] Connection reset by peer'), taken
    done = ptz_image(cam, image)
    assert done.outcome == outcome and done.failed is (not taken)
    assert done.result['version_after'] == after and done.result['device_reply'] is None
    assert done.warnings == ['the upload was cut off (no reply: [Errno 104] Connection reset by peer); the version '
                             'read back after the reboot decides']
    assert done.result['image_sha256'] == hashlib.sha256(IMAGE_BYTES).hexdigest()   # read again where cut off


def test_with_wait_and_no_version_an_upload_without_a_verdict_stays_no_verdict_with_the_version_read_back(
        camera, image):
    cam = camera()
    cam.verdict = UnrecognisedVerdict("answered 'Done'", "'Done'")
    done = ptz_image(cam, image, version=None, force=True)
    assert_fails(done, 'no_verdict', changed=True)
    assert done.result['version_after'] == '2.0.0' and 'reports PTZ image version 2.0.0' in done.msg
    assert 'no version was given to check it by' in done.msg


# -- the camera's verdict, and what comes back ------------------------------------------------------------------

def test_an_error_verdict_is_rejected_verbatim_after_the_camera_is_waited_for(camera, image):
    cam = camera()
    cam.verdict = CameraReplyError('ERROR: internal error flash write')
    done = ptz_image(cam, image)
    assert_fails(done, 'rejected', changed=True)
    assert done.result['device_reply'] == 'ERROR: internal error flash write'
    assert 'ERROR: internal error flash write' in done.msg
    assert done.result['version_after'] == '1.0.0' and done.result['rebooted'] is True
    assert cam.calls_after('post_upload').count('system_log') == 3   # waited for: down twice, then back
    assert [upload['taken'] for upload in cam.uploads] == [False]


def test_an_error_verdict_without_wait_is_rejected_at_once(camera, image):
    cam = camera()
    cam.verdict = CameraReplyError('ERROR: PTZ Image')
    done = ptz_image(cam, image, wait=False)
    assert_fails(done, 'rejected', changed=True)
    assert done.result['device_reply'] == 'ERROR: PTZ Image' and 'the camera is rebooting' in done.msg
    assert cam.methods == UPLOAD_READS


def test_a_rejected_image_whose_camera_never_returns_stays_rejected(camera, image):
    cam = camera()
    cam.verdict, cam.reboot_polls = CameraReplyError('ERROR: PTZ Image'), NEVER
    done = ptz_image(cam, image, wait_timeout=6)
    assert_fails(done, 'rejected', changed=True)
    assert done.result['rebooted'] is False and 'was not back from its reboot after 6 s' in done.msg


def test_a_camera_that_never_returns_is_not_back_after_wait_timeout(camera, image):
    cam = camera()
    cam.reboot_polls = NEVER
    done = ptz_image(cam, image, wait_timeout=6)
    assert_fails(done, 'not_back', changed=True)
    assert done.result['rebooted'] is False and done.result['version_after'] is None
    assert 'was not back from its reboot after 6 s' in done.msg and 'last seen: no reply' in done.msg
    assert cam.elapsed == 6 and done.result['elapsed'] == 6


@pytest.mark.parametrize('back_with', ['1.0.0', '3.0.0', '2.0.0-beta'])
def test_a_camera_back_with_another_version_is_wrong_version(camera, image, back_with):
    cam = camera()
    cam.boots_into = back_with
    done = ptz_image(cam, image)
    assert_fails(done, 'wrong_version', changed=True)
    assert done.result['version_after'] == back_with
    assert done.msg.endswith('reports PTZ image version %s, not 2.0.0' % back_with)
    assert 'ptz_vendor_and_position' not in cam.methods   # no PTZ check of a wrong version


def test_a_ptz_line_rotating_out_of_the_log_before_the_reboot_is_no_proof_of_it(camera, image):
    cam = camera(log_capacity=3)
    cam.logs_on_upload = ['2026-03-01 09:00:00 firmware upload received', '2026-03-01 09:00:01 rebooting']
    cam.answers_before_down = 1   # it still answers one poll before it goes down
    done = ptz_image(cam, image)
    assert done.outcome == 'upgraded', done.msg


# -- the PTZ check ----------------------------------------------------------------------------------------------

def test_a_ptz_vendor_changed_by_the_reboot_is_ptz_failed_naming_both(camera, image):
    cam = camera(vendor='SONY,VISCA')
    cam.vendor_after_reboot = VENDOR
    done = ptz_image(cam, image)
    assert_fails(done, 'ptz_failed', changed=True)
    assert done.result['ptz_check'] == 'failed' and done.result['version_after'] == '2.0.0'
    assert (done.result['ptz_vendor_before'], done.result['ptz_vendor_after']) == ('SONY,VISCA', VENDOR)
    assert done.result['ptz_position'] == 'PAN=1200,TILT=300'
    assert ('reports the PTZ vendor and protocol ACTI,ACTI where it reported SONY,VISCA before the upload'
            in done.msg) and 'save_config=true keeps it' in done.msg


def test_a_vendor_in_another_letter_case_is_the_same_vendor(camera, image):
    cam = camera(vendor='Sony,Visca')
    cam.vendor_after_reboot = 'SONY,VISCA'
    assert_ok(ptz_image(cam, image), 'upgraded', True)


def test_a_ptz_that_answers_error_after_the_reboot_is_ptz_failed_with_each_reply(camera, image):
    cam = camera()
    cam.ptz_error_after_reboot = PTZ_ERROR
    done = ptz_image(cam, image)
    assert_fails(done, 'ptz_failed', changed=True)
    assert done.result['ptz_vendor_after'] is None and done.result['ptz_position'] is None
    assert done.msg == (
        'after the upload the camera rebooted and reports PTZ image version 2.0.0, but its PTZ answers PTZ_VENDOR '
        'with ERROR: internal error PTZ not responding and answers POSITION_GET with ERROR: internal error PTZ not '
        'responding')
    assert cam.calls_after('post_upload')[-3:] == ['ptz_vendor_and_position', 'ptz_vendor', 'ptz_position']


def test_a_camera_that_does_not_answer_both_ptz_reads_in_one_request_is_asked_each_alone(camera, image):
    cam = camera()
    cam.combined_reads = False
    done = ptz_image(cam, image)
    assert_ok(done, 'upgraded', True)
    assert done.result['ptz_check'] == 'ok' and done.result['ptz_position'] == 'PAN=1200,TILT=300'
    assert cam.calls_after('post_upload')[-3:] == ['ptz_vendor_and_position', 'ptz_vendor', 'ptz_position']


def test_a_combined_ptz_read_that_fails_is_asked_again_command_by_command(camera, image):
    cam = camera()
    cam.then('ptz_vendor_and_position', CameraProtocolError('answered HTTP 500'))
    done = ptz_image(cam, image)
    assert_ok(done, 'upgraded', True)
    assert (done.result['ptz_check'], done.result['ptz_vendor_after']) == ('ok', VENDOR)
    assert cam.calls_after('post_upload')[-3:] == ['ptz_vendor_and_position', 'ptz_vendor', 'ptz_position']


@pytest.mark.parametrize('vendor_reply', [
    CameraReplyError(NO_COMMAND), CameraProtocolError("the camera answered PTZ_VENDOR with 'x', not PTZ_VENDOR='...'")])
def test_a_camera_that_cannot_tell_its_vendor_is_upgraded_with_the_ptz_check_skipped_and_a_warning(
        camera, image, vendor_reply):
    cam = camera()
    cam.then('ptz_vendor', vendor_reply)
    done = ptz_image(cam, image)
    assert_ok(done, 'upgraded', True)
    assert done.result['ptz_check'] == 'skipped' and done.result['ptz_vendor_before'] is None
    assert done.warnings == ['the camera at 192.0.2.10:80 answers PTZ_VENDOR with %s: the PTZ check after the reboot '
                             'is skipped for it' % vendor_reply]
    assert cam.count('ptz_vendor') == 1 and 'ptz_vendor_and_position' not in cam.methods


def test_ptz_check_false_reads_no_vendor(camera, image):
    cam = camera()
    done = ptz_image(cam, image, ptz_check=False)
    assert_ok(done, 'upgraded', True)
    assert done.result['ptz_check'] is None
    assert 'ptz_vendor' not in cam.methods and 'ptz_vendor_and_position' not in cam.methods


def test_a_camera_without_a_ptz_is_no_ptz_with_nothing_sent(camera, image):
    cam = camera(ptz_image='NONE')
    done = ptz_image(cam, image)
    assert_fails(done, 'no_ptz')
    assert 'has no PTZ (its SYSTEM_INFO reports PTZ_IMAGE = NONE), so nothing was uploaded' in done.msg
    assert cam.methods == ['system_log', 'system_info'] and cam.uploads == []


def test_a_system_info_without_ptz_image_is_not_taken_for_no_ptz(camera, image):
    cam = camera(ptz_image=None)
    assert_ok(ptz_image(cam, image), 'upgraded', True)


def test_the_warnings_of_reading_the_log_before_and_after_the_reboot_are_passed_on(camera, image):
    cam = camera(log=['PTZ Image Version 0.9', 'PTZ Image Version 1.0.0'])   # no timestamps: direction unknown
    cam.timestamps = False
    done = ptz_image(cam, image)
    assert_ok(done, 'upgraded', True)
    assert done.result['version_before'] == '1.0.0' and done.result['version_after'] == '2.0.0'
    assert [w.split(';')[0] for w in done.warnings] == [
        'The system log holds several PTZ image versions and no timestamps that tell its direction'] * 2


# -- an unknown installed version -------------------------------------------------------------------------------

ROTATED = ['2026-03-01 09:00:%02d motion detected' % second for second in range(10)]
OWN_FORMAT = ['2026-11-01 10:00:00 Bootloader Version 118', '2026-11-01 10:00:01 PTZ_LIB: rev 1.0.0']


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_log_without_a_version_is_unknown_version_and_nothing_is_sent(camera, image, check_mode):
    cam = camera(version='2.0.0', log=ROTATED)
    done = ptz_image(cam, image, check_mode=check_mode)
    assert_fails(done, 'unknown_version')
    assert done.result['version_unknown'] is True and done.result['version_before'] is None
    assert 'installed PTZ image version of the camera at 192.0.2.10:80 is unknown' in done.msg
    assert 'rotated out of the log' in done.msg and 'Log lines that mention PTZ: none' in done.msg
    assert cam.methods == ['system_log'] and cam.uploads == []


def test_a_ptz_line_in_another_form_is_quoted_and_a_version_pattern_reads_it(camera, image):
    cam = camera(log=OWN_FORMAT)
    done = ptz_image(cam, image)
    assert_fails(done, 'unknown_version')
    assert done.result['ptz_log_mentions'] == [OWN_FORMAT[1]] and repr(OWN_FORMAT[1]) in done.msg
    cam = camera(version='2.0.0', log=OWN_FORMAT[:1] + ['2026-11-01 10:00:01 PTZ_LIB: rev 2.0.0'])
    done = ptz_image(cam, image, version_pattern=r'PTZ_LIB: rev (?P<version>\S+)')
    assert_ok(done, 'unchanged', False)


@pytest.mark.parametrize('option, warned', [({'on_unknown_version': 'upload'}, True), ({'force': True}, False)])
def test_an_unknown_version_is_uploaded_when_asked(camera, image, option, warned):
    cam = camera(version='2.0.0', log=ROTATED)
    done = ptz_image(cam, image, **option)
    assert_ok(done, 'upgraded', True)
    assert done.result['version_unknown'] is warned and done.result['version_after'] == '2.0.0'
    assert any(w.startswith('the installed PTZ image version is unknown') for w in done.warnings) is warned
    assert len(cam.uploads) == 1


# -- the camera answers an error, step by step ------------------------------------------------------------------

@pytest.mark.parametrize('method, error, message, calls', [
    ('system_log', CameraReplyError('ERROR: bad account/password'),
     'cannot read the system log of the camera at 192.0.2.10:80: ERROR: bad account/password', ['system_log']),
    ('system_log', CameraProtocolError('the camera at 192.0.2.10:80 answered HTTP 404 Not Found, which ACTi cameras '
                                       'do not send (is another web server on that port?)'),
     'answered HTTP 404 Not Found', ['system_log']),
    ('system_info', CameraReplyError('ERROR: bad account/password'),
     'cannot read the camera at 192.0.2.10:80 before the upload, so nothing was uploaded: ERROR: bad account/password',
     ['system_log', 'system_info']),
    ('ptz_vendor', not_answering(),
     'cannot read the camera at 192.0.2.10:80 before the upload, so nothing was uploaded: no reply',
     ['system_log', 'system_info', 'ptz_vendor']),
    ('upload_form', CameraProtocolError('the camera\'s upload page holds no form with a file input'),
     'did not send its upload form, so nothing was uploaded: the camera\'s upload page holds no form with a file',
     UPLOAD_READS[:-1]),
])
def test_an_error_before_the_upload_is_camera_error_with_nothing_sent(camera, image, method, error, message, calls):
    cam = camera()
    cam.then(method, error)
    done = ptz_image(cam, image)
    assert_fails(done, 'camera_error')
    assert message in done.msg
    assert cam.methods == calls and cam.uploads == []


@pytest.mark.parametrize('save_config, step', [(True, 'save_config'), (False, 'upload_form')])
def test_a_refused_save_or_form_is_camera_error_with_the_reply_and_nothing_sent(camera, image, save_config, step):
    cam = camera()
    cam.then(step, CameraReplyError('ERROR: not authorized'))
    done = ptz_image(cam, image, save_config=save_config)
    assert_fails(done, 'camera_error')
    assert done.result['device_reply'] == 'ERROR: not authorized'
    what = 'save its configuration (save_config)' if save_config else 'send its upload form'
    assert 'did not %s, so nothing was uploaded: ERROR: not authorized' % what in done.msg
    assert 'post_upload' not in cam.methods and cam.methods[-1] == step


def test_a_camera_that_answers_error_after_the_upload_is_camera_error_at_once(camera, image):
    cam = camera()
    cam.then('system_log', ANSWER, not_answering(), CameraReplyError('ERROR: bad account/password'))
    done = ptz_image(cam, image)
    assert_fails(done, 'camera_error', changed=True)
    assert done.msg == 'after the upload the camera at 192.0.2.10:80 answers ERROR: bad account/password'
    assert cam.calls_after('post_upload') == ['system_log', 'system_log'] and cam.elapsed == 2


def test_a_protocol_error_after_the_upload_ends_the_wait_at_once(camera, image):
    cam = camera()
    cam.then('system_log', ANSWER, CameraProtocolError('answered HTTP 500 Internal Server Error'))
    done = ptz_image(cam, image)
    assert_fails(done, 'camera_error', changed=True)
    assert 'answered HTTP 500 Internal Server Error' in done.msg and cam.elapsed == 0


@pytest.mark.parametrize('wait, tail', [(True, 'the camera rebooted and reports PTZ image version 2.0.0'),
                                        (False, 'the camera is rebooting')])
def test_an_upload_answered_with_a_protocol_error_is_camera_error(camera, image, wait, tail):
    cam = camera()
    cam.verdict, cam.takes_image = CameraProtocolError('answered HTTP 500 Internal Server Error'), True
    done = ptz_image(cam, image, wait=wait)
    assert_fails(done, 'camera_error', changed=True)
    assert done.msg.startswith('answered HTTP 500 Internal Server Error') and done.msg.endswith(tail)


# -- options that cannot serve ----------------------------------------------------------------------------------

@pytest.mark.parametrize('options, message', [
    (dict(src='missing.bin'), 'does not exist'),
    (dict(src='.'), 'is not a regular file'),
    (dict(src='empty.bin'), 'is empty'),
    (dict(sha256='0' * 64), 'not the expected ' + '0' * 64),
    (dict(sha256='xyz'), '64 hexadecimal digits'),
    (dict(wait_timeout=0), 'wait_timeout must be a positive number of seconds, got 0'),
    (dict(poll_interval=-1), 'poll_interval must be a positive number of seconds, got -1'),
    (dict(boot_timeout=-1), 'boot_timeout must be zero or more seconds, got -1'),
    (dict(version_pattern='PTZ (?P<version>'), 'not a valid regular expression'),
    (dict(version_pattern=r'PTZ (\S+)'), 'named group "version"'),
    (dict(host='http://192.0.2.10'), 'without scheme'),
    (dict(host='192.0.2.10:8080'), 'put it in the port option'),
    (dict(host='192.0.2.10/cgi-bin'), 'without scheme, credentials or path'),
    (dict(timeout=0), 'timeout must be a positive'),
    (dict(port=70000), 'between 1 and 65535'),
    (dict(ca_path='image'), 'only used with use_ssl'),
    (dict(max_log_bytes=0), 'max_log_bytes must be a positive number of bytes'),
])
def test_options_that_cannot_serve_are_invalid_input_before_any_request(camera, image, tmp_path, options, message):
    cam = camera()
    (tmp_path / 'empty.bin').write_bytes(b'')
    for name in ('src', 'ca_path'):
        if name in options:
            options[name] = image if options[name] == 'image' else str(tmp_path / options[name])
    done = ptz_image(cam, options.pop('src', image), **options)
    assert done.failed and not done.unreachable and done.outcome == 'invalid_input'
    assert message in done.msg
    assert cam.calls == []


@pytest.mark.parametrize('args, message', [
    (dict(version='2.0.0'), 'missing required arguments: src'),
    (dict(src='image.bin'), 'missing: version'),
])
def test_a_missing_src_or_version_is_refused_by_the_argument_spec(args, message):
    _params, errors = validated('ptz_image', **args)
    assert any(message in error for error in errors), errors


def test_an_src_that_cannot_be_read_for_its_sha256_is_invalid_input(camera, image):
    def unreadable(_path, _algorithm='sha256'):
        raise PermissionError(13, 'Permission denied')

    cam = camera()
    done = ptz_image(cam, image, sha256='0' * 64, hasher=unreadable)
    assert done.failed and done.outcome == 'invalid_input'
    assert done.msg == 'cannot read src %s: Permission denied' % image and cam.calls == []


def test_a_sha256_in_capitals_with_blanks_is_checked_and_kept(camera, image):
    digest = hashlib.sha256(IMAGE_BYTES).hexdigest()
    done = ptz_image(camera(), image, sha256=' %s ' % digest.upper())
    assert_ok(done, 'upgraded', True)
    assert done.result['image_sha256'] == digest


def test_unverified_tls_is_warned_once_a_task(camera, image):
    done = ptz_image(camera(), image, use_ssl=True, validate_certs=False)
    assert_ok(done, 'upgraded', True)
    assert [w for w in done.warnings if w.startswith('validate_certs=false')] == [UNVERIFIED_TLS_WARNING]
    assert ptz_image(camera(), image, use_ssl=True).warnings == []


# -- a camera that does not answer at first (boot_timeout) ------------------------------------------------------

def test_a_camera_rebooting_into_the_version_is_waited_for_verified_and_not_sent_the_image(camera, image):
    cam = camera()
    cam.reboot('2.0.0', polls=3)   # an earlier run's upload: down for the first look and two polls
    done = ptz_image(cam, image, boot_timeout=30)
    assert_ok(done, 'verified', False)
    assert done.result['waited_for_boot'] == 4.0 and done.result['version_after'] == '2.0.0'
    assert done.msg != 'the camera already reports PTZ image version 2.0.0'   # the note says it waited ...
    assert re.search(r'\b4(\.0)? s\b', done.msg) and '2.0.0' in done.msg     # ... how long, and the version
    assert cam.uploads == []


def test_a_camera_rebooting_into_an_old_version_is_waited_for_then_upgraded(camera, image):
    cam = camera()
    cam.reboot(polls=3)
    done = ptz_image(cam, image, boot_timeout=30)
    assert_ok(done, 'upgraded', True)
    assert done.result['waited_for_boot'] == 4.0 and len(cam.uploads) == 1


def test_an_upgrade_after_waiting_for_the_camera_says_it_waited(camera, image):
    cam = camera()
    cam.reboot(polls=3)
    done = ptz_image(cam, image, boot_timeout=30)
    assert re.search(r'\b4(\.0)? s\b', done.msg), done.msg


def test_a_failure_after_waiting_for_the_camera_says_it_waited_too(camera, image):
    cam = camera()
    cam.reboot(polls=3)
    cam.verdict = CameraReplyError('ERROR: PTZ Image')
    done = ptz_image(cam, image, boot_timeout=30)
    assert_fails(done, 'rejected', changed=True)
    assert done.msg.startswith('the camera did not answer at first (rebooting from an earlier run?) and answered '
                               'after 4 s; the camera rejected the image: ERROR: PTZ Image'), done.msg


def test_check_mode_waits_for_a_rebooting_camera_too(camera, image):
    cam = camera()
    cam.reboot(polls=3)
    done = ptz_image(cam, image, boot_timeout=30, check_mode=True)
    assert_ok(done, 'would_upgrade', True)
    assert done.result['waited_for_boot'] == 4.0 and cam.uploads == []


def test_the_notice_is_given_once_at_the_start_of_the_wait(camera, image):
    cam = camera()
    cam.reboot('2.0.0', polls=3)
    done = ptz_image(cam, image, boot_timeout=30)
    assert len(done.notices) == 1
    assert done.notice_times == [(cam.calls[0][1], 1)]   # after the first look, before the first poll of the wait
    assert 'no reply' in done.notices[0] and 'boot_timeout' in done.notices[0] and '30 s' in done.notices[0]
    assert done.progress[0].startswith('answers after 4.0 s')


def test_boot_timeout_zero_finds_a_silent_camera_unreachable_at_once(camera, image):
    cam = camera()
    cam.reboot(polls=NEVER)
    done = ptz_image(cam, image, boot_timeout=0)
    assert done.failed and done.unreachable and done.outcome == 'unreachable'
    assert 'no reply' in done.msg and '192.0.2.10:80' in done.msg
    assert cam.methods == ['system_log'] and cam.elapsed == 0 and done.notices == []


def test_a_camera_that_never_answers_is_unreachable_after_boot_timeout(camera, image):
    cam = camera()
    cam.reboot(polls=NEVER)
    done = ptz_image(cam, image, boot_timeout=10)
    assert done.failed and done.unreachable and done.outcome == 'unreachable'
    assert done.result['changed'] is False and cam.uploads == []
    assert 'boot_timeout (10 s)' in done.msg and 'no reply' in done.msg
    assert cam.elapsed == 10 and done.result['elapsed'] == 10 and len(done.notices) == 1
    assert done.progress == ['gave up after 10 s; last seen: %s' % not_answering()]


def test_a_camera_that_answers_error_after_not_answering_is_camera_error_at_once(camera, image):
    cam = camera()
    cam.then('system_log', not_answering(), not_answering(), CameraReplyError('ERROR: bad account/password'))
    done = ptz_image(cam, image, boot_timeout=120)
    assert_fails(done, 'camera_error')
    assert done.msg.endswith('ERROR: bad account/password') and '192.0.2.10:80' in done.msg
    assert re.search(r'\b2 s\b', done.msg) and cam.elapsed == 2 and cam.uploads == []


def test_a_camera_too_slow_to_answer_for_all_of_boot_timeout_is_camera_error_not_unreachable(camera, image):
    cam = camera()
    cam.then('system_log', not_answering(), *[ReplyTooSlow('its reply was not complete within timeout')] * 10)
    done = ptz_image(cam, image, boot_timeout=6)
    assert_fails(done, 'camera_error')
    assert 'boot_timeout (6 s)' in done.msg and 'not complete within timeout' in done.msg


# -- secrets ----------------------------------------------------------------------------------------------------

SECRET = 'pa$$ word/&?'
FORMS = (SECRET, quote(SECRET, safe=''), quote(SECRET), quote_plus(SECRET))


def _leaky(cam):
    """A careless client: it quotes the password, in each of its forms, in what it returns and raises."""
    cam.redact = str
    cam.add_log('2026-03-01 08:00:04 PTZ link up for Admin:%s (PWD=%s)' % (SECRET, quote(SECRET, safe='')))


SCENARIOS = {
    'upgraded': (lambda cam: None, {}),
    'rejected': (lambda cam: setattr(cam, 'verdict', CameraReplyError('ERROR: refused USER=Admin&PWD=%s %s'
                                                                      % (quote_plus(SECRET), SECRET))), {}),
    'boot_wait': (lambda cam: cam.then('system_log', *[CameraNotAnswering('no reply from %s?PWD=%s (%s)'
                                                                          % (cam.address, quote(SECRET), SECRET))] * 3),
                  dict(boot_timeout=30)),
    'unreachable': (lambda cam: cam.then('system_log', *[CameraNotAnswering('no reply (%s)' % SECRET)] * 9),
                    dict(boot_timeout=4)),
    'unknown_version': (lambda cam: setattr(cam, 'log', ['PTZ lib for %s: rev 2' % SECRET]), {}),
    'vendor_warning': (lambda cam: cam.then('ptz_vendor', CameraReplyError('ERROR: %s' % SECRET)), {}),
    'system_info': (lambda cam: cam.then('system_info', CameraProtocolError('HTTP 500 for %s' % quote(SECRET))), {}),
    'not_back': (lambda cam: setattr(cam, 'reboot_polls', NEVER), dict(wait_timeout=4)),
    'vendor_lost': (lambda cam: setattr(cam, 'vendor_after_reboot', 'SONY,%s' % SECRET), {}),
    'bad_host': (lambda cam: None, dict(host='cam/%s' % SECRET)),
}


@pytest.mark.parametrize('scenario', sorted(SCENARIOS))
def test_no_result_warning_progress_or_notice_holds_the_password(camera, image, scenario):
    cam = camera(password=SECRET)
    _leaky(cam)
    act, options = SCENARIOS[scenario]
    act(cam)
    done = ptz_image(cam, image, password=SECRET, diff=True, **options)
    said = list(strings_of(done.result)) + done.lines()
    assert [text for text in said if any(form in text for form in FORMS)] == []
    assert any(REDACTED in text for text in said), said   # the password was there to redact


# The camera's identity: the device back at the address after the reboot must be the one that took the upload.

def _another_device_after_the_upload(cam, mac='00:0F:7C:99:99:99'):
    upload = cam.post_upload

    def post_upload(*args, **kwargs):
        try:
            return upload(*args, **kwargs)
        finally:
            cam.info['MAC Address'] = mac
    cam.post_upload = post_upload


def test_another_device_at_the_address_after_the_reboot_is_other_device_never_upgraded(camera, image):
    cam = camera()
    cam.info['MAC Address'] = '00:0F:7C:00:1F:91'
    _another_device_after_the_upload(cam)
    done = ptz_image(cam, image)
    assert_fails(done, 'other_device', changed=True)
    assert done.result['mac_address'] == '000f7c001f91'
    assert 'its MAC Address is 000f7c999999, not 000f7c001f91' in done.msg
    assert cam.calls_after('post_upload').count('system_info') == 1


def test_the_same_camera_back_is_upgraded_and_one_without_a_mac_address_is_not_checked(camera, image):
    cam = camera()
    cam.info['MAC Address'] = '00:0F:7C:00:1F:91'
    assert_ok(ptz_image(cam, image), 'upgraded', True)
    unnamed = camera()
    done = ptz_image(unnamed, image)
    assert_ok(done, 'upgraded', True)
    assert done.result['mac_address'] is None and 'system_info' not in unnamed.calls_after('post_upload')
