# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""What each task of the collection does, once, for both of its entry points.

A module's ``main()`` (module_utils/_module_runner.py) and the action plugin of the same name
(plugin_utils/_camera_action.py, inside Ansible's worker) both validate the task's arguments against
``Task.argument_spec()``, give a ``TaskContext`` to ``Task.run`` and turn what it returns or raises
into the task's result. Nothing here imports AnsibleModule.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field, replace

from ansible_collections.acti.camera.plugins.module_utils._client import (
    CameraError,
    CameraNotAnswering,
    CameraProtocolError,
    CameraReplyError,
    Redactor,
    UnrecognisedVerdict,
    UploadInterrupted,
    has_ptz,
    redact_values,
)
from ansible_collections.acti.camera.plugins.module_utils._connection import (
    InvalidOption,
    camera_client,
    check_positive,
    checked_version_pattern,
    connection_argument_spec,
    system_log_argument_spec,
    wait_argument_spec,
)
from ansible_collections.acti.camera.plugins.module_utils._system_log import normalize_version, read_ptz_version
from ansible_collections.acti.camera.plugins.module_utils._wait import CameraDidNotReturn, say_nothing, wait_for_reboot

_HASH_BLOCK = 1024 * 1024
# How many of the log lines that mention PTZ a result quotes: enough to write a version_pattern from.
_MENTIONS = 5


class TaskFailed(Exception):
    """The task fails with ``result`` (its ``msg`` already redacted); ``unreachable``: the camera never answered."""

    def __init__(self, msg, result=None, unreachable=False):
        super().__init__(msg)
        self.result = dict(result or {}, msg=msg)
        self.unreachable = unreachable


def file_sha256(path):
    """SHA-256 of a file, read in blocks; OSError when it cannot be read."""
    digest = hashlib.sha256()
    with open(path, 'rb') as image:
        for block in iter(lambda: image.read(_HASH_BLOCK), b''):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class TaskContext:
    """What a task gets from its entry point: the validated options and the ways to speak to the user."""

    params: dict
    check_mode: bool = False
    diff: bool = False
    warn: object = say_nothing
    # A line for an operator watching a long task (-v on the controller); modules cannot print while they run.
    progress: object = say_nothing
    # path -> SHA-256 hex digest; the action plugins give one that hashes a file once per controller run.
    sha256: object = file_sha256


@dataclass(frozen=True)
class Task:
    """One task of the collection: its own options (the connection options are added) and its logic."""

    own_argument_spec: dict
    logic: object
    required_if: list = field(default_factory=list)

    def argument_spec(self):
        spec = connection_argument_spec()
        spec.update(self.own_argument_spec)
        return spec

    def run(self, context):
        """The task's result, or TaskFailed: options that cannot serve fail it too, before any request.

        The boundary of redaction, for both entry points: every string of the result, every warning and every
        progress line, after all formatting, loses the password in each of its forms (Redactor).
        """
        redact = Redactor(context.params.get('password'))
        warn, progress = context.warn, context.progress
        context = replace(context, warn=lambda text: warn(redact(text)), progress=lambda text: progress(redact(text)))
        try:
            return redact_values(self.logic(context), redact)
        except InvalidOption as exc:
            raise TaskFailed(redact(exc)) from None
        except TaskFailed as exc:
            raise TaskFailed(redact(exc), redact_values(exc.result, redact), exc.unreachable) from None


def ptz_mentions(client, lines):
    """The last few log lines that mention PTZ, redacted: what an operator writes a version_pattern from."""
    return [client.redact(line) for line in lines if 'ptz' in line.lower()][-_MENTIONS:]


def _checked_image(context):
    """(size, SHA-256 or None) of src; TaskFailed on any problem with the file.

    The file is read whole here only to check it against the sha256 option; otherwise the
    upload computes its checksum as it sends it (for a 256 MB image, reading it twice cost
    more time than sending it).
    """
    src = context.params['src']
    if not os.path.exists(src):
        raise TaskFailed('src %s does not exist' % src)
    if not os.path.isfile(src):
        raise TaskFailed('src %s is not a regular file' % src)
    try:
        with open(src, 'rb') as image:
            size = image.seek(0, os.SEEK_END)
    except OSError as exc:
        raise TaskFailed('cannot read src %s: %s' % (src, exc.strerror or exc)) from None
    if size == 0:
        raise TaskFailed('src %s is empty: that is no PTZ image' % src)
    expected = context.params['sha256']
    if expected is None:
        return size, None
    expected = expected.strip().lower()
    if not re.match(r'^[0-9a-f]{64}$', expected):
        raise TaskFailed('sha256 must be 64 hexadecimal digits, got %r' % context.params['sha256'])
    actual = _sha256_of_src(context)
    if expected != actual:
        raise TaskFailed('src %s has SHA-256 %s, not the expected %s: refusing to upload it' % (src, actual, expected))
    return size, actual


def _sha256_of_src(context):
    try:
        return context.sha256(context.params['src'])
    except OSError as exc:
        raise TaskFailed('cannot read src %s: %s' % (context.params['src'], exc.strerror or exc)) from None


class _StreamedHash:
    """SHA-256 of src fed by the upload as it streams the file, and how much of it was seen."""

    def __init__(self):
        self.hash = hashlib.sha256()
        self.seen = 0

    def update(self, block):
        self.hash.update(block)
        self.seen += len(block)


def _unknown_version_message(client, mentions):
    quoted = '; '.join(repr(line) for line in mentions) if mentions else 'none'
    return ('the installed PTZ image version of the camera at %s is unknown: no line of its system log matches '
            'version_pattern, so nothing was uploaded. Either its boot entries have rotated out of the log (a camera '
            'that has run for months; the next boot logs the version again), or it writes its PTZ line in a form '
            'the pattern does not match. Log lines that mention PTZ: %s. Set version_pattern to read them, or '
            'on_unknown_version=upload (or force=true) to upload anyway' % (client.address, quoted))


def _ptz_vendor_before(context, client):
    """PTZ_VENDOR before the upload, to compare after the reboot; None, with a warning, where the camera cannot
    tell it (a model without the command): the PTZ check is then skipped for that camera, not failed."""
    try:
        return client.ptz_vendor()
    except (CameraReplyError, CameraProtocolError) as exc:
        context.warn('the camera at %s answers PTZ_VENDOR with %s: the PTZ check after the reboot is skipped for it'
                     % (client.address, exc))
        return None


def ptz_check_after(client, vendor_before):
    """Read PTZ_VENDOR and POSITION_GET of a camera back from its reboot (read-only: nothing moves it).

    Both in one request where the camera's reply holds both answers; what it does not answer there is
    asked alone, so that a failure is named by the camera's own reply to that command.
    Returns (vendor, position reply, problem): problem is None when both answered and the vendor and
    protocol are those of before, else what is wrong, in words for the task's message.
    """
    try:
        vendor, position = client.ptz_vendor_and_position()
    except CameraError:
        vendor = position = None
    problems = []
    if vendor is None:
        try:
            vendor = client.ptz_vendor()
        except CameraError as exc:
            problems.append('answers PTZ_VENDOR with %s' % exc)
    if position is None:
        try:
            position = client.ptz_position()
        except CameraError as exc:
            problems.append('answers POSITION_GET with %s' % exc)
    if vendor is not None and vendor.casefold() != vendor_before.casefold():
        problems.append('reports the PTZ vendor and protocol %s where it reported %s before the upload: a PTZ setting '
                        'changed at run time and not saved is the likely cause, since the reboot drops it '
                        '(save_config=true keeps it)' % (vendor, vendor_before))
    return vendor, position, 'its PTZ %s' % ' and '.join(problems) if problems else None


def _first_look(context, client, pattern):
    """The camera's system log, waiting up to boot_timeout for a camera that does not answer at first.

    Such a camera may still be rebooting after an earlier run that was interrupted: it is read once it
    answers, so that a rerun finishes the job instead of failing. Returns (lines, seconds waited).
    """
    try:
        return client.system_log(), 0.0
    except CameraNotAnswering as exc:
        boot_timeout = context.params['boot_timeout']
        if boot_timeout == 0:
            raise TaskFailed('the camera at %s does not answer: %s' % (client.address, exc), unreachable=True) \
                from None
        context.progress('does not answer (%s); waiting up to %.0f s (boot_timeout) in case it is rebooting'
                         % (exc, boot_timeout))
    try:
        waited = wait_for_reboot(client, boot_timeout, context.params['poll_interval'], pattern, down_already=True,
                                 progress=context.progress)
    except CameraDidNotReturn as exc:
        raise TaskFailed('the camera at %s did not answer within boot_timeout (%.0f s); last seen: %s'
                         % (client.address, boot_timeout, exc.last_seen),
                         unreachable=isinstance(exc.last_error, CameraNotAnswering)) from None
    return waited.lines, waited.elapsed


def run_ptz_image(context):
    """Bring the camera to the version: see the ptz_image module's documentation."""
    started = time.monotonic()
    params = context.params
    target = params['version']
    image_size, image_sha256 = _checked_image(context)
    streamed = _StreamedHash() if image_sha256 is None else None
    check_positive(params, 'wait_timeout', 'poll_interval')
    if params['boot_timeout'] < 0:
        raise InvalidOption('boot_timeout must be zero or more seconds, got %s' % params['boot_timeout'])
    pattern = checked_version_pattern(params)
    client = camera_client(params)
    result = dict(changed=False, version_before=None, version_after=None, rebooted=False, device_reply=None,
                  ptz_log_entries=[], ptz_log_mentions=[], version_unknown=False, waited_for_boot=0.0,
                  ptz_check=None, ptz_vendor_before=None, ptz_vendor_after=None, ptz_position=None,
                  image_sha256=image_sha256, image_size=image_size, started_at=round(time.time(), 3))

    def finish(msg, failed=False, unreachable=False):
        result['msg'] = msg
        result['ended_at'] = round(time.time(), 3)
        if result['image_sha256'] is None:
            whole = streamed.seen == image_size
            result['image_sha256'] = streamed.hash.hexdigest() if whole else _sha256_of_src(context)
        result['elapsed'] = round(time.monotonic() - started, 3)
        if context.diff:
            after = result['version_after']
            if after is None:  # not read back: predict
                after = target if result['changed'] else result['version_before']
            result['diff'] = dict(before='ptz_image_version: %s\n' % result['version_before'],
                                  after='ptz_image_version: %s\n' % after)
        if failed or unreachable:
            raise TaskFailed(msg, result, unreachable=unreachable)
        return result

    try:
        lines, result['waited_for_boot'] = _first_look(context, client, pattern)
    except TaskFailed as exc:
        return finish(str(exc), unreachable=exc.unreachable, failed=True)
    except CameraError as exc:
        return finish('cannot read the system log of the camera at %s: %s' % (client.address, exc), failed=True)
    before = read_ptz_version(lines, pattern)
    for warning in before.warnings:
        context.warn(warning)
    result['version_before'] = before.version
    result['ptz_log_entries'] = list(before.entries)
    result['ptz_log_mentions'] = ptz_mentions(client, lines)
    back = ('the camera did not answer at first (rebooting from an earlier run?) and answered after %.0f s; '
            % result['waited_for_boot'] if result['waited_for_boot'] else '')

    if before.version is None and not params['force']:
        result['version_unknown'] = True
        if params['on_unknown_version'] == 'fail':
            return finish(back + _unknown_version_message(client, result['ptz_log_mentions']), failed=True)
        context.warn('the installed PTZ image version is unknown (no line of the system log matches '
                     'version_pattern); uploading anyway, as on_unknown_version=upload asks')

    if not params['force'] and normalize_version(before.version) == normalize_version(target):
        result['version_after'] = before.version
        return finish('%sthe camera already reports PTZ image version %s' % (back, before.version))

    if context.check_mode:
        result['changed'] = True
        return finish('%swould upload %s to the camera (it reports PTZ image version %s)'
                      % (back, params['src'], before.version))

    # Read-only looks first: no PTZ, no upload; and the PTZ's settings, to compare after the reboot.
    vendor_before = None
    try:
        if has_ptz(client.system_info()) is False:
            return finish('the camera at %s has no PTZ (its SYSTEM_INFO reports PTZ_IMAGE = NONE), so nothing was '
                          'uploaded' % client.address, failed=True)
        if params['ptz_check']:
            vendor_before = result['ptz_vendor_before'] = _ptz_vendor_before(context, client)
            result['ptz_check'] = None if vendor_before else 'skipped'
    except CameraError as exc:
        return finish('cannot read the camera at %s before the upload, so nothing was uploaded: %s'
                      % (client.address, exc), failed=True)

    # Nothing is uploaded yet, and on failure here the camera does not reboot.
    step = 'save its configuration (save_config)'
    try:
        if params['save_config']:
            client.save_config()
        step = 'send its upload form'
        client.request_upload_form()
    except CameraError as exc:
        if isinstance(exc, CameraReplyError):
            result['device_reply'] = exc.reply
        return finish('the camera at %s did not %s, so nothing was uploaded: %s' % (client.address, step, exc),
                      failed=True)

    # From here on the camera reboots, whatever the verdict.
    context.progress('uploading %s (%d bytes; it reports PTZ image version %s)'
                     % (params['src'], image_size, before.version))
    result['changed'] = result['rebooted'] = True
    problem = None
    try:
        result['device_reply'] = client.post_ptz_image(params['src'], digest=streamed)
    except CameraReplyError as exc:
        result['device_reply'] = exc.reply
        problem = 'the camera rejected the image: %s' % exc.reply
    except (UploadInterrupted, UnrecognisedVerdict) as exc:
        # No verdict: the camera reboots either way, and only the version it reports afterwards tells.
        no_verdict = ('the upload was cut off (%s)' % exc if isinstance(exc, UploadInterrupted)
                      else 'the upload got no verdict: %s' % exc)
        if not params['wait']:
            return finish('%s; whether the camera took the image is unknown until it is back: read its version '
                          'with acti.camera.camera_info, or run again with wait=true' % no_verdict, failed=True)
        context.warn('%s; the version read back after the reboot decides' % no_verdict)
        if target is None:
            problem = '%s, and no version was given to check it by: the outcome is unknown' % no_verdict
    except CameraError as exc:
        problem = str(exc)
    context.progress('the camera answered the upload with %s; it reboots' % (result['device_reply'] or 'nothing'))

    if not params['wait']:
        if problem:
            return finish('%s; the camera is rebooting' % problem, failed=True)
        return finish('uploaded the PTZ image; the camera is rebooting, and the version was not read back '
                      '(wait=false)')

    try:
        waited = wait_for_reboot(client, params['wait_timeout'], params['poll_interval'], pattern,
                                 entries_before=before.entries, progress=context.progress)
    except CameraDidNotReturn as exc:
        result['rebooted'] = False
        return finish('%s%s' % (problem + '; then ' if problem else '', exc), failed=True)
    for warning in waited.reading.warnings:
        context.warn(warning)
    result['version_after'] = waited.reading.version
    back = 'the camera rebooted and reports PTZ image version %s' % waited.reading.version
    if problem:
        return finish('%s; %s' % (problem, back), failed=True)
    if target is not None and normalize_version(waited.reading.version) != normalize_version(target):
        return finish('after the upload %s, not %s' % (back, target), failed=True)
    if vendor_before:
        result['ptz_vendor_after'], result['ptz_position'], ptz_problem = ptz_check_after(client, vendor_before)
        result['ptz_check'] = 'failed' if ptz_problem else 'ok'
        if ptz_problem:
            return finish('after the upload %s, but %s' % (back, ptz_problem), failed=True)
    context.progress('verified at PTZ image version %s' % waited.reading.version)
    return finish('uploaded the PTZ image (was %s); %s' % (before.version, back))


def run_wait_for_camera(context):
    """Wait for the camera's reboot: see the wait_for_camera module's documentation."""
    started = time.monotonic()
    params = context.params
    expected = params['version']
    check_positive(params, 'wait_timeout', 'poll_interval')
    if params['down_timeout'] < 0:
        raise InvalidOption('down_timeout must be zero or more seconds, got %s' % params['down_timeout'])
    pattern = checked_version_pattern(params)
    client = camera_client(params)

    ptz = dict(ptz_check=None, ptz_vendor=None, ptz_position=None)
    started_at = round(time.time(), 3)

    def finish(msg, failed=False, went_down=False, version=None):
        result = dict(changed=False, msg=msg, went_down=went_down, ptz_image_version=version,
                      elapsed=round(time.monotonic() - started, 3), started_at=started_at,
                      ended_at=round(time.time(), 3), **ptz)
        if failed:
            raise TaskFailed(msg, result)
        return result

    try:
        waited = wait_for_reboot(client, params['wait_timeout'], params['poll_interval'], pattern,
                                 entries_before=params['ptz_log_entries'],
                                 down_timeout=params['down_timeout'] if expected is not None else None,
                                 progress=context.progress)
    except CameraDidNotReturn as exc:
        return finish(str(exc), failed=True)
    for warning in waited.reading.warnings:
        context.warn(warning)
    version = waited.reading.version
    if waited.went_down:
        seen = ('the camera went down and is back after %.1f s, reporting PTZ image version %s'
                % (waited.elapsed, version))
    elif params['ptz_log_entries'] is not None and waited.reading.entries != tuple(params['ptz_log_entries']):
        seen = ('the camera has rebooted (a new PTZ line in its system log) and reports PTZ image version %s'
                % version)
    elif params['down_timeout'] == 0:
        seen = 'the camera reports PTZ image version %s' % version
    else:
        seen = ('no outage of the camera was seen within down_timeout (%s s); it reports PTZ image version %s'
                % (params['down_timeout'], version))
    if expected is not None and normalize_version(version) != normalize_version(expected):
        hint = ' (raise down_timeout if the camera had not begun its reboot yet)' if 'down_timeout' in seen else ''
        return finish('%s, not %s%s' % (seen, expected, hint), failed=True, went_down=waited.went_down,
                      version=version)
    if params['ptz_vendor']:
        ptz['ptz_vendor'], ptz['ptz_position'], ptz_problem = ptz_check_after(client, params['ptz_vendor'])
        ptz['ptz_check'] = 'failed' if ptz_problem else 'ok'
        if ptz_problem:
            return finish('%s, but %s' % (seen, ptz_problem), failed=True, went_down=waited.went_down,
                          version=version)
    if expected is not None:
        context.progress('verified at PTZ image version %s' % version)
    return finish(seen, went_down=waited.went_down, version=version)


def run_camera_info(context):
    """Read the camera: see the camera_info module's documentation."""
    pattern = checked_version_pattern(context.params)
    client = camera_client(context.params)
    try:
        system_log = client.system_log()
        system_info = client.system_info()
    except CameraNotAnswering as exc:
        raise TaskFailed('cannot read the camera at %s: %s' % (client.address, exc), unreachable=True) from None
    except CameraError as exc:
        raise TaskFailed('cannot read the camera at %s: %s' % (client.address, exc)) from None
    reading = read_ptz_version(system_log, pattern)
    for warning in reading.warnings:
        context.warn(warning)
    ptz_vendor = None
    if has_ptz(system_info) is not False:
        try:
            ptz_vendor = client.ptz_vendor()
        except (CameraReplyError, CameraProtocolError) as exc:
            context.warn('the camera at %s answers PTZ_VENDOR with %s' % (client.address, exc))
        except CameraError as exc:
            raise TaskFailed('cannot read the camera at %s: %s' % (client.address, exc)) from None
    return dict(
        changed=False,
        ptz_image_version=reading.version,
        ptz_log_mentions=ptz_mentions(client, system_log),
        system_log=system_log,
        system_info=system_info,
        model=system_info.get('Model Number'),
        firmware_version=system_info.get('Firmware Version'),
        has_ptz=has_ptz(system_info),
        ptz_vendor=ptz_vendor,
    )


TASKS = dict(
    ptz_image=Task(
        own_argument_spec=dict(
            src=dict(type='path', required=True),
            version=dict(type='str'),
            force=dict(type='bool', default=False),
            sha256=dict(type='str'),
            wait=dict(type='bool', default=True),
            save_config=dict(type='bool', default=False),
            on_unknown_version=dict(type='str', choices=['fail', 'upload'], default='fail'),
            boot_timeout=dict(type='float', default=300.0),
            ptz_check=dict(type='bool', default=True),
            **dict(system_log_argument_spec(), **wait_argument_spec())
        ),
        required_if=[('force', False, ('version',))],
        logic=run_ptz_image,
    ),
    wait_for_camera=Task(
        own_argument_spec=dict(
            version=dict(type='str'),
            ptz_log_entries=dict(type='list', elements='str'),
            down_timeout=dict(type='float', default=30.0),
            ptz_vendor=dict(type='str'),
            **dict(system_log_argument_spec(), **wait_argument_spec())
        ),
        logic=run_wait_for_camera,
    ),
    camera_info=Task(own_argument_spec=system_log_argument_spec(), logic=run_camera_info),
)
