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

from ansible_collections.acti.camera.plugins.module_utils._client import has_ptz, info_value
from ansible_collections.acti.camera.plugins.module_utils._connection import (
    InvalidOption,
    camera_address,
    camera_client,
    check_positive,
    checked_version_pattern,
    connection_argument_spec,
    system_log_argument_spec,
    wait_argument_spec,
)
from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraError,
    CameraNotAnswering,
    CameraProtocolError,
    CameraReplyError,
    UnrecognisedVerdict,
    UploadInterrupted,
)
from ansible_collections.acti.camera.plugins.module_utils._images import Firmware, PtzImage, ptz_mentions
from ansible_collections.acti.camera.plugins.module_utils._outcome import Failure, fails_its_task
from ansible_collections.acti.camera.plugins.module_utils._redaction import Redactor, redact_values
from ansible_collections.acti.camera.plugins.module_utils._system_log import read_ptz_version
from ansible_collections.acti.camera.plugins.module_utils._wait import (
    CameraDidNotReturn,
    Look,
    say_nothing,
    wait_for_reboot,
)

_HASH_BLOCK = 1024 * 1024
# Said once a task, as an Ansible warning on both paths; urllib3's own InsecureRequestWarning, once a request on
# stderr, is silenced by the client.
UNVERIFIED_TLS_WARNING = ('validate_certs=false: the camera\'s TLS certificate is not verified, so anything between '
                          'the controller and the camera can pose as it and read the password in the URL; give the '
                          'camera\'s CA with ca_path instead')


def file_digest(path, algorithm='sha256'):
    """The hex digest (ALGORITHM: sha256, md5) of a file, read in blocks; OSError when it cannot be read."""
    digest = hashlib.new(algorithm)
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
    # A line the operator needs now, at any verbosity (a camera that does not answer, and how long it is waited
    # for): printed at once in the worker; on the module path the action plugin says it (see _run_module).
    notice: object = say_nothing
    # (path, algorithm: sha256 by default, md5) -> hex digest; the action plugins give one that hashes a file once
    # per controller run.
    digest: object = file_digest


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
        """The task's result, or Failure with the result it fails with: options that cannot serve fail it too
        (invalid_input), before any request.

        The boundary of redaction, for both entry points: every string of the result, every warning and every
        progress line, after all formatting, loses the password in each of its forms (Redactor).
        """
        redact = Redactor(context.params.get('password'))
        warn, progress, notice = context.warn, context.progress, context.notice
        context = replace(context, warn=lambda text: warn(redact(text)), progress=lambda text: progress(redact(text)),
                          notice=lambda text: notice(redact(text)))
        if context.params.get('use_ssl') and not context.params.get('validate_certs'):
            context.warn(UNVERIFIED_TLS_WARNING)
        address = _address(context.params)
        try:
            return redact_values(dict(self.logic(context), **address), redact)
        except InvalidOption as exc:
            raise Failure('invalid_input', redact(exc), address) from None
        except Failure as exc:
            raise Failure(exc.outcome, redact(exc), redact_values(dict(exc.result, **address), redact)) from None


def _address(params):
    """{'address': host:port as the client names it}, for every result of a task, failures included, so that the
    report reads the camera's address from what its tasks returned; {} where the connection options cannot serve
    (the task then fails on them with its own message)."""
    try:
        return dict(address=camera_address(params))
    except InvalidOption:
        return {}


