#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: camera_info
short_description: Read the PTZ image version, model and firmware of an ACTi camera
version_added: 0.1.0
description:
  - Reads the camera's system log (C(SYSTEM_LOG)), system information (C(SYSTEM_INFO)) and, unless it has no PTZ,
    its PTZ vendor and protocol (C(PTZ_VENDOR)). Changes nothing.
  - The PTZ image version comes from the system log, the newest matching entry winning. The C(PTZ_IMAGE) key of
    C(SYSTEM_INFO) is fixed to C(V1.1) on most models, so it only tells whether the camera has a PTZ at all.
extends_documentation_fragment:
  - acti.camera.connection
  - acti.camera.connection.version_pattern
  - acti.camera.connection.read_only
seealso:
  - module: acti.camera.ptz_image
author:
  - acti.camera maintainers (@acti-camera)
'''

EXAMPLES = r'''
- name: Read what every camera runs
  acti.camera.camera_info:
    host: "{{ ansible_host | default(inventory_hostname) }}"
    password: "{{ camera_password }}"
  delegate_to: localhost
  register: camera

- name: Show it
  ansible.builtin.debug:
    msg: "{{ camera.model }} firmware {{ camera.firmware_version }}, PTZ image {{ camera.ptz_image_version }}"
'''

RETURN = r'''
address:
  description:
    - The camera's address and port as the task reaches it, C(host:port) (an IPv6 address without brackets); the
      rollout report reads it from here.
  returned: whenever the task ran (its options valid), failures included
  type: str
  sample: 192.0.2.10:80
  version_added: 0.2.0
outcome:
  description:
    - Why the task failed, as every task of the collection says it (M(acti.camera.rollout_report) and the filter
      P(acti.camera.camera_verdict#filter) read it); V(unreachable) the camera never answered, V(camera_error) it
      answered an error or a reply no ACTi camera sends, V(invalid_input) an option cannot serve.
  returned: on failure
  type: str
  sample: unreachable
  version_added: 0.2.0
ptz_image_version:
  description: The installed PTZ image version, from the newest PTZ entry of the system log; null when there is none.
  returned: always
  type: str
  sample: 2.1.0
ptz_log_mentions:
  description:
    - The last few lines of the system log that mention PTZ (at most five), the password removed. They show how
      this camera writes its PTZ line, to check or write a O(version_pattern) from before rolling out.
  returned: always
  type: list
  elements: str
  sample: ["2026-11-23 10:00:02 PTZ Image Version 2.1.0"]
system_log:
  description:
    - The system log, one entry a line, in the camera's order (at most O(max_log_bytes) of it).
    - The password is removed from every line, in clear and in its URL-encoded forms, with any C(PWD=) value.
  returned: always
  type: list
  elements: str
  sample: ["2026-11-23 10:00:01 Bootloader Version 118", "2026-11-23 10:00:02 PTZ Image Version 2.1.0"]
system_info:
  description: The C(Key = Value) lines of C(SYSTEM_INFO), the password removed as from RV(system_log).
  returned: always
  type: dict
  sample: {"Model Number": "KCM-5611", "Firmware Version": "A1D-500-V6.13.17-AC", "PTZ_IMAGE": "V1.1"}
model:
  description: The C(Model Number) of C(SYSTEM_INFO); null when absent.
  returned: always
  type: str
  sample: KCM-5611
firmware_version:
  description: The C(Firmware Version) of C(SYSTEM_INFO); null when absent.
  returned: always
  type: str
  sample: A1D-500-V6.13.17-AC
ptz_vendor:
  description:
    - The PTZ vendor and protocol (C(PTZ_VENDOR) of the encoder CGI), for example V(SONY,VISCA); null on a camera
      without a PTZ, and, with a warning, on one that answers C(ERROR) to the command.
  returned: always
  type: str
  sample: ACTI,ACTI
has_ptz:
  description:
    - False when C(SYSTEM_INFO) says C(PTZ_IMAGE = NONE), true when it names an image, null when it has no
      C(PTZ_IMAGE).
  returned: always
  type: bool
  sample: true
'''

from ansible_collections.acti.camera.plugins.module_utils._module_runner import run_module


def main():
    run_module('camera_info')


if __name__ == '__main__':
    main()
