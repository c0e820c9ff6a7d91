# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""The options every task shares: argument specs, their checks, and the client they make.

Documented once in the acti.camera.connection doc fragment (and its version_pattern and wait parts).
Nothing here imports AnsibleModule: the action plugins use it inside Ansible's worker too.
"""

from __future__ import annotations

import ipaddress

from ansible.module_utils.common.parameters import env_fallback

from ansible_collections.acti.camera.plugins.module_utils._client import DEFAULT_LOG_CEILING, CameraClient
from ansible_collections.acti.camera.plugins.module_utils._redaction import Redactor
from ansible_collections.acti.camera.plugins.module_utils._system_log import (
    VersionPatternError,
    compile_version_pattern,
)


class InvalidOption(ValueError):
    """An option that cannot serve, said so that the user knows what to change. Raised before any request."""


def connection_argument_spec():
    """The argument spec of the connection options, to be merged into a task's own."""
    return dict(
        host=dict(type='str', required=True, fallback=(env_fallback, ['ACTI_HOST'])),
        port=dict(type='int', fallback=(env_fallback, ['ACTI_PORT'])),
        use_ssl=dict(type='bool', default=False),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        username=dict(type='str', default='Admin', fallback=(env_fallback, ['ACTI_USERNAME'])),
        password=dict(type='str', required=True, no_log=True, fallback=(env_fallback, ['ACTI_PASSWORD'])),
        timeout=dict(type='float', default=30.0),
        use_proxy=dict(type='bool', default=True),
    )


def system_log_argument_spec():
    """The argument spec of the tasks that read the system log: version_pattern and max_log_bytes (doc fragment
    acti.camera.connection.version_pattern)."""
    return dict(version_pattern=dict(type='str'), max_log_bytes=dict(type='int', default=DEFAULT_LOG_CEILING))


def wait_argument_spec(wait_timeout=600.0):
    """The argument spec of the reboot wait options (doc fragment acti.camera.connection.wait), WAIT_TIMEOUT the
    default of the longest wait: a firmware's reboot takes longer than a PTZ image's."""
    return dict(
        wait_timeout=dict(type='float', default=wait_timeout),
        poll_interval=dict(type='float', default=2.0),
    )


def checked_version_pattern(params):
    """The compiled version_pattern (or the default); InvalidOption for a pattern that cannot serve."""
    try:
        return compile_version_pattern(params['version_pattern'])
    except VersionPatternError as exc:
        raise InvalidOption(str(exc)) from None


def check_positive(params, *names):
    """InvalidOption for any of these options (seconds) that is not above zero."""
    for name in names:
        if params[name] <= 0:
            raise InvalidOption('%s must be a positive number of seconds, got %s' % (name, params[name]))


def _checked_host(host):
    """The host as a bare name or address, or InvalidOption saying what to change."""
    host = host.strip()
    if not host:
        raise InvalidOption('host is empty')
    if '://' in host or any(char in host for char in '/?#@ \t'):
        raise InvalidOption('host must be a bare host name or address, without scheme, credentials or path '
                            '(got %r): set port and use_ssl for the rest' % host)
    if host.startswith('[') and host.endswith(']'):
        host = host[1:-1]
    if host.count(':') == 1:
        raise InvalidOption('host %r carries a port: put it in the port option instead' % host)
    if ':' in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise InvalidOption('host %r is neither a host name nor an IP address' % host) from None
    return host


def _endpoint(params):
    """(host, port) of a task's connection options; InvalidOption (redacted) for either that cannot serve."""
    try:
        host = _checked_host(params['host'])
    except InvalidOption as exc:
        raise InvalidOption(Redactor(params['password'])(exc)) from None
    port = params['port'] or (443 if params['use_ssl'] else 80)
    if not 0 < port < 65536:
        raise InvalidOption('port must be between 1 and 65535, got %d' % port)
    return host, port


def camera_address(params):
    """host:port, as CameraClient.address names the camera of these options; InvalidOption as _endpoint."""
    return '%s:%d' % _endpoint(params)


def camera_client(params):
    """The CameraClient for a task's connection options; InvalidOption (redacted) for options that cannot serve."""
    host, port = _endpoint(params)
    check_positive(params, 'timeout')
    if params['ca_path'] and not params['use_ssl']:
        raise InvalidOption('ca_path is only used with use_ssl=true')
    max_log_bytes = params.get('max_log_bytes', DEFAULT_LOG_CEILING)   # the tasks that read no log have no option
    if max_log_bytes <= 0:
        raise InvalidOption('max_log_bytes must be a positive number of bytes, got %d' % max_log_bytes)
    return CameraClient(
        host=host,
        port=port,
        username=params['username'],
        password=params['password'],
        use_ssl=params['use_ssl'],
        validate_certs=params['validate_certs'],
        ca_path=params['ca_path'],
        timeout=params['timeout'],
        use_proxy=params['use_proxy'],
        max_log_bytes=max_log_bytes,
    )
