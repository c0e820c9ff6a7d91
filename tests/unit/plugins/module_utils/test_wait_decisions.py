# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every decision of the reboot wait: wait_for_reboot's judgement of each reply, each outcome of
acti.camera.wait_for_camera through TASKS['wait_for_camera'].run against a fake camera, and the laws of
camera_verdict over sequences of results.

Re-proves at the unit level (the decisions only, not the HTTP, the simulator or Ansible's display):
  tests/integration/test_wait_for_camera.py: test_waits_through_a_reboot_and_reads_the_new_version,
    test_a_camera_back_with_another_version_fails_at_once, test_a_camera_that_never_returns_fails_after_wait_timeout,
    test_without_an_outage_down_timeout_lets_the_version_decide, test_bad_options_fail_before_any_request,
    test_a_new_ptz_log_line_proves_a_reboot_that_was_over_before_the_first_look.
  tests/integration/test_verdicts.py: test_a_wait_ends_on_an_error_reply; the verdicts the rollout and the role
    draw from a camera's results (camera_verdict).
"""

from __future__ import annotations

import pytest
from fake_camera import (
    ANSWER,
    NEVER,
    PTZ_ERROR,
    START,
    VENDOR,
    FakeCamera,
    assert_fails,
    assert_ok,
    install,
    not_answering,
    ptz_line,
    run,
)
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraConnectionError,
    CameraProtocolError,
    CameraReplyError,
    ReplyTooLarge,
    ReplyTooSlow,
)
from ansible_collections.acti.camera.plugins.module_utils._outcome import (
    FAILED,
    OUTCOMES,
    PENDING,
    UNREACHABLE,
    camera_verdict,
    kind,
)
from ansible_collections.acti.camera.plugins.module_utils._wait import CameraDidNotReturn, wait_for_reboot

OLD_ENTRIES = [ptz_line('1.0')]
HINT = ' (raise down_timeout if the camera had not begun its reboot yet)'


def wait(cam, **kwargs):
    """wait_for_reboot on the fake's clock; the progress lines it said are in cam.said."""
    kwargs.setdefault('timeout', 60)
    kwargs.setdefault('poll_interval', 2)
    cam.said = []
    return wait_for_reboot(cam, clock=cam.clock, sleep=cam.sleep, progress=cam.said.append, **kwargs)


# -- wait_for_reboot: how each reply is judged ------------------------------------------------------------------

def test_down_then_up_is_a_reboot_seen_going_down():
    cam = FakeCamera(version='1.0')
    cam.reboot('2.0', polls=3)
    waited = wait(cam, entries_before=OLD_ENTRIES)
    assert waited.went_down is True and waited.reading.version == '2.0' and waited.elapsed == 6
    assert waited.lines == cam.log
    assert cam.said == ['went down (%s)' % not_answering(), 'answers after 6.0 s, reporting PTZ image version 2.0']


def test_a_new_ptz_entry_without_an_outage_is_a_reboot():
    cam = FakeCamera(version='1.0')
    cam.then('system_log', ANSWER, lambda camera: camera.reboot('2.0', polls=0))   # over between two polls
    waited = wait(cam, entries_before=OLD_ENTRIES)
    assert waited.went_down is False and waited.reading.version == '2.0' and waited.elapsed == 2
    assert cam.said == ['answers after 2.0 s, reporting PTZ image version 2.0']


def test_the_same_entries_without_an_outage_are_no_proof_and_the_wait_times_out_saying_so():
    cam = FakeCamera(version='1.0')
    with pytest.raises(CameraDidNotReturn) as raised:
        wait(cam, timeout=10, entries_before=OLD_ENTRIES)
    assert raised.value.last_error is None
    assert raised.value.last_seen.startswith('it kept answering with no sign of a reboot')
    assert raised.value.last_seen.endswith('it reports PTZ image version 1.0')
    assert 'after 10 s' in str(raised.value) and cam.elapsed == 10


def test_without_entries_before_only_an_outage_proves_the_reboot():
    cam = FakeCamera(version='1.0')
    cam.reboot('2.0', polls=0)
    with pytest.raises(CameraDidNotReturn, match='no sign of a reboot'):
        wait(cam, timeout=4)


def test_down_timeout_ends_the_wait_on_the_first_answer_after_it_without_proof():
    cam = FakeCamera(version='1.0')
    waited = wait(cam, down_timeout=5, entries_before=OLD_ENTRIES)
    assert waited.went_down is False and waited.reading.version == '1.0'
    assert cam.elapsed == 6 and cam.count('system_log') == 4   # answers at 0, 2 and 4 s are inside it


def test_down_timeout_zero_takes_the_first_answer():
    cam = FakeCamera(version='1.0')
    waited = wait(cam, down_timeout=0)
    assert (waited.went_down, waited.elapsed, cam.count('system_log')) == (False, 0, 1)


def test_down_timeout_does_not_end_a_wait_while_the_camera_is_down():
    cam = FakeCamera()
    cam.reboot(polls=NEVER)
    with pytest.raises(CameraDidNotReturn) as raised:
        wait(cam, timeout=9, down_timeout=1)
    assert raised.value.last_seen == str(not_answering()) and cam.elapsed == 9


def test_an_outage_the_caller_saw_ends_the_wait_at_the_first_answer_without_saying_it_went_down():
    cam = FakeCamera(version='1.0')
    cam.reboot(polls=2)
    waited = wait(cam, down_already=True)
    assert waited.went_down is True and waited.reading.version == '1.0' and waited.elapsed == 4
    assert cam.said == ['answers after 4.0 s, reporting PTZ image version 1.0']


@pytest.mark.parametrize('error', [
    CameraReplyError('ERROR: bad account/password'),
    CameraProtocolError('the camera at 192.0.2.10:80 answered HTTP 404 Not Found'),
    ReplyTooLarge('the camera at 192.0.2.10:80 sent more than 1048576 bytes in reply to SYSTEM_LOG'),
])
def test_an_error_or_a_reply_no_camera_sends_ends_the_wait_at_once_with_that_error(error):
    cam = FakeCamera()
    cam.then('system_log', not_answering(), error)
    with pytest.raises(type(error)) as raised:
        wait(cam, entries_before=OLD_ENTRIES)
    assert raised.value is error and cam.count('system_log') == 2 and cam.elapsed == 2


@pytest.mark.parametrize('error', [not_answering(), ReplyTooSlow('its reply was not complete within timeout (30 s)'),
                                   CameraConnectionError('no reply: certificate verify failed')])
def test_a_camera_not_answering_or_too_slow_is_waited_through(error):
    cam = FakeCamera(version='1.0')
    cam.then('system_log', error, error, lambda camera: camera.reboot('2.0', polls=0))
    waited = wait(cam, entries_before=OLD_ENTRIES)
    assert waited.reading.version == '2.0' and waited.elapsed == 4
    # A connection that fails is an outage; a reply too slow is not.
    assert waited.went_down is (not isinstance(error, ReplyTooSlow))


def test_a_reply_too_slow_is_no_outage_and_says_nothing():
    cam = FakeCamera(version='1.0')
    cam.then('system_log', *[ReplyTooSlow('its reply was not complete within timeout (30 s)')] * 3)
    with pytest.raises(CameraDidNotReturn) as raised:
        wait(cam, timeout=4, entries_before=OLD_ENTRIES)
    assert isinstance(raised.value.last_error, ReplyTooSlow)
    assert raised.value.last_seen == 'its reply was not complete within timeout (30 s)'
    assert cam.said == ['gave up after 4 s; last seen: its reply was not complete within timeout (30 s)']


def test_the_timeout_keeps_the_last_error_and_what_was_last_seen():
    cam = FakeCamera()
    cam.reboot(polls=NEVER)
    with pytest.raises(CameraDidNotReturn) as raised:
        wait(cam, timeout=9, poll_interval=2)
    assert isinstance(raised.value.last_error, CameraConnectionError)
    assert raised.value.last_seen == str(not_answering())
    assert str(raised.value) == ('the camera at 192.0.2.10:80 was not back from its reboot after 9 s; last seen: %s'
                                 % not_answering())
    assert cam.sleeps == [2, 2, 2, 2, 1]   # the last sleep is cut to the deadline


def test_progress_is_said_on_each_change_of_state_only():
    cam = FakeCamera(version='1.0')
    cam.reboot('2.0', polls=5, answers_first=2)   # still up for two polls, then down for five
    wait(cam, entries_before=OLD_ENTRIES)
    assert cam.said == ['went down (%s)' % not_answering(), 'answers after 14.0 s, reporting PTZ image version 2.0']


def test_a_down_camera_is_probed_with_a_short_connect_timeout_and_its_usual_reply_time():
    cam = FakeCamera()
    cam.reboot(polls=1)
    wait(cam, poll_interval=5)
    assert cam.probe_timeouts == [(5, 30.0), (5, 30.0)]
    cam = FakeCamera()
    cam.reboot(polls=1)
    wait(cam, poll_interval=0.2)
    assert cam.probe_timeouts[0] == (1.0, 30.0)


# -- wait_for_camera: every outcome -----------------------------------------------------------------------------

@pytest.fixture
def camera(monkeypatch):
    """camera(**settings) -> a FakeCamera that _tasks now talks to, at version 1.0, with an image of 2.0."""
    def make(**settings):
        settings.setdefault('version', '1.0')
        settings.setdefault('image_version', '2.0')
        return install(monkeypatch, FakeCamera(**settings))
    return make


def wait_for_camera(cam, **args):
    return run('wait_for_camera', cam, **args)


def test_without_a_version_a_camera_back_from_its_reboot_is_rebooted(camera):
    cam = camera()
    cam.reboot('2.0', polls=3)
    done = wait_for_camera(cam)
    assert_ok(done, 'rebooted')
    assert done.result['went_down'] is True and done.result['ptz_image_version'] == '2.0'
    assert done.msg == 'the camera went down and is back after 6.0 s, reporting PTZ image version 2.0'
    assert done.result['elapsed'] == 6 and not any(line.startswith('verified') for line in done.progress)


@pytest.mark.parametrize('before, back_with, outcome', [
    (None, '2.0', 'verified'), ('2.0', '2.0', 'verified'), ('1.0', '2.0', 'upgraded'), ('3.0', '2.0', 'downgraded')])
def test_with_a_version_the_version_before_tells_verified_upgraded_or_downgraded(camera, before, back_with, outcome):
    cam = camera()
    cam.reboot(back_with, polls=2)
    done = wait_for_camera(cam, version='2.0', version_before=before)
    assert_ok(done, outcome)
    assert done.result['went_down'] is True and done.result['ptz_image_version'] == back_with
    assert done.progress[-1] == 'verified at PTZ image version 2.0'


def test_a_new_ptz_line_proves_a_reboot_over_before_the_first_look(camera):
    cam = camera()
    entries = [ptz_line('1.0')]
    cam.reboot('2.0', polls=0)
    done = wait_for_camera(cam, version='2.0', ptz_log_entries=entries)
    assert_ok(done, 'verified')
    assert done.result['went_down'] is False and done.result['elapsed'] == 0   # not down_timeout's 30 s
    assert done.msg == 'the camera has rebooted (a new PTZ line in its system log) and reports PTZ image version 2.0'


def test_without_an_outage_down_timeout_lets_the_version_decide(camera):
    cam = camera(version='2.0')
    done = wait_for_camera(cam, version='2.0', down_timeout=1)
    assert_ok(done, 'verified')
    assert done.result['went_down'] is False and done.result['elapsed'] >= 1
    assert done.msg == ('no outage of the camera was seen within down_timeout (1.0 s); it reports PTZ image version '
                        '2.0')


def test_down_timeout_zero_takes_the_first_answer_as_proven(camera):
    cam = camera(version='2.0')
    done = wait_for_camera(cam, version='2.0', down_timeout=0)
    assert_ok(done, 'verified')
    assert done.msg == 'the camera reports PTZ image version 2.0' and done.result['elapsed'] == 0


def test_a_camera_that_never_returns_is_not_back(camera):
    cam = camera()
    cam.reboot(polls=NEVER)
    done = wait_for_camera(cam, version='2.0', wait_timeout=2)
    assert_fails(done, 'not_back')
    assert done.result['ptz_image_version'] is None and 'was not back from its reboot after 2 s' in done.msg
    assert cam.elapsed == 2


def test_a_camera_that_went_down_and_never_returned_is_reported_gone_down(camera):
    cam = camera()
    cam.reboot(polls=NEVER)
    assert wait_for_camera(cam, version='2.0', wait_timeout=2).result['went_down'] is True


def test_without_a_version_only_an_outage_proves_the_reboot_and_down_timeout_does_not_apply(camera):
    cam = camera(version='2.0')
    done = wait_for_camera(cam, wait_timeout=4, down_timeout=1)
    assert_fails(done, 'not_back')
    assert 'no sign of a reboot' in done.msg and cam.elapsed == 4


def test_a_camera_back_with_another_version_after_an_outage_is_wrong_version_at_once(camera):
    cam = camera()
    cam.reboot('1.0', polls=2)   # an image it did not take
    done = wait_for_camera(cam, version='V2.0')
    assert_fails(done, 'wrong_version')
    assert done.result['went_down'] is True and done.result['ptz_image_version'] == '1.0'
    assert done.msg.endswith('reporting PTZ image version 1.0, not V2.0') and HINT not in done.msg
    assert cam.elapsed == 4   # not down_timeout, nor wait_timeout


def test_an_unproven_wrong_version_hints_at_down_timeout(camera):
    cam = camera(version='2.0')
    done = wait_for_camera(cam, version='3.0', down_timeout=1)
    assert_fails(done, 'wrong_version')
    assert done.msg.endswith('reports PTZ image version 2.0, not 3.0' + HINT)


def test_a_ptz_vendor_other_than_before_is_ptz_failed(camera):
    cam = camera(version='2.0')
    done = wait_for_camera(cam, version='2.0', down_timeout=0, ptz_vendor='SONY,VISCA')
    assert_fails(done, 'ptz_failed')
    assert done.result['ptz_check'] == 'failed' and done.result['ptz_vendor'] == VENDOR
    assert 'reports the PTZ vendor and protocol ACTI,ACTI where it reported SONY,VISCA' in done.msg
    assert done.msg.startswith('the camera reports PTZ image version 2.0, but its PTZ')


def test_a_ptz_answering_error_is_ptz_failed_with_both_replies(camera):
    cam = camera(version='2.0')
    cam.ptz_error = PTZ_ERROR
    done = wait_for_camera(cam, version='2.0', down_timeout=0, ptz_vendor=VENDOR)
    assert_fails(done, 'ptz_failed')
    assert done.msg.endswith('but its PTZ answers PTZ_VENDOR with %s and answers POSITION_GET with %s'
                             % (PTZ_ERROR, PTZ_ERROR))


def test_a_ptz_as_before_is_checked_ok(camera):
    cam = camera(version='2.0')
    done = wait_for_camera(cam, version='2.0', down_timeout=0, ptz_vendor=VENDOR.lower())
    assert_ok(done, 'verified')
    assert (done.result['ptz_check'], done.result['ptz_vendor'], done.result['ptz_position']) == (
        'ok', VENDOR, 'PAN=1200,TILT=300')


def test_without_ptz_vendor_there_is_no_ptz_check(camera):
    cam = camera(version='2.0')
    done = wait_for_camera(cam, version='2.0', down_timeout=0)
    assert done.result['ptz_check'] is None and cam.methods == ['system_log']


def test_the_warnings_of_reading_the_log_are_passed_on(camera):
    cam = camera(log=['PTZ Image Version 0.9', 'PTZ Image Version 1.0'])
    cam.timestamps = False
    cam.reboot('2.0', polls=1)
    done = wait_for_camera(cam, version='2.0')
    assert_ok(done, 'verified')
    assert len(done.warnings) == 1 and done.warnings[0].startswith('The system log holds several PTZ image versions')


def test_a_wait_ends_on_an_error_reply_as_camera_error(camera):
    cam = camera()
    cam.then('system_log', CameraReplyError('ERROR: bad account/password'))
    done = wait_for_camera(cam, version='1.0', wait_timeout=60)
    assert_fails(done, 'camera_error')
    assert done.msg == 'the camera at 192.0.2.10:80 answers ERROR: bad account/password'
    assert cam.elapsed == 0 and done.result['elapsed'] == 0


def test_a_reply_no_camera_sends_ends_the_wait_as_camera_error(camera):
    cam = camera()
    cam.then('system_log', not_answering(), CameraProtocolError('the camera at 192.0.2.10:80 answered HTTP 500'))
    done = wait_for_camera(cam, version='2.0')
    assert_fails(done, 'camera_error')
    assert 'answered HTTP 500' in done.msg and cam.elapsed == 2


@pytest.mark.parametrize('options, message', [
    (dict(version='2.0', down_timeout=-1), 'down_timeout must be zero or more seconds, got -1.0'),
    (dict(wait_timeout=0), 'wait_timeout must be a positive number of seconds, got 0.0'),
    (dict(poll_interval=0), 'poll_interval must be a positive number of seconds, got 0.0'),
    (dict(version_pattern='(?P<version>'), 'version_pattern is not a valid regular expression'),
    (dict(host='http://192.0.2.10'), 'without scheme'),
])
def test_options_that_cannot_serve_are_invalid_input_before_any_request(camera, options, message):
    cam = camera()
    done = wait_for_camera(cam, **options)
    assert done.failed and done.outcome == 'invalid_input'
    assert message in done.msg and cam.calls == []


def test_the_times_of_a_result_are_read_from_the_clock(camera):
    cam = camera()
    cam.reboot('2.0', polls=3)
    result = wait_for_camera(cam).result
    assert result['ended_at'] - result['started_at'] == result['elapsed'] == 6
    assert cam.elapsed == 6 and cam.calls[0][1] == START


# -- camera_verdict: its laws over any sequence of results ------------------------------------------------------

MESSAGES = st.text(alphabet='abc xyz', min_size=1, max_size=8)
WITH_OUTCOME = st.builds(lambda outcome, msg: dict(outcome=outcome, msg=msg, changed=False),
                         st.sampled_from(sorted(OUTCOMES)), MESSAGES)
# Results without an outcome: a task failed before it ran, a host Ansible could not reach, another module's.
FLAGGED = st.one_of(st.builds(lambda msg: dict(failed=True, msg=msg), MESSAGES),
                    st.builds(lambda msg: dict(unreachable=True, msg=msg), MESSAGES),
                    st.builds(lambda msg: dict(changed=True, msg=msg), MESSAGES))
RAN = st.one_of(WITH_OUTCOME, FLAGGED)
NOT_RAN = st.sampled_from([None, {}, dict(skipped=True), dict(skipped=True, outcome='rejected', msg='skipped')])
RESULTS = st.lists(st.one_of(RAN, NOT_RAN), max_size=8)


def failing(result):
    return kind(result) in (FAILED, UNREACHABLE)


@given(st.lists(NOT_RAN, max_size=5))
def test_no_task_ran_is_not_reached(results):
    assert camera_verdict(results) == dict(outcome='not_reached', failed=False, reasons=[])


@given(RESULTS, st.lists(RAN, max_size=4))
def test_the_first_failure_decides_and_nothing_after_it_undoes_it(results, later):
    failures = [result for result in results if result and not result.get('skipped') and failing(result)]
    if not failures:
        return
    verdict = camera_verdict(results + later)
    first = failures[0]
    assert verdict['outcome'] == (first.get('outcome') or kind(first))
    assert verdict['failed'] is True and verdict['reasons'][:len(failures)] == [r['msg'] for r in failures]
    assert camera_verdict(results)['outcome'] == verdict['outcome']


@given(RESULTS, RAN)
def test_without_a_failure_the_last_result_decides_and_a_pending_one_fails(results, last):
    ran = [result for result in results if result and not result.get('skipped')]
    if any(failing(result) for result in ran + [last]):
        return
    verdict = camera_verdict(results + [last])
    assert verdict['outcome'] == (last.get('outcome') or kind(last))
    assert verdict['failed'] is (kind(last) == PENDING)
    if kind(last) == PENDING:
        assert verdict['reasons'] == ['%s, but the reboot was not waited for, so not verified' % last['msg']]
    else:
        assert verdict['reasons'] == []


@given(RESULTS, st.lists(NOT_RAN, max_size=3), st.integers(min_value=0, max_value=8))
def test_results_of_tasks_that_did_not_run_change_nothing(results, skipped, at):
    assert camera_verdict(results[:at] + skipped + results[at:]) == camera_verdict(results)


@given(RESULTS)
def test_a_verdict_fails_exactly_when_it_gives_reasons(results):
    verdict = camera_verdict(results)
    assert verdict['failed'] is bool(verdict['reasons'])
    assert verdict['outcome'] in set(OUTCOMES) | {'not_reached', 'ok', 'failed', 'unreachable'}


@given(st.sampled_from(sorted(OUTCOMES)))
def test_a_lone_outcome_fails_the_camera_exactly_when_it_is_no_success(outcome):
    verdict = camera_verdict([dict(outcome=outcome, msg='m')])
    assert verdict['outcome'] == outcome
    assert verdict['failed'] is (OUTCOMES[outcome][0] != 'ok')


def test_wait_for_camera_with_a_mac_address_fails_another_device_back_at_the_address(camera):
    cam = camera(version='2.0')
    cam.info['MAC Address'] = '00:0f:7c:99:99:99'
    cam.reboot(polls=2)
    done = wait_for_camera(cam, version='2.0', mac_address='00:0F:7C:00:1F:91')
    assert_fails(done, 'other_device')
    assert 'its MAC Address is 000f7c999999, not 000f7c001f91' in done.msg
    same = camera(version='2.0')
    same.info['MAC Address'] = '00:0F:7C:00:1F:91'
    same.reboot(polls=2)
    assert wait_for_camera(same, version='2.0', mac_address='000f7c001f91').result['outcome'] == 'verified'
