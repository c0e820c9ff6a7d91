# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the rollout report tells each camera's outcome from what the role registered."""

from __future__ import annotations

import pytest

from ansible_collections.acti.camera.plugins.action.rollout_report import camera_outcome, render_markdown

UPLOADED = dict(changed=True, failed=False, version_before='1.0', elapsed=1.5, msg='uploaded')
SAME = dict(changed=False, failed=False, version_before='2.0', elapsed=0.1, msg='already')
BACK = dict(changed=False, failed=False, ptz_image_version='2.0', elapsed=30.0, msg='back')
SKIPPED = dict(changed=False, skipped=True)


@pytest.mark.parametrize('results,check_mode,expected', [
    ({}, False, dict(outcome='not reached', version_before=None, version_after=None, elapsed=None)),
    (dict(ptz_image_upload=SAME), False, dict(outcome='unchanged', version_before='2.0', version_after='2.0')),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=BACK), False,
     dict(outcome='upgraded', version_before='1.0', version_after='2.0', elapsed=31.5)),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=SKIPPED), True, dict(outcome='would upgrade', elapsed=1.5)),
    (dict(ptz_image_check=UPLOADED), False, dict(outcome='would upgrade')),
    (dict(ptz_image_check=SAME), False, dict(outcome='unchanged')),
    (dict(ptz_image_verify=BACK), False, dict(outcome='verified', version_after='2.0')),
    (dict(ptz_image_upload=dict(UPLOADED, failed=True, msg='the camera rejected the image: ERROR: PTZ Image')),
     False, dict(outcome='failed', reason='the camera rejected the image: ERROR: PTZ Image')),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=dict(BACK, failed=True, ptz_image_version=None, msg='gone')),
     False, dict(outcome='failed', reason='gone', version_after=None)),
    (dict(ptz_image_upload=dict(SAME, failed=True, version_before=None, version_unknown=True, msg='unknown')),
     False, dict(outcome='unknown version', reason='unknown', version_before=None)),
    (dict(ptz_image_check=dict(SAME, failed=True, version_before=None, version_unknown=True, msg='unknown')),
     True, dict(outcome='unknown version')),
    # Uploaded anyway (on_unknown_version=upload), then failed after: a failure like any other.
    (dict(ptz_image_upload=dict(UPLOADED, version_unknown=True),
          ptz_image_reboot=dict(BACK, failed=True, msg='old')), False, dict(outcome='failed', reason='old')),
    (dict(ptz_image_upload=dict(unreachable=True, changed=False, failed=False, msg='did not answer')), False,
     dict(outcome='unreachable', reason='did not answer', version_before=None)),
    (dict(ptz_image_upload=dict(SAME, waited_for_boot=12.4, version_after='2.0')), False,
     dict(outcome='verified', version_before='2.0', version_after='2.0',
          reason='it was rebooting when the run began (an earlier run interrupted?); waited 12 s')),
    # The PTZ check, from the reboot's wait, or the upload's where it was skipped; seconds by the tasks' clocks.
    (dict(ptz_image_upload=dict(UPLOADED, started_at=100.0, ended_at=101.5),
          ptz_image_reboot=dict(BACK, ptz_check='ok', started_at=105.0, ended_at=130.25)), False,
     dict(outcome='upgraded', ptz_check='ok', elapsed=30.25)),
    (dict(ptz_image_upload=dict(UPLOADED, ptz_check='skipped'), ptz_image_reboot=BACK), False,
     dict(outcome='upgraded', ptz_check='skipped')),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=dict(BACK, failed=True, ptz_check='failed', msg='its PTZ')),
     False, dict(outcome='failed', ptz_check='failed', reason='its PTZ')),
    # An upload whose reboot was never waited for is not an upgrade.
    (dict(ptz_image_upload=UPLOADED), False,
     dict(outcome='failed', reason='uploaded, but the reboot was not waited for, so not verified')),
])
def test_outcome(results, check_mode, expected):
    line = camera_outcome('cam', results, check_mode)
    assert {key: line[key] for key in expected} == expected


def test_markdown_escapes_pipes_and_counts_outcomes():
    cameras = [camera_outcome('cam1', dict(ptz_image_upload=dict(UPLOADED, failed=True, msg='ERROR: a|b')), False),
               camera_outcome('cam2', dict(ptz_image_upload=SAME), False)]
    report = dict(version='2.0', generated='now', cameras=cameras,
                  summary={'upgraded': 0, 'unchanged': 1, 'failed': 1})
    text = render_markdown(report)
    assert 'now: 2 cameras: 1 unchanged, 1 failed.' in text
    assert '| cam1 | 1.0 |  | failed |  | 1.5 | ERROR: a\\|b |' in text
