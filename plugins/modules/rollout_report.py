#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The code is the action plugin of the same name (plugins/action/rollout_report.py): it runs on the controller.

from __future__ import annotations

DOCUMENTATION = r'''
module: rollout_report
short_description: Write the report of a rollout made with the roles acti.camera.ptz_image and acti.camera.firmware
version_added: 0.2.0
description:
  - For every host of the play (all batches), reads what the roles registered for each image of O(images) (by
    default the PTZ image's - the host variables its role lists in C(ptz_image_result_names)) and tells per camera
    the version before and after, the outcome, why it failed, where it was reached and how long it took; with several
    images (the firmware, then the PTZ image), each image's too.
  - "Each camera's outcome is the verdict of the filter C(acti.camera.camera_verdict) on its results, the one the role
    fails it by: the outcome of the first result that failed, else of the last one (see
    RV(acti.camera.ptz_image#module:outcome) and RV(acti.camera.wait_for_camera#module:outcome)), or C(not_reached)
    (a later batch, or a rollout stopped before it)."
  - The files are named after the first image of O(images) (C(ptz_image_report.*), C(firmware_report.*)); the PTZ
    image's are described here.
  - Writes C(ptz_image_report.md) and C(ptz_image_report.json) in O(dest), on the controller, and returns the same;
    and C(ptz_image_report.xml), JUnit XML with a test case per camera (a C(failure) for a camera that failed, an
    C(error) for one unreachable, C(skipped) for one not reached), which CI test views read. In check mode,
    or where only the role's tag C(check) runs, the files are C(ptz_image_prediction.*), titled as a prediction,
    and never replace a real run's report.
  - Given O(run), each file is also kept as C(ptz_image_report-<run id>.*), the stable names being copies of the
    latest, and the result carries job artifacts (C(set_stats) data, C(per_host=false)) under the run's
    C(stats_key), which AWX keeps with the job.
  - With O(prepare=true), writes no report. It checks the report's directory (made if missing, then a file
    written in it), the image O(src) (and its checksum against O(sha256)) and the variables, and returns the
    directory and the run for the reports that follow. The playbooks C(acti.camera.ptz_rollout) and
    C(acti.camera.firmware_rollout) do this before any camera is contacted.
  - Reads host variables on the controller, so that none of them, a password among them, is passed to a module.
options:
  dest:
    description:
      - Directory on the controller for the report files; created if missing.
      - By default the job's artifacts directory under ansible-runner (E(AWX_ISOLATED_DATA_DIR)), else the
        working directory of C(ansible-playbook).
    type: path
  run:
    description: The run the report belongs to, as RV(run) of a task with O(prepare=true) returned it.
    type: dict
  prepare:
    description:
      - Check the report's directory, the image and the variables, and name the run, instead of writing a report.
      - "A variable that starts with C(ptz_image_) or C(ptz_rollout_) but is not one of the role's or the rollout's
        (C(ansible-doc -t role acti.camera.ptz_image)) is warned about, with the nearest known name."
    type: bool
    default: false
  src:
    description: With O(prepare=true), required - the image file, read for its size and SHA-256.
    type: path
  sha256:
    description:
      - With O(prepare=true), the SHA-256 the image must have. Without it, a warning says the image is not checked
        against a known checksum, and gives its checksum.
    type: str
  version:
    description: With O(prepare=true), required - the target PTZ image version.
    type: str
  images:
    description:
      - The images of the rollout, in the order each camera gets them; the first one names the report's files
        (C(<name>_report.*), C(<name>_prediction.*)) and its title, and gives C(target_version).
      - Without it, the PTZ image (name C(ptz_image), the results its role registers, and O(src), O(sha256),
        O(version)).
      - Each role's C(vars/main.yml) writes its entry once (C(ptz_image_report_image), C(firmware_report_image)).
    type: list
    elements: dict
    suboptions:
      name:
        description: The image's name, its role's (V(ptz_image), V(firmware)); its variables start with it.
        type: str
        required: true
      title:
        description: How the report names the image (V(PTZ image)); by default O(images[].name) with spaces.
        type: str
      results:
        description: The names of the host variables its role registers, in the order it makes them.
        type: list
        elements: str
        required: true
      version:
        description: Its target version; with O(prepare=true), required.
        type: str
      src:
        description: With O(prepare=true), required - its image file, read for its size and SHA-256.
        type: path
      sha256:
        description: With O(prepare=true), the SHA-256 it must have.
        type: str
      md5_src:
        description: With O(prepare=true), its MD5 file (the firmware's), checked against O(images[].src).
        type: path
  rollout:
    description: The rollout the report belongs to, which names its JUnit test suite and its warnings.
    type: str
    default: acti.camera.ptz_rollout
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
  - "The JSON file has the keys C(schema_version) (1), C(kind) (C(report) or C(prediction)), C(check_mode),
    C(target_version), C(generated), C(run), C(progress), C(summary), C(failed_cameras), C(not_reached) and
    C(cameras), as returned here; the user guide describes each. Added since, without a change of
    C(schema_version) - C(rollout), C(images) (each image's C(name), C(title), C(target_version)), each camera's
    C(images), and C(run.images)."
seealso:
  - module: acti.camera.ptz_image
  - module: acti.camera.firmware
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
  returned: when O(prepare=false)
  type: str
  sample: "# PTZ image rollout to 2.1.0\n..."
summary:
  description: How many cameras had each outcome (every outcome a key, C(not_reached) included).
  returned: when O(prepare=false)
  type: dict
  sample: {"upgraded": 8, "unchanged": 1, "rejected": 1, "not_reached": 0}
cameras:
  description: One entry per camera of the play, those that failed first, each part in inventory order.
  returned: when O(prepare=false)
  type: list
  elements: dict
  contains:
    camera:
      description: Inventory name.
      type: str
      sample: cam-01
    address:
      description:
        - Where its tasks reached it, C(host:port), as the last of its results that has one returned it (see
          RV(acti.camera.ptz_image#module:address)); null when not reached, or where each of its tasks was refused
          before it ran (an option or a role variable that cannot serve).
      type: str
      sample: 192.0.2.10:8080
    batch:
      description: Its batch of the play's C(serial), from 1.
      type: int
      sample: 2
    started:
      description: When its first request was made, ISO 8601 in UTC; null when not reached.
      type: str
      sample: "2026-12-01T22:49:07Z"
    ended:
      description: When its last answer came, ISO 8601 in UTC; null when not reached.
      type: str
      sample: "2026-12-01T22:49:55Z"
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
    images:
      description:
        - Each image of O(images), in order - C(image) (its name), C(version_before), C(version_after), C(outcome),
          C(failed), C(reason), C(ptz_check), C(started), C(ended), C(elapsed), as above for that image alone.
        - With several images, the camera's own C(outcome) is the first failure, else the outcome of the first image
          that changed, else the last one's; its C(version_before) and C(version_after) are the first image's. A
          camera whose firmware failed is not given the PTZ image (C(not_reached) there).
      type: list
      elements: dict
      sample: [{"image": "firmware", "version_before": "A1D-500-V6.13.17-AC", "version_after": "A1D-500-V6.17.02-AC",
                "outcome": "upgraded", "failed": false, "reason": null, "ptz_check": "ok",
                "started": "2026-12-01T22:49:07Z", "ended": "2026-12-01T22:52:40Z", "elapsed": 213.0}]
failed_cameras:
  description: How many cameras failed.
  returned: when O(prepare=false)
  type: int
  sample: 1
not_reached:
  description: How many cameras no task has reached yet.
  returned: when O(prepare=false)
  type: int
  sample: 0
paths:
  description: The files written under their stable names (C(ptz_image_prediction.*) for a prediction).
  returned: when O(prepare=false)
  type: dict
  sample: {"markdown": "reports/ptz_image_report.md", "json": "reports/ptz_image_report.json",
           "junit": "reports/ptz_image_report.xml"}
run_paths:
  description: The same files under the run's own names; empty without O(run).
  returned: when O(prepare=false)
  type: dict
  sample: {"markdown": "reports/ptz_image_report-20261201T224907Z.md",
           "json": "reports/ptz_image_report-20261201T224907Z.json",
           "junit": "reports/ptz_image_report-20261201T224907Z.xml"}
progress:
  description:
    - Where the rollout is - C(batch) and C(batches) of the play's C(serial); C(state) V(running), V(complete) or
      V(stopped); C(stopped), where and why a batch stops it (more of its cameras failed than the play's
      C(max_fail_percentage), or all of them), else null.
  returned: when O(prepare=false)
  type: dict
  sample: {"batch": 2, "batches": 4, "state": "stopped",
           "stopped": "after batch 2 of 4: 1 of 2 cameras failed, above the play's max_fail_percentage (0 %)"}
dest:
  description: The report's directory, absolute, checked writable.
  returned: when O(prepare=true)
  type: str
  sample: /home/ops/reports
run:
  description:
    - The run, for O(run) of the reports that follow - C(id) (its start, unique in O(dest)), C(started),
      C(check_mode), C(target_version), C(stats_key) (C(acti_camera_rollout_) and C(awx_job_id), or the run's id),
      C(image) (C(name), C(path), C(size), C(sha256), C(sha256_checked)), C(images) (each image's C(name),
      C(title), C(target_version) and C(image), the first one's being C(image)), C(collection_version),
      C(ansible_core_version).
  returned: when O(prepare=true)
  type: dict
  sample: {"id": "20261201T224907Z", "started": "2026-12-01T22:49:07Z", "check_mode": false,
           "target_version": "2.1.0", "stats_key": "acti_camera_rollout_20261201T224907Z",
           "image": {"name": "ACTIPT-2.1.0.BIN", "path": "/srv/ACTIPT-2.1.0.BIN", "size": 4151,
                     "sha256": "f3b6a0d69c8e47010c795aef085e40225f47a3cdc09599d29ee26c542152c40d",
                     "sha256_checked": true},
           "images": [{"name": "ptz_image", "title": "PTZ image", "target_version": "2.1.0",
                       "image": {"name": "ACTIPT-2.1.0.BIN", "path": "/srv/ACTIPT-2.1.0.BIN", "size": 4151,
                                 "sha256": "f3b6a0d69c8e47010c795aef085e40225f47a3cdc09599d29ee26c542152c40d",
                                 "sha256_checked": true}}],
           "collection_version": "0.2.0", "ansible_core_version": "2.19.14"}
'''
