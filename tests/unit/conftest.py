# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unit tests that `make test` runs on one leg only (marked one_leg; the Makefile says which leg and why).

They import no ansible: the simulator, and the client and its parsers against misbehaving or random replies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ONE_LEG = {HERE / 'simulator' / 'test_simulator.py',
           HERE / 'plugins' / 'module_utils' / 'test_hostile_camera.py',
           HERE / 'plugins' / 'module_utils' / 'test_reply_properties.py'}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.resolve() in ONE_LEG:
            item.add_marker(pytest.mark.one_leg)
