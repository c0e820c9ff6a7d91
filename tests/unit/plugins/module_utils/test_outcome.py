# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One verdict per camera, from the outcomes of the tasks that ran on it."""

from __future__ import annotations

import re

import pytest

from ansible_collections.acti.camera.plugins.module_utils._outcome import (
    OUTCOMES,
    camera_verdict,
    fails_its_task,
)

UPLOADED = dict(outcome='uploaded', changed=True, msg='uploaded the PTZ image')
REJECTED = dict(outcome='rejected', changed=True, failed=False, msg='the camera rejected the image: ERROR: PTZ Image')
NO_VERDICT = dict(outcome='no_verdict', changed=True, failed=False, msg='the upload was cut off')


@pytest.mark.parametrize('results, outcome, reasons', [
    ([], 'not_reached', []),
    ([dict(skipped=True)], 'not_reached', []),
    ([dict(outcome='unchanged')], 'unchanged', []),
    ([UPLOADED, dict(outcome='upgraded')], 'upgraded', []),
    ([NO_VERDICT, dict(outcome='upgraded')], 'upgraded', []),        # the version read back settled it
    ([REJECTED, dict(outcome='rebooted', msg='back')], 'rejected', [REJECTED['msg']]),   # never undone
    ([UPLOADED, dict(outcome='not_back', failed=True, msg='gone')], 'not_back', ['gone']),
    ([dict(outcome='unreachable', unreachable=True, msg='silent')], 'unreachable', ['silent']),
    ([UPLOADED], 'uploaded', ['uploaded the PTZ image, but the reboot was not waited for, so not verified']),
    ([dict(failed=True, msg='missing required arguments: password')], 'failed',
     ['missing required arguments: password']),                       # failed before the task ran: no outcome
    ([dict(outcome='would_downgrade', changed=True)], 'would_downgrade', []),
])
def test_the_first_failure_decides_else_the_last_result(results, outcome, reasons):
    assert camera_verdict(results) == dict(outcome=outcome, failed=bool(reasons), reasons=reasons)


def test_which_outcomes_fail_their_task():
    failing = {name for name in OUTCOMES if fails_its_task(name)}
    assert failing == {'no_verdict', 'rejected', 'not_back', 'wrong_version', 'unknown_version', 'ptz_failed',
                       'no_ptz', 'downgrade_refused', 'other_device', 'camera_error', 'invalid_input', 'unreachable'}


@pytest.mark.parametrize('module, outcomes', [
    ('ptz_image', set(OUTCOMES) - {'rebooted', 'downgrade_refused'}),
    ('firmware', set(OUTCOMES) - {'rebooted', 'no_ptz'}),
    ('wait_for_camera', {'verified', 'upgraded', 'downgraded', 'rebooted', 'not_back', 'wrong_version', 'ptz_failed',
                         'other_device', 'camera_error', 'invalid_input'}),
])
def test_each_module_documents_the_outcomes_it_returns(module, outcomes):
    # ansible-doc is where users read them: the list there is the code's.
    import importlib  # pylint: disable=import-outside-toplevel

    import yaml  # pylint: disable=import-outside-toplevel
    documented = yaml.safe_load(importlib.import_module(
        'ansible_collections.acti.camera.plugins.modules.%s' % module).RETURN)['outcome']['description']
    assert set(re.findall(r'(?<![A-Z])V\(([a-z_]+)\)', ' '.join(documented[1:]))) == outcomes
