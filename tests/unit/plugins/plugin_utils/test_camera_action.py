# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the action plugins run a task, and the image checksum they share across a run's workers."""

from __future__ import annotations

import hashlib
import types

import pytest
from ansible.errors import AnsibleFileNotFound

from ansible_collections.acti.camera.plugins.action.ptz_image import ActionModule
from ansible_collections.acti.camera.plugins.module_utils._tasks import file_digest
from ansible_collections.acti.camera.plugins.plugin_utils import _camera_action


def not_found(_paths, _dirname, needle):
    raise AnsibleFileNotFound(file_name=needle)


class FakeShell:
    tmpdir = None

    def join_path(self, *parts):
        return '/'.join(parts)

    def env_prefix(self, **_environment):
        return ''


def action(transport, args, environment=None):
    """A ptz_image ActionModule over a connection of this transport, recording what it would run."""
    task = types.SimpleNamespace(args=args, async_val=0, check_mode=False, diff=False, no_log=False,
                                 environment=environment, become=False, delegate_to=None, get_search_path=list,
                                 _role=None)   # a task of a playbook, not of the role
    connection = types.SimpleNamespace(transport=transport, _shell=FakeShell())
    templar = types.SimpleNamespace(template=lambda value: value)
    loader = types.SimpleNamespace(path_dwim_relative_stack=not_found)
    plugin = ActionModule(task, connection, types.SimpleNamespace(check_mode=False), loader, templar, None)
    plugin.calls = []

    def make_tmp_path():
        connection._shell.tmpdir = '/remote/tmp-1'

    plugin._make_tmp_path = make_tmp_path
    plugin._transfer_file = lambda local, remote: plugin.calls.append(('transfer', local, remote))
    plugin._fixup_perms2 = lambda paths: None
    plugin._remove_tmp_path = lambda path: plugin.calls.append(('remove', path))
    plugin._execute_module = lambda **kwargs: plugin.calls.append(('module', kwargs['module_name'],
                                                                   kwargs['module_args'])) or {'changed': True}
    plugin._run_in_worker = lambda args, task_vars: plugin.calls.append(('worker', args)) or {'changed': False}
    return plugin


@pytest.fixture
def image(tmp_path):
    path = tmp_path / 'ACTIPT.BIN'
    path.write_bytes(b'image')
    return str(path)


def test_on_the_local_connection_the_task_runs_in_the_worker(image):
    plugin = action('local', dict(src=image, version='2'))
    plugin.run(task_vars={})
    assert plugin.calls == [('worker', dict(src=image, version='2'))]


def test_on_another_host_src_is_sent_there_and_the_module_runs_there(image):
    plugin = action('ssh', dict(src=image, version='2', password='secret'))
    result = plugin.run(task_vars={})
    assert result['changed'] is True
    assert plugin.calls == [
        ('transfer', image, '/remote/tmp-1/ACTIPT.BIN'),
        ('module', 'acti.camera.ptz_image', dict(src='/remote/tmp-1/ACTIPT.BIN', version='2', password='secret')),
        ('remove', '/remote/tmp-1'),
    ]


def test_the_module_path_can_be_forced_and_a_missing_src_fails_before_it(image):
    forced = action('local', dict(src=image, version='2'))
    forced.run(task_vars={'acti_camera_execution': 'module'})
    assert [call[0] for call in forced.calls] == ['transfer', 'module', 'remove']
    missing = action('ssh', dict(src=image + '.missing', version='2'))
    result = missing.run(task_vars={})
    assert result['failed'] is True and 'is not a regular file on the controller' in result['msg']
    assert [call[0] for call in missing.calls] == ['remove']


def test_an_unknown_execution_is_refused(image):
    with pytest.raises(Exception, match="acti_camera_execution must be one of auto, module, got 'remote'"):
        action('local', dict(src=image)).run(task_vars={'acti_camera_execution': 'remote'})


def test_the_image_checksum_is_computed_once_per_run_and_again_when_the_file_changes(image, tmp_path, monkeypatch):
    monkeypatch.setattr(_camera_action.C, 'DEFAULT_LOCAL_TMP', str(tmp_path))
    hashed = []
    monkeypatch.setattr(_camera_action, 'file_digest', lambda path, algorithm: hashed.append(path) or file_digest(
        path, algorithm))
    digests = [_camera_action.digest_once_per_run(image) for _worker in range(3)]
    assert digests == [hashlib.sha256(b'image').hexdigest()] * 3 and hashed == [image]
    with open(image, 'ab') as stream:
        stream.write(b' changed')
    assert _camera_action.digest_once_per_run(image) == hashlib.sha256(b'image changed').hexdigest()
    assert len(hashed) == 2


@pytest.mark.parametrize('transport', ['local', 'ssh'])
def test_variables_and_home_in_src_are_expanded_on_the_controller_on_both_paths(image, transport, monkeypatch):
    folder, name = image.rsplit('/', 1)
    monkeypatch.setenv('HOME', folder)
    for src in ('$IMGDIR/%s' % name, '~/%s' % name):
        plugin = action(transport, dict(src=src, version='2'), environment=[{'IMGDIR': folder}])
        plugin.run(task_vars={})
        sent = plugin.calls[0][1]['src'] if transport == 'local' else plugin.calls[0][1]
        assert sent == image, src


def test_the_tasks_environment_is_the_workers_while_the_task_runs(image, monkeypatch):
    monkeypatch.delenv('ACTI_PASSWORD', raising=False)
    plugin = action('local', dict(src=image, version='2'), environment=[{'ACTI_PASSWORD': 'from-env'}])
    seen = []
    plugin._run_in_worker = lambda args, task_vars: seen.append(_camera_action.os.environ.get('ACTI_PASSWORD')) or {}
    plugin.run(task_vars={})
    assert seen == ['from-env'] and 'ACTI_PASSWORD' not in _camera_action.os.environ


