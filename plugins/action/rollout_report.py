# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The report of a PTZ image rollout, from what the acti.camera.ptz_image role registered on each camera.

An action plugin, not a module: it reads the other hosts' variables on the controller, so that
no host variable (a password among them) is ever passed as a module argument.
"""

from __future__ import annotations

import datetime
import json
import os

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase

# The role's registered results, in the order the role makes them.
_RESULTS = ('ptz_image_check', 'ptz_image_upload', 'ptz_image_reboot', 'ptz_image_verify')
_ARGUMENT_SPEC = dict(dest=dict(type='path', required=True))
_FILE_NAME = 'ptz_image_report'
OUTCOMES = ('upgraded', 'unchanged', 'verified', 'would upgrade', 'unknown version', 'unreachable', 'failed',
            'not reached')


def camera_outcome(name, results, check_mode):
    """One camera's line of the report, from its registered results (a dict by _RESULTS name)."""
    check, upload, reboot, verify = (results.get(key) or {} for key in _RESULTS)
    ran = [result for result in (check, upload, reboot, verify) if result and not result.get('skipped')]
    line = dict(camera=name, version_before=None, version_after=None, outcome='not reached', reason=None,
                elapsed=_wall_seconds(ran), ptz_check=None)
    # The PTZ check: the reboot's wait runs it, or ptz_image with wait=true; skipped where PTZ_VENDOR had no answer.
    for result in (reboot, verify, upload):
        if result.get('ptz_check'):
            line['ptz_check'] = result['ptz_check']
            break
    failed = [result for result in ran if result.get('failed') or result.get('unreachable')]
    first = check or upload
    if first:
        line['version_before'] = first.get('version_before')
    if failed:
        outcome = ('unreachable' if any(result.get('unreachable') for result in failed)
                   else 'unknown version' if any(result.get('version_unknown') for result in failed) else 'failed')
        line.update(outcome=outcome, reason='; '.join(str(result.get('msg')) for result in failed))
        line['version_after'] = (reboot or verify).get('ptz_image_version')
    elif verify:
        line.update(outcome='verified', version_before=None, version_after=verify.get('ptz_image_version'))
    elif upload and upload.get('waited_for_boot') and not upload.get('changed') and not check_mode:
        # Still rebooting from an earlier run when this one began, and back at the version: nothing sent.
        line.update(outcome='verified', version_after=upload.get('version_after'),
                    reason='it was rebooting when the run began (an earlier run interrupted?); waited %.0f s'
                    % upload['waited_for_boot'])
    elif upload and upload.get('changed') and not check_mode:
        if reboot.get('ptz_image_version') is None:
            line.update(outcome='failed', reason='uploaded, but the reboot was not waited for, so not verified')
        else:
            line.update(outcome='upgraded', version_after=reboot['ptz_image_version'])
    elif first and first.get('changed'):
        line['outcome'] = 'would upgrade'
    elif first:
        line.update(outcome='unchanged', version_after=first.get('version_before'))
    return line


def _wall_seconds(ran):
    """Seconds from the camera's first request to its last answer (its verification), or None if nothing ran.

    The tasks' own timestamps say it; a result without them (refused before any request) counts its elapsed.
    """
    stamps = [result for result in ran if result.get('started_at') and result.get('ended_at')]
    if stamps:
        return round(max(result['ended_at'] for result in stamps) - min(result['started_at'] for result in stamps), 3)
    return round(sum(result.get('elapsed') or 0 for result in ran), 3) if ran else None


def render_markdown(report):
    """The report as a Markdown document."""
    summary = ', '.join('%d %s' % (count, outcome) for outcome, count in report['summary'].items() if count)
    lines = [
        '# PTZ image rollout to %s' % report['version'],
        '',
        '%s: %d cameras: %s.' % (report['generated'], len(report['cameras']), summary or 'none'),
        '',
        '| Camera | Before | After | Outcome | PTZ check | Seconds | Reason |',
        '|---|---|---|---|---|---:|---|',
    ]
    for line in report['cameras']:
        cells = [line['camera'], line['version_before'], line['version_after'], line['outcome'], line['ptz_check'],
                 '' if line['elapsed'] is None else '%.1f' % line['elapsed'], line['reason']]
        lines.append('| %s |' % ' | '.join('' if cell is None else str(cell).replace('|', '\\|') for cell in cells))
    return '\n'.join(lines) + '\n'


class ActionModule(ActionBase):
    """See plugins/modules/rollout_report.py for the documentation."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        validation = ArgumentSpecValidator(_ARGUMENT_SPEC).validate(self._task.args)
        if validation.error_messages:
            raise AnsibleActionFail('; '.join(validation.error_messages))
        dest = validation.validated_parameters['dest']

        hostvars = task_vars['hostvars']
        check_mode = bool(self._task.check_mode if self._task.check_mode is not None
                          else self._play_context.check_mode)
        cameras = []
        for name in task_vars['ansible_play_hosts_all']:
            variables = hostvars[name]
            results = {key: _plain(variables.get(key)) for key in _RESULTS}
            cameras.append(camera_outcome(name, results, check_mode))
        report = dict(
            version=task_vars.get('ptz_image_version'),
            check_mode=check_mode,
            generated=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S UTC'),
            summary={outcome: sum(1 for line in cameras if line['outcome'] == outcome) for outcome in OUTCOMES},
            cameras=cameras,
        )
        markdown = render_markdown(report)
        paths = dict(markdown=os.path.join(dest, _FILE_NAME + '.md'), json=os.path.join(dest, _FILE_NAME + '.json'))
        try:
            os.makedirs(dest, exist_ok=True)
            with open(paths['markdown'], 'w', encoding='utf-8') as stream:
                stream.write(markdown)
            with open(paths['json'], 'w', encoding='utf-8') as stream:
                json.dump(report, stream, indent=2)
                stream.write('\n')
        except OSError as exc:
            raise AnsibleActionFail('cannot write the report to %s: %s' % (dest, exc)) from exc
        result.update(changed=False, markdown=markdown, summary=report['summary'], cameras=cameras,
                      paths=paths)
        return result


def _plain(value):
    """A registered result as plain JSON data (None if the host has none)."""
    return None if value is None else json.loads(json.dumps(value, default=str))
