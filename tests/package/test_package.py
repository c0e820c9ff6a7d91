# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection as users get it: the galaxy tarball, installed, documented, and in an execution environment.

Run by `make package` with the Python of .venv-lint (ansible-core, antsibull-docs, ansible-builder).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PLUGINS = {
    'module': ['acti.camera.ptz_image', 'acti.camera.camera_info', 'acti.camera.wait_for_camera',
               'acti.camera.rollout_report'],
    'role': ['acti.camera.ptz_image'],
}


def run(*command, **kwargs):
    process = subprocess.run([str(part) for part in command], capture_output=True, text=True, check=False,
                             **kwargs)
    assert process.returncode == 0, '%s failed:\n%s%s' % (command, process.stdout, process.stderr)
    return process.stdout


@pytest.fixture(scope='module')
def tarball(tmp_path_factory):
    # Build from the files git knows, as a release would: nothing built or cached here gets in.
    source = tmp_path_factory.mktemp('source')
    files = run('git', '-C', REPO, 'ls-files', '--cached', '--others', '--exclude-standard').splitlines()
    run('tar', '-C', REPO, '-cf', source / 'files.tar', *[name for name in files if (REPO / name).exists()])
    run('tar', '-C', source, '-xf', source / 'files.tar')
    (source / 'files.tar').unlink()
    output = tmp_path_factory.mktemp('dist')
    run(BIN / 'ansible-galaxy', 'collection', 'build', source, '--output-path', output)
    (path,) = output.glob('acti-camera-*.tar.gz')
    return path


@pytest.fixture(scope='module')
def installed(tarball, tmp_path_factory):
    collections = tmp_path_factory.mktemp('collections')
    run(BIN / 'ansible-galaxy', 'collection', 'install', tarball, '-p', collections)
    return collections


def test_the_tarball_holds_the_collection_and_nothing_built_or_cached(tarball):
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    for expected in ('MANIFEST.json', 'README.md', 'meta/runtime.yml',
                     'meta/execution-environment.yml', 'requirements.txt', 'plugins/modules/ptz_image.py',
                     'roles/ptz_image/tasks/main.yml', 'playbooks/ptz_rollout.yml', 'simulator/acti_camera_sim.py',
                     'docs/docsite/rst/guide.rst', 'examples/inventory/hosts.yml'):
        assert expected in names, expected
    unwanted = [name for name in names if any(part in name for part in (
        '__pycache__', '.pytest_cache', 'tests/output', '.venv', 'build/', '.ruff_cache', '.ci/'))]
    assert unwanted == []


@pytest.mark.parametrize('plugin_type,name', [(kind, name) for kind, names in PLUGINS.items() for name in names])
def test_ansible_doc_renders_every_plugin_of_the_installed_collection(installed, plugin_type, name):
    environment = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(installed))
    process = subprocess.run([str(BIN / 'ansible-doc'), '-t', plugin_type, name], capture_output=True, text=True,
                             env=environment, check=False)
    assert process.returncode == 0 and name in process.stdout
    assert process.stderr == '', process.stderr   # no warning, no error


def test_antsibull_docs_lint_passes(installed):
    run(BIN / 'antsibull-docs', 'lint-collection-docs', '--plugin-docs',
        installed / 'ansible_collections' / 'acti' / 'camera')


def test_an_execution_environment_gets_requests(installed, tarball, tmp_path):
    # What ansible-builder's container build runs to collect the collections' Python requirements.
    output = run(BIN / 'ansible-builder', 'introspect', '--sanitize', installed)
    assert 'requests' in output and 'acti.camera' in output
    # And the build context for AWX / AAP, made without a container engine.
    definition = tmp_path / 'execution-environment.yml'
    definition.write_text(yaml.safe_dump({
        'version': 3,
        'images': {'base_image': {'name': 'quay.io/ansible/awx-ee:latest'}},
        'dependencies': {'galaxy': {'collections': [{'name': str(tarball), 'type': 'file'}]}},
    }))
    run(BIN / 'ansible-builder', 'create', '-f', definition, '-c', tmp_path / 'context', '--output-filename',
        'Containerfile')
    assert (tmp_path / 'context' / 'Containerfile').exists()


def test_the_example_inventory_groups_cameras_by_site_with_the_password_from_the_vault(tmp_path):
    vault_password = tmp_path / 'vault-password'
    vault_password.write_text('example\n')   # the example vault's documented password
    inventory = REPO / 'examples' / 'inventory'
    graph = run(BIN / 'ansible-inventory', '-i', inventory, '--graph', '--vault-password-file', vault_password)
    assert '@site_north:' in graph and '@site_south:' in graph and 'cam-south-gate' in graph
    output = run(BIN / 'ansible', '-i', inventory, 'cameras', '-m', 'ansible.builtin.debug', '-a',
                 'msg={{ ptz_image_password == "example-camera-password" }}', '--vault-password-file',
                 vault_password, env=dict(os.environ, ANSIBLE_NOCOLOR='1'))
    assert output.count('"msg": true') == 3, output
    # No interpreter ritual: the collection's tasks run in Ansible's worker on the controller.
    listing = run(BIN / 'ansible-inventory', '-i', inventory, '--list', '--vault-password-file', vault_password)
    assert 'ansible_python_interpreter' not in listing and 'localhost' not in listing
