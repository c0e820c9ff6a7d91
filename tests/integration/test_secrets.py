# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The camera password appears nowhere in -vvvv output, whatever happens."""

from __future__ import annotations

from acti_testlib import case, free_port_run, password_leaks

# Unmistakable, and with characters that URL encoding changes.
PASSWORD = 'Zq7&Unmistakable/Pw+50%é'
WRONG = 'Wr0ng&Guess/Pw+51%ü'


def test_password_never_printed_at_vvvv(simulator, images, run_playbook):
    ok, failing, dropping, gone = (simulator.camera(admin_password=PASSWORD),
                                   simulator.camera(admin_password=PASSWORD, upload_error='internal error'),
                                   simulator.camera(admin_password=PASSWORD, drop_upload='discard'),
                                   simulator.camera(admin_password=PASSWORD, never_returns=True))
    nobody = free_port_run(1)
    src = images['2.0.0']
    cases = [
        case('upgrade', ok, password=PASSWORD, src=src, version='2.0.0'),
        case('no-op', ok, password=PASSWORD, src=src, version='2.0.0'),
        case('error-reply', failing, password=PASSWORD, src=src, version='2.0.0'),
        case('dropped', dropping, password=PASSWORD, src=src, version='2.0.0'),
        case('never-back', gone, password=PASSWORD, src=src, version='2.0.0', wait_timeout=2),
        case('wrong-password', ok, password=WRONG, src=src, version='3.0.0'),
        case('refused', nobody, password=PASSWORD, src=src, version='2.0.0', timeout=2, boot_timeout=1),
    ]
    run = run_playbook('ptz_image', cases, '-vvvv', '--diff')
    leaks = password_leaks(run.output, PASSWORD, WRONG)
    assert leaks == [], 'the password appears in the output'
    outcomes = {result['item']['name']: result for result in run.results}
    assert not outcomes['upgrade']['failed'] and outcomes['error-reply']['failed']
    assert outcomes['refused']['unreachable'] and outcomes['dropped']['failed'] and outcomes['never-back']['failed']
    assert outcomes['refused']['msg'].endswith('[Errno 111] Connection refused')

    info = run_playbook('camera_info', [case('info', ok, password=PASSWORD),
                                        case('info-wrong', ok, password=WRONG)], '-vvvv')
    leaks = password_leaks(info.output, PASSWORD, WRONG)
    assert leaks == [], 'the password appears in the output'