def checked_image(context, image_name):
    """(size, SHA-256 or None) of src; InvalidOption on any problem with the file.

    The file is read whole here only to check it against the sha256 option; otherwise the
    upload computes its checksum as it sends it (for a 256 MB image, reading it twice cost
    more time than sending it).
    """
    src = context.params['src']
    if not os.path.exists(src):
        raise InvalidOption('src %s does not exist' % src)
    if not os.path.isfile(src):
        raise InvalidOption('src %s is not a regular file' % src)
    try:
        with open(src, 'rb') as image:
            size = image.seek(0, os.SEEK_END)
    except OSError as exc:
        raise InvalidOption('cannot read src %s: %s' % (src, exc.strerror or exc)) from None
    if size == 0:
        raise InvalidOption('src %s is empty: that is no %s' % (src, image_name))
    expected = context.params['sha256']
    if expected is None:
        return size, None
    expected = expected.strip().lower()
    if not re.match(r'^[0-9a-f]{64}$', expected):
        raise InvalidOption('sha256 must be 64 hexadecimal digits, got %r' % context.params['sha256'])
    actual = _sha256_of_src(context)
    if expected != actual:
        raise InvalidOption('src %s has SHA-256 %s, not the expected %s: refusing to upload it'
                            % (src, actual, expected))
    return size, actual


def _sha256_of_src(context):
    try:
        return context.digest(context.params['src'])
    except OSError as exc:
        raise InvalidOption('cannot read src %s: %s' % (context.params['src'], exc.strerror or exc)) from None


class _StreamedHash:
    """SHA-256 of src fed by the upload as it streams the file, and how much of it was seen."""

    def __init__(self):
        self.hash = hashlib.sha256()
        self.seen = 0

    def update(self, block):
        self.hash.update(block)
        self.seen += len(block)


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


def _what_it_answered(client, exc):
    """A camera's answer EXC that ends a wait, in a sentence that names the camera once (the client's messages of
    a reply no camera sends already name it)."""
    if isinstance(exc, CameraReplyError):
        return 'the camera at %s answers %s' % (client.address, exc)
    return str(exc)


def not_answering_notice(reason, boot_timeout):
    """What the operator is told, at once, of a camera that does not answer the first request (REASON)."""
    return ('%s; waiting up to %.0f s (boot_timeout) in case it is rebooting (an earlier run interrupted, a power '
            'cut); check its address and port if it should be up' % (reason, boot_timeout))


def _first_look(context, client, look, what):
    """The camera's first LOOK (the installed version), waiting up to boot_timeout for a camera that does not answer.

    Such a camera may still be rebooting after an earlier run that was interrupted: it is read once it
    answers, so that a rerun finishes the job instead of failing. The operator is told at once, at any
    verbosity, that the camera does not answer and how long it is waited for. A camera that answers with
    an error ends the wait with that reply. Returns (Look, seconds waited).
    """
    try:
        return look(), 0.0
    except CameraNotAnswering as exc:
        boot_timeout = context.params['boot_timeout']
        if boot_timeout == 0:
            raise Failure('unreachable', str(exc)) from None
        context.notice(not_answering_notice(str(exc), boot_timeout))
    started = time.monotonic()
    try:
        waited = wait_for_reboot(client, boot_timeout, context.params['poll_interval'], down_already=True,
                                 progress=context.progress, look=look, what=what)
    except CameraDidNotReturn as exc:
        raise Failure('unreachable' if isinstance(exc.last_error, CameraNotAnswering) else 'camera_error',
                      'the camera at %s did not answer within boot_timeout (%.0f s); last seen: %s'
                      % (client.address, boot_timeout, exc.last_seen)) from None
    except CameraError as exc:
        raise Failure('camera_error', 'the camera at %s did not answer at first, then after %.0f s answered: %s'
                      % (client.address, time.monotonic() - started, exc)) from None
    return Look(waited.reading, waited.lines, waited.info), waited.elapsed


def _same_device(client, mac_before, info, when):
    """Failure(other_device) where the device back at the address after a reboot is not the camera of MAC_BEFORE
    (DHCP gave the address away during the reboot); INFO, its SYSTEM_INFO where the wait read it; WHEN starts the
    message (``after the upload``). Nothing to check without MAC_BEFORE."""
    if mac_before is None:
        return
    try:
        mac_after = _mac_address(info if info is not None else client.system_info())
    except CameraError as exc:
        raise Failure('camera_error', '%s the SYSTEM_INFO of the camera at %s (to prove it is the same camera) '
                                      'answers %s' % (when, client.address, exc)) from None
    if mac_after != mac_before:
        raise Failure('other_device', '%s another device answers at %s: its MAC Address is %s, not %s as before the '
                                      'upload (the address was given to another device during the reboot?); the '
                                      'camera itself was not seen back'
                      % (when, client.address, mac_after or 'not given', mac_before))


