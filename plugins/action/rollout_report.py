# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The report of a rollout, from what the collection's roles (acti.camera.ptz_image, acti.camera.firmware)
registered on each camera: the images and the names of their results are the task's arguments (the option images).

An action plugin, not a module: it reads the other hosts' variables on the controller, so that
no host variable (a password among them) is ever passed as a module argument.
"""

from __future__ import annotations

import datetime
import difflib
import json
import os
import tempfile
from xml.etree import ElementTree

import yaml
from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase
from ansible.release import __version__ as ansible_core_version
from ansible.utils.helpers import pct_to_int

from ansible_collections.acti.camera.plugins.module_utils._connection import InvalidOption
from ansible_collections.acti.camera.plugins.module_utils._outcome import OUTCOMES, camera_verdict
from ansible_collections.acti.camera.plugins.module_utils._images import checked_md5_file
from ansible_collections.acti.camera.plugins.module_utils._tasks import TaskContext, checked_image
from ansible_collections.acti.camera.plugins.plugin_utils._camera_action import (
    COLLECTION_DIR, EXECUTION_VARIABLE, ROLES, SHARED_PREFIX, digest_once_per_run, role_argument_specs)

_DEFAULT_ROLLOUT = 'acti.camera.ptz_rollout'
_IMAGE_SPEC = dict(
    name=dict(type='str', required=True),
    title=dict(type='str'),
    results=dict(type='list', elements='str', required=True),
    version=dict(type='str'),
    src=dict(type='path'),
    sha256=dict(type='str'),
    md5_src=dict(type='path'),
)
_ARGUMENT_SPEC = dict(
    dest=dict(type='path'),
    run=dict(type='dict'),
    prepare=dict(type='bool', default=False),
    src=dict(type='path'),
    sha256=dict(type='str'),
    version=dict(type='str'),
    images=dict(type='list', elements='dict', options=_IMAGE_SPEC),
    rollout=dict(type='str', default=_DEFAULT_ROLLOUT),
)
# The role whose image a task without the option images reports (a task written before that option).
_DEFAULT_ROLE = 'acti.camera.ptz_image'
_REQUIRED_BY_PREPARE = ('src', 'version')
# What a camera's line tells of each image it got (its entry of images, in the JSON).
IMAGE_KEYS = ('image', 'version_before', 'version_after', 'outcome', 'failed', 'reason', 'ptz_check', 'started',
              'ended', 'elapsed')
# Outcomes that leave an image as it was: a camera that got several images is told by the first that changed.
_UNCHANGING = ('unchanged', 'verified', 'rebooted', 'not_reached')
REPORT_OUTCOMES = tuple(OUTCOMES) + ('not_reached',)
# The JSON's layout, documented in the module's RETURN and the guide; raised whenever a key changes meaning.
SCHEMA_VERSION = 1
# A real run's files, and a prediction's (check mode, or only the role's tag check), which never replace them: the
# first image's name, then _report or _prediction (ptz_image_report.json, firmware_prediction.md).
_KINDS = ('report', 'prediction')
_EXTENSIONS = dict(markdown='.md', json='.json', junit='.xml')
# The job artifacts (set_stats) name at most this many cameras, failures first: AWX keeps them in its database.
STATS_CAMERAS = 500


def default_report_dir():
    """Where the report goes when no directory is given.

    Under ansible-runner (AWX and Automation Platform execution nodes), the job's artifacts directory, which
    ansible-runner names in AWX_ISOLATED_DATA_DIR and sends back with the job's events; elsewhere the working
    directory of ansible-playbook (its workers inherit it). Not $PWD: a shell's variable, unset or stale in CI.
    """
    return os.environ.get('AWX_ISOLATED_DATA_DIR') or os.getcwd()


def stems(images):
    """{kind: file name stem} of a report of IMAGES (the first one names it)."""
    return {kind: '%s_%s' % (images[0]['name'], kind) for kind in _KINDS}


def role_vars(role):
    """The variables of ROLE's vars/main.yml (acti.camera.ptz_image), as written there (templates not rendered)."""
    with open(os.path.join(ROLES[role], 'vars', 'main.yml'), encoding='utf-8') as stream:
        return yaml.safe_load(stream)


