# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest
from simulated_client import PASSWORD


@pytest.fixture
def fleet(in_process_fleet):
    """Two simulated cameras in this process, with the password of simulated_client."""
    return in_process_fleet(2, admin_password=PASSWORD, reboot_seconds=0.2)
