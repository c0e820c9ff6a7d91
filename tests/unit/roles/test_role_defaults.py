# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role's defaults are written in two places that Ansible reads apart: defaults/main.yml (the values a camera
gets) and meta/argument_specs.yml (what ansible-doc -t role shows, never applied). They must say the same."""

from __future__ import annotations

import yaml
from acti_testlib import REPO

ROLE = REPO / 'roles' / 'ptz_image'


def role_defaults():
    return yaml.safe_load((ROLE / 'defaults' / 'main.yml').read_text())


def documented_options():
    specs = yaml.safe_load((ROLE / 'meta' / 'argument_specs.yml').read_text())['argument_specs']
    return {name: option for entry in specs.values() for name, option in entry['options'].items()}


def test_every_default_of_the_role_is_the_one_its_documentation_gives():
    defaults, options = role_defaults(), documented_options()
    assert sorted(set(defaults) - set(options)) == [], 'set in defaults/main.yml, not documented'
    disagreeing = {name: (value, options[name].get('default')) for name, value in defaults.items()
                   if value is not None and '{{' not in str(value) and options[name].get('default') != value}
    assert disagreeing == {}, 'defaults/main.yml value, documented default'
    # A value computed from other variables is described in words, never given as a default.
    assert all('default' not in options[name] for name, value in defaults.items()
               if value is None or '{{' in str(value))


def test_every_documented_default_of_the_roles_variables_is_set():
    defaults, options = role_defaults(), documented_options()
    rollout = yaml.safe_load((ROLE / 'meta' / 'argument_specs.yml').read_text())['argument_specs']['rollout']
    # The rollout's variables are defaulted by the playbook (its play keywords read the spec), not by the role.
    missing = sorted(name for name, option in options.items()
                     if 'default' in option and name not in defaults and name not in rollout['options'])
    assert missing == []