def role_image(role):
    """ROLE's image as the option images takes it: its vars/main.yml's <role>_report_image, with the names of what it
    registers (<role>_result_names) and no version."""
    short, internal = role.rpartition('.')[2], role_vars(role)
    return dict(internal['%s_report_image' % short], results=list(internal['%s_result_names' % short]), version=None)


def image_entries(args):
    """The images option, each with its title, or the PTZ image's (with the options src, sha256, version) where the
    task gives none."""
    images = args.get('images') or [dict(role_image(_DEFAULT_ROLE), src=args.get('src'), sha256=args.get('sha256'),
                                         version=args.get('version'), md5_src=None)]
    return [dict(image, title=image.get('title') or image['name'].replace('_', ' ')) for image in images]


def camera_outcome(name, results, names):
    """One camera's line of the report, from its registered results (a dict by name; NAMES, the image's in the order
    its role makes them): the verdict on it (acti.camera.camera_verdict, which the role fails it by; each outcome
    tells a prediction from a change), what its results say of versions and times, and where its tasks reached it
    (the last result that says: one refused on its connection options does not)."""
    ran = [result for result in (results.get(key) or {} for key in names) if result and not result.get('skipped')]
    verdict = camera_verdict(ran)
    first, last = (ran[0], ran[-1]) if ran else ({}, {})
    started, ended = _times(ran)
    line = dict(camera=name, version_before=first.get('version_before'), version_after=last.get('version_after'),
                outcome=verdict['outcome'], failed=verdict['failed'], reason='; '.join(verdict['reasons']) or None,
                elapsed=_wall_seconds(ran, started, ended), ptz_check=None, started=_iso(started), ended=_iso(ended),
                address=next((result['address'] for result in reversed(ran) if result.get('address')), None))
    # The PTZ check: the reboot's wait runs it, or ptz_image with wait=true; skipped where PTZ_VENDOR had no answer.
    for result in reversed(ran):
        if result.get('ptz_check'):
            line['ptz_check'] = result['ptz_check']
            break
    return line


def camera_line(name, results, images):
    """One camera's line of the report of IMAGES (image_entries), from its registered results (a dict by name).

    With one image, camera_outcome's line and its entry in images. With several (the firmware, then the PTZ image):
    the verdict on all of its results in order (the first failure decides: a camera whose firmware failed is not
    given the PTZ image), else the outcome of the first image that changed, else the last one's; the versions of the
    first image (the rollout's), the last PTZ check; and each image's own line in images."""
    parts = [dict(camera_outcome(name, results, image['results']), image=image['name']) for image in images]
    if len(parts) == 1:
        line = dict(parts[0])
    else:
        line = camera_outcome(name, results, [key for image in images for key in image['results']])
        if not line['failed']:
            changed = [part['outcome'] for part in parts if part['outcome'] not in _UNCHANGING]
            line['outcome'] = changed[0] if changed else line['outcome']
        line.update(version_before=parts[0]['version_before'], version_after=parts[0]['version_after'])
    line.pop('image', None)
    line['images'] = [{key: part[key] for key in IMAGE_KEYS} for part in parts]
    return line


def _times(ran):
    stamps = [result for result in ran if result.get('started_at') and result.get('ended_at')]
    if not stamps:
        return None, None
    return min(result['started_at'] for result in stamps), max(result['ended_at'] for result in stamps)


def _wall_seconds(ran, started, ended):
    """Seconds from the camera's first request to its last answer (its verification), or None if nothing ran.

    The tasks' own timestamps (STARTED and ENDED, from _times) say it; a result without them (refused before any
    request) counts its elapsed.
    """
    if started is not None:
        return round(ended - started, 3)
    return round(sum(result.get('elapsed') or 0 for result in ran), 3) if ran else None


