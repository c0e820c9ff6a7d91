# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Each role of the collection has its variables checked per camera against its own argument spec, and the password
an inventory gives once (acti_camera_password) serves each role's own."""

from __future__ import annotations

import pytest

from ansible_collections.acti.camera.plugins.plugin_utils._camera_action import (
    ROLES, ROLES_VARIABLES, role_variables_problem)

SECRET = 'S3cret-in-a-bad-value'
VALUES = {
    'acti.camera.ptz_image': dict(ptz_image_src='a.bin', ptz_image_version='2.0'),
    'acti.camera.firmware': dict(firmware_src='f.bin', firmware_version='A1D-500-V6.17.02-AC'),
}


def test_every_role_of_the_collection_is_checked_against_its_own_spec():
    assert set(ROLES) == set(VALUES)
    assert 'firmware_reboot_timeout' in ROLES_VARIABLES['acti.camera.firmware']
    assert 'firmware_reboot_timeout' not in ROLES_VARIABLES['acti.camera.ptz_image']
    for variables in ROLES_VARIABLES.values():
        assert {'acti_camera_password', 'acti_camera_host', 'acti_camera_port'} <= set(variables)


@pytest.mark.parametrize('role', sorted(VALUES))
def test_the_password_given_once_serves_the_role_and_a_wrong_value_is_named_without_it(role):
    prefix = role.rpartition('.')[2]
    values = dict(VALUES[role], acti_camera_password=SECRET)
    assert role_variables_problem(values, role) is None
    assert role_variables_problem(dict(VALUES[role], **{prefix + '_password': SECRET}), role) is None
    missing = role_variables_problem(VALUES[role], role)
    assert 'missing required arguments: %s_password' % prefix in missing
    problem = role_variables_problem(dict(values, **{prefix + '_boot_timeout': SECRET}), role)
    assert problem.startswith('the variables of the role %s for this camera: ' % role)
    assert "argument '%s_boot_timeout' is of type" % prefix in problem and SECRET not in problem
    # The shared variables are checked too.
    assert "argument 'acti_camera_port' is of type" in role_variables_problem(dict(values, acti_camera_port='x'), role)
