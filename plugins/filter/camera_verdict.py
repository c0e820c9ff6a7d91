# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""acti.camera.camera_verdict: the verdict on a camera from the results its tasks registered (see the .yml docs)."""

from __future__ import annotations

from ansible_collections.acti.camera.plugins.module_utils._outcome import camera_verdict


class FilterModule:
    """The role's failure condition and the rollout report read the same verdict, decided here once."""

    def filters(self):
        return {'camera_verdict': camera_verdict}