def _iso(stamp):
    """A Unix time as ISO 8601 in UTC, to the second; None stays None."""
    if stamp is None:
        return None
    return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def batches(hosts, serial):
    """{host: batch number from 1}, and how many batches, as Ansible deals HOSTS (the play's, in order) into the
    batches of the play's serial list (PlaybookExecutor._get_serialized_batches: the last size repeats)."""
    sizes, numbers, left, batch = list(serial or []) or [-1], {}, list(hosts), 0
    while left:
        size = pct_to_int(sizes[min(batch, len(sizes) - 1)], len(hosts))
        batch += 1
        taken, left = (left, []) if size <= 0 else (left[:size], left[size:])
        numbers.update((host, batch) for host in taken)
    return numbers, batch


def progress(cameras, current, count, batch_hosts, max_fail_percentage):
    """Where the rollout is after batch CURRENT of COUNT: its state, and the reason of a stop.

    Ansible stops a play after the batch where more than max_fail_percentage of the batch's hosts failed, or
    where all of them did (the linear strategy, PlaybookExecutor): the report tells it before Ansible does.
    """
    failed = sum(1 for line in cameras if line['failed'] and line['camera'] in batch_hosts)
    size = len(batch_hosts)
    state = dict(batch=current, batches=count, state='complete' if current >= count else 'running', stopped=None)
    over = max_fail_percentage is not None and size and failed / size > max_fail_percentage / 100.0
    if current < count and failed and (over or failed == size):
        why = ('above the play\'s max_fail_percentage (%g %%)' % max_fail_percentage if over
               else 'every camera of the batch')
        state.update(state='stopped', stopped='after batch %d of %d: %d of %d cameras failed, %s' % (
            current, count, failed, size, why))
    return state


def _capital(title):
    """TITLE with a capital first letter (firmware: Firmware; PTZ image stays)."""
    return title[:1].upper() + title[1:]


def render_markdown(report):
    """The report as a Markdown document: its head, then a row per camera."""
    images = report['images']
    return '\n'.join(_markdown_head(report) + _table_header(images)
                     + [_table_row(line, images) for line in report['cameras']]) + '\n'


def _markdown_head(report):
    """The title, the run and its images, how many cameras had each outcome and where the rollout is."""
    images, state = report['images'], report['progress']
    title = '%s rollout to %s' % (_capital(images[0]['title']), report['target_version']) + ''.join(
        ', then %s %s' % (image['title'], image['target_version']) for image in images[1:])
    if report['kind'] == 'prediction':
        title = 'Prediction (%s, nothing was changed): %s' % (
            'check mode' if report['check_mode'] else 'the tag check', title)
    summary = ', '.join('%d %s' % (count, outcome) for outcome, count in report['summary'].items() if count)
    where = ('Stopped ' + state['stopped']) if state['stopped'] else 'Batch %d of %d%s' % (
        state['batch'], state['batches'], ', the last' if state['state'] == 'complete' else '')
    return (['# ' + title, ''] + _run_lines(report['run'], len(images))
            + ['%s: %d cameras: %s. %s.' % (report['generated'], len(report['cameras']), summary or 'none', where), ''])


def _run_lines(run, count):
    """The run and each of its images (COUNT of them), where the report has a run."""
    if not run:
        return []
    lines = ['Run %s, started %s; acti.camera %s, ansible-core %s.' % (
        run['id'], run['started'], run['collection_version'], run['ansible_core_version']), '']
    for entry in run['images']:
        image, variable = entry['image'], '%s_sha256' % entry['name']
        lines += ['%s %s: %d bytes, SHA-256 %s (%s).' % (
            'Image' if count == 1 else _capital(entry['title']), image['name'], image['size'], image['sha256'],
            'checked against ' + variable if image['sha256_checked'] else 'not checked: no ' + variable), '']
    return lines


def _version_columns(images):
    """The columns of versions and outcomes: with several images, each image's, then the camera's outcome."""
    if len(images) == 1:
        return ['Before', 'After', 'Outcome']
    return ['%s %s' % (_capital(image['title']), what) for image in images
            for what in ('before', 'after', 'outcome')] + ['Outcome']


