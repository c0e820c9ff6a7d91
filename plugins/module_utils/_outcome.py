# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""What happened to a camera, said once.

Each ptz_image and wait_for_camera result carries one ``outcome``, decided in module_utils/_tasks.py
where the facts are. ``camera_verdict`` turns the outcomes of the tasks that ran on one camera into
the verdict on that camera: the role fails a camera by it, and the rollout report prints it.
"""

from __future__ import annotations

# What an outcome means for the camera: done (ok), the camera reboots and only the version read back after it
# can tell (pending), failed, or never answered (unreachable).
OK, PENDING, FAILED, UNREACHABLE = 'ok', 'pending', 'failed', 'unreachable'

OUTCOMES = {
    'unchanged': (OK, 'the camera already reports the version; nothing was sent'),
    'verified': (OK, 'the camera reports the version after a reboot it was in when the task began, or that the '
                     'task waited for'),
    'rebooted': (OK, 'the camera is back from its reboot (wait_for_camera without a version)'),
    'upgraded': (OK, 'the image was uploaded and the camera, back from its reboot, reports the new version'),
    'downgraded': (OK, 'the same, to a lower version than it had'),
    'would_upgrade': (OK, 'check mode: the image would be uploaded'),
    'would_downgrade': (OK, 'check mode: the image would be uploaded, to a lower version than the camera has'),
    'uploaded': (PENDING, 'the camera answered OK to the upload and reboots; not verified (wait=false)'),
    'no_verdict': (PENDING, 'the upload got no verdict (cut off, answered early, or neither OK nor ERROR); with '
                            'wait=false the task fails, since only the version read back can tell'),
    'rejected': (FAILED, 'the camera answered the upload ERROR: ...; it reboots anyway'),
    'not_back': (FAILED, 'the camera did not come back from its reboot in time'),
    'wrong_version': (FAILED, 'the camera came back with another version'),
    'unknown_version': (FAILED, 'the camera tells no installed version (its system log, or SYSTEM_INFO for the '
                                'firmware), so nothing was uploaded'),
    'ptz_failed': (FAILED, 'the camera reports the version, but its PTZ answers ERROR or with another vendor'),
    'no_ptz': (FAILED, 'SYSTEM_INFO reports no PTZ, so nothing was uploaded'),
    'downgrade_refused': (FAILED, 'the camera runs a higher firmware and allow_downgrade is false, so nothing was '
                                  'uploaded'),
    'other_device': (FAILED, 'another device answers at the camera\'s address after its reboot (its MAC Address is '
                             'not the one read before the upload)'),
    'camera_error': (FAILED, 'the camera answered an error or a reply no ACTi camera sends'),
    'invalid_input': (FAILED, 'an option or the image file cannot serve; nothing was sent'),
    'unreachable': (UNREACHABLE, 'the camera never answered'),
}


class Failure(Exception):
    """The one way a step, or a whole task, fails: the outcome it ends the task with (a key of OUTCOMES), why in a
    sentence, and ``result``: what the task returns for it (RESULT, what it learnt before it failed, with the
    outcome and the message). A step raises it; the task's entry points report its result, as a camera that never
    answered (unreachable) or as a failure."""

    def __init__(self, outcome, msg, result=None):
        super().__init__(msg)
        self.outcome = outcome
        self.result = dict(result or {}, outcome=outcome, msg=msg)

    @property
    def unreachable(self):
        return self.outcome == 'unreachable'


def kind(result):
    """OK, PENDING, FAILED or UNREACHABLE for a task's registered result (Ansible's flags where it has no outcome:
    a failure before the task ran, or a result from elsewhere)."""
    if result.get('outcome') in OUTCOMES:
        return OUTCOMES[result['outcome']][0]
    if result.get('unreachable'):
        return UNREACHABLE
    return FAILED if result.get('failed') else OK


def camera_verdict(results):
    """The verdict on one camera from the results of the tasks that ran on it, in the order they ran.

    The first result that failed (or found the camera unreachable) decides: a later one cannot undo it (a
    camera that rejected the image stays rejected, whatever it runs after its reboot). Else the last one
    decides, and a pending one there (an upload whose reboot was not waited for) is a failure: nothing
    verified it. Returns a dict: outcome ('not_reached' when no task ran), failed, reasons (messages).
    """
    ran = [result for result in results if result and not result.get('skipped')]
    if not ran:
        return dict(outcome='not_reached', failed=False, reasons=[])
    failures = [result for result in ran if kind(result) in (FAILED, UNREACHABLE)]
    deciding = failures[0] if failures else ran[-1]
    outcome = deciding.get('outcome') or kind(deciding)
    reasons = [str(result.get('msg')) for result in failures]
    if not failures and kind(deciding) == PENDING:
        reasons = ['%s, but the reboot was not waited for, so not verified' % deciding.get('msg')]
    return dict(outcome=outcome, failed=bool(reasons), reasons=reasons)


def fails_its_task(outcome):
    """Whether a task that ends with OUTCOME fails: a failure, an unreachable camera, or an upload without a
    verdict, which only the version read back can settle (the role reads it back; a task with wait=false cannot)."""
    return OUTCOMES[outcome][0] in (FAILED, UNREACHABLE) or outcome == 'no_verdict'
