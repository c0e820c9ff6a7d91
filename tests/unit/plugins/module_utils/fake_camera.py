# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A scripted, in-process fake of CameraClient, the clock it lives on, and a way to run a task against it.

No sockets and no sleeps: the fake answers each call from its state (version, system log, SYSTEM_INFO, PTZ
vendor) or from a script of what its next calls do, and time passes only when the code under test sleeps.
``install`` puts it where module_utils/_tasks.py makes its client, waits for reboots and reads the time;
``run`` gives a task its validated options, as the action plugin does, and records all it says.

Used by test_upgrade_decisions.py and test_wait_decisions.py.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.acti.camera.plugins.module_utils import _connection, _tasks, _wait
from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraNotAnswering,
    CameraReplyError,
    UploadInterrupted,
)
from ansible_collections.acti.camera.plugins.module_utils._outcome import Failure
from ansible_collections.acti.camera.plugins.module_utils._redaction import Redactor
from ansible_collections.acti.camera.plugins.module_utils._upload import UploadForm, UploadPage

HOST = '192.0.2.10'
ADDRESS = '%s:80' % HOST
PASSWORD = '123456'
# Where the fake clock starts, and the epoch second it stands for (time.time() of the results).
START = 1000.0
EPOCH = 1767225600.0
NEVER = math.inf
ANSWER = object()   # a step of a script: answer as the camera's state says

VENDOR = 'ACTI,ACTI'
POSITION = 'PAN=1200,TILT=300'
PTZ_ERROR = 'ERROR: internal error PTZ not responding'
NO_COMMAND = 'ERROR: CMD not found'


def not_answering(address=ADDRESS):
    """What CameraClient raises for a camera that is down (rebooting, or gone)."""
    return CameraNotAnswering('no reply from the camera at %s: [Errno 111] Connection refused' % address)


def ptz_line(version, day=1, stamped=True):
    """The system log line of a boot that installed VERSION (the default version_pattern reads it)."""
    return '%sPTZ Image Version %s' % ('2026-03-%02d 08:00:02 ' % day if stamped else '', version)