def _table_header(images):
    columns = _version_columns(images)
    return ['| Camera | %s | PTZ check | Batch | Address | Started | Seconds | Reason |' % ' | '.join(columns),
            '|---|%s|---|---:|---|---|---:|---|' % '|'.join('---' for _column in columns)]


def _table_row(line, images):
    """A camera's row: its cells as _table_header names them, a pipe in a cell escaped."""
    versions = [line['version_before'], line['version_after'], line['outcome']]
    if len(images) > 1:
        versions = [part[key] for part in line['images'] for key in ('version_before', 'version_after', 'outcome')
                    ] + [line['outcome']]
    cells = [line['camera']] + versions + [line['ptz_check'], line['batch'], line['address'], line['started'],
                                           '' if line['elapsed'] is None else '%.1f' % line['elapsed'],
                                           line['reason']]
    return '| %s |' % ' | '.join('' if cell is None else str(cell).replace('|', '\\|') for cell in cells)


def render_junit(report):
    """The report as JUnit XML: one test case per camera, a failure for a camera that failed, an error for one that
    was unreachable, skipped for one not reached; the form GitLab, GitHub Actions reporters and Jenkins read."""
    cameras, images = report['cameras'], report['images']
    counts = dict(tests=len(cameras), failures=0, errors=0, skipped=0)
    name = '%s to %s' % (report['rollout'], report['target_version']) + ''.join(
        ', then %s %s' % (image['title'], image['target_version']) for image in images[1:])
    suite = ElementTree.Element('testsuite', name=name + (' (prediction)' if report['kind'] == 'prediction' else ''))
    for line in cameras:
        case = ElementTree.SubElement(suite, 'testcase', classname='acti.camera.%s' % images[0]['name'],
                                      name=line['camera'], time='%.3f' % (line['elapsed'] or 0))
        if line['outcome'] == 'not_reached':
            counts['skipped'] += 1
            ElementTree.SubElement(case, 'skipped', message='not reached: the rollout stopped before this camera')
        elif line['failed']:
            kind = 'error' if line['outcome'] == 'unreachable' else 'failure'
            counts['errors' if kind == 'error' else 'failures'] += 1
            ElementTree.SubElement(case, kind, type=line['outcome'], message=line['reason'] or line['outcome'])
        told = ['%s: %s -> %s' % (line['outcome'], line['version_before'], line['version_after'])]
        if len(images) > 1:
            told += ['%s: %s: %s -> %s' % (part['image'], part['outcome'], part['version_before'],
                                           part['version_after']) for part in line['images']]
        ElementTree.SubElement(case, 'system-out').text = '\n'.join(told)
    suite.attrib.update({key: str(count) for key, count in counts.items()})
    root = ElementTree.Element('testsuites', **{key: str(count) for key, count in counts.items()})
    root.append(suite)
    return ElementTree.tostring(root, encoding='unicode', xml_declaration=True) + '\n'


def job_stats(report, paths):
    """What the rollout leaves as job artifacts (set_stats, per_host false): the summary, where it is, where the
    full report is, and each camera's outcome, failures first, for at most STATS_CAMERAS cameras."""
    listed = report['cameras'][:STATS_CAMERAS]
    return dict(schema_version=SCHEMA_VERSION, target_version=report['target_version'],
                images=report['images'], check_mode=report['check_mode'],
                run_id=report['run']['id'],
                summary={outcome: count for outcome, count in report['summary'].items() if count},
                failed_cameras=report['failed_cameras'], not_reached=report['not_reached'],
                progress=report['progress'],
                # Names, not paths: under ansible-runner the files come back to the controller elsewhere.
                report_dir=os.path.dirname(next(iter(paths.values()))),
                report_files={kind: os.path.basename(path) for kind, path in paths.items()},
                outcomes={line['camera']: line['outcome'] for line in listed},
                cameras_left_out=len(report['cameras']) - len(listed))


