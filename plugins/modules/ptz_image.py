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
  - A camera that does not answer that first request may still be rebooting after an earlier run that was
    interrupted. It is waited for up to O(boot_timeout) seconds, then read like any other, so that a rerun finishes
    the job and never sends the image twice.
  - When no line of the log tells the installed version (O(version_pattern) matches none), nothing is uploaded
    and the task fails, quoting the log lines that mention PTZ, unless O(on_unknown_version=upload) or
    O(force=true).
  - Before an upload (never when the camera is already at the version, nor in check mode), reads C(SYSTEM_INFO) and
    refuses a camera that reports C(PTZ_IMAGE = NONE), one without a PTZ, before anything is written. With
    O(ptz_check=true) it also reads the PTZ's vendor and protocol (C(PTZ_VENDOR)), to compare after the reboot.
  - "Otherwise fetches the camera's upload form, uploads O(src) as the form asks, and reads the camera's verdict
    (C(OK) or C(ERROR: ...)). The camera then reboots, whatever the verdict."
  - With O(wait=true) (the default), waits until the camera has rebooted and answers again, reads the version back
    from its system log, and succeeds only if it is O(version).
  - Every check of the options and of the image file happens before the first request to the camera.
options:
  src:
    description:
      - Path of the PTZ image file on the controller. A relative path is looked for in the working directory of
        C(ansible-playbook), then in the C(files/) directory beside the role and the playbook, as
        M(ansible.builtin.copy) looks for its O(ansible.builtin.copy#module:src), alike where the task runs in the
        worker and where the module runs on another host (the file is sent there).
    type: path
    required: true
  version:
    description:
      - The PTZ image version O(src) installs, as the camera's system log will report it.
      - Versions of dotted numbers compare as numbers, after an optional leading C(V) or C(v), trailing zeros not
        significant (V(V1.2.0) equals V(1.2); V(1.10) is above V(1.9)). Any other version (V(2.1-beta)) compares as
        text without surrounding blanks, letter case or a leading C(v), and is neither above nor below another. One
        rule decides V(unchanged), V(wrong_version), downgrades and the diff.
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
  on_unknown_version:
    description:
      - What to do when the system log tells no installed version, that is when no line matches O(version_pattern).
      - That happens on a camera that has run for months, whose boot entries (the PTZ line among them) have
        rotated out of its bounded log, and on a camera that writes its PTZ line in a form the pattern does not
        read. Uploading then may reboot a camera that was already at the version.
      - V(fail) uploads nothing and fails, quoting the log lines that mention PTZ (RV(ptz_log_mentions)) so that
        a O(version_pattern) can be written from them. In check mode too, the task fails.
      - V(upload) uploads anyway, with a warning. O(force=true) uploads whatever the log says.
    type: str
    choices: [fail, upload]
    default: fail
  boot_timeout:
    description:
      - Seconds to wait for a camera that does not answer the task's first request, in case it is rebooting (after
        an earlier run that was interrupted, or a power cut). It is read once it answers; a camera already at
        O(version) then gets nothing.
      - A camera that does not answer within it fails the task. Run by the action plugin on the controller, the
        camera is reported unreachable, as Ansible reports any host it cannot reach.
      - The wait is said at once, at any verbosity, on every supported ansible-core and on both paths, as a
        warning printed as it begins, so that a wrong address or port does not wait in silence. Where the module
        runs on another host, the action plugin runs it first with O(boot_timeout=0), says the wait when the
        camera does not answer, then runs it again to wait; a camera that answers costs one module run, as before.
      - "Only a camera that does not answer is waited for. One that answers C(ERROR: ...) (a wrong password, say), or
        a reply no ACTi camera sends, ends the wait with that reply (RV(outcome=camera_error))."
      - V(0) does not wait.
    type: float
    default: 300
  ptz_check:
    description:
      - Prove that the PTZ still answers after the upgrade, with the settings it had. Before the upload, read the
        PTZ's vendor and protocol (C(PTZ_VENDOR)); after the reboot and the version read-back (O(wait=true)), read
        them again and the PTZ's position (C(POSITION_GET)), both in one request (see the notes). The task fails,
        the version still reported, when either answers C(ERROR) or the vendor or protocol differs from before,
        which a setting changed at run time and not saved causes (O(save_config=true) keeps it).
      - A camera that answers C(ERROR) to C(PTZ_VENDOR) before the upload (a model without the command) is not
        failed for it; the check is skipped for that camera, with a warning.
      - With O(wait=false), the reads after the reboot are left to M(acti.camera.wait_for_camera) (give it
        RV(ptz_vendor_before) as its O(acti.camera.wait_for_camera#module:ptz_vendor)), as the role does.
      - These commands only read. No command of this collection moves a camera.
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
  - "An upload that gets no verdict is not taken for one: the connection drops, the camera answers before it has
    taken the whole image (an C(OK) after part of it is no success), its verdict does not arrive within O(timeout),
    or it answers something that is neither C(OK) nor C(ERROR: ...) (C(ok), C(OK) inside HTML). With O(wait=true)
    the version read back after the reboot decides, with a warning that quotes the reply; with O(wait=false) the
    task fails, because the outcome is unknown."
  - The upload POST carries what a browser sends for the camera's form, in the form's order - its hidden inputs
    and other named inputs with their values, the image in the file input's place, and the first named submit
    button - so that a firmware that adds a field (a token, a session id) gets it back. A form with C(select) or
    C(textarea) fields, or a field name a multipart header cannot carry, is refused before anything is sent.
  - "When the camera answers C(ERROR: ...), the task fails with that text in RV(msg) and RV(device_reply). With
    O(wait=true) it first waits for the reboot that follows, so that RV(version_after) tells what the camera runs."
  - A camera without a PTZ line in its log is never taken for one at another version (see O(on_unknown_version)).
  - "What the camera's protocol says, and what it does not (ACTi's URL command spec and the user's own
    specification): the upload CGI takes the password in the URL and one command per URL; errors come back as
    HTTP 200 with C(ERROR: <description>); the camera reboots after every upload attempt and loses runtime
    settings not saved. The PTZ line of the system log is not published; C(PTZ_IMAGE) of C(SYSTEM_INFO) is fixed
    on most models (V1.1), so only its C(NONE) is used, to recognise a camera without a PTZ; the reply format of
    C(POSITION_GET) is not published, so any reply but C(ERROR) counts as an answer."
  - "The spec gives the Type 1 URL as C(CGI?USER=..&PWD=..&CMD1=VALUE1&CMD2), several commands in one URL (the
    update CGI takes one), but not how a camera lays out the replies to several. The reads after the reboot ask
    C(PTZ_VENDOR&POSITION_GET) in one URL and take the one line in C(PTZ_VENDOR)'s published form as the vendor and
    the other lines as the position. Where the reply holds no such pair (one answer only, an C(ERROR), a refusal),
    the command not clearly answered is asked alone, and its own reply decides: the check costs a request or two
    more on such a camera, never a wrong verdict."
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
  description:
    - "The camera's verdict on the upload, C(OK) or C(ERROR: <description>); null when there was none (no upload,
      or a reply that is no verdict: see the notes)."
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
ptz_log_mentions:
  description:
    - The last few lines of the system log that mention PTZ (at most five), the password removed. When the version
      is unknown, they show how the camera writes its PTZ line, to write O(version_pattern) from.
  returned: always
  type: list
  elements: str
  sample: ["2026-11-23 10:00:02 PTZ lib rev=2.0.3"]
