# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the unit and integration tests share: the collection on sys.path, the simulator, playbook runs.

Importing this module changes nothing on disk: link_collection() links this checkout where Ansible looks for
acti.camera (tests/conftest.py calls it before collection; the Makefile's targets make the same link).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, quote_plus

REPO = Path(__file__).resolve().parent.parent
COLLECTIONS = REPO / 'build' / 'collections'

# The collection imports itself as ansible_collections.acti.camera, found here once link_collection() has run.
LINK = COLLECTIONS / 'ansible_collections' / 'acti' / 'camera'
sys.path.insert(0, str(COLLECTIONS))
sys.path.insert(0, str(REPO / 'simulator'))

from simulator_process import SimulatorProcess, free_port_run  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import


def link_collection():
    """Link this checkout at build/collections/ansible_collections/acti/camera, unless something is there already."""
    if LINK.exists():
        return
    LINK.parent.mkdir(parents=True, exist_ok=True)
    staged = LINK.with_name('.camera-%d' % os.getpid())   # renamed over the link: xdist workers may race here
    staged.unlink(missing_ok=True)
    staged.symlink_to(REPO)
    os.replace(staged, LINK)
    # An import that looked in build/collections before it existed left the import system a note that it
    # does not: forget it.
    importlib.invalidate_caches()


PLAYBOOKS = REPO / 'tests' / 'integration' / 'playbooks'
ANSIBLE_PLAYBOOK = str(Path(sys.executable).parent / 'ansible-playbook')
DEFAULT_PASSWORD = '123456'


@dataclass
class PlaybookRun:
    results: list
    output: str
    returncode: int
    peak_rss_kib: int = 0   # the largest process of the run (ansible-playbook, a worker, a module), its peak
    wall: float = 0.0


def run_measured(command, environment, timeout=600):
    """(output, return code, peak RSS in KiB, wall seconds) of COMMAND, killed after TIMEOUT seconds.

    The peak RSS is the kernel's for the largest process of the run's tree (wait4 reports the child's own and
    its reaped descendants' maximum): ansible-playbook, each forked worker, each module process.
    """
    with tempfile.TemporaryFile() as output:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=environment)  # noqa: S603
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        output.seek(0)
        return output.read().decode('utf-8', 'replace'), process.returncode, usage.ru_maxrss, wall


def run_playbook(tmp_path, name, cases=None, *flags, env=None, **extra_vars):
    """Run playbooks/NAME.yml with these cases and extra vars (and ansible-playbook flags)."""
    outcome = tmp_path / ('outcome-%s.json' % name)
    if outcome.exists():
        outcome.unlink()
    extra_vars['outcome_file'] = str(outcome)
    if cases is not None:
        # Passwords travel beside the cases, not in them: Ansible prints loop items.
        extra_vars['cases'] = [{key: value for key, value in item.items() if key != 'password'} for item in cases]
        extra_vars['passwords'] = {item['name']: item['password'] for item in cases if 'password' in item}
    variables = tmp_path / 'extra-vars.json'
    variables.write_text(json.dumps(extra_vars))
    environment = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR='1',
                       ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_LOCALHOST_WARNING='0')
    environment.update(env or {})
    output, returncode, peak_rss_kib, wall = run_measured(
        [ANSIBLE_PLAYBOOK, '-i', 'localhost,', '-c', 'local', str(PLAYBOOKS / ('%s.yml' % name)),
         '-e', '@%s' % variables] + list(flags), environment)
    assert outcome.exists(), 'the playbook did not finish:\n%s' % output
    return PlaybookRun(json.loads(outcome.read_text()), output, returncode, peak_rss_kib, wall)


def case(name, port, **options):
    """One item of a playbook's `cases`: a camera of the simulator and module options."""
    options.setdefault('host', '127.0.0.1')
    options.setdefault('password', DEFAULT_PASSWORD)
    return dict(name=name, port=port, **options)


