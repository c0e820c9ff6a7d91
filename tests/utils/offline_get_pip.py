# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the get-pip.py script that ansible-test downloads.

ansible-test bootstraps pip into each sanity-test virtual environment with a script it
fetches from ci-files.testing.ansible.com and caches as
``~/.ansible/test/cache/get_pip_<version>.py``. Where that host is unreachable (here, and
in air-gapped sites) ``make sanity`` puts this file in the cache under that name instead.
ansible-test runs it inside the new environment with pip's install arguments (for example
``pip==24.2 --no-setuptools --no-wheel``): it installs the pip that Python bundles
(ensurepip), then the pip version asked for from the configured package index or mirror.
"""

from __future__ import annotations

import subprocess
import sys

PIP_ARGUMENTS = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + PIP_ARGUMENTS)
