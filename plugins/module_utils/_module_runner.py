# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""The modules' entry point: a task of module_utils/_tasks.py run as an AnsibleModule.

The module path serves tasks that run on another host than the controller (a jump host that reaches
the cameras); on the controller, the action plugins of the same names run the same task in the worker.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.acti.camera.plugins.module_utils._transport import REQUESTS_IMPORT_ERROR
from ansible_collections.acti.camera.plugins.module_utils._outcome import Failure
from ansible_collections.acti.camera.plugins.module_utils._tasks import TASKS, TaskContext


def run_module(name):
    """Run the task NAME of TASKS as this module process's work, and exit with its result."""
    task = TASKS[name]
    module = AnsibleModule(argument_spec=task.argument_spec(), required_if=task.required_if,
                           supports_check_mode=True)
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    # A module cannot print while it runs: what the operator needs at once (a camera that does not answer at first)
    # is said by the action plugin, which runs the module with boot_timeout 0 first (CameraTaskAction._run_module).
    context = TaskContext(module.params, check_mode=module.check_mode, diff=module._diff, warn=module.warn)
    try:
        result = task.run(context)
    except Failure as exc:
        # A module cannot report its camera unreachable: the host it runs on was reached.
        module.fail_json(**exc.result)
    module.exit_json(**result)
