#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: firmware
short_description: Keep the firmware of an ACTi camera at a given version
version_added: 0.2.0
description:
  - Reads the camera's C(SYSTEM_INFO) to find the installed firmware (its C(Firmware Version) line, such as
    C(A1D-500-V6.17.02-AC)). When it already is O(version), nothing else is sent (one HTTP request in all).
  - A camera that does not answer that first request may still be rebooting after an earlier run that was
    interrupted. It is waited for up to O(boot_timeout) seconds, then read like any other, so that a rerun finishes
    the job and never sends the image twice.
  - Before any upload, and in check mode too, refuses what the camera would refuse or what would harm it, with
    nothing sent - a camera of platform W or A (C(SYSTEM_INFO)'s C(Platform)), or of a platform it does not name,
    without O(md5_src); an O(md5_src) that holds another image's digest; an O(version) whose model prefix or type
    (C(AC), C(NB)) is not the camera's (O(force=true) uploads anyway); a downgrade, unless O(allow_downgrade=true).
  - "Then fetches the camera's firmware upload form, uploads O(src) and O(md5_src) as the form asks, and reads the
    camera's verdict (C(OK) or C(ERROR: ...), reported verbatim with what it likely means). The camera saves its
    configuration and reboots."
  - With O(wait=true) (the default), waits until the camera has rebooted and answers again, reads the firmware back,
    and succeeds only if it is O(version), the camera is the same one (its C(MAC Address)), and, on a camera with a
    PTZ, the PTZ answers with the vendor and protocol it had (the configuration the camera saved is still there).
  - Every check of the options and of the files happens before the first request to the camera.
options:
  src:
    description:
      - Path of the firmware image file on the controller. A relative path is looked for in the working directory of
        C(ansible-playbook), then in the C(files/) directory beside the role and the playbook, as for
        M(acti.camera.ptz_image).
      - Sent under its own file name, as the camera's web page sends it.
    type: path
    required: true
  version:
    description:
      - The firmware O(src) installs, as C(SYSTEM_INFO) will report it - the whole string (V(A1D-500-V6.17.02-AC)),
        or just its version (V(V6.17.02), V(6.17.02)).
      - Compared by its version, with the rule M(acti.camera.ptz_image) compares versions by (V(V6.17.02) equals
        V(6.17.2)); the series letter (V(V), or V(A) on the A series) must match where both name one.
      - The whole string also names the model prefix and the type the image is for, which must be the camera's.
      - Required unless O(force=true).
    type: str
  md5_src:
    description:
      - Path of the MD5 file shipped with the firmware, on the controller (found as O(src) is).
      - Platform W and A cameras check the image against it, and refuse the upload without it; platform T and K
        cameras do not use it. Its layout is not published; the module reads the first 32 hexadecimal digits in
        it as the digest, and refuses, before any request, a file whose digest is not O(src)'s.
      - The module never makes an MD5 file up.
    type: path
  sha256:
    description:
      - SHA-256 checksum (64 hex digits) that O(src) must have, from a source you trust (the vendor's release notes).
        A file that differs is refused before the camera is contacted.
    type: str
  force:
    description:
      - Upload even if the camera already reports O(version), or the model prefix or type of O(version) is not the
        camera's.
    type: bool
    default: false
  allow_downgrade:
    description:
      - Upload a firmware lower than the camera's. ACTi does not block downgrades, and asks that its support be
        consulted first; without this the task fails (RV(outcome=downgrade_refused)) with nothing sent.
    type: bool
    default: false
  wait:
    description:
      - Wait for the reboot and verify the firmware read back. With V(false), the task ends once the camera has
        answered the upload (RV(outcome=uploaded)).
    type: bool
    default: true
  boot_timeout:
    description:
      - Seconds to wait for a camera that does not answer the task's first request, in case it is rebooting. It is
        said at once, at any verbosity. V(0) does not wait.
      - Only a camera that does not answer is waited for; one that answers C(ERROR) ends the wait with that reply.
    type: float
    default: 300
  ptz_check:
    description:
      - On a camera with a PTZ (C(SYSTEM_INFO) does not report C(PTZ_IMAGE = NONE)), read the PTZ's vendor and
        protocol before the upload, and after the reboot read them again with the PTZ's position; the task fails
        when either answers C(ERROR) or the vendor differs. The camera saves its configuration before a firmware
        reboot, so a setting that did not survive it is a failure.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the camera to reboot and answer again. How long a firmware upgrade takes is not
        published; plan for many minutes.
    type: float
    default: 1800
extends_documentation_fragment:
  - acti.camera.connection
  - acti.camera.connection.wait
attributes:
  check_mode:
    support: full
    description: One C(SYSTEM_INFO) read and the checks before an upload, then the prediction; nothing is written.
  diff_mode:
    support: full
    description: Shows the firmware before and after.
notes:
  - "The camera's errors (HTTP 200 whatever the verdict) come back verbatim in RV(msg) and RV(device_reply), with what
    ACTi says they mean: C(ERROR: firmware image) (the image is corrupted, or the MD5 check failed), C(ERROR:
    firmware version) (not for this model), C(ERROR: firmware type) (C(AC) and C(NB) differ). The camera reboots
    after an upload attempt; with O(wait=true) the task waits for it, so that RV(version_after) tells what runs."
  - An outage, or another firmware than before, proves the reboot (what the camera logs at boot is not published
    for the firmware), so a camera back at a new firmware ends the wait even where its outage was not seen.
seealso:
  - module: acti.camera.ptz_image
  - module: acti.camera.camera_info
author:
  - acti.camera maintainers (@acti-camera)
'''

EXAMPLES = r'''
- name: Upgrade the firmware of each camera of the play, verified after the reboot
  acti.camera.firmware:
    host: "{{ ansible_host | default(inventory_hostname) }}"
    password: "{{ camera_password }}"
    src: files/A1D-500-V6.17.02-AC.bin
    md5_src: files/A1D-500-V6.17.02-AC.md5
    version: A1D-500-V6.17.02-AC
    sha256: 3f2a9c0e7d0b8b5e04c1fd2a6a3e3f9f0a76a1b7c3f5d8e9a0b1c2d3e4f5a6b7
  delegate_to: localhost

- name: Go back to an earlier firmware, on purpose
  acti.camera.firmware:
    host: 192.0.2.10
    password: "{{ camera_password }}"
    src: /srv/firmware/A1D-500-V6.13.17-AC.bin
    md5_src: /srv/firmware/A1D-500-V6.13.17-AC.md5
    version: V6.13.17
    allow_downgrade: true
  delegate_to: localhost
'''

RETURN = r'''
changed:
  description: Whether an upload was made (the camera then reboots).
  returned: always
  type: bool
  sample: true
version_before:
  description: The firmware the camera reported before the task (C(SYSTEM_INFO)'s C(Firmware Version)).
  returned: always
  type: str
  sample: A1D-500-V6.13.17-AC
version_after:
  description:
    - The firmware the camera reports at the end. Equal to RV(version_before) when nothing was uploaded.
    - Null when the module did not wait for the reboot, or in check mode.
  returned: always
  type: str
  sample: A1D-500-V6.17.02-AC
platform:
  description: The camera's platform, C(SYSTEM_INFO)'s C(Platform) (null where it gives none).
  returned: always
  type: str
  sample: A
mac_address:
  description:
    - The camera's C(MAC Address) before the upload (lower case, hexadecimal digits only), its identity, read again
      after the reboot (RV(outcome=other_device) where another device answers). Null where nothing was uploaded.
  returned: always
  type: str
  sample: 000f7c0a1b2c
rebooted:
  description: Whether the camera was seen back from a reboot the task caused.
  returned: always
  type: bool
  sample: true
device_reply:
  description: The camera's verdict on the upload (C(OK), or its C(ERROR) line, the password removed).
  returned: always
  type: str
  sample: 'ERROR: firmware type'
version_unknown:
  description: Whether C(SYSTEM_INFO) had no C(Firmware Version) line.
  returned: always
  type: bool
  sample: false
waited_for_boot:
  description: Seconds the task waited for the camera to answer its first request (see O(boot_timeout)).
  returned: always
  type: float
  sample: 0.0
ptz_check:
  description: V(ok), V(failed), V(skipped) (the camera cannot tell its PTZ vendor), or null (not checked).
  returned: always
  type: str
  sample: ok
ptz_vendor_before:
  description: The PTZ's vendor and protocol before the upload, on a camera with a PTZ.
  returned: always
  type: str
  sample: SONY,VISCA
ptz_vendor_after:
  description: The same after the reboot.
  returned: always
  type: str
  sample: SONY,VISCA
ptz_position:
  description: The PTZ's answer to C(POSITION_GET) after the reboot.
  returned: always
  type: str
  sample: PAN=1200,TILT=300
image_sha256:
  description: SHA-256 checksum of O(src).
  returned: always
  type: str
  sample: 3f2a9c0e7d0b8b5e04c1fd2a6a3e3f9f0a76a1b7c3f5d8e9a0b1c2d3e4f5a6b7
image_size:
  description: Size of O(src) in bytes.
  returned: always
  type: int
  sample: 33554432
address:
  description:
    - The camera's address and port as the task reaches it, C(host:port) (an IPv6 address without brackets); the
      rollout report reads it from here.
  returned: whenever the task ran (its options valid), failures included
  type: str
  sample: 192.0.2.10:80
  version_added: 0.2.0
started_at:
  description: When the task began, in seconds since the epoch.
  returned: always
  type: float
  sample: 1796400000.123
ended_at:
  description: When it ended, in seconds since the epoch.
  returned: always
  type: float
  sample: 1796400301.456
elapsed:
  description: Seconds the task took.
  returned: always
  type: float
  sample: 301.3
outcome:
  description:
    - What happened to the camera, one value from a fixed set (see the filter C(acti.camera.camera_verdict)).
    - "Success: V(unchanged) (already at O(version), one request), V(verified) (the same, after waiting for a camera
      still rebooting when the task began), V(upgraded) or V(downgraded) (uploaded, back from its reboot at
      O(version)), V(would_upgrade) or V(would_downgrade) (check mode), V(uploaded) (O(wait=false): the camera
      answered C(OK) and reboots, not verified)."
    - "Failure: V(no_verdict) (O(wait=false) and the upload got no verdict), V(rejected) (the camera answered
      C(ERROR: ...)), V(not_back), V(wrong_version), V(unknown_version) (no C(Firmware Version) in C(SYSTEM_INFO)),
      V(downgrade_refused) (see O(allow_downgrade)), V(ptz_failed) (see O(ptz_check)), V(other_device) (another
      device answers at the address after the reboot), V(camera_error), V(invalid_input) (an option, a file or the
      image's model or platform cannot serve; nothing was sent), V(unreachable) (the camera never answered)."
  returned: always
  type: str
  sample: upgraded
msg:
  description: What happened, in a sentence.
  returned: always
  type: str
  sample: >-
    uploaded the firmware (was A1D-500-V6.13.17-AC); the camera rebooted and reports firmware version
    A1D-500-V6.17.02-AC
diff:
  description: The firmware before and after (predicted in check mode).
  returned: in diff mode
  type: dict
  sample: {"before": "firmware_version: A1D-500-V6.13.17-AC\n", "after": "firmware_version: A1D-500-V6.17.02-AC\n"}
'''

from ansible_collections.acti.camera.plugins.module_utils._module_runner import run_module


def main():
    run_module('firmware')


if __name__ == '__main__':
    main()
