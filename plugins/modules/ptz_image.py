#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: ptz_image
short_description: Keep the PTZ library image of an ACTi camera at a given version
version_added: 0.1.0
description:
  - Reads the camera's system log to find the installed PTZ image version. When it already is O(version), nothing
    else is sent (one HTTP request in all).
  - "Otherwise fetches the camera's upload form, uploads O(src) as the form asks, and reads the camera's verdict
    (C(OK) or C(ERROR: ...)). The camera then reboots, whatever the verdict."
  - With O(wait=true) (the default), waits until the camera has rebooted and answers again, reads the version back
    from its system log, and succeeds only if it is O(version).
  - Every check of the options and of the image file happens before the first request to the camera.
options:
  src:
    description:
      - Path of the PTZ image file, where the module runs (the controller).
    type: path
    required: true
  version:
    description:
      - The PTZ image version O(src) installs, as the camera's system log will report it.
      - Versions are compared without surrounding blanks, letter case, or a leading C(v) (V(V1.2) equals V(1.2)).
      - Required unless O(force=true).
    type: str
  force:
    description:
      - Upload even if the camera already reports O(version).
    type: bool
    default: false
  sha256:
    description:
      - SHA-256 checksum (64 hex digits) that O(src) must have. A file that differs is refused before the camera
        is contacted.
    type: str
  wait:
    description:
      - Wait for the reboot that follows the upload, then read the version back.
      - With V(false) the module returns as soon as the camera has answered the upload, while it reboots;
        RV(version_after) is then null and the result is not verified.
    type: bool
    default: true
  save_config:
    description:
      - Save the camera's runtime configuration to flash (the C(SAVE) command) before uploading.
      - The reboot after an upload loses every setting changed at run time and not saved; this keeps them.
    type: bool
    default: false
extends_documentation_fragment:
  - acti.camera.connection
  - acti.camera.connection.version_pattern
  - acti.camera.connection.wait
attributes:
  check_mode:
    support: full
    description: One system log read, then the prediction; nothing is written.
  diff_mode:
    support: full
    description: Shows the PTZ image version before and after.
notes:
  - An upload whose connection drops is not taken as a verdict. With O(wait=true) the version read back after the
    reboot decides; with O(wait=false) the task fails, because the outcome is unknown.
  - "When the camera answers C(ERROR: ...), the task fails with that text in RV(msg) and RV(device_reply). With
    O(wait=true) it first waits for the reboot that follows, so that RV(version_after) tells what the camera runs."
seealso:
  - module: acti.camera.camera_info
author:
  - acti.camera maintainers (@acti-camera)
'''

EXAMPLES = r'''
- name: Upgrade the PTZ image of each camera of the play to 2.1.0, verified after the reboot
  acti.camera.ptz_image:
    host: "{{ ansible_host | default(inventory_hostname) }}"
    password: "{{ camera_password }}"
    src: files/ACTIPT-2.1.0.BIN
    version: 2.1.0
    sha256: 3f2a9c0e7d0b8b5e04c1fd2a6a3e3f9f0a76a1b7c3f5d8e9a0b1c2d3e4f5a6b7
  delegate_to: localhost

- name: Upload without waiting, keeping unsaved settings
  acti.camera.ptz_image:
    host: 192.0.2.10
    password: "{{ camera_password }}"
    src: /srv/images/ACTIPT.BIN
    version: 2.1.0
    save_config: true
    wait: false
  delegate_to: localhost

- name: Reinstall the same version, on a camera whose log writes "PTZ lib rev=2.1.0"
  acti.camera.ptz_image:
    host: 192.0.2.11
    password: "{{ camera_password }}"
    src: /srv/images/ACTIPT.BIN
    version: 2.1.0
    force: true
    version_pattern: 'PTZ lib rev=(?P<version>\S+)'
  delegate_to: localhost
'''

RETURN = r'''
changed:
  description: Whether an upload was made (the camera then reboots, whatever its verdict).
  returned: always
  type: bool
  sample: true
version_before:
  description: PTZ image version the camera reported before the task; null when its system log has none.
  returned: always
  type: str
  sample: 2.0.3
version_after:
  description:
    - PTZ image version the camera reports at the end. Equal to RV(version_before) when nothing was uploaded.
    - Null when the module did not wait for the reboot, or in check mode.
  returned: always
  type: str
  sample: 2.1.0
