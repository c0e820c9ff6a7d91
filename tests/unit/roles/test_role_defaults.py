# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A role's defaults are written in two places that Ansible reads apart: defaults/main.yml (the values a camera
gets) and meta/argument_specs.yml (what ansible-doc -t role shows, never applied). They must say the same, for each
role of the collection.

A connection variable defaults to the one every role shares ({{ acti_camera_port | default(none) }}): its documented
default is the fallback in that template, and the shared variable is documented beside it."""

from __future__ import annotations

import ast
import re

import pytest
import yaml
from acti_testlib import REPO

ROLES = ('ptz_image', 'firmware')
# A role's variable that defaults to the shared one, then to a literal: {{ acti_camera_X | default(LITERAL) }}.
SHARED = re.compile(r'^\{\{ (acti_camera_\w+) \| default\((.*)\) \}\}$')


def role_defaults(role):
    return yaml.safe_load((REPO / 'roles' / role / 'defaults' / 'main.yml').read_text())


def specs(role):
    return yaml.safe_load((REPO / 'roles' / role / 'meta' / 'argument_specs.yml').read_text())['argument_specs']


def documented_options(role):
    return {name: option for entry in specs(role).values() for name, option in entry['options'].items()}


def shared_fallback(value):
    """(shared variable, its literal fallback) of a default such as {{ acti_camera_port | default(none) }}, else
    None."""
    found = SHARED.match(str(value))
    if found is None or '{{' in found.group(2) or '(' in found.group(2):
        return None
    literal = found.group(2)
    return found.group(1), (None if literal == 'none' else {'true': True, 'false': False}.get(
        literal, ast.literal_eval(literal) if literal[:1] in '\'"0123456789' else literal))


@pytest.mark.parametrize('role', ROLES)
def test_every_default_of_the_role_is_the_one_its_documentation_gives(role):
    defaults, options = role_defaults(role), documented_options(role)
    assert sorted(set(defaults) - set(options)) == [], 'set in defaults/main.yml, not documented'
    disagreeing = {name: (value, options[name].get('default')) for name, value in defaults.items()
                   if value is not None and '{{' not in str(value) and options[name].get('default') != value}
    assert disagreeing == {}, 'defaults/main.yml value, documented default'
    # A value that falls back on a shared variable, then a literal, documents that literal, and the shared variable.
    shared = {name: shared_fallback(value) for name, value in defaults.items() if shared_fallback(value)}
    assert {name: options[name].get('default') for name in shared} == {
        name: fallback for name, (_variable, fallback) in shared.items()}
    assert sorted({variable for variable, _fallback in shared.values()} - set(options)) == []
    # Any other value computed from other variables is described in words, never given as a default.
    assert all('default' not in options[name] for name, value in defaults.items()
               if name not in shared and (value is None or '{{' in str(value)))


@pytest.mark.parametrize('role', ROLES)
def test_every_documented_default_of_the_roles_variables_is_set(role):
    defaults, options = role_defaults(role), documented_options(role)
    rollout = specs(role)['rollout']
    # The rollout's variables are defaulted by the playbook (its play keywords read the spec), not by the role.
    missing = sorted(name for name, option in options.items()
                     if 'default' in option and name not in defaults and name not in rollout['options'])
    assert missing == []


@pytest.mark.parametrize('role', ROLES)
def test_each_connection_variable_of_the_role_defaults_to_the_shared_one(role):
    defaults = role_defaults(role)
    names = ('host', 'port', 'username', 'use_ssl', 'validate_certs', 'ca_path', 'timeout', 'use_proxy')
    falling_back = {name for name in names if 'acti_camera_%s' % name in str(defaults['%s_%s' % (role, name)])}
    assert falling_back == set(names)
    # The password is in no defaults file (it would be templated for every task): the role's module_defaults fall
    # back on the shared one.
    role_vars = yaml.safe_load((REPO / 'roles' / role / 'vars' / 'main.yml').read_text())
    assert '%s_password' % role not in defaults
    assert role_vars['%s_module_defaults' % role]['password'] == (
        '{{ %s_password | default(acti_camera_password) }}' % role)
