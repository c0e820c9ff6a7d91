# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark only: the wall seconds of each task, from its start in the main process to each host's result.

Enabled by `make bench` (ANSIBLE_CALLBACKS_ENABLED=task_seconds, ANSIBLE_CALLBACK_PLUGINS=this folder); writes
{task name: [seconds per host result]} as JSON to the file named by TASK_SECONDS_FILE at the end of the run.
"""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r'''
name: task_seconds
type: aggregate
short_description: Write each task's seconds per host to a JSON file (benchmark only)
description:
  - From each task's start to each host's result, as the controller sees it.
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_seconds'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._started = {}
        self._seconds = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._started[task.get_name()] = time.monotonic()

    def _record(self, result, *_args, **_kwargs):
        name = result._task.get_name()
        self._seconds.setdefault(name, []).append(time.monotonic() - self._started[name])

    v2_runner_on_ok = v2_runner_on_failed = v2_runner_on_unreachable = _record

    def v2_playbook_on_stats(self, stats):
        with open(os.environ['TASK_SECONDS_FILE'], 'w', encoding='utf-8') as stream:
            json.dump(self._seconds, stream)
