# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""use_ssl, validate_certs and ca_path against a camera with a self-signed certificate made here."""

from __future__ import annotations

import sys
from urllib.parse import quote, quote_plus

import pytest
from acti_testlib import SimulatorProcess, case, self_signed_certificate

from ansible_collections.acti.camera.plugins.module_utils._tasks import UNVERIFIED_TLS_WARNING


# requests quotes the URL, password included, in certificate errors: the client must remove it.
SECRET = 'Tls-S3cret/&%+'


@pytest.fixture(scope='module')
def tls_camera(tmp_path_factory):
    """(simulator, certificate path) for cameras that speak HTTPS only."""
    cert_path, key_path = self_signed_certificate(tmp_path_factory.mktemp('tls'))
    simulator = SimulatorProcess(count=5, extra_args=['--tls-cert', str(cert_path), '--tls-key', str(key_path),
                                                      '--set', 'admin_password="%s"' % SECRET])
    yield simulator, str(cert_path)
    simulator.stop()


def test_self_signed_certificate_refused_by_default_trusted_with_ca_path_or_unchecked(
        tls_camera, images, run_playbook):
    simulator, certificate = tls_camera
    refused, trusted, unchecked = simulator.camera(), simulator.camera(), simulator.camera()
    src = images['2.0.0']
    run = run_playbook('ptz_image', [
        case('default', refused, use_ssl=True, src=src, version='2.0.0', password=SECRET),
        case('ca_path', trusted, use_ssl=True, ca_path=certificate, src=src, version='2.0.0', password=SECRET),
        case('unchecked', unchecked, use_ssl=True, validate_certs=False, src=src, version='2.0.0', password=SECRET),
    ], '-vvvv')
    default, with_ca, without_check = run.results
    assert default['failed'] is True and 'CERTIFICATE_VERIFY_FAILED' in default['msg']
    assert 'PWD=********' in default['msg']   # requests quoted the URL; the client removed the password
    assert [form for form in (SECRET, quote(SECRET, safe=''), quote(SECRET), quote_plus(SECRET))
            if form in run.output] == []
    assert simulator.state(refused)['counts'] == {}
    for result, port in ((with_ca, trusted), (without_check, unchecked)):
        assert not result['failed'], result['msg']
        assert result['version_after'] == '2.0.0'
        assert simulator.state(port)['version'] == '2.0.0'


MODULE_PATH = ('-e', 'acti_camera_execution=module', '-e', 'ansible_python_interpreter=%s' % sys.executable)


@pytest.mark.parametrize('flags', [(), MODULE_PATH], ids=['worker', 'module'])
def test_validate_certs_false_warns_once_in_ansibles_words_and_urllib3_says_nothing(
        tls_camera, images, run_playbook, flags):
    simulator, _certificate = tls_camera
    port = simulator.camera()
    run = run_playbook('ptz_image', [case('unchecked', port, use_ssl=True, validate_certs=False, src=images['2.0.0'],
                                          version='2.0.0', password=SECRET)], *flags)
    (result,) = run.results
    assert result['outcome'] == 'upgraded', result['msg']
    # Several requests (log, info, PTZ, form, upload, the reboot's polls, the PTZ after): one warning for the task.
    assert run.output.count('[WARNING]: %s' % UNVERIFIED_TLS_WARNING[:60]) == 1, run.output
    assert 'InsecureRequestWarning' not in run.output and 'Unverified HTTPS request' not in run.output