def checked_dir(dest):
    """DEST, absolute, made if missing, once a file could be written in it; AnsibleActionFail otherwise."""
    dest = os.path.abspath(dest)
    try:
        os.makedirs(dest, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=dest, prefix='.ptz_image_report-'):
            pass
    except OSError as exc:
        raise AnsibleActionFail('cannot write the report to %s: %s' % (dest, exc.strerror or exc)) from None
    return dest


def _write(path, text):
    """PATH holds TEXT whole or keeps what it had: written beside it, then renamed over it."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix='.ptz_image_report-')
    try:
        with os.fdopen(handle, 'w', encoding='utf-8') as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def known_variables():
    """Every variable name of the collection's roles and rollouts: the options of each role's entry points, the
    role's own variables (vars/main.yml), what it registers (its vars/main.yml lists it as <role>_result_names),
    and what the rollouts register or set."""
    names = {EXECUTION_VARIABLE}
    for role in ROLES:
        short, internal = role.rpartition('.')[2], role_vars(role)
        names |= {name for entry in role_argument_specs(role).values() for name in entry.get('options', {})}
        names |= set(internal) | set(internal['%s_result_names' % short]) | {'%s_report' % short}
    return names | playbook_variables()


def playbook_variables():
    """The variables the collection's playbooks set (their plays' and tasks' vars) or register."""
    names = set()
    folder = os.path.join(COLLECTION_DIR, 'playbooks')
    for playbook in sorted(os.listdir(folder)):
        if playbook.endswith('.yml'):
            with open(os.path.join(folder, playbook), encoding='utf-8') as stream:
                for play in yaml.safe_load(stream) or []:
                    for item in [play] + list(play.get('tasks') or []):
                        names |= set(item.get('vars') or {})
                        names |= {item['register']} if item.get('register') else set()
    return names


def unknown_variable_warnings(variables, known, prefixes=('ptz_image_', 'ptz_rollout_'),
                              scope='acti.camera.ptz_rollout or the role acti.camera.ptz_image'):
    """A warning per variable that starts with one of PREFIXES (the roles' and the rollout's) but is none of KNOWN,
    with the nearest name; SCOPE names the rollout and the roles."""
    warnings = []
    for name in sorted(variables):
        if name.startswith(tuple(prefixes)) and name not in known:
            nearest = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            warnings.append('%s is not a variable of %s, so it changes nothing%s'
                            % (name, scope, '; did you mean %s?' % nearest[0] if nearest else ''))
    return warnings


def warning_scope(images, rollout):
    """(prefixes, scope) of unknown_variable_warnings for a rollout of IMAGES: each image's role, the rollout's
    own prefix (ptz_rollout_), and the variables every role shares (acti_camera_)."""
    roles = ['acti.camera.%s' % image['name'] for image in images]
    prefixes = tuple('%s_' % image['name'] for image in images) + ('%s_' % rollout.rpartition('.')[2], SHARED_PREFIX)
    return prefixes, '%s or the role%s %s' % (rollout, 's' if len(roles) > 1 else '', ', '.join(roles))


def collection_version():
    """acti.camera's version: from MANIFEST.json where it is installed from a tarball, else from galaxy.yml."""
    manifest = os.path.join(COLLECTION_DIR, 'MANIFEST.json')
    if os.path.exists(manifest):
        with open(manifest, encoding='utf-8') as stream:
            return json.load(stream)['collection_info']['version']
    with open(os.path.join(COLLECTION_DIR, 'galaxy.yml'), encoding='utf-8') as stream:
        return str(yaml.safe_load(stream)['version'])


def report_kind(check_mode, task_vars):
    """'prediction' for a run that changes nothing by design (check mode, or only the role's tag check, with or
    without verify), else 'report'."""
    tags = set(task_vars.get('ansible_run_tags') or ['all'])
    only_predicting = 'check' in tags and not tags & {'all', 'upgrade'}
    return 'prediction' if check_mode or only_predicting else 'report'


