# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the unit and integration tests."""

from __future__ import annotations

import os

import pytest
# acti_testlib first: importing it puts the collection and the simulator on sys.path.
from acti_testlib import (SimulatorProcess, free_port_run, link_collection, run_playbook as _run_playbook,
                          run_rollout as _run_rollout)
from acti_camera_sim import Fleet


def pytest_configure(config):
    """Link the collection before any test module imports it; register the one_leg marker."""
    link_collection()
    config.addinivalue_line(
        'markers', 'one_leg: the same on every ansible-core, so run on one leg of make test only (the Makefile '
        'says which and why; the other legs deselect these with -m "not one_leg")')


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """In an xdist worker under --dist loadgroup: give each test of an xdist_group its group, as xdist meant to.

    pytest-xdist marks a test's group by appending '@group' to its node id, by assigning the node's _nodeid;
    pytest 9.2 keeps the id elsewhere (_id), so the assignment no longer takes, every group is spread over all
    the workers, and a module fixture the group shares runs once per worker instead of once
    (pytest-dev/pytest-xdist#1386). Here the suffix is added where xdist left it off; a fixed xdist makes this a
    no-op.
    """
    if not getattr(config.option, 'loadgroup', False):   # set in xdist's workers only
        return
    for item in items:
        names = {str(mark.args[0] if mark.args else mark.kwargs.get('name', 'default'))
                 for mark in item.iter_markers('xdist_group')}
        suffix = '@' + '_'.join(sorted(names))
        if names and not item.nodeid.endswith(suffix) and hasattr(item, '_id'):
            item._id = type(item._id).parse(item.nodeid + suffix)  # pylint: disable=protected-access


@pytest.fixture(scope='session')
def images(tmp_path_factory):
    """Image files: good ones for two versions, a corrupted one, an empty file."""
    from acti_camera_sim import make_image  # pylint: disable=import-outside-toplevel

    folder = tmp_path_factory.mktemp('images')
    paths = {}
    for version in ('1.0.0', '2.0.0'):
        paths[version] = folder / ('ACTIPT-%s.BIN' % version)
        paths[version].write_bytes(make_image(version))
    corrupted = bytearray(make_image('2.0.0'))
    corrupted[len(corrupted) // 2] ^= 0x01
    paths['corrupted'] = folder / 'corrupted.bin'
    paths['corrupted'].write_bytes(bytes(corrupted))
    paths['empty'] = folder / 'empty.bin'
    paths['empty'].write_bytes(b'')
    return {name: str(path) for name, path in paths.items()}


@pytest.fixture(scope='session')
def simulator():
    """A fleet of simulated cameras, one per test that asks (SimulatorProcess.camera)."""
    sim = SimulatorProcess(count=int(os.environ.get('ACTI_TEST_CAMERAS', '200')))
    yield sim
    sim.stop()


@pytest.fixture
def in_process_fleet():
    """in_process_fleet(count, **settings) -> a started Fleet in this process, stopped after the test."""
    fleets = []

    def start(count, **settings):
        fleet = Fleet(free_port_run(count), count, settings)
        fleet.start()
        fleets.append(fleet)
        return fleet

    yield start
    for fleet in fleets:
        fleet.stop()


@pytest.fixture
def run_playbook(tmp_path):
    """run_playbook(name, cases=None, *flags, env=None, **extra_vars) -> PlaybookRun."""
    return lambda *args, **kwargs: _run_playbook(tmp_path, *args, **kwargs)


@pytest.fixture
def run_rollout(tmp_path):
    """run_rollout(cameras, *flags, password=..., **extra_vars) -> RolloutRun of acti.camera.ptz_rollout."""
    return lambda *args, **kwargs: _run_rollout(tmp_path, *args, **kwargs)
