# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""The options every module shares: argument specs, checks, and the client they make.

Documented once in the acti.camera.connection doc fragment (and its version_pattern part).
"""

from __future__ import annotations

import ipaddress

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.acti.camera.plugins.module_utils._client import (
    REQUESTS_IMPORT_ERROR,
    CameraClient,
    Redactor,
)
from ansible_collections.acti.camera.plugins.module_utils._system_log import (
    VersionPatternError,
    compile_version_pattern,
)


def connection_argument_spec():
    """The argument spec of the connection options, to be merged into a module's own."""
    return dict(
        host=dict(type='str', required=True, fallback=(env_fallback, ['ACTI_HOST'])),
        port=dict(type='int', fallback=(env_fallback, ['ACTI_PORT'])),
        use_ssl=dict(type='bool', default=False),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        username=dict(type='str', default='Admin', fallback=(env_fallback, ['ACTI_USERNAME'])),
        password=dict(type='str', required=True, no_log=True, fallback=(env_fallback, ['ACTI_PASSWORD'])),
        timeout=dict(type='float', default=30.0),
    )


def version_pattern_argument_spec():
    """The argument spec of version_pattern, for modules that read the PTZ version from the log."""
    return dict(version_pattern=dict(type='str'))


def wait_argument_spec():
    """The argument spec of the reboot wait options (doc fragment acti.camera.connection.wait)."""
    return dict(
        wait_timeout=dict(type='float', default=600.0),
        poll_interval=dict(type='float', default=2.0),
    )


def checked_version_pattern(module):
    """The compiled version_pattern (or the default); a pattern that cannot serve fails the module."""
    try:
        return compile_version_pattern(module.params['version_pattern'])
    except VersionPatternError as exc:
        module.fail_json(msg=str(exc))


def fail_unless_positive(module, *names):
    """Fail the module on any of these options (seconds) that is not above zero."""
    for name in names:
        if module.params[name] <= 0:
            module.fail_json(msg='%s must be a positive number of seconds, got %s' % (name, module.params[name]))


def camera_module(argument_spec, **kwargs):
    """An AnsibleModule with the connection options added, failing early without requests."""
    spec = connection_argument_spec()
    spec.update(argument_spec)
    module = AnsibleModule(argument_spec=spec, **kwargs)
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    return module


def _checked_host(host):
    """The host as a bare name or address, or ValueError saying what to change."""
    host = host.strip()
    if not host:
        raise ValueError('host is empty')
    if '://' in host or any(char in host for char in '/?#@ \t'):
        raise ValueError('host must be a bare host name or address, without scheme, credentials or path '
                         '(got %r): set port and use_ssl for the rest' % host)
    if host.startswith('[') and host.endswith(']'):
        host = host[1:-1]
    if host.count(':') == 1:
        raise ValueError('host %r carries a port: put it in the port option instead' % host)
    if ':' in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError('host %r is neither a host name nor an IP address' % host) from None
    return host


def camera_client(module):
    """The CameraClient for a module's connection options; bad options fail the module first."""
    params = module.params
    try:
        host = _checked_host(params['host'])
    except ValueError as exc:
        module.fail_json(msg=Redactor(params['password'])(exc))
    port = params['port'] or (443 if params['use_ssl'] else 80)
    if not 0 < port < 65536:
        module.fail_json(msg='port must be between 1 and 65535, got %d' % port)
    fail_unless_positive(module, 'timeout')
    if params['ca_path'] and not params['use_ssl']:
        module.fail_json(msg='ca_path is only used with use_ssl=true')
    return CameraClient(
        host=host,
        port=port,
        username=params['username'],
        password=params['password'],
        use_ssl=params['use_ssl'],
        validate_certs=params['validate_certs'],
        ca_path=params['ca_path'],
        timeout=params['timeout'],
    )