def _mac_address(info):
    """The camera's identity in SYSTEM_INFO (``MAC Address``), normalised, or None where it gives none."""
    mac = info_value(info, 'MAC Address')
    return ''.join(char for char in mac.lower() if char in '0123456789abcdef') or None if mac else None


class _Upgrade:
    """One upload task (ptz_image, firmware) on one camera, in steps: each returns what it learnt or raises one
    Failure. KIND (module_utils/_images.py) says what differs between the images.

    ``result`` is what the task returns, filled in as the steps learn it; ``finish`` ends it, once.
    """

    def __init__(self, context, kind):
        self.started = time.monotonic()
        self.context, self.kind = context, kind
        params = context.params
        self.target = params['version']
        self.image_size, image_sha256 = checked_image(context, kind.name)
        self.streamed = _StreamedHash() if image_sha256 is None else None
        check_positive(params, 'wait_timeout', 'poll_interval')
        if params['boot_timeout'] < 0:
            raise InvalidOption('boot_timeout must be zero or more seconds, got %s' % params['boot_timeout'])
        self.pattern = checked_version_pattern(params) if 'version_pattern' in params else None
        kind.check_options(context)
        self.client = camera_client(params)
        self.look = kind.look(self.client, self.pattern)
        self.before = None   # the LogReading of the first look
        self.first_info = None   # SYSTEM_INFO, where the first look read it
        self.first_look_note = ''   # the start of a message, where the first look waited for the camera
        self.result = dict(changed=False, version_before=None, version_after=None, rebooted=False, device_reply=None,
                           version_unknown=False, waited_for_boot=0.0, ptz_check=None, ptz_vendor_before=None,
                           ptz_vendor_after=None, ptz_position=None, mac_address=None, image_sha256=image_sha256,
                           image_size=self.image_size, started_at=round(time.time(), 3), **kind.result_keys())

    @property
    def downgrade(self):
        """Whether the camera goes (or, before the upload, would go) to a lower version: judged by the version read
        back where there is one, so that force without a version names a move down too."""
        after = self.result['version_after'] if self.result['version_after'] is not None else self.target
        return self.kind.downgrade(self.result['version_before'], after)

    def first_look(self):
        """Read the installed version (waiting for a camera that does not answer yet)."""
        client, result = self.client, self.result
        try:
            looked, result['waited_for_boot'] = _first_look(self.context, client, self.look, self.kind.name)
        except CameraError as exc:
            raise Failure('camera_error', 'cannot read the %s of the camera at %s: %s'
                          % (self.kind.read_from, client.address, exc)) from None
        self.before, self.first_info = looked.reading, looked.info
        for warning in self.before.warnings:
            self.context.warn(warning)
        result['version_before'] = self.before.version
        self.kind.first_looked(self, looked)
        if result['waited_for_boot']:
            self.first_look_note = ('the camera did not answer at first (rebooting from an earlier run?) and answered '
                                    'after %.0f s; ' % result['waited_for_boot'])

    def decide(self):
        """(outcome, message) where nothing is to be uploaded, else None; Failure for a version that is unknown, or
        an image the kind refuses for this camera."""
        params, version, name = self.context.params, self.before.version, self.kind.name
        if version is None and not params['force']:
            self.result['version_unknown'] = True
            if params.get('on_unknown_version', 'fail') == 'fail':
                raise Failure('unknown_version', self.kind.unknown_version_message(self))
            self.context.warn('the installed %s version is unknown (no line of the system log matches '
                              'version_pattern); uploading anyway, as on_unknown_version=upload asks' % name)
        if not params['force'] and self.kind.same(version, self.target):
            self.result['version_after'] = version
            return ('verified' if self.first_look_note else 'unchanged',
                    'the camera already reports %s version %s' % (name, version))
        self.kind.refusal(self)
        if self.context.check_mode:
            self.result['changed'] = True
            return ('would_downgrade' if self.downgrade else 'would_upgrade',
                    'would upload %s to the camera (it reports %s version %s%s)'
                    % (params['src'], name, version, ': a downgrade' if self.downgrade else ''))
        return None

    def look_before_upload(self):
        """The read-only looks first: the camera's identity; no PTZ image for a camera without a PTZ; the PTZ's
        vendor, to compare after the reboot."""
        client = self.client
        try:
            info = self.first_info if self.first_info is not None else client.system_info()
            self.result['mac_address'] = _mac_address(info)
            if has_ptz(info) is False and self.kind.refuses_a_camera_without_ptz():
                raise Failure('no_ptz', 'the camera at %s has no PTZ (its SYSTEM_INFO reports PTZ_IMAGE = NONE), so '
                                        'nothing was uploaded' % client.address)
            if self.context.params['ptz_check'] and has_ptz(info) is not False:
                self.result['ptz_vendor_before'] = _ptz_vendor_before(self.context, client)
                self.result['ptz_check'] = None if self.result['ptz_vendor_before'] else 'skipped'
        except CameraError as exc:
            raise Failure('camera_error', 'cannot read the camera at %s before the upload, so nothing was uploaded: '
                                          '%s' % (client.address, exc)) from None

    def prepare_upload(self):
        """Save the configuration if asked, and fetch the upload form. Nothing is written yet: no reboot on failure.
        Returns the UploadPage."""
        client, step = self.client, 'save its configuration (save_config)'
        try:
            if self.context.params.get('save_config'):
                client.save_config()
            step = 'send its upload form'
            return client.upload_form(self.kind.command)
        except CameraError as exc:
            if isinstance(exc, CameraReplyError):
                self.result['device_reply'] = exc.reply
            raise Failure('camera_error', 'the camera at %s did not %s, so nothing was uploaded: %s'
                          % (client.address, step, exc)) from None

    def upload(self, page):
        """POST the image to PAGE. From here on the camera reboots, whatever the verdict. Returns None for an OK, else
        the verdict's Failure, not raised: rejected (ERROR), no_verdict, or camera_error. The camera's reboot does not
        undo it, but the task waits for that reboot before it fails, so that its result tells what the camera runs
        afterwards. Raises Failure(no_verdict) with wait=false, and Failure(invalid_input) for a file gone."""
        params, result = self.context.params, self.result
        self.context.progress('uploading %s (%d bytes; it reports %s version %s)'
                              % (params['src'], self.image_size, self.kind.name, self.before.version))
        result['changed'] = result['rebooted'] = True
        verdict = None
        try:
            result['device_reply'] = self.client.post_upload(page, self.kind.files(params), digest=self.streamed)
        except OSError as exc:   # a file gone since it was checked: nothing was sent
            result['changed'] = result['rebooted'] = False
            raise Failure('invalid_input', 'cannot read %s: %s; nothing was uploaded'
                          % (exc.filename, exc.strerror or exc)) from None
        except CameraReplyError as exc:
            result['device_reply'] = exc.reply
            verdict = Failure('rejected', 'the camera rejected the image: %s%s'
                              % (exc.reply, self.kind.explain(exc.reply)))
        except (UploadInterrupted, UnrecognisedVerdict) as exc:
            # No verdict: the camera reboots either way, and only the version it reports afterwards tells.
            no_verdict = ('the upload was cut off (%s)' % exc if isinstance(exc, UploadInterrupted)
                          else 'the upload got no verdict: %s' % exc)
            if not params['wait']:
                raise Failure('no_verdict', '%s; whether the camera took the image is unknown until it is back: read '
                                            'its version with acti.camera.camera_info, or run again with wait=true'
                              % no_verdict) from None
            self.context.warn('%s; the version read back after the reboot decides' % no_verdict)
            if self.target is None:
                verdict = Failure('no_verdict', '%s, and no version was given to check it by: the outcome is unknown'
                                  % no_verdict)
        except CameraError as exc:
            verdict = Failure('camera_error', str(exc))
        self.context.progress('the camera answered the upload with %s; it reboots'
                              % (result['device_reply'] or 'nothing'))
        return verdict

    def wait_and_verify(self, verdict):
        """Wait for the reboot and read the version back: the sentence that says what the camera reports, or Failure
        (VERDICT, the upload's Failure, decides the outcome where there was one)."""
        params, result = self.context.params, self.result
        then = '%s; then ' % verdict if verdict else ''
        try:
            waited = wait_for_reboot(self.client, params['wait_timeout'], params['poll_interval'], look=self.look,
                                     entries_before=self.before.entries, progress=self.context.progress,
                                     what=self.kind.name, boot_proof=self.kind.boot_proof)
        except CameraDidNotReturn as exc:
            result['rebooted'] = False
            raise Failure(verdict.outcome if verdict else 'not_back', then + str(exc)) from None
        except CameraError as exc:   # it answers, with an error: that ends the wait
            raise Failure(verdict.outcome if verdict else 'camera_error', '%safter the upload %s'
                          % (then, _what_it_answered(self.client, exc))) from None
        for warning in waited.reading.warnings:
            self.context.warn(warning)
        version = waited.reading.version
        after_reboot = 'the camera rebooted and reports %s version %s' % (self.kind.name, version)
        _same_device(self.client, self.result['mac_address'], waited.info, 'after the upload')
        result['version_after'] = version   # the camera's, now that it is known to be the same camera
        if verdict:
            raise Failure(verdict.outcome, '%s; %s' % (verdict, after_reboot))
        if self.target is not None and not self.kind.same(version, self.target):
            raise Failure('wrong_version', 'after the upload %s, not %s' % (after_reboot, self.target))
        return after_reboot

    def check_ptz(self, after_reboot):
        """The PTZ's vendor and position after the reboot, against those of before; Failure(ptz_failed)."""
        vendor_before = self.result['ptz_vendor_before']
        if vendor_before:
            self.result['ptz_vendor_after'], self.result['ptz_position'], ptz_problem = ptz_check_after(
                self.client, vendor_before)
            self.result['ptz_check'] = 'failed' if ptz_problem else 'ok'
            if ptz_problem:
                raise Failure('ptz_failed', 'after the upload %s, but %s' % (after_reboot, ptz_problem))

    def finish(self, outcome, msg):
        """The task's result with OUTCOME and MSG; Failure with that result where the outcome fails the task."""
        result = self.result
        result.update(outcome=outcome, msg=self.first_look_note + msg, ended_at=round(time.time(), 3))
        if result['image_sha256'] is None:
            whole = self.streamed.seen == self.image_size
            result['image_sha256'] = self.streamed.hash.hexdigest() if whole else _sha256_of_src(self.context)
        result['elapsed'] = round(time.monotonic() - self.started, 3)
        if self.context.diff:
            after = result['version_after']
            if after is None:  # not read back: predict
                after = self.target if result['changed'] else result['version_before']
            key = self.kind.version_key
            result['diff'] = dict(before='%s: %s\n' % (key, result['version_before']),
                                  after='%s: %s%s\n' % (key, after, '  # a downgrade' if outcome in (
                                      'would_downgrade', 'downgraded') else ''))
        if fails_its_task(outcome):
            raise Failure(outcome, result['msg'], result)
        return result


