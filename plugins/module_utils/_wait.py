# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""Wait for a camera to reboot and answer again.

A port that answers is not proof of a reboot (ansible.builtin.reboot records a boot
marker for that reason). Here the camera has gone through a reboot when either an
outage was seen, or its system log gained a PTZ entry it did not have before: the
camera logs the PTZ image version at every boot. A caller that knows neither (it
started watching after the reboot may have happened) can give a ``down_timeout``,
after which the wait ends on the first answer and the caller judges the version.

What the wait reads at each poll is a ``look`` (module_utils/_images.py): the system log's PTZ entries for the
PTZ image, SYSTEM_INFO for the firmware; it ends on the first look after proof of the reboot.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraConnectionError,
    CameraError,
    ProxyAuthenticationRequired,
    ReplyTooSlow,
)
from ansible_collections.acti.camera.plugins.module_utils._system_log import LogReading, read_ptz_version


class CameraDidNotReturn(CameraError):
    """The camera was not seen back from its reboot in time; ``last_seen`` says what it did instead.

    ``last_error`` is the CameraError of the last look (None when the camera answered it); ``went_down``, whether
    an outage was seen.
    """

    def __init__(self, msg, last_seen, last_error=None, went_down=False):
        super().__init__(msg)
        self.last_seen = last_seen
        self.last_error = last_error
        self.went_down = went_down


@dataclass(frozen=True)
class RebootWait:
    """How the wait ended."""

    went_down: bool
    elapsed: float
    reading: LogReading
    lines: list    # the system log it was read from (the PTZ look's)
    new_entry: bool = False   # its PTZ entries gained one since entries_before: the reboot is proven by the log
    info: dict | None = None   # SYSTEM_INFO, where the look read it


def say_nothing(_line):
    """The default of a progress (or warning) callback."""


def _new_entry(before, now):
    """Whether the PTZ entries NOW hold one that BEFORE did not: a boot logs one. Entries that a bounded log let go
    of (from its oldest end, the start of an oldest-first log or the end of a newest-first one) prove nothing."""
    return now != before[len(before) - len(now):] and now != before[:len(now)]


def _waited_through(exc):
    """Whether a wait goes on after EXC: no reply, or a reply too slow (a proxy's error page for a camera it cannot
    reach is no reply); a proxy that wants credentials is a configuration to fix, not a camera that reboots."""
    return isinstance(exc, (CameraConnectionError, ReplyTooSlow)) and not isinstance(exc, ProxyAuthenticationRequired)


@dataclass(frozen=True)
class Look:
    """What one poll read: the installed version (and the PTZ entries, boot markers) as a LogReading, the log's
    lines, and SYSTEM_INFO where the look read it."""

    reading: LogReading
    lines: list = field(default_factory=list)
    info: dict | None = None


def ptz_log_look(client, pattern=None):
    """The look of the PTZ image: its system log, read for the PTZ entries (one request a poll)."""
    def look(timeout=None):
        lines = client.system_log(timeout=timeout)
        return Look(read_ptz_version(lines, pattern), lines)
    return look


def wait_for_reboot(client, timeout, poll_interval, pattern=None, entries_before=None, down_timeout=None,
                    down_already=False, progress=say_nothing, clock=time.monotonic, sleep=time.sleep, look=None,
                    what='PTZ image', boot_proof='no new PTZ entry in its system log'):
    """Poll the camera (LOOK, by default the PTZ log look) until it has rebooted and answers; return a RebootWait.

    ``entries_before`` are the boot markers the look read before the reboot was caused (the PTZ log entries, the
    firmware; None when unknown, and then only an outage proves the reboot); BOOT_PROOF says, for a message, what
    did not come. ``down_already``: the caller has seen the outage, so the first answer ends the wait. With
    ``down_timeout`` (seconds), an answer after that long without proof also ends the wait, with ``went_down`` false.
    After ``timeout`` seconds without either, raises CameraDidNotReturn saying what it last saw. Only a camera
    that does not answer (or answers too slowly) is waited for: one that answers ``ERROR: ...`` or a reply no
    ACTi camera sends raises that CameraError at once.
    ``progress`` is given a line when the camera's state changes (it went down, it answers, the wait gave up),
    for an operator watching a long wait; WHAT names the version it reads (``PTZ image``, ``firmware``).
    """
    watch = _Watch(look or ptz_log_look(client, pattern), entries_before, down_already, progress, what, boot_proof)
    # Connect quickly while the camera is down; once connected, allow it its usual reply time.
    probe_timeout = (min(client.timeout, max(1.0, poll_interval)), client.timeout)
    start = clock()
    while True:
        ended = watch.poll(probe_timeout, lambda: clock() - start, down_timeout)
        if ended is not None:
            return ended
        remaining = timeout - (clock() - start)
        if remaining <= 0:
            progress('gave up after %.0f s; last seen: %s' % (clock() - start, watch.last_seen))
            raise CameraDidNotReturn('the camera at %s was not back from its reboot after %.0f s; last seen: %s'
                                     % (client.address, clock() - start, watch.last_seen), watch.last_seen,
                                     watch.last_error, watch.went_down)
        sleep(min(poll_interval, remaining))


class _Watch:
    """What a reboot wait has seen so far, and its judgement of each look."""

    def __init__(self, look, entries_before, down_already, progress, what, boot_proof):
        self.look, self.progress, self.what, self.boot_proof = look, progress, what, boot_proof
        self.entries_before = None if entries_before is None else tuple(entries_before)
        self.went_down = down_already
        self.last_seen, self.last_error = 'no reply yet', None

    def poll(self, probe_timeout, elapsed, down_timeout):
        """One look: the RebootWait where it ends the wait, else None. ELAPSED() is the wait's seconds so far."""
        try:
            looked = self.look(probe_timeout)
        except CameraError as exc:
            if not _waited_through(exc):
                raise   # it answers, with ERROR or a reply no camera sends (or a proxy wants credentials)
            self.last_error, self.last_seen = exc, str(exc)
            if isinstance(exc, CameraConnectionError) and not self.went_down:
                self.went_down = True
                self.progress('went down (%s)' % exc)
            return None
        reading = looked.reading
        new_entry = self.entries_before is not None and _new_entry(self.entries_before, reading.entries)
        seconds = elapsed()
        if self.went_down or new_entry or (down_timeout is not None and seconds >= down_timeout):
            self.progress('answers after %.1f s, reporting %s version %s' % (seconds, self.what, reading.version))
            return RebootWait(went_down=self.went_down, elapsed=seconds, reading=reading, lines=looked.lines,
                              new_entry=new_entry, info=looked.info)
        self.last_error = None
        self.last_seen = ('it kept answering with no sign of a reboot (no outage seen%s); it reports %s version %s'
                          % (', ' + self.boot_proof if self.entries_before is not None else '',
                             self.what, reading.version))
        return None