class FakeCamera:
    """A camera as CameraClient shows it, scripted.

    State: ``version`` installed, ``log`` (oldest first), ``info`` (SYSTEM_INFO), ``vendor`` (PTZ_VENDOR).
    An upload reboots it: still answering for ``answers_before_down`` polls of its system log, then not
    answering for ``reboot_polls`` polls (NEVER: it never comes back), then booted, with a new PTZ line in its
    log. What the upload does is set by ``verdict`` (None: OK; else the CameraError post_upload raises),
    ``takes_image`` (None: unless the verdict is ERROR) and ``boots_into`` (None: the version the image installs,
    ``image_version``, if taken, else the old one). After that reboot its PTZ may report ``vendor_after_reboot``,
    or answer ``ptz_error_after_reboot``.

    ``then(method, *steps)`` scripts the next calls of a method: an exception is raised, ANSWER answers, a callable
    is called with the camera (for its effect) before the camera answers. Every call is recorded in ``calls``.
    """

    timeout = 30.0

    def __init__(self, version='1.0.0', image_version='2.0.0', log=None, vendor=VENDOR, ptz_image='V1.1',
                 password=PASSWORD, log_capacity=None):
        self.address = ADDRESS
        self.redact = Redactor(password)
        self.version = version
        self.image_version = image_version
        self.boots = 1
        self.log = list(log) if log is not None else [
            '2026-03-01 08:00:00 Bootloader Version 118', ptz_line(version),
            '2026-03-01 08:00:03 Storage Media: SD Found']
        self.log_capacity = log_capacity
        self.timestamps = True              # False: its boots log lines without a timestamp
        self.info = {'Model Number': 'KCM-5611', 'Firmware Version': 'A1D-500-V6.13.17-AC', 'PT_ENABLE': '1'}
        if ptz_image is not None:
            self.info['PTZ_IMAGE'] = ptz_image
        self.vendor = vendor
        self.position = POSITION
        self.vendor_command = True          # False: a model without PTZ_VENDOR (ERROR: CMD not found)
        self.combined_reads = True          # False: it does not answer PTZ_VENDOR&POSITION_GET in one request
        self.ptz_error = None               # the ERROR its PTZ commands answer now
        # What an upload does.
        self.verdict = None
        self.takes_image = None
        self.boots_into = None
        self.answers_before_down = 0
        self.reboot_polls = 2
        self.vendor_after_reboot = None
        self.ptz_error_after_reboot = None
        self.logs_on_upload = []            # lines the camera logs as it takes an upload, before its reboot
        # The reboot under way: answers left before it goes down, polls left down, what it boots into.
        self._answers_left = 0
        self._down_left = 0
        self._boot_into = None
        # The upload form it sends (one file input, as the PTZ image's), and the commands it was asked one for.
        self.form = UploadForm(action='update?PTZ_IMAGE_SAVE', file_fields=('URL_PTZ_IMAGE',),
                               submit_field='URL_PTZ_IMAGE_SUBMIT', submit_value='Upload',
                               fields=(('URL_PTZ_IMAGE', None), ('URL_PTZ_IMAGE_SUBMIT', 'Upload')))
        self.form_commands = []
        self.script = {}
        self.calls = []                     # (method, clock) of every call, in order
        self.probe_timeouts = []            # the timeout= of each system_log call
        self.uploads = []
        self.now = START
        self.sleeps = []

    # -- the clock ---------------------------------------------------------------------------------------------

    def clock(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds

    @property
    def elapsed(self):
        return self.now - START

    # -- scripting and state -----------------------------------------------------------------------------------

    def then(self, method, *steps):
        """Script the next calls of METHOD, one step each; the camera answers from its state after them."""
        self.script.setdefault(method, []).extend(steps)
        return self

    def count(self, method=None):
        counts = Counter(name for name, _when in self.calls)
        return counts if method is None else counts[method]

    @property
    def methods(self):
        return [name for name, _when in self.calls]

    def calls_after(self, method):
        """The methods called after the first call of METHOD."""
        names = self.methods
        return names[names.index(method) + 1:] if method in names else []

    def add_log(self, line):
        self.log.append(line)
        if self.log_capacity:
            del self.log[:-self.log_capacity]

    def reboot(self, version=None, polls=None, answers_first=0):
        """Begin a reboot into VERSION (None: the installed one), not answering for POLLS polls of its log (NEVER:
        for ever) after ANSWERS_FIRST more answers. With neither, it is over before the next poll: no outage."""
        self._boot_into = self.version if version is None else version
        self._answers_left = answers_first
        self._down_left = self.reboot_polls if polls is None else polls
        if not self._answers_left and not self._down_left:
            self._boot()

    @property
    def rebooting(self):
        return self._boot_into is not None

    def _boot(self):
        self.version, self._boot_into = self._boot_into, None
        self.boots += 1
        self.add_log('%sBootloader Version 118' % ('2026-03-%02d 08:00:00 ' % self.boots if self.timestamps else ''))
        self.add_log(ptz_line(self.version, self.boots, self.timestamps))
        if self.vendor_after_reboot is not None:
            self.vendor = self.vendor_after_reboot
        if self.ptz_error_after_reboot is not None:
            self.ptz_error = self.ptz_error_after_reboot

    def _call(self, method, polled=False):
        """Record a call and play its scripted step; then raise what a rebooting camera raises."""
        self.calls.append((method, self.now))
        steps = self.script.get(method)
        if steps:
            step = steps.pop(0)
            if isinstance(step, BaseException):
                raise step
            if callable(step):
                step(self)
        if self.rebooting:
            if self._answers_left:
                if polled:
                    self._answers_left -= 1
                return
            if self._down_left:
                if polled:
                    self._down_left -= 1
                raise not_answering(self.address)
            self._boot()

    def _ptz(self):
        if not self.vendor_command:
            raise CameraReplyError(NO_COMMAND)
        if self.ptz_error:
            raise CameraReplyError(self.ptz_error)

    # -- CameraClient's public methods -------------------------------------------------------------------------

    def system_log(self, timeout=None):
        self.probe_timeouts.append(timeout)
        self._call('system_log', polled=True)
        return list(self.log)

    def system_info(self, timeout=None):
        self._call('system_info')
        return dict(self.info)

    def ptz_vendor(self):
        self._call('ptz_vendor')
        self._ptz()
        return self.vendor

    def ptz_position(self):
        self._call('ptz_position')
        self._ptz()
        return self.position

    def ptz_vendor_and_position(self):
        self._call('ptz_vendor_and_position')
        try:
            self._ptz()
        except CameraReplyError:
            return None, None   # as CameraClient: an ERROR to the pair is no answer to either
        return (self.vendor, self.position) if self.combined_reads else (None, None)

    def save_config(self):
        self._call('save_config')

    def upload_form(self, command):
        self._call('upload_form')
        self.form_commands.append(command)
        return UploadPage(command=command, form=self.form, form_url='', post_url='')

    def post_upload(self, page, files, digest=None):
        self._call('post_upload')
        assert isinstance(page, UploadPage) and len(files) == len(page.form.file_fields)
        path = files[0].path
        with open(path, 'rb') as image:
            data = image.read()
        verdict = self.verdict
        taken = self.takes_image if self.takes_image is not None else not isinstance(verdict, CameraReplyError)
        if digest is not None:
            # An upload cut off before the camera took the image fed the digest only what it sent.
            digest.update(data[:len(data) // 2] if isinstance(verdict, UploadInterrupted) and not taken else data)
        self.uploads.append(dict(path=path, size=len(data), sha256=hashlib.sha256(data).hexdigest(), taken=taken))
        for line in self.logs_on_upload:
            self.add_log(line)
        version = self.boots_into if self.boots_into is not None else (self.image_version if taken else self.version)
        self.reboot(version, answers_first=self.answers_before_down)
        if verdict is not None:
            raise verdict
        return 'OK'


class FakeTime:
    """What _tasks reads of the time module, read from the fake clock."""

    def __init__(self, camera):
        self.camera = camera

    def monotonic(self):
        return self.camera.now

    def time(self):
        return EPOCH + self.camera.now


def install(monkeypatch, camera):
    """Make _tasks use CAMERA: its client (after the real checks of the connection options, which send nothing),
    its reboot waits on the fake clock, and its elapsed times."""

    def camera_client(params):
        real = _connection.camera_client(params)   # every check of host, port, timeout... and no request
        real.transport.session.close()
        camera.address = real.address
        camera.params = params
        return camera

    monkeypatch.setattr(_tasks, 'camera_client', camera_client)
    monkeypatch.setattr(_tasks, 'wait_for_reboot',
                        functools.partial(_wait.wait_for_reboot, clock=camera.clock, sleep=camera.sleep))
    monkeypatch.setattr(_tasks, 'time', FakeTime(camera))
    for name in ('ACTI_HOST', 'ACTI_PORT', 'ACTI_USERNAME', 'ACTI_PASSWORD'):
        monkeypatch.delenv(name, raising=False)
    return camera


def validated(task_name, **args):
    """(validated parameters, error messages) of ARGS, as the action plugin validates a task's arguments."""
    task = _tasks.TASKS[task_name]
    args.setdefault('host', HOST)
    args.setdefault('password', PASSWORD)
    validation = ArgumentSpecValidator(task.argument_spec(), required_if=task.required_if).validate(args)
    return validation.validated_parameters, validation.error_messages


@dataclass
class Run:
    """What a task returned (or failed with), and every line it said while it ran."""

    result: dict
    failed: bool = False
    unreachable: bool = False
    warnings: list = field(default_factory=list)
    progress: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    notice_times: list = field(default_factory=list)   # (fake clock, system_log calls so far) at each notice

    @property
    def outcome(self):
        return self.result.get('outcome')

    @property
    def msg(self):
        return self.result.get('msg')

    def lines(self):
        return self.warnings + self.progress + self.notices


def run(task_name, camera, check_mode=False, diff=False, hasher=None, **args):
    """Run TASKS[TASK_NAME] once against CAMERA (installed) with ARGS; a Run, failed or not. HASHER: the
    context's digest ((path, algorithm) -> hex digest) where not the default."""
    params, errors = validated(task_name, **args)
    assert not errors, errors
    said = Run(result={})

    def notice(line):
        said.notices.append(line)
        said.notice_times.append((camera.now, camera.count('system_log')))

    context = _tasks.TaskContext(params, check_mode=check_mode, diff=diff, warn=said.warnings.append,
                                 progress=said.progress.append, notice=notice, digest=hasher or _tasks.file_digest)
    try:
        said.result = _tasks.TASKS[task_name].run(context)
    except Failure as exc:
        said.result, said.failed, said.unreachable = exc.result, True, exc.unreachable
    return said


def assert_ok(done, outcome, changed=False):
    assert not done.failed, done.msg
    assert (done.outcome, done.result['changed']) == (outcome, changed)


def assert_fails(done, outcome, changed=False):
    assert done.failed and not done.unreachable, done.result
    assert (done.outcome, done.result['changed']) == (outcome, changed)


def strings_of(data):
    """Every string in DATA (a result), keys included."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings_of(key)
            yield from strings_of(value)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from strings_of(value)