def _upgrade(context, kind):
    """Bring the camera's image of KIND to the version: the flow every image kind shares."""
    upgrade = _Upgrade(context, kind)
    try:
        upgrade.first_look()
        nothing_to_upload = upgrade.decide()
        if nothing_to_upload:
            return upgrade.finish(*nothing_to_upload)
        upgrade.look_before_upload()
        verdict = upgrade.upload(upgrade.prepare_upload())
        if not context.params['wait']:
            if verdict:
                return upgrade.finish(verdict.outcome, '%s; the camera is rebooting' % verdict)
            return upgrade.finish('uploaded', 'uploaded the %s; the camera is rebooting, and the version was not read '
                                              'back (wait=false)' % kind.name)
        after_reboot = upgrade.wait_and_verify(verdict)
        upgrade.check_ptz(after_reboot)
    except Failure as failure:
        return upgrade.finish(failure.outcome, str(failure))
    context.progress('verified at %s version %s' % (kind.name, upgrade.result['version_after']))
    return upgrade.finish('downgraded' if upgrade.downgrade else 'upgraded',
                          'uploaded the %s (was %s); %s' % (kind.name, upgrade.before.version, after_reboot))


def run_ptz_image(context):
    """Bring the camera to the version: see the ptz_image module's documentation."""
    return _upgrade(context, PtzImage)


