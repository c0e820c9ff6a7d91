#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: wait_for_camera
short_description: Wait until an ACTi camera has rebooted and answers again, optionally at a given image version
version_added: 0.2.0
description:
  - Polls the camera's system log (C(SYSTEM_INFO) with O(image=firmware)) until it has seen the camera go down (the
    connection refused or timed out) and answer again, then reads the version of O(image) there.
  - A camera that rebooted quickly may be back before the first look. Given O(ptz_log_entries), the PTZ line the
    camera logs at boot proves the reboot as well as an outage does. Otherwise, with O(version), the module looks
    for the outage for O(down_timeout) seconds only; after that, the version the camera reports decides alone.
  - With O(version), the task fails as soon as the camera, back from its reboot (or after O(down_timeout)), reports
    another version.
  - Without O(version), only an outage proves the reboot, and the module waits for one until O(wait_timeout).
  - "Only a camera that does not answer (or does not finish a reply within O(timeout)) is waited for. One that answers
    C(ERROR: ...), or a reply no ACTi camera sends, ends the wait at once, with that reply as the reason
    (RV(outcome=camera_error))."
  - The waiting code is the one M(acti.camera.ptz_image) uses with O(acti.camera.ptz_image#module:wait=true).
  - "With O(image=firmware) the version is the firmware's, read from C(SYSTEM_INFO)'s C(Firmware Version) as
    M(acti.camera.firmware) reads and compares it, and another firmware than O(version_before) proves the reboot as
    a new PTZ line does: the role M(acti.camera.firmware)'s C(verify) tag."
options:
  image:
    description:
      - Whose version O(version) and O(version_before) are, and where it is read. V(ptz_image) the PTZ image's, from
        the system log; V(firmware) the firmware's, from C(SYSTEM_INFO) (O(ptz_log_entries) and O(version_pattern)
        are then not used).
    type: str
    choices: [firmware, ptz_image]
    default: ptz_image
    version_added: 0.2.0
  version:
    description:
      - The version of O(image) the camera must report once back.
      - Compared as M(acti.camera.ptz_image) (V(V1.2.0) equals V(1.2)) or M(acti.camera.firmware) (V(V6.17.2)
        equals V(A1D-500-V6.17.02-AC)) compares versions.
    type: str
  ptz_log_entries:
    description:
      - The PTZ image lines of the camera's system log from before the reboot, as
        M(acti.camera.ptz_image) returns them (RV(acti.camera.ptz_image#module:ptz_log_entries)).
      - Once the camera's PTZ lines differ from these, it has rebooted, whether or not the outage was seen.
    type: list
    elements: str
  ptz_vendor:
    description:
      - The PTZ vendor and protocol the camera reported before its reboot, as M(acti.camera.ptz_image) returns them
        (RV(acti.camera.ptz_image#module:ptz_vendor_before)), for example V(SONY,VISCA).
      - Once the camera is back (and at O(version), if given), its PTZ vendor and protocol (C(PTZ_VENDOR)) and its
        position (C(POSITION_GET)) are read, in one request where the camera answers both in one (see
        M(acti.camera.ptz_image)'s notes); the task fails when either answers C(ERROR) or the vendor or protocol
        differs. Both commands only read.
    type: str
  version_before:
    description:
      - The version of O(image) the camera reported before the upload that rebooted it (as
        RV(acti.camera.ptz_image#module:version_before) and RV(acti.camera.firmware#module:version_before) return
        it). With O(image=firmware), another firmware than this one proves the reboot.
      - With it, a camera back at O(version) is reported RV(outcome=upgraded) or RV(outcome=downgraded) (compared as
        O(version) is), not RV(outcome=verified); the role gives it.
    type: str
    version_added: 0.2.0
  mac_address:
    description:
      - The camera's C(MAC Address) read before the upload that rebooted it (as
        RV(acti.camera.ptz_image#module:mac_address) returns it). Once the camera is back, its C(SYSTEM_INFO) is read
        (one request more), and another MAC address fails the task (RV(outcome=other_device)), since another device
        took the address during the reboot. The role gives it.
    type: str
    version_added: 0.2.0
  down_timeout:
    description:
      - Seconds to look for the camera going down before relying on the version read-back alone. Only used with
        O(version).
      - Set it above the time the camera takes to start its reboot. V(0) checks the version at the first answer.
    type: float
    default: 30
extends_documentation_fragment:
  - acti.camera.connection
  - acti.camera.connection.version_pattern
  - acti.camera.connection.wait
  - acti.camera.connection.read_only
seealso:
  - module: acti.camera.ptz_image
  - module: ansible.builtin.reboot
author:
  - acti.camera maintainers (@acti-camera)
'''

EXAMPLES = r'''
- name: Upload without waiting
  acti.camera.ptz_image:
    host: 192.0.2.10
    password: "{{ camera_password }}"
    src: /srv/images/ACTIPT-2.1.0.BIN
    version: 2.1.0
    wait: false
  delegate_to: localhost
  register: upload

- name: Wait until the camera is back and reports 2.1.0
  acti.camera.wait_for_camera:
    host: 192.0.2.10
    password: "{{ camera_password }}"
    version: 2.1.0
    ptz_log_entries: "{{ upload.ptz_log_entries }}"
    wait_timeout: 900
  delegate_to: localhost
  register: back

- name: Check what a camera runs now, waiting only if it is down
  acti.camera.wait_for_camera:
    host: 192.0.2.11
    password: "{{ camera_password }}"
    version: 2.1.0
    down_timeout: 0
  delegate_to: localhost
'''

RETURN = r'''
elapsed:
  description: Seconds the wait took.
  returned: always
  type: float
  sample: 41.2
went_down:
  description:
    - Whether the outage of the reboot was seen. False when a new PTZ line of the log, or the version read-back
      alone, decided.
  returned: always
  type: bool
  sample: true
ptz_image_version:
  description: The PTZ image version the camera reports at the end; null when it was not back or its log has none.
  returned: with O(image=ptz_image)
  type: str
  sample: 2.1.0
firmware_version:
  description: The firmware the camera reports at the end (C(SYSTEM_INFO)'s C(Firmware Version)); null when it was
    not back or tells none.
  returned: with O(image=firmware)
  type: str
  sample: A1D-500-V6.17.02-AC
  version_added: 0.2.0
version_after:
  description: The same as RV(ptz_image_version) or RV(firmware_version), under the name every task of the
    collection that reads a version back returns it by.
  returned: always
  type: str
  sample: 2.1.0
  version_added: 0.2.0
ptz_check:
  description: V(ok) or V(failed) when O(ptz_vendor) was given and the camera was back; null otherwise.
  returned: always
  type: str
  sample: ok
ptz_vendor:
  description: The PTZ vendor and protocol read after the reboot (with O(ptz_vendor)); null when not read.
  returned: always
  type: str
  sample: SONY,VISCA
ptz_position:
  description: The reply to C(POSITION_GET) after the reboot (with O(ptz_vendor)); null when not read.
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
  description: When the wait began, in seconds since the epoch.
  returned: always
  type: float
  sample: 1764495601.02
ended_at:
  description: When the wait ended, in seconds since the epoch.
  returned: always
  type: float
  sample: 1764495642.2
outcome:
  description:
    - What happened to the camera, one value from a fixed set.
    - "Success: V(verified) (back, or answering, at O(version)), V(upgraded) or V(downgraded) (the same, from
      O(version_before)), V(rebooted) (back, O(version) not given)."
    - "Failure: V(not_back) (not back within O(wait_timeout)), V(wrong_version), V(ptz_failed) (see O(ptz_vendor)),
      V(other_device) (see O(mac_address)), V(camera_error) (the camera answers C(ERROR: ...) or a reply no ACTi
      camera sends: the wait ends at once on it), V(invalid_input) (an option that cannot serve; nothing was sent)."
  returned: always
  type: str
  sample: upgraded
  version_added: 0.2.0
msg:
  description: What happened, in a sentence.
  returned: always
  type: str
  sample: the camera went down and is back after 41.2 s, reporting PTZ image version 2.1.0
'''

from ansible_collections.acti.camera.plugins.module_utils._module_runner import run_module


def main():
    run_module('wait_for_camera')


if __name__ == '__main__':
    main()
