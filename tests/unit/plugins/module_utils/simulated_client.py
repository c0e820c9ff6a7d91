# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A CameraClient of the simulator's cameras (the fixture fleet, in this folder's conftest.py), whose password has
characters that URL encoding changes: what the client's and the transport's tests talk to."""

from __future__ import annotations

from ansible_collections.acti.camera.plugins.module_utils._client import CameraClient

PASSWORD = 'Pa&ss/w0rd+%é'


def client_for(port, password=PASSWORD, **kwargs):
    return CameraClient('127.0.0.1', port, 'Admin', password, **kwargs)