def run_firmware(context):
    """Bring the camera's firmware to the version: see the firmware module's documentation."""
    return _upgrade(context, Firmware)


# The images whose version wait_for_camera reads, by the name its option image gives them.
WAIT_IMAGES = dict(ptz_image=PtzImage, firmware=Firmware)


class _RebootCheck:
    """One wait_for_camera task on one camera, in steps as _Upgrade's; KIND (the option image) says where the version
    is read, how it compares, and what proves a reboot besides an outage."""

    def __init__(self, context):
        self.started = time.monotonic()
        self.context = context
        params = context.params
        self.expected = params['version']
        self.kind = WAIT_IMAGES[params['image']]
        check_positive(params, 'wait_timeout', 'poll_interval')
        if params['down_timeout'] < 0:
            raise InvalidOption('down_timeout must be zero or more seconds, got %s' % params['down_timeout'])
        self.client = camera_client(params)
        self.look = self.kind.look(self.client, checked_version_pattern(params))
        self.result = {'changed': False, 'went_down': False, self.kind.version_key: None, 'version_after': None,
                       'ptz_check': None, 'ptz_vendor': None, 'ptz_position': None,
                       'started_at': round(time.time(), 3)}

    def for_reboot(self):
        """The RebootWait; Failure(not_back), or Failure(camera_error) for a camera that answers with an error."""
        params = self.context.params
        try:
            waited = wait_for_reboot(self.client, params['wait_timeout'], params['poll_interval'], look=self.look,
                                     entries_before=self.kind.markers_before(params),
                                     down_timeout=params['down_timeout'] if self.expected is not None else None,
                                     progress=self.context.progress, what=self.kind.name,
                                     boot_proof=self.kind.boot_proof)
        except CameraDidNotReturn as exc:
            self.result['went_down'] = exc.went_down
            raise Failure('not_back', str(exc)) from None
        except CameraError as exc:
            raise Failure('camera_error', _what_it_answered(self.client, exc)) from None
        for warning in waited.reading.warnings:
            self.context.warn(warning)
        self.result.update({'went_down': waited.went_down, self.kind.version_key: waited.reading.version,
                            'version_after': waited.reading.version})
        return waited

    def what_was_seen(self, waited):
        """(the sentence that says how the camera came back, whether its reboot was proven or not looked for)."""
        params, reports = self.context.params, '%s version %s' % (self.kind.name, waited.reading.version)
        if waited.went_down:
            return 'the camera went down and is back after %.1f s, reporting %s' % (waited.elapsed, reports), True
        if waited.new_entry:
            return 'the camera has rebooted (%s) and reports %s' % (self.kind.new_marker, reports), True
        if params['down_timeout'] == 0:
            return 'the camera reports %s' % reports, True
        return ('no outage of the camera was seen within down_timeout (%s s); it reports %s'
                % (params['down_timeout'], reports)), False

    def check_version(self, seen, proven):
        version = self.result['version_after']
        if self.expected is not None and not self.kind.same(version, self.expected):
            hint = '' if proven else ' (raise down_timeout if the camera had not begun its reboot yet)'
            raise Failure('wrong_version', '%s, not %s%s' % (seen, self.expected, hint))

    def check_ptz(self, seen):
        if self.context.params['ptz_vendor']:
            self.result['ptz_vendor'], self.result['ptz_position'], ptz_problem = ptz_check_after(
                self.client, self.context.params['ptz_vendor'])
            self.result['ptz_check'] = 'failed' if ptz_problem else 'ok'
            if ptz_problem:
                raise Failure('ptz_failed', '%s, but %s' % (seen, ptz_problem))

    def outcome(self):
        """rebooted without a version to check; upgraded or downgraded from version_before; else verified."""
        before, after = self.context.params['version_before'], self.result['version_after']
        if self.expected is None:
            return 'rebooted'
        if before is None or self.kind.same(before, after):
            return 'verified'
        return 'downgraded' if self.kind.downgrade(before, after) else 'upgraded'

    def finish(self, outcome, msg):
        self.result.update(outcome=outcome, msg=msg, elapsed=round(time.monotonic() - self.started, 3),
                           ended_at=round(time.time(), 3))
        if fails_its_task(outcome):
            raise Failure(outcome, msg, self.result)
        return self.result


