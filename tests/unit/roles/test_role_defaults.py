# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A role's defaults are written in two places that Ansible reads apart: defaults/main.yml (the values a camera
gets) and meta/argument_specs.yml (what ansible-doc -t role shows, never applied). They must say the same, for each
role of the collection.

A connection variable is null in defaults/main.yml: the action plugins then take the shared acti_camera_ one, else
the module's default, which its documentation names in words."""

from __future__ import annotations

import pytest
import yaml
from acti_testlib import REPO

ROLES = ('ptz_image', 'firmware')
# The connection variables that fall back on acti_camera_<name> in the action plugins (the host in the role).
CONNECTION = ('host', 'port', 'username', 'use_ssl', 'validate_certs', 'ca_path', 'timeout', 'use_proxy')


def role_defaults(role):
    return yaml.safe_load((REPO / 'roles' / role / 'defaults' / 'main.yml').read_text())


def specs(role):
    return yaml.safe_load((REPO / 'roles' / role / 'meta' / 'argument_specs.yml').read_text())['argument_specs']


def documented_options(role):
    return {name: option for entry in specs(role).values() for name, option in entry['options'].items()}


@pytest.mark.parametrize('role', ROLES)
def test_every_default_of_the_role_is_the_one_its_documentation_gives(role):
    defaults, options = role_defaults(role), documented_options(role)
    assert sorted(set(defaults) - set(options)) == [], 'set in defaults/main.yml, not documented'
    disagreeing = {name: (value, options[name].get('default')) for name, value in defaults.items()
                   if value is not None and '{{' not in str(value) and options[name].get('default') != value}
    assert disagreeing == {}, 'defaults/main.yml value, documented default'
    # A null or computed value is described in words, never given as a default.
    assert all('default' not in options[name] for name, value in defaults.items()
               if value is None or '{{' in str(value))


@pytest.mark.parametrize('role', ROLES)
def test_every_documented_default_of_the_roles_variables_is_set(role):
    defaults, options = role_defaults(role), documented_options(role)
    rollout = specs(role)['rollout']
    # The rollout's variables are defaulted by the playbook (its play keywords read the spec), not by the role.
    missing = sorted(name for name, option in options.items()
                     if 'default' in option and name not in defaults and name not in rollout['options'])
    assert missing == []


@pytest.mark.parametrize('role', ROLES)
def test_each_connection_variable_of_the_role_falls_back_on_the_shared_one_and_says_so(role):
    defaults, options = role_defaults(role), documented_options(role)
    # Null, not a template: a template would be rendered for every task of every camera (a no-op run's CPU).
    assert {name: defaults['%s_%s' % (role, name)] for name in CONNECTION[1:]} == dict.fromkeys(CONNECTION[1:])
    assert defaults['%s_host' % role].startswith('{{ acti_camera_host | default(ansible_host)')
    undocumented = [name for name in CONNECTION + ('password',)
                    if 'O(acti_camera_%s)' % name not in str(options['%s_%s' % (role, name)]['description'])
                    or 'acti_camera_%s' % name not in options]
    assert undocumented == []
    # The password is in no defaults file: the role's module_defaults pass it where set, else the shared one serves.
    role_vars = yaml.safe_load((REPO / 'roles' / role / 'vars' / 'main.yml').read_text())
    assert '%s_password' % role not in defaults
    assert role_vars['%s_module_defaults' % role]['password'] == '{{ %s_password | default(none) }}' % role
