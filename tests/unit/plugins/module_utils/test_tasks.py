# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import time

import pytest

from ansible_collections.acti.camera.plugins.module_utils._client import CameraClient
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