version_unknown:
  description: Whether the system log told no installed version (no line matched O(version_pattern)).
  returned: always
  type: bool
  sample: false
waited_for_boot:
  description:
    - Seconds the task waited for the camera to answer its first request (see O(boot_timeout)); V(0) when it
      answered at once.
  returned: always
  type: float
  sample: 0.0
ptz_check:
  description:
    - The PTZ check (O(ptz_check)) - V(ok) or V(failed) after the reboot, V(skipped) when the camera did not answer
      C(PTZ_VENDOR) before the upload; null when it did not run (no upload, O(ptz_check=false), O(wait=false)).
  returned: always
  type: str
  sample: ok
ptz_vendor_before:
  description: The PTZ vendor and protocol (C(PTZ_VENDOR)) read before the upload; null when not read.
  returned: always
  type: str
  sample: SONY,VISCA
ptz_vendor_after:
  description: The PTZ vendor and protocol read after the reboot; null when not read or when it answered C(ERROR).
  returned: always
  type: str
  sample: SONY,VISCA
ptz_position:
  description: The camera's reply to C(POSITION_GET) after the reboot (its format is not published); null when not read.
  returned: always
  type: str
  sample: PAN=1200,TILT=300
address:
  description:
    - The camera's address and port as the task reaches it, C(host:port) (an IPv6 address without brackets); the
      rollout report reads it from here.
  returned: whenever the task ran (its options valid), failures included
  type: str
  sample: 192.0.2.10:80
  version_added: 0.2.0
started_at:
  description: When the task began, in seconds since the epoch (the controller's clock, or the host's that runs it).
  returned: always
  type: float
  sample: 1764495600.25
ended_at:
  description: When the task ended, in seconds since the epoch.
  returned: always
  type: float
  sample: 1764495648.43
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
outcome:
  description:
    - What happened to the camera, one value from a fixed set; the role fails a camera by it, and the rollout report
      prints it (see the filter C(acti.camera.camera_verdict)).
    - "Success: V(unchanged) (already at O(version), one request), V(verified) (the same, after waiting for a camera
      still rebooting when the task began, see O(boot_timeout)), V(upgraded) or V(downgraded) (uploaded, back from
      its reboot at O(version); a downgrade is a move to a lower version, compared as dotted numbers with an optional
      C(V)), V(would_upgrade) or V(would_downgrade) (check mode), V(uploaded) (O(wait=false): the camera answered
      C(OK) and reboots, not verified)."
    - "Failure: V(no_verdict) (O(wait=false) and the upload got no verdict: see the notes), V(rejected) (the camera
      answered C(ERROR: ...) to the upload; it reboots anyway), V(not_back), V(wrong_version), V(unknown_version)
      (see O(on_unknown_version)), V(ptz_failed) (see O(ptz_check)), V(no_ptz), V(other_device) (after the reboot
      another device answers at the camera's address: its C(MAC Address) is not the one read before the upload, see
      RV(mac_address)), V(camera_error) (the camera answered an error or a reply no ACTi camera sends),
      V(invalid_input) (nothing was sent), V(unreachable) (the camera never answered; the action plugin reports the
      host unreachable)."
  returned: always
  type: str
  sample: upgraded
  version_added: 0.2.0
mac_address:
  description:
    - "The camera's C(MAC Address) as its SYSTEM_INFO gave it before the upload (lower case, hexadecimal digits only):
      its identity. After the reboot it is read again, and another device at the address fails the task
      (RV(outcome=other_device)), never V(upgraded). Give it to M(acti.camera.wait_for_camera)
      (O(acti.camera.wait_for_camera#module:mac_address)) when that module waits for the reboot."
    - Null where nothing was to be uploaded, or the camera's SYSTEM_INFO gives none (the check is then skipped).
  returned: always
  type: str
  sample: 000f7c0a1b2c
  version_added: 0.2.0
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

from ansible_collections.acti.camera.plugins.module_utils._module_runner import run_module


def main():
    run_module('ptz_image')


if __name__ == '__main__':
    main()
