#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The code is the action plugin of the same name (plugins/action/rollout_report.py): it runs on the controller.

from __future__ import annotations

DOCUMENTATION = r'''
module: rollout_report
short_description: Write the report of a PTZ image rollout made with the acti.camera.ptz_image role
version_added: 0.2.0
description:
  - For every host of the play (all batches), reads what the role C(acti.camera.ptz_image) registered (the host
    variables C(ptz_image_check), C(ptz_image_upload), C(ptz_image_reboot), C(ptz_image_verify)) and tells per
    camera the version before and after, the outcome, why it failed, and how long it took.
  - "Each camera's outcome is the verdict of the filter C(acti.camera.camera_verdict) on its results, the one the role
    fails it by: the outcome of the first result that failed, else of the last one (see
    RV(acti.camera.ptz_image#module:outcome) and RV(acti.camera.wait_for_camera#module:outcome)), or C(not_reached)
    (a later batch, or a rollout stopped before it)."
  - Writes C(ptz_image_report.md) and C(ptz_image_report.json) in O(dest), on the controller, and returns the same;
    and C(ptz_image_report.xml), JUnit XML with a test case per camera (a C(failure) for a camera that failed, an
    C(error) for one unreachable, C(skipped) for one not reached), which CI test views read.
  - Reads host variables on the controller, so that none of them, a password among them, is passed to a module.
options:
  dest:
    description: Directory on the controller for the report files; created if missing.
    type: path
    required: true
attributes:
  check_mode:
    support: full
    description: The report is written in check mode too; it then tells what would be upgraded.
  diff_mode:
    support: none
    description: Writes a report; there is no change of the cameras to show.
  action:
    support: full
    description: Runs on the controller as an action plugin.
notes:
  - Run it once (C(run_once)); the role does, when C(ptz_image_report_dir) is set.
seealso:
  - module: acti.camera.ptz_image
  - module: acti.camera.wait_for_camera
author:
  - acti.camera maintainers (@acti-camera)
'''

EXAMPLES = r'''
- name: Upgrade the cameras, then report
  hosts: cameras
  gather_facts: false
  tasks:
    - name: Upgrade
      ansible.builtin.import_role:
        name: acti.camera.ptz_image
      vars:
        ptz_image_src: files/ACTIPT-2.1.0.BIN
        ptz_image_version: 2.1.0
        ptz_image_password: "{{ vault_camera_password }}"

    - name: Report
      acti.camera.rollout_report:
        dest: reports/ptz-2.1.0
      run_once: true
      register: report

    - name: Show it
      ansible.builtin.debug:
        msg: "{{ report.markdown.splitlines() }}"
      run_once: true
'''

RETURN = r'''
markdown:
  description: The report as Markdown, as written to C(ptz_image_report.md).
  returned: always
  type: str
  sample: "# PTZ image rollout to 2.1.0\n..."
summary:
  description: How many cameras had each outcome (every outcome a key, C(not_reached) included).
  returned: always
  type: dict
  sample: {"upgraded": 8, "unchanged": 1, "rejected": 1, "not_reached": 0}
cameras:
  description: One entry per camera of the play, in inventory order.
  returned: always
  type: list
  elements: dict
  contains:
    camera:
      description: Inventory name.
      type: str
      sample: cam-01
    version_before:
      description: PTZ image version before the run; null when not read.
      type: str
      sample: 2.0.3
    version_after:
      description: PTZ image version read back at the end; null when not read.
      type: str
      sample: 2.1.0
    outcome:
      description: The verdict on the camera (see the description).
      type: str
      sample: upgraded
    failed:
      description: Whether the camera failed; the role fails it by the same verdict.
      type: bool
      sample: false
    ptz_check:
      description:
        - The PTZ check around the upload (see O(acti.camera.ptz_image#module:ptz_check)) - V(ok) (the PTZ answers
          after the reboot, with the vendor and protocol it had), V(failed) (the reason says why), V(skipped) (the
          camera did not answer C(PTZ_VENDOR) before the upload); null where it did not run.
      type: str
      sample: ok
    reason:
      description: Why the camera failed, verbatim from the modules; null otherwise.
      type: str
      sample: "the camera rejected the image: ERROR: PTZ Image; the camera is rebooting"
    elapsed:
      description:
        - Seconds from the camera's first request to its last answer (its verification after the reboot), by the
          clock of the controller; null when not reached.
      type: float
      sample: 48.2
failed_cameras:
  description: How many cameras failed.
  returned: always
  type: int
  sample: 1
not_reached:
  description: How many cameras no task has reached yet.
  returned: always
  type: int
  sample: 0
paths:
  description: The files written.
  returned: always
  type: dict
  sample: {"markdown": "reports/ptz_image_report.md", "json": "reports/ptz_image_report.json",
           "junit": "reports/ptz_image_report.xml"}
'''