def test_the_roles_variables_are_checked_as_one_camera_sees_them_and_the_password_never_named():
    from ansible_collections.acti.camera.plugins.plugin_utils._camera_action import (  # pylint: disable=C0415
        ROLE, ROLES_VARIABLES, role_variables_problem)

    secret = 'S3cret-in-a-bad-value'
    values = dict(ptz_image_src='a.bin', ptz_image_version='2.0', ptz_image_password=secret)
    assert 'ptz_image_reboot_timeout' in ROLES_VARIABLES[ROLE] and role_variables_problem(values) is None
    problem = role_variables_problem(dict(values, ptz_image_reboot_timeout='soon', ptz_image_on_unknown_version=secret))
    assert problem.startswith('the variables of the role acti.camera.ptz_image for this camera: ')
    assert "argument 'ptz_image_reboot_timeout' is of type" in problem and 'ptz_image_on_unknown_version' in problem
    assert secret not in problem
    assert 'missing required arguments: ptz_image_password' in role_variables_problem(
        {name: value for name, value in values.items() if name != 'ptz_image_password'})


def test_on_the_module_path_a_camera_that_does_not_answer_is_said_before_the_module_waits(image, monkeypatch):
    # A module says nothing until it ends: the first run looks once (boot_timeout 0), and only a camera that does
    # not answer is told of at once, then waited for by a second run with the task's boot_timeout.
    said = []
    monkeypatch.setattr(_camera_action.display, 'display', lambda msg, **kwargs: said.append((msg, kwargs)))
    args = dict(src=image, version='2', host='cam', password='secret', boot_timeout=30)
    plugin = action('ssh', args)
    replies = [dict(failed=True, outcome='unreachable', msg='no reply from the camera at cam:80: refused'),
               dict(changed=True, outcome='verified')]
    plugin._execute_module = lambda **kwargs: plugin.calls.append(
        ('module', kwargs['module_args']['boot_timeout'])) or replies.pop(0)
    result = plugin.run(task_vars={'inventory_hostname': 'cam-01'})
    assert result['outcome'] == 'verified'
    assert [call for call in plugin.calls if call[0] == 'module'] == [('module', 0), ('module', 30)]
    assert said == [('[WARNING]: cam-01: no reply from the camera at cam:80: refused; waiting up to 30 s '
                     '(boot_timeout) in case it is rebooting (an earlier run interrupted, a power cut); check its '
                     'address and port if it should be up', dict(color=_camera_action.C.COLOR_WARN, stderr=True))]

    answering = action('ssh', args)
    answering._execute_module = lambda **kwargs: answering.calls.append(
        ('module', kwargs['module_args']['boot_timeout'])) or dict(changed=True, outcome='upgraded')
    assert answering.run(task_vars={'inventory_hostname': 'cam-01'})['outcome'] == 'upgraded'
    assert [call for call in answering.calls if call[0] == 'module'] == [('module', 0)]


def test_the_worker_passes_on_the_argument_specs_warnings_and_deprecations(monkeypatch):
    spec = dict(thing=dict(type='str', aliases=['old_thing'], deprecated_aliases=[
        dict(name='old_thing', version='9.0.0', collection_name='acti.camera')]),
        gone=dict(type='str', removed_in_version='9.0.0', removed_from_collection='acti.camera'))
    task = _camera_action.TASKS['camera_info'].__class__(own_argument_spec=spec, logic=lambda context: dict(
        changed=False, warnings_seen=None))
    monkeypatch.setitem(_camera_action.TASKS, 'ptz_image', task)
    plugin = action('local', {})
    result = _camera_action.CameraTaskAction._run_in_worker(plugin, dict(
        host='cam', password='secret', thing='a', old_thing='b', gone='x'), {'inventory_hostname': 'cam-01'})
    assert result['warnings'] == ['Both option thing and its alias old_thing are set.']
    assert sorted(each['msg'] for each in result['deprecations']) == [
        "Alias 'old_thing' is deprecated. See the module docs for more information",
        'Param \'gone\' is deprecated. See the module docs for more information']
    assert all(each['collection_name'] == 'acti.camera' and each['version'] == '9.0.0'
               for each in result['deprecations'])


@pytest.mark.parametrize('transport', ['local', 'ssh'])
def test_a_connection_option_left_unset_or_null_takes_the_cameras_shared_variable_on_both_paths(image, transport):
    task_vars = dict(acti_camera_port=8080, acti_camera_password='Shared', acti_camera_username='operator',
                     acti_camera_timeout=None, acti_camera_use_proxy=True, acti_camera_validate_certs=True)
    # The role passes its unset variables as null (port, timeout); a task's own value wins, false included.
    plugin = action(transport, dict(src=image, version='2', port=None, username='Admin', timeout=None,
                                    use_proxy=False, validate_certs=False))
    plugin.run(task_vars=task_vars)
    (args,) = [call[-1] for call in plugin.calls if call[0] in ('worker', 'module')]
    assert (args['port'], args['password'], args['username']) == (8080, 'Shared', 'Admin')
    assert (args['use_proxy'], args['validate_certs']) == (False, False)
    # Null without a shared value: the option's default, not its environment fallback (a role's unset variable);
    # unset: left out, so that the environment fallback and the default apply, as for any module.
    assert args['timeout'] == 30.0 and 'use_ssl' not in args