def _unused_run_id(dest, stem, stamp):
    """STAMP, or STAMP-2, -3...: the first that no report of DEST has (two runs started in the same second)."""
    run_id, number = stamp, 1
    while os.path.exists(os.path.join(dest, '%s-%s.json' % (stem, run_id))):
        number += 1
        run_id = '%s-%d' % (stamp, number)
    return run_id


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


class ActionModule(ActionBase):
    """See plugins/modules/rollout_report.py for the documentation."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        validation = ArgumentSpecValidator(_ARGUMENT_SPEC).validate(self._task.args)
        if validation.error_messages:
            raise AnsibleActionFail('; '.join(validation.error_messages))
        args = validation.validated_parameters
        check_mode = bool(self._task.check_mode if self._task.check_mode is not None
                          else self._play_context.check_mode)
        if args['prepare']:
            result.update(self._prepare(args, task_vars, check_mode))
        else:
            result.update(self._report(args, task_vars, check_mode))
        return result

    def _prepare(self, args, task_vars, check_mode):
        """Before any camera: the report's directory checked, each image read, the variables checked, the run named."""
        images = image_entries(args)
        for image in images:
            missing = [name for name in _REQUIRED_BY_PREPARE if not image.get(name)]
            if missing:
                raise AnsibleActionFail('prepare=true needs %s' % ', '.join(
                    missing if not args.get('images') else ['%s of the image %s' % (name, image['name'])
                                                            for name in missing]))
        dest = checked_dir(args['dest'] or default_report_dir())
        prefixes, scope = warning_scope(images, args['rollout'])
        warnings, entries = unknown_variable_warnings(task_vars, known_variables(), prefixes, scope), []
        for image in images:
            size, digest, pinned = self._checked_image(image)
            if pinned is None:
                warnings.append('the image %s is not checked against a known checksum (no %s_sha256): its SHA-256 '
                                'is %s' % (image['src'], image['name'], digest))
            entries.append(dict(name=image['name'], title=image['title'], target_version=image['version'],
                                image=dict(name=os.path.basename(image['src']), path=os.path.abspath(image['src']),
                                           size=size, sha256=digest, sha256_checked=pinned is not None)))
        started = _now()
        stem = stems(images)[report_kind(check_mode, task_vars)]
        run_id = _unused_run_id(dest, stem, started.strftime('%Y%m%dT%H%M%SZ'))
        # A key of its own per job: AWX merges the artifacts of a sliced job's slices with dict.update.
        stats_key = 'acti_camera_rollout_%s' % (task_vars.get('awx_job_id') or run_id)
        run = dict(id=run_id, started=started.strftime('%Y-%m-%dT%H:%M:%SZ'), check_mode=check_mode,
                   target_version=entries[0]['target_version'], stats_key=stats_key, image=entries[0]['image'],
                   images=entries, collection_version=collection_version(), ansible_core_version=ansible_core_version)
        return dict(changed=False, dest=dest, run=run, warnings=warnings)

    @staticmethod
    def _checked_image(image):
        """(size, SHA-256, the pinned SHA-256 or None) of IMAGE's src, and its md5_src checked against it."""
        params = dict(src=image['src'], sha256=image.get('sha256'), md5_src=image.get('md5_src'))
        context = TaskContext(params=params, digest=digest_once_per_run)
        try:
            size, pinned = checked_image(context, image['title'])
            digest = pinned or digest_once_per_run(image['src'])
            checked_md5_file(context)
        except InvalidOption as exc:
            raise AnsibleActionFail(str(exc)) from None
        except OSError as exc:
            raise AnsibleActionFail('cannot read src %s: %s' % (image['src'], exc.strerror or exc)) from None
        return size, digest, pinned

    def _report(self, args, task_vars, check_mode):
        """The report of every camera of the play, written in DEST in each of its forms; the task's result."""
        # Made if missing (the role used without the rollout); a directory that cannot serve fails the writes.
        dest = os.path.abspath(args['dest'] or default_report_dir())
        images = image_entries(args)
        report = self._report_of(args, images, task_vars, check_mode)
        markdown, paths, run_paths = write_report(report, dest, stems(images)[report['kind']])
        return report_result(report, markdown, paths, run_paths)

    def _report_of(self, args, images, task_vars, check_mode):
        """The report as its JSON file holds it: each camera's line, the counts, and where the rollout is."""
        play = self._task.get_play()
        numbers, count = batches(task_vars['ansible_play_hosts_all'], play.serial)
        cameras = camera_lines(task_vars['ansible_play_hosts_all'], task_vars['hostvars'], images, numbers)
        batch_hosts = task_vars['ansible_play_batch']
        current = max((numbers.get(name, 0) for name in batch_hosts), default=count)
        summary = {outcome: sum(1 for line in cameras if line['outcome'] == outcome) for outcome in REPORT_OUTCOMES}
        return dict(
            schema_version=SCHEMA_VERSION,
            kind=report_kind(check_mode, task_vars),
            check_mode=check_mode,
            target_version=(images[0].get('version') or (args['run'] or {}).get('target_version')
                            or task_vars.get('%s_version' % images[0]['name'])),
            generated=_now().strftime('%Y-%m-%dT%H:%M:%SZ'),
            run=args['run'],
            progress=progress(cameras, current, count, set(batch_hosts), play.max_fail_percentage),
            summary=summary,
            failed_cameras=sum(line['failed'] for line in cameras),
            not_reached=summary['not_reached'],
            cameras=cameras,
            rollout=args['rollout'],
            images=[dict(name=image['name'], title=image['title'],
                         target_version=image.get('version') or task_vars.get('%s_version' % image['name']))
                    for image in images],
        )


