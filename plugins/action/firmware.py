# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""acti.camera.firmware: in Ansible's worker on the controller, or the module of the same name elsewhere."""

from __future__ import annotations

from ansible_collections.acti.camera.plugins.plugin_utils._camera_action import CameraTaskAction


class ActionModule(CameraTaskAction):
    """See plugins/modules/firmware.py for the documentation."""

    TASK = 'firmware'
