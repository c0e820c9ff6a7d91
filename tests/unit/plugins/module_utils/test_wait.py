# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraConnectionError,
    CameraNotAnswering,
    CameraReplyError,
    ReplyTooSlow,
)
from ansible_collections.acti.camera.plugins.module_utils._wait import CameraDidNotReturn, wait_for_reboot

OLD = ['2026-01-01 00:00:00 PTZ Image Version 1.0']
NEW = OLD + ['2026-01-02 00:00:00 PTZ Image Version 2.0']
DOWN = CameraConnectionError('connection refused')


class ScriptedCamera:
    """Answers system_log() from a script, one entry a call; time passes only by sleep()."""

    address = 'camera:80'
    timeout = 30.0

    def __init__(self, script):
        self.script = list(script)
        self.now = 0.0
        self.calls = 0

    def system_log(self, timeout=None):
        self.calls += 1
        answer = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def wait(camera, **kwargs):
    kwargs.setdefault('timeout', 60)
    kwargs.setdefault('poll_interval', 2)
    return wait_for_reboot(camera, clock=camera.clock, sleep=camera.sleep, **kwargs)


def test_outage_then_answer_is_a_reboot():
    camera = ScriptedCamera([OLD, DOWN, DOWN, NEW])
    result = wait(camera, entries_before=('2026-01-01 00:00:00 PTZ Image Version 1.0',))
    assert result.went_down
    assert result.reading.version == '2.0'
    assert result.elapsed == 6


def test_new_log_entry_proves_a_reboot_that_polling_missed():
    camera = ScriptedCamera([OLD, NEW])
    result = wait(camera, entries_before=tuple(OLD))
    assert not result.went_down
    assert result.reading.version == '2.0'


def test_camera_that_answers_but_never_reboots_times_out_saying_so():
    camera = ScriptedCamera([OLD])
    with pytest.raises(CameraDidNotReturn, match='no sign of a reboot.*version 1.0') as caught:
        wait(camera, timeout=10, entries_before=tuple(OLD))
    assert 'after 10 s' in str(caught.value)


def test_camera_that_stays_down_times_out_with_the_last_error():
    camera = ScriptedCamera([DOWN])
    with pytest.raises(CameraDidNotReturn, match='after 9 s; last seen: connection refused'):
        wait(camera, timeout=9, poll_interval=2)
    assert camera.now == 9   # the last sleep is cut to the deadline


def test_a_camera_that_answers_error_ends_the_wait_with_that_reply():
    camera = ScriptedCamera([CameraNotAnswering('refused'), CameraReplyError('ERROR: bad account/password'), NEW])
    with pytest.raises(CameraReplyError, match='^ERROR: bad account/password$'):
        wait(camera, entries_before=tuple(OLD))
    assert camera.calls == 2


def test_a_reply_too_slow_is_not_an_answer_and_keeps_the_wait_going():
    camera = ScriptedCamera([ReplyTooSlow('its reply was not complete within timeout'), NEW])
    result = wait(camera, entries_before=tuple(OLD))
    assert not result.went_down and result.reading.version == '2.0' and camera.calls == 2


def test_down_timeout_ends_the_wait_on_the_first_answer_after_it():
    camera = ScriptedCamera([OLD])
    result = wait(camera, down_timeout=5, poll_interval=2)
    assert not result.went_down
    assert result.reading.version == '1.0'
    assert camera.now == 6   # answers at 0, 2 and 4 s are still inside down_timeout


def test_down_timeout_zero_takes_the_first_answer():
    camera = ScriptedCamera([NEW])
    result = wait(camera, down_timeout=0)
    assert (result.went_down, result.elapsed, camera.calls) == (False, 0, 1)


def test_an_outage_inside_down_timeout_is_still_reported():
    camera = ScriptedCamera([OLD, DOWN, NEW])
    result = wait(camera, down_timeout=30)
    assert result.went_down
    assert result.reading.version == '2.0'


def test_down_timeout_does_not_end_a_wait_while_the_camera_is_down():
    camera = ScriptedCamera([DOWN])
    with pytest.raises(CameraDidNotReturn, match='connection refused'):
        wait(camera, timeout=9, down_timeout=1)


def test_an_outage_the_caller_saw_ends_the_wait_at_the_first_answer_and_each_change_is_told():
    said = []
    camera = ScriptedCamera([DOWN, DOWN, OLD])
    result = wait(camera, down_already=True, progress=said.append)
    assert result.went_down is True and result.reading.version == '1.0' and result.lines == OLD
    assert camera.calls == 3 and said == ['answers after 4.0 s, reporting PTZ image version 1.0']


def test_giving_up_is_told_and_keeps_the_last_error():
    said = []
    camera = ScriptedCamera([OLD, DOWN])
    with pytest.raises(CameraDidNotReturn) as raised:
        wait(camera, timeout=6, entries_before=tuple(OLD), progress=said.append)
    assert raised.value.last_error is DOWN and raised.value.last_seen == 'connection refused'
    assert said == ['went down (connection refused)', 'gave up after 6 s; last seen: connection refused']
