# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout report's line per camera: the verdict on its results, and their versions and times."""

from __future__ import annotations

import pytest

from ansible_collections.acti.camera.plugins.action.rollout_report import camera_outcome, render_markdown

UPLOADED = dict(outcome='uploaded', changed=True, failed=False, version_before='1.0', elapsed=1.5, msg='uploaded')
SAME = dict(outcome='unchanged', changed=False, failed=False, version_before='2.0', version_after='2.0', elapsed=0.1,
            msg='already')
BACK = dict(outcome='upgraded', changed=False, failed=False, ptz_image_version='2.0', elapsed=30.0, msg='back')
SKIPPED = dict(changed=False, skipped=True)


@pytest.mark.parametrize('results,expected', [
    ({}, dict(outcome='not_reached', failed=False, version_before=None, version_after=None, elapsed=None)),
    (dict(ptz_image_upload=SAME), dict(outcome='unchanged', version_before='2.0', version_after='2.0')),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=BACK),
     dict(outcome='upgraded', failed=False, version_before='1.0', version_after='2.0', elapsed=31.5)),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=dict(BACK, outcome='downgraded')),
     dict(outcome='downgraded', failed=False)),
    (dict(ptz_image_upload=dict(UPLOADED, outcome='would_upgrade'), ptz_image_reboot=SKIPPED),
     dict(outcome='would_upgrade', elapsed=1.5)),
    (dict(ptz_image_check=dict(UPLOADED, outcome='would_downgrade')), dict(outcome='would_downgrade')),
    (dict(ptz_image_verify=dict(BACK, outcome='verified')), dict(outcome='verified', version_after='2.0')),
    # Rejected, then waited for: the report tells what it runs after its reboot, and stays rejected.
    (dict(ptz_image_upload=dict(UPLOADED, outcome='rejected', msg='the camera rejected the image: ERROR: PTZ Image'),
          ptz_image_reboot=dict(BACK, outcome='rebooted', ptz_image_version='1.0')),
     dict(outcome='rejected', failed=True, version_after='1.0',
          reason='the camera rejected the image: ERROR: PTZ Image')),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=dict(BACK, outcome='not_back', failed=True,
                                                           ptz_image_version=None, msg='gone')),
     dict(outcome='not_back', reason='gone', version_after=None)),
    (dict(ptz_image_upload=dict(SAME, outcome='unknown_version', failed=True, version_before=None, msg='unknown')),
     dict(outcome='unknown_version', reason='unknown', version_before=None)),
    (dict(ptz_image_upload=dict(outcome='unreachable', unreachable=True, changed=False, msg='did not answer')),
     dict(outcome='unreachable', failed=True, reason='did not answer', version_before=None)),
    (dict(ptz_image_upload=dict(SAME, outcome='verified', waited_for_boot=12.4)),
     dict(outcome='verified', failed=False, version_before='2.0', version_after='2.0', reason=None)),
    # The PTZ check, from the reboot's wait, or the upload's where it was skipped; seconds by the tasks' clocks.
    (dict(ptz_image_upload=dict(UPLOADED, started_at=100.0, ended_at=101.5),
          ptz_image_reboot=dict(BACK, ptz_check='ok', started_at=105.0, ended_at=130.25)),
     dict(outcome='upgraded', ptz_check='ok', elapsed=30.25)),
    (dict(ptz_image_upload=dict(UPLOADED, ptz_check='skipped'), ptz_image_reboot=BACK),
     dict(outcome='upgraded', ptz_check='skipped')),
    (dict(ptz_image_upload=UPLOADED, ptz_image_reboot=dict(BACK, outcome='ptz_failed', failed=True,
                                                           ptz_check='failed', msg='its PTZ')),
     dict(outcome='ptz_failed', ptz_check='failed', reason='its PTZ')),
    # An upload whose reboot was never waited for is not an upgrade.
    (dict(ptz_image_upload=UPLOADED),
     dict(outcome='uploaded', failed=True, reason='uploaded, but the reboot was not waited for, so not verified')),
])
def test_outcome(results, expected):
    line = camera_outcome('cam', results)
    assert {key: line[key] for key in expected} == expected


def test_markdown_escapes_pipes_and_counts_outcomes():
    cameras = [camera_outcome('cam1', dict(ptz_image_upload=dict(UPLOADED, outcome='rejected', msg='ERROR: a|b'))),
               camera_outcome('cam2', dict(ptz_image_upload=SAME))]
    report = dict(version='2.0', generated='now', cameras=cameras,
                  summary={'upgraded': 0, 'unchanged': 1, 'rejected': 1})
    text = render_markdown(report)
    assert 'now: 2 cameras: 1 unchanged, 1 rejected.' in text
    assert '| cam1 | 1.0 |  | rejected |  | 1.5 | ERROR: a\\|b |' in text


def test_junit_has_a_case_per_camera_failures_errors_and_skipped_as_ci_reads_them():
    from xml.etree import ElementTree  # pylint: disable=import-outside-toplevel

    from ansible_collections.acti.camera.plugins.action.rollout_report import render_junit  # pylint: disable=C0415
    cameras = [camera_outcome('cam1', dict(ptz_image_upload=UPLOADED, ptz_image_reboot=BACK)),
               camera_outcome('cam2', dict(ptz_image_upload=dict(UPLOADED, outcome='rejected', msg='ERROR: <PTZ>'))),
               camera_outcome('cam3', dict(ptz_image_upload=dict(outcome='unreachable', unreachable=True,
                                                                 msg='did not answer'))),
               camera_outcome('cam4', {})]
    root = ElementTree.fromstring(render_junit(dict(version='2.0', cameras=cameras)))
    (suite,) = root
    counted = ('tests', 'failures', 'errors', 'skipped')
    assert {key: suite.get(key) for key in counted} == {key: root.get(key) for key in counted} == dict(
        tests='4', failures='1', errors='1', skipped='1')
    cases = {case.get('name'): case for case in suite.iter('testcase')}
    assert list(cases) == ['cam1', 'cam2', 'cam3', 'cam4']
    assert cases['cam1'].find('failure') is None and cases['cam1'].find('system-out').text == 'upgraded: 1.0 -> 2.0'
    assert cases['cam2'].find('failure').attrib == {'type': 'rejected', 'message': 'ERROR: <PTZ>'}
    assert cases['cam3'].find('error').get('type') == 'unreachable'
    assert cases['cam4'].find('skipped') is not None and float(cases['cam1'].get('time')) == 31.5