rebooted:
  description:
    - Whether the camera rebooted. With O(wait=true), whether the reboot was seen; with O(wait=false), true once
      an upload was sent, since the camera always reboots then.
  returned: always
  type: bool
  sample: true
device_reply:
  description: "The camera's verdict on the upload, C(OK) or C(ERROR: <description>); null when there was none."
  returned: always
  type: str
  sample: OK
ptz_log_entries:
  description:
    - The PTZ image lines of the camera's system log, read before the upload. The camera adds one at every boot.
    - Give them to M(acti.camera.wait_for_camera) (its O(acti.camera.wait_for_camera#module:ptz_log_entries)) to
      prove the reboot after an upload made with O(wait=false), even when the outage was missed.
  returned: always
  type: list
  elements: str
  sample: ["2026-11-23 10:00:02 PTZ Image Version 2.0.3"]
image_sha256:
  description: SHA-256 checksum of O(src).
  returned: always
  type: str
  sample: 9b74c9897bac770ffc029102a200c5de4b9d2bbd8a6b8b49c4a8a56e4c7b5b4a
image_size:
  description: Size of O(src) in bytes.
  returned: always
  type: int
  sample: 5319
elapsed:
  description: Seconds the task took.
  returned: always
  type: float
  sample: 93.4
msg:
  description: What happened, in a sentence.
  returned: always
  type: str
  sample: upgraded the PTZ image from 2.0.3 to 2.1.0; the camera rebooted and reports 2.1.0
diff:
  description: PTZ image version before and after (predicted in check mode).
  returned: in diff mode
  type: dict
  sample: {"before": "ptz_image_version: 2.0.3\n", "after": "ptz_image_version: 2.1.0\n"}
'''

import hashlib
import os
import re
import time

from ansible_collections.acti.camera.plugins.module_utils._client import (
    CameraError,
    CameraReplyError,
    UploadInterrupted,
)
from ansible_collections.acti.camera.plugins.module_utils._connection import (
    camera_client,
    camera_module,
    checked_version_pattern,
    fail_unless_positive,
    version_pattern_argument_spec,
    wait_argument_spec,
)
from ansible_collections.acti.camera.plugins.module_utils._system_log import normalize_version, read_ptz_version
from ansible_collections.acti.camera.plugins.module_utils._wait import CameraDidNotReturn, wait_for_reboot

_HASH_BLOCK = 1024 * 1024


class _StreamedHash:
    """SHA-256 of src fed by the upload as it streams the file, and how much of it was seen."""

    def __init__(self):
        self.hash = hashlib.sha256()
        self.seen = 0

    def update(self, block):
        self.hash.update(block)
        self.seen += len(block)


def _file_sha256(module, src):
    digest = hashlib.sha256()
    try:
        with open(src, 'rb') as image:
            for block in iter(lambda: image.read(_HASH_BLOCK), b''):
                digest.update(block)
    except OSError as exc:
        module.fail_json(msg='cannot read src %s: %s' % (src, exc.strerror or exc))
    return digest.hexdigest()


def _checked_image(module):
    """(size, SHA-256 or None) of src, failing the module on any problem with the file.

    The file is read whole here only to check it against the sha256 option; otherwise the
    upload computes its checksum as it sends it (for a 256 MB image, reading it twice cost
    more time than sending it).
    """
    src = module.params['src']
    if not os.path.exists(src):
        module.fail_json(msg='src %s does not exist' % src)
    if not os.path.isfile(src):
        module.fail_json(msg='src %s is not a regular file' % src)
    try:
        with open(src, 'rb') as image:
            size = image.seek(0, os.SEEK_END)
    except OSError as exc:
        module.fail_json(msg='cannot read src %s: %s' % (src, exc.strerror or exc))
    if size == 0:
        module.fail_json(msg='src %s is empty: that is no PTZ image' % src)
    expected = module.params['sha256']
    if expected is None:
        return size, None
    expected = expected.strip().lower()
    if not re.match(r'^[0-9a-f]{64}$', expected):
        module.fail_json(msg='sha256 must be 64 hexadecimal digits, got %r' % module.params['sha256'])
    actual = _file_sha256(module, src)
    if expected != actual:
        module.fail_json(msg='src %s has SHA-256 %s, not the expected %s: refusing to upload it'
                         % (src, actual, expected))
    return size, actual


def main():
    module = camera_module(
        dict(
            src=dict(type='path', required=True),
            version=dict(type='str'),
            force=dict(type='bool', default=False),
            sha256=dict(type='str'),
            wait=dict(type='bool', default=True),
            save_config=dict(type='bool', default=False),
            **dict(version_pattern_argument_spec(), **wait_argument_spec())
        ),
        supports_check_mode=True,
        required_if=[('force', False, ('version',))],
    )
    started = time.monotonic()
    params = module.params
    target = params['version']
    image_size, image_sha256 = _checked_image(module)
    streamed = _StreamedHash() if image_sha256 is None else None
    fail_unless_positive(module, 'wait_timeout', 'poll_interval')
    pattern = checked_version_pattern(module)
    client = camera_client(module)
    result = dict(changed=False, version_before=None, version_after=None, rebooted=False, device_reply=None,
                  ptz_log_entries=[], image_sha256=image_sha256, image_size=image_size)

    def finish(msg, failed=False):
        result['msg'] = msg
        if result['image_sha256'] is None:
            whole = streamed.seen == image_size
            result['image_sha256'] = streamed.hash.hexdigest() if whole else _file_sha256(module, params['src'])
        result['elapsed'] = round(time.monotonic() - started, 3)
        if module._diff:
            after = result['version_after']
            if after is None:  # not read back: predict
                after = target if result['changed'] else result['version_before']
            result['diff'] = dict(before='ptz_image_version: %s\n' % result['version_before'],
                                  after='ptz_image_version: %s\n' % after)
        if failed:
            module.fail_json(**result)
        module.exit_json(**result)

    try:
        before = read_ptz_version(client.system_log(), pattern)
    except CameraError as exc:
        finish('cannot read the system log of the camera at %s: %s' % (client.address, exc), failed=True)
    for warning in before.warnings:
        module.warn(warning)
    result['version_before'] = before.version
    result['ptz_log_entries'] = list(before.entries)

    if not params['force'] and normalize_version(before.version) == normalize_version(target):
        result['version_after'] = before.version
        finish('the camera already reports PTZ image version %s' % before.version)

    if module.check_mode:
        result['changed'] = True
        finish('would upload %s to the camera (it reports PTZ image version %s)' % (params['src'], before.version))

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
        finish('the camera at %s did not %s, so nothing was uploaded: %s' % (client.address, step, exc),
               failed=True)

    # From here on the camera reboots, whatever the verdict.
    result['changed'] = result['rebooted'] = True
    problem = None
    try:
        result['device_reply'] = client.post_ptz_image(params['src'], digest=streamed)
    except CameraReplyError as exc:
        result['device_reply'] = exc.reply
        problem = 'the camera rejected the image: %s' % exc.reply
    except UploadInterrupted as exc:
        if not params['wait']:
            finish('the upload was cut off (%s); whether the camera took the image is unknown until it is back: '
                   'read its version with acti.camera.camera_info, or run again with wait=true' % exc, failed=True)
        module.warn('the upload was cut off (%s); the version read back after the reboot decides' % exc)
        if target is None:
            problem = 'the upload was cut off and no version was given to check it by: the outcome is unknown'
    except CameraError as exc:
        problem = str(exc)

    if not params['wait']:
        if problem:
            finish('%s; the camera is rebooting' % problem, failed=True)
        finish('uploaded the PTZ image; the camera is rebooting, and the version was not read back (wait=false)')

    try:
        waited = wait_for_reboot(client, params['wait_timeout'], params['poll_interval'], pattern,
                                 entries_before=before.entries)
    except CameraDidNotReturn as exc:
        result['rebooted'] = False
        finish('%s%s' % (problem + '; then ' if problem else '', exc), failed=True)
    for warning in waited.reading.warnings:
        module.warn(warning)
    result['version_after'] = waited.reading.version
    back = 'the camera rebooted and reports PTZ image version %s' % waited.reading.version
    if problem:
        finish('%s; %s' % (problem, back), failed=True)
    if target is not None and normalize_version(waited.reading.version) != normalize_version(target):
        finish('after the upload %s, not %s' % (back, target), failed=True)
    finish('uploaded the PTZ image (was %s); %s' % (before.version, back))


if __name__ == '__main__':
    main()