def camera_lines(hosts, hostvars, images, numbers):
    """The line of each camera of HOSTS (camera_line, with its batch of NUMBERS), failures first, each group in the
    play's order: what an operator reads first."""
    names = [key for image in images for key in image['results']]
    cameras = []
    for name in hosts:
        line = camera_line(name, {key: _plain(hostvars[name].get(key)) for key in names}, images)
        line['batch'] = numbers.get(name)
        cameras.append(line)
    cameras.sort(key=lambda line: not line['failed'])
    return cameras


def write_report(report, dest, stem):
    """REPORT written in DEST as Markdown, JSON and JUnit, under the stable names (STEM.md...) and, with a run, the
    run's own (STEM-<run id>.md...); (the Markdown, the stable paths, the run's paths)."""
    run = report['run']
    paths = {kind: os.path.join(dest, stem + extension) for kind, extension in _EXTENSIONS.items()}
    run_paths = {kind: os.path.join(dest, '%s-%s%s' % (stem, run['id'], extension))
                 for kind, extension in _EXTENSIONS.items()} if run else {}
    texts = dict(markdown=render_markdown(report), json=json.dumps(report, indent=2) + '\n', junit=render_junit(report))
    try:
        os.makedirs(dest, exist_ok=True)
        # The run's own files first: the stable names are copies of the latest.
        for where in (run_paths, paths):
            for kind, path in where.items():
                _write(path, texts[kind])
    except OSError as exc:
        raise AnsibleActionFail('cannot write the report to %s: %s' % (dest, exc.strerror or exc)) from None
    return texts['markdown'], paths, run_paths


def report_result(report, markdown, paths, run_paths):
    """The task's result: the report's counts and cameras, where it was written, and, with a run, the job artifacts."""
    result = dict(changed=False, markdown=markdown, summary=report['summary'], cameras=report['cameras'], paths=paths,
                  run_paths=run_paths, progress=report['progress'], failed_cameras=report['failed_cameras'],
                  not_reached=report['not_reached'])
    if report['run']:
        result['ansible_stats'] = dict(data={report['run']['stats_key']: job_stats(report, run_paths)},
                                       per_host=False, aggregate=False)
    return result


def _plain(value):
    """A registered result as plain JSON data (None if the host has none)."""
    return None if value is None else json.loads(json.dumps(value, default=str))