def run_wait_for_camera(context):
    """Wait for the camera's reboot: see the wait_for_camera module's documentation."""
    check = _RebootCheck(context)
    try:
        waited = check.for_reboot()
        seen, proven = check.what_was_seen(waited)
        _same_device(check.client, _mac_address({'MAC Address': context.params['mac_address']}), waited.info,
                     'after the reboot')
        check.check_version(seen, proven)
        check.check_ptz(seen)
    except Failure as failure:
        return check.finish(failure.outcome, str(failure))
    if check.expected is not None:
        context.progress('verified at %s version %s' % (check.kind.name, check.result['version_after']))
    return check.finish(check.outcome(), seen)


def run_camera_info(context):
    """Read the camera: see the camera_info module's documentation."""
    pattern = checked_version_pattern(context.params)
    client = camera_client(context.params)
    try:
        system_log = client.system_log()
        system_info = client.system_info()
    except CameraNotAnswering as exc:
        raise Failure('unreachable', 'cannot read the camera at %s: %s' % (client.address, exc)) from None
    except CameraError as exc:
        raise Failure('camera_error', 'cannot read the camera at %s: %s' % (client.address, exc)) from None
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
            raise Failure('camera_error', 'cannot read the camera at %s: %s' % (client.address, exc)) from None
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
            version_before=dict(type='str'),
            mac_address=dict(type='str'),
            image=dict(type='str', choices=sorted(WAIT_IMAGES), default='ptz_image'),
            **dict(system_log_argument_spec(), **wait_argument_spec())
        ),
        logic=run_wait_for_camera,
    ),
    camera_info=Task(own_argument_spec=system_log_argument_spec(), logic=run_camera_info),
    firmware=Task(
        own_argument_spec=dict(
            src=dict(type='path', required=True),
            version=dict(type='str'),
            md5_src=dict(type='path'),
            sha256=dict(type='str'),
            force=dict(type='bool', default=False),
            allow_downgrade=dict(type='bool', default=False),
            wait=dict(type='bool', default=True),
            boot_timeout=dict(type='float', default=300.0),
            ptz_check=dict(type='bool', default=True),
            **wait_argument_spec(wait_timeout=1800.0)
        ),
        required_if=[('force', False, ('version',))],
        logic=run_firmware,
    ),
)
