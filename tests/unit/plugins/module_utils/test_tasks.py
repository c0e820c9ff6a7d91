# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import time

import pytest
from fake_camera import FakeCamera, install, not_answering, run

from ansible_collections.acti.camera.plugins.module_utils._client import CameraClient
from ansible_collections.acti.camera.plugins.module_utils._errors import CameraReplyError
from ansible_collections.acti.camera.plugins.module_utils._tasks import ptz_check_after


@pytest.fixture
def camera(in_process_fleet):
    fleet = in_process_fleet(1, reboot_seconds=0.1)
    port = min(fleet.cameras)
    return fleet.cameras[port], CameraClient('127.0.0.1', port, 'Admin', '123456')


# Counts: each command a request carries, and the requests (total).
@pytest.mark.parametrize('multi_command, counts', [
    ('lines', {'PTZ_VENDOR': 1, 'POSITION_GET': 1, 'total': 1}),
    ('first', {'PTZ_VENDOR': 1, 'POSITION_GET': 2, 'total': 2}),    # then POSITION_GET alone
    ('refuse', {'PTZ_VENDOR': 2, 'POSITION_GET': 2, 'total': 3}),   # then each alone
])
def test_the_check_after_the_reboot_asks_alone_only_what_the_combined_reply_does_not_answer(camera, multi_command,
                                                                                            counts):
    sim, client = camera
    sim.settings['encoder_multi_command'] = multi_command
    assert ptz_check_after(client, 'ACTI,ACTI') == ('ACTI,ACTI', 'PAN=1200,TILT=300', None)
    assert sim.counts == counts


def test_a_failing_ptz_is_named_by_its_replies_to_each_command_asked_alone(camera):
    sim, client = camera
    sim.settings['ptz_error_after_upload'] = True
    sim.reboot(new_version='2.0.0')   # the reboot an upload causes
    time.sleep(0.5)
    vendor, position, problem = ptz_check_after(client, 'ACTI,ACTI')
    assert (vendor, position) == (None, None)
    assert problem == ('its PTZ answers PTZ_VENDOR with ERROR: internal error PTZ not responding and answers '
                       'POSITION_GET with ERROR: internal error PTZ not responding')


def test_a_changed_vendor_read_in_the_combined_reply_is_named_with_both_values(camera):
    sim, client = camera
    assert ptz_check_after(client, 'SONY,VISCA')[2] == (
        'its PTZ reports the PTZ vendor and protocol ACTI,ACTI where it reported SONY,VISCA before the upload: a '
        'PTZ setting changed at run time and not saved is the likely cause, since the reboot drops it '
        '(save_config=true keeps it)')
    assert sim.counts == {'PTZ_VENDOR': 1, 'POSITION_GET': 1, 'total': 1}


# -- the camera's address, in every result --------------------------------------------------------------------

ADDRESS_ARGS = dict(ptz_image=dict(version='1.0.0'), firmware=dict(version='A1D-500-V6.13.17-AC'),
                    wait_for_camera=dict(version='1.0.0', down_timeout=0), camera_info={})


@pytest.fixture
def task_run(monkeypatch, tmp_path):
    """task_run(task, camera, **args) -> the Run of that task against the FakeCamera, with an image where it needs
    one."""
    image = tmp_path / 'image.bin'
    image.write_bytes(b'an image')

    def task_run(task, cam, **args):
        if task in ('ptz_image', 'firmware'):
            args.setdefault('src', str(image))
        return run(task, install(monkeypatch, cam), **dict(ADDRESS_ARGS[task], **args))
    return task_run


@pytest.mark.parametrize('task', sorted(ADDRESS_ARGS))
def test_every_task_returns_the_address_the_client_names(task_run, task):
    done = task_run(task, FakeCamera(), port=8080)
    assert not done.failed, done.msg
    assert done.result['address'] == '192.0.2.10:8080'


@pytest.mark.parametrize('task', sorted(ADDRESS_ARGS))
def test_a_task_the_camera_fails_returns_the_address(task_run, task):
    refused = CameraReplyError('ERROR: bad account/password')
    cam = FakeCamera().then('system_log', refused).then('system_info', refused)
    done = task_run(task, cam, host='[2001:db8::7]')
    assert done.failed and done.result['address'] == '2001:db8::7:80'


@pytest.mark.parametrize('task, option', [
    ('ptz_image', dict(wait_timeout=0)), ('firmware', dict(sha256='xyz')), ('wait_for_camera', dict(wait_timeout=0)),
    ('camera_info', dict(version_pattern='PTZ (?P<version>'))])
def test_a_task_refused_for_another_option_than_the_connection_returns_the_address(task_run, task, option):
    done = task_run(task, FakeCamera(), **option)
    assert (done.outcome, done.result['address']) == ('invalid_input', '192.0.2.10:80')


@pytest.mark.parametrize('task', sorted(ADDRESS_ARGS))
def test_a_task_whose_connection_options_cannot_serve_returns_no_address(task_run, task):
    done = task_run(task, FakeCamera(), port=70000)
    assert done.outcome == 'invalid_input' and 'address' not in done.result


# -- one way to fail: each task's failure carries its outcome ---------------------------------------------------

@pytest.mark.parametrize('answer, outcome', [
    (CameraReplyError('ERROR: bad account/password'), 'camera_error'),
    (not_answering(), 'unreachable'),
])
def test_camera_info_fails_with_an_outcome_as_every_task_does(task_run, answer, outcome):
    done = task_run('camera_info', FakeCamera().then('system_log', answer))
    assert done.failed and (done.outcome, done.unreachable) == (outcome, outcome == 'unreachable')
    assert done.msg.startswith('cannot read the camera at 192.0.2.10:80: ')