@dataclass
class RolloutRun:
    output: str
    returncode: int
    report: dict
    markdown: str


def playbook_command(tmp_path, playbook, inventory, extra_vars, flags):
    """(command, environment, report folder) of ansible-playbook PLAYBOOK over INVENTORY (a dict, written to
    tmp_path/inventory.json) with EXTRA_VARS (-e @tmp_path/rollout-vars.json) and FLAGS, as the rollout tests run it;
    the report folder, tmp_path/report, emptied of an earlier run's files."""
    report_dir = tmp_path / 'report'
    for stale in report_dir.glob('*'):
        stale.unlink()
    (tmp_path / 'inventory.json').write_text(json.dumps(inventory))
    variables = tmp_path / 'rollout-vars.json'
    variables.write_text(json.dumps(extra_vars))
    environment = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR='1',
                       ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_FORKS='20')
    command = [ANSIBLE_PLAYBOOK, '-i', str(tmp_path / 'inventory.json'), playbook, '-e', '@%s' % variables]
    return command + list(flags), environment, report_dir


def rollout_command(tmp_path, cameras, *flags, password=DEFAULT_PASSWORD, **extra_vars):
    """(command, environment, report folder) of acti.camera.ptz_rollout over CAMERAS ({inventory name: port}).

    The inventory is the one the README shows (address per camera, password once); the report
    goes to tmp_path/report. Extra vars become -e variables.
    """
    inventory = {'cameras': {'hosts': {
        name: {'ansible_host': '127.0.0.1', 'ptz_image_port': port} for name, port in cameras.items()}}}
    extra_vars.setdefault('ptz_rollout_report_dir', str(tmp_path / 'report'))
    if extra_vars['ptz_rollout_report_dir'] is None:   # the rollout's own default
        del extra_vars['ptz_rollout_report_dir']
    extra_vars['ptz_image_password'] = password
    return playbook_command(tmp_path, 'acti.camera.ptz_rollout', inventory, extra_vars, flags)


def run_rollout(tmp_path, cameras, *flags, password=DEFAULT_PASSWORD, **extra_vars):
    """Run acti.camera.ptz_rollout (see rollout_command) to its end; a RolloutRun."""
    command, environment, report_dir = rollout_command(tmp_path, cameras, *flags, password=password, **extra_vars)
    process = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=600, check=False)
    output = process.stdout + process.stderr
    # A run that changes nothing by design (--check, or only the tag check) writes a prediction, under names of its
    # own.
    tags = flags[flags.index('--tags') + 1].split(',') if '--tags' in flags else []
    predicting = '--check' in flags or ('check' in tags and 'upgrade' not in tags)
    stem = 'ptz_image_prediction' if predicting else 'ptz_image_report'
    json_report = report_dir / (stem + '.json')
    report = json.loads(json_report.read_text()) if json_report.exists() else None
    markdown_report = report_dir / (stem + '.md')
    markdown = markdown_report.read_text() if markdown_report.exists() else None
    return RolloutRun(output, process.returncode, report, markdown)


def self_signed_certificate(folder):
    """(certificate path, key path) in FOLDER: a self-signed certificate for 127.0.0.1, as a camera of ours has."""
    # pylint: disable=import-outside-toplevel  # cryptography comes with ansible-core; only the TLS tests need it
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'acti-camera-test')])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / 'camera.crt', folder / 'camera.key'
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def password_forms(secret):
    """The password as any output could write it: clear, URL-encoded, escaped by %r or JSON."""
    forms = set()
    for encoded in (secret, quote(secret, safe=''), quote(secret), quote_plus(secret)):
        forms.update({encoded, encoded.lower(), repr(encoded)[1:-1], json.dumps(encoded)[1:-1]})
    return forms


def password_leaks(output, *secrets):
    """The forms of SECRETS that OUTPUT holds: a test asserts there are none."""
    return sorted(form for secret in secrets for form in password_forms(secret) if form in output)
