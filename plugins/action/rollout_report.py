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
from xml.etree import ElementTree

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase

from ansible_collections.acti.camera.plugins.module_utils._outcome import OUTCOMES, camera_verdict

# The role's registered results, in the order the role makes them.
_RESULTS = ('ptz_image_check', 'ptz_image_upload', 'ptz_image_reboot', 'ptz_image_verify')
_ARGUMENT_SPEC = dict(dest=dict(type='path', required=True))
_FILE_NAME = 'ptz_image_report'
REPORT_OUTCOMES = tuple(OUTCOMES) + ('not_reached',)


def camera_outcome(name, results):
    """One camera's line of the report, from its registered results (a dict by _RESULTS name): the verdict on it
    (acti.camera.camera_verdict, which the role fails it by; each outcome tells a prediction from a change), and
    what its results say of versions and times."""
    ran = [result for result in (results.get(key) or {} for key in _RESULTS) if result and not result.get('skipped')]
    verdict = camera_verdict(ran)
    first, last = (ran[0], ran[-1]) if ran else ({}, {})
    after = last.get('ptz_image_version', last.get('version_after'))
    line = dict(camera=name, version_before=first.get('version_before'), version_after=after,
                outcome=verdict['outcome'], failed=verdict['failed'], reason='; '.join(verdict['reasons']) or None,
                elapsed=_wall_seconds(ran), ptz_check=None)
    # The PTZ check: the reboot's wait runs it, or ptz_image with wait=true; skipped where PTZ_VENDOR had no answer.
    for result in reversed(ran):
        if result.get('ptz_check'):
            line['ptz_check'] = result['ptz_check']
            break
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


def render_junit(report):
    """The report as JUnit XML: one test case per camera, a failure for a camera that failed, an error for one that
    was unreachable, skipped for one not reached; the form GitLab, GitHub Actions reporters and Jenkins read."""
    cameras = report['cameras']
    counts = dict(tests=len(cameras), failures=0, errors=0, skipped=0)
    suite = ElementTree.Element('testsuite', name='acti.camera.ptz_rollout to %s' % report['version'])
    for line in cameras:
        case = ElementTree.SubElement(suite, 'testcase', classname='acti.camera.ptz_image', name=line['camera'],
                                      time='%.3f' % (line['elapsed'] or 0))
        if line['outcome'] == 'not_reached':
            counts['skipped'] += 1
            ElementTree.SubElement(case, 'skipped', message='not reached: the rollout stopped before this camera')
        elif line['failed']:
            kind = 'error' if line['outcome'] == 'unreachable' else 'failure'
            counts['errors' if kind == 'error' else 'failures'] += 1
            ElementTree.SubElement(case, kind, type=line['outcome'], message=line['reason'] or line['outcome'])
        ElementTree.SubElement(case, 'system-out').text = '%s: %s -> %s' % (
            line['outcome'], line['version_before'], line['version_after'])
    suite.attrib.update({name: str(count) for name, count in counts.items()})
    root = ElementTree.Element('testsuites', **{name: str(count) for name, count in counts.items()})
    root.append(suite)
    return ElementTree.tostring(root, encoding='unicode', xml_declaration=True) + '\n'


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
            cameras.append(camera_outcome(name, results))
        report = dict(
            version=task_vars.get('ptz_image_version'),
            check_mode=check_mode,
            generated=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S UTC'),
            summary={outcome: sum(1 for line in cameras if line['outcome'] == outcome) for outcome in REPORT_OUTCOMES},
            cameras=cameras,
        )
        markdown = render_markdown(report)
        paths = dict(markdown=os.path.join(dest, _FILE_NAME + '.md'), json=os.path.join(dest, _FILE_NAME + '.json'),
                     junit=os.path.join(dest, _FILE_NAME + '.xml'))
        try:
            os.makedirs(dest, exist_ok=True)
            with open(paths['markdown'], 'w', encoding='utf-8') as stream:
                stream.write(markdown)
            with open(paths['json'], 'w', encoding='utf-8') as stream:
                json.dump(report, stream, indent=2)
                stream.write('\n')
            with open(paths['junit'], 'w', encoding='utf-8') as stream:
                stream.write(render_junit(report))
        except OSError as exc:
            raise AnsibleActionFail('cannot write the report to %s: %s' % (dest, exc)) from exc
        result.update(changed=False, markdown=markdown, summary=report['summary'], cameras=cameras, paths=paths,
                      failed_cameras=sum(line['failed'] for line in cameras),
                      not_reached=report['summary']['not_reached'])
        return result


def _plain(value):
    """A registered result as plain JSON data (None if the host has none)."""
    return None if value is None else json.loads(json.dumps(value, default=str))
