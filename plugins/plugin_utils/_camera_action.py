# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This plugin_util is private to the acti.camera collection: it may change without notice.

"""The action plugins' entry point: a task of module_utils/_tasks.py run where the task runs.

Where the task's connection is the controller itself (``connection: local``, ``delegate_to: localhost``,
the role, the rollout), the task runs here, inside the worker Ansible has already forked for the host:
no module process, no AnsiballZ payload, no second Python importing ``requests``. Anywhere else (a jump
host that reaches the cameras: ``delegate_to: bastion``), ``src`` is sent there and the module runs there,
as ``ansible.builtin.uri`` does. The variable ``acti_camera_execution: module`` forces the module path.

Ansible loads an action plugin's class in the controller's main process before it forks the workers
(the linear and free strategies ask it whether it bypasses the host loop), so the imports below are paid
once per ``ansible-playbook`` run, not once per camera.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import os

import yaml
from ansible import constants as C
from ansible.errors import AnsibleActionFail, AnsibleError
from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.playbook.handler import Handler
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.acti.camera.plugins.module_utils._connection import connection_argument_spec
from ansible_collections.acti.camera.plugins.module_utils._outcome import Failure
from ansible_collections.acti.camera.plugins.module_utils._redaction import Redactor, redact_values
from ansible_collections.acti.camera.plugins.module_utils._tasks import (
    TASKS,
    TaskContext,
    file_digest,
    not_answering_notice,
)
from ansible_collections.acti.camera.plugins.module_utils._transport import REQUESTS_IMPORT_ERROR

display = Display()

EXECUTION_VARIABLE = 'acti_camera_execution'
# The options that name a file on the controller: found there on both paths, and sent where the module runs.
CONTROLLER_FILES = ('src', 'md5_src')
EXECUTIONS = ('auto', 'module')
ROLE = 'acti.camera.ptz_image'
COLLECTION_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The collection's roles, each with its directory: a camera's first task of any of them checks that role's variables.
ROLES = {'acti.camera.%s' % name: os.path.join(COLLECTION_DIR, 'roles', name) for name in ('ptz_image', 'firmware')}
# The variables an inventory sets once for every task and role of the collection (acti_camera_password and the
# like): a connection option a task leaves unset (or null, as a role passes its unset variables) takes
# acti_camera_<option>, here, for both paths; a role's own <role>_<option> wins where set.
SHARED_PREFIX = 'acti_camera_'
SHARED_OPTIONS = connection_argument_spec()


def role_argument_specs(role=ROLE):
    """The entry points of ROLE (acti.camera.ptz_image by default), from its meta/argument_specs.yml."""
    with open(os.path.join(ROLES[role], 'meta', 'argument_specs.yml'), encoding='utf-8') as stream:
        return yaml.safe_load(stream)['argument_specs']


# Read as this module is imported, in the controller's main process before it forks the workers: once per run.
ROLES_VARIABLES = {role: role_argument_specs(role)['variables']['options'] for role in ROLES}


def _role_prefix(role):
    return role.rpartition('.')[2] + '_'


def role_variables_problem(values, role=ROLE):
    """Why VALUES (ROLE's variables as one camera sees them) cannot serve, or None; the password left out.

    A required variable of the role that is unset takes its shared acti_camera_ value (acti_camera_password for
    ptz_image_password), as the role's tasks do."""
    variables, prefix = ROLES_VARIABLES[role], _role_prefix(role)
    values = dict(values)
    for name, option in variables.items():
        shared = SHARED_PREFIX + name[len(prefix):]
        if option.get('required') and name.startswith(prefix) and name not in values and shared in values:
            values[name] = values[shared]
    validation = ArgumentSpecValidator(variables).validate(values)
    if not validation.error_messages:
        return None
    redact = Redactor(values.get(prefix + 'password') or values.get(SHARED_PREFIX + 'password'))
    return remove_values(redact('the variables of the role %s for this camera: %s'
                                % (role, '; '.join(validation.error_messages))),
                         validation._no_log_values)  # pylint: disable=protected-access


def digest_once_per_run(path, algorithm='sha256'):
    """The ALGORITHM (sha256, md5) digest of a file, computed once per ansible-playbook run and shared by its workers.

    Every camera's task checks the same image: the digest is kept in Ansible's local temporary
    directory of this run (removed at its end), keyed by the file's identity and modification
    time, under a lock, so that the first worker hashes the file and the others read the result.
    """
    stat = os.stat(path)
    identity = repr((os.path.realpath(path), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns))
    cache = os.path.join(C.DEFAULT_LOCAL_TMP, 'acti-camera-%s-%s'
                         % (algorithm, hashlib.sha256(identity.encode()).hexdigest()))
    with open(cache, 'a+', encoding='ascii') as stream:
        fcntl.flock(stream, fcntl.LOCK_EX)
        stream.seek(0)
        known = stream.read().strip()
        if len(known) == hashlib.new(algorithm).digest_size * 2:
            return known
        digest = file_digest(path, algorithm)
        stream.write(digest)
        return digest


@contextlib.contextmanager
def _task_environment(environment):
    """os.environ with the task's ENVIRONMENT while the block runs (a worker serves one task, then exits)."""
    saved = dict(os.environ)
    os.environ.update({name: str(value) for name, value in environment.items()})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _say_now(camera, line):
    """LINE on the operator's screen at once, as a warning reads. Since ansible-core 2.19 a warning raised in a worker
    waits for the task's result (DeferredWarningContext); a displayed line goes to the main process at once."""
    display.display('[WARNING]: %s: %s' % (camera, line), color=C.COLOR_WARN, stderr=True)


def _pass_on_what_the_spec_says(validation, result):
    """The warnings and deprecations of the argument spec's validation (aliases, deprecated options) into RESULT, as
    AnsibleModule passes them on for a module (ModuleArgumentSpecValidator)."""
    warnings = ['Both option %s and its alias %s are set.' % (each['option'], each['alias'])
                for each in validation._warnings]  # pylint: disable=protected-access
    if warnings:
        result['warnings'] = warnings + result.get('warnings', [])
    deprecations = [dict(each) for each in validation._deprecations]  # pylint: disable=protected-access
    if deprecations:
        result['deprecations'] = deprecations + result.get('deprecations', [])


class CameraTaskAction(ActionBase):
    """Runs the task TASKS[TASK] in the worker on the controller, or its module on another host."""

    TASK = None   # the task's name in TASKS, which is also its module's
    TRANSFERS_FILES = False   # only the module path sends src, and makes its temporary directory itself

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # unused
        execution = self._templar.template(task_vars.get(EXECUTION_VARIABLE, 'auto'))
        if execution not in EXECUTIONS:
            raise AnsibleActionFail('%s must be one of %s, got %r' % (EXECUTION_VARIABLE, ', '.join(EXECUTIONS),
                                                                      execution))
        problem = self._role_variables_problem(task_vars)
        if problem:
            result.update(failed=True, outcome='invalid_input', msg=problem)
            return result
        environment = {}
        self._compute_environment_string(environment)
        # The task's environment, as a module process gets it: the options' environment fallbacks (ACTI_PASSWORD)
        # and the variables in src read it on both paths alike.
        with _task_environment(environment):
            args = self._with_shared_variables(self._task.args, task_vars)
            for option in CONTROLLER_FILES:
                if isinstance(args.get(option), str) and args[option]:
                    args[option] = self._controller_src(os.path.expanduser(os.path.expandvars(args[option])))
            if execution == 'module' or self._connection.transport != 'local':
                result.update(self._run_module(args, task_vars))
            else:
                result.update(self._run_in_worker(args, task_vars))
        return result

    def _with_shared_variables(self, args, task_vars):
        """The task's arguments, each connection option it leaves unset or null taken from acti_camera_<option> where
        the camera has that variable. Else an unset option stays unset (its environment fallback, ACTI_PORT and the
        like, then its default apply, as for any module), and a null one takes its default: a role passes its unset
        variables as null, and a rollout must not follow an ACTI_PORT exported for something else.

        Here rather than in the roles' defaults: a default written {{ acti_camera_port | default(none) }} is
        templated for every task of every camera, and made a no-op rollout of 300 cameras take 1.18 times the
        controller CPU (measured side by side, 6 pairs: 1.15 to 1.25)."""
        args = dict(args)
        for option, spec in SHARED_OPTIONS.items():
            if args.get(option) is None:
                shared = self._templar.template(task_vars.get(SHARED_PREFIX + option))
                if shared is not None:
                    args[option] = shared
                elif option in args:
                    args[option] = spec.get('default')
        return args

    def _role_variables_problem(self, task_vars):
        """For a task of one of the collection's ROLES (not a handler, which follows one): why the camera's values
        of that role's variables cannot serve, or None. The check Ansible makes of a role's entry point, made here,
        in the worker the camera's first task of the role already has, and not in a worker process of its own."""
        role = self._task._role  # pylint: disable=protected-access
        name = None if role is None else role.get_name()
        if name not in ROLES_VARIABLES or isinstance(self._task, Handler):
            return None
        return role_variables_problem({variable: self._templar.template(task_vars[variable])
                                       for variable in ROLES_VARIABLES[name] if variable in task_vars}, name)

    def _run_in_worker(self, args, task_vars):
        task = TASKS[self.TASK]
        validation = ArgumentSpecValidator(task.argument_spec(), required_if=task.required_if).validate(args)
        secrets = validation._no_log_values  # pylint: disable=protected-access
        redact = Redactor(validation.validated_parameters.get('password'))
        if validation.error_messages:
            result = dict(failed=True, outcome='invalid_input', msg=redact('; '.join(validation.error_messages)))
        elif REQUESTS_IMPORT_ERROR:
            result = dict(failed=True, msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        else:
            result = self._run_task(task, validation.validated_parameters, task_vars['inventory_hostname'])
        _pass_on_what_the_spec_says(validation, result)
        return remove_values(result, secrets)

    def _run_task(self, task, params, camera):
        warnings = []
        context = TaskContext(params, check_mode=bool(self._task.check_mode), diff=bool(self._task.diff),
                              warn=warnings.append, progress=lambda line: display.v(line, host=camera),
                              notice=lambda line: _say_now(camera, line), digest=digest_once_per_run)
        try:
            result = task.run(context)
        except Failure as exc:
            result = dict(exc.result)
            # Unreachable, not failed: Ansible reports the host as it reports any host it cannot reach.
            result['unreachable' if exc.unreachable else 'failed'] = True
        if warnings:
            result['warnings'] = warnings
        return result

    def _run_module(self, module_args, task_vars):
        """The module where the task runs. A task whose camera may be waited for at first (boot_timeout) is
        asked for one look first: a module says nothing until it ends, and the operator must hear at once of a
        camera that does not answer. Where it answers, that first run is the whole task."""
        boot_timeout = self._boot_timeout(module_args)
        if not boot_timeout:
            return self._execute_module_with_src(module_args, task_vars)
        first = self._execute_module_with_src(dict(module_args, boot_timeout=0), task_vars)
        if first.get('outcome') != 'unreachable':
            return first
        _say_now(task_vars['inventory_hostname'], not_answering_notice(first.get('msg'), boot_timeout))
        return self._execute_module_with_src(module_args, task_vars)

    def _boot_timeout(self, module_args):
        """The task's boot_timeout where it has one and its arguments are valid, else None (the module says why)."""
        task = TASKS[self.TASK]
        if 'boot_timeout' not in task.own_argument_spec:
            return None
        validation = ArgumentSpecValidator(task.argument_spec(), required_if=task.required_if).validate(module_args)
        return None if validation.error_messages else validation.validated_parameters['boot_timeout']

    def _execute_module_with_src(self, module_args, task_vars):
        """The module run once, with src (a path on the controller) sent to a temporary directory where it runs."""
        module_args = dict(module_args)
        try:
            sent, copies = set(), {}
            for option in (option for option in CONTROLLER_FILES if module_args.get(option)):
                source = module_args[option]
                if not os.path.isfile(source):
                    return dict(failed=True, outcome='invalid_input',
                                msg='%s %s is not a regular file on the controller, which sends it to where the '
                                    'module runs' % (option, source))
                if self._connection._shell.tmpdir is None:
                    self._make_tmp_path()
                # Under its own name, which the upload sends as a browser does; two files of one name keep apart.
                name = os.path.basename(source)
                name = name if name not in sent else '%s-%s' % (option, name)
                sent.add(name)
                module_args[option] = self._connection._shell.join_path(self._connection._shell.tmpdir, name)
                copies[module_args[option]] = source
                self._transfer_file(source, module_args[option])
                self._fixup_perms2((self._connection._shell.tmpdir, module_args[option]))
            result = self._execute_module(module_name='acti.camera.%s' % self.TASK, module_args=module_args,
                                          task_vars=task_vars)
            # The module speaks of the copies, which go with its temporary directory: name the files as given.
            return redact_values(result, lambda text: functools.reduce(
                lambda done, copy: done.replace(copy, copies[copy]), copies, text))
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)

    def _controller_src(self, src):
        """SRC on the controller: as given (relative to the working directory) where it exists, else found as
        ansible.builtin.copy finds files (in the role's or the playbook's files/), else as given."""
        if os.path.exists(src):
            # Absolute: the local connection resolves a relative path against the playbook's directory instead.
            return os.path.abspath(src)
        try:
            return self._find_needle('files', src)
        except AnsibleError:
            return src
