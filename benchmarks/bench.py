# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make bench`: what the controller costs per camera, in the worker and on the module path, beside Ansible's floors.

Everything runs against the simulator, in one run, so that every comparison is a ratio of figures
measured side by side on the same machine. Each figure is the median of --runs runs. Prints the
tables and writes them, with the machine they ran on, to benchmarks/RESULTS.md.

Run with the Python of the virtual environment that has ansible-core (the Makefile does).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLLECTIONS = REPO / 'build' / 'collections'
sys.path.insert(0, str(REPO / 'simulator'))
sys.path.insert(0, str(COLLECTIONS))

# pylint: disable=wrong-import-position
from acti_camera_sim import SETTINGS, write_firmware_image, write_image  # noqa: E402
from simulator_process import SimulatorProcess  # noqa: E402

from ansible_collections.acti.camera.plugins.module_utils._client import CameraClient  # noqa: E402
from ansible_collections.acti.camera.plugins.module_utils._system_log import read_ptz_version  # noqa: E402
from ansible_collections.acti.camera.plugins.module_utils._wait import wait_for_reboot  # noqa: E402

BIN = Path(sys.executable).parent
OLD, TARGET = '1.0.0', '2.0.0'
PASSWORD = '123456'   # the simulated cameras' factory default
MB = 1024 * 1024
CALLBACKS = REPO / 'benchmarks' / 'callback_plugins'
ENVIRONMENT = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR='1',
                   ANSIBLE_RETRY_FILES_ENABLED='0', ANSIBLE_CALLBACK_PLUGINS=str(CALLBACKS))
# The module path, as a task delegated to a jump host takes it, forced on the controller: it starts a module
# process per camera and task, so it needs the interpreter that has requests.
MODULE_PATH = ['-e', 'acti_camera_execution=module', '-e', 'ansible_python_interpreter=%s' % sys.executable]
# How each way of upgrading (or of doing nothing) is run: the collection's rollout in the worker (its default on
# the controller) or on the module path, a plain ansible.builtin.uri playbook, and Ansible's two floors.
PTZ_ROLLOUT, FIRMWARE_ROLLOUT = 'rollout, in the worker', 'firmware rollout, in the worker'
APPROACHES = {
    PTZ_ROLLOUT: ['acti.camera.ptz_rollout'],
    FIRMWARE_ROLLOUT: ['acti.camera.firmware_rollout'],
    'rollout, module path': ['acti.camera.ptz_rollout'] + MODULE_PATH,
    'role in a playbook of its own': [str(REPO / 'benchmarks' / 'playbooks' / 'own_role.yml')],
    'plain uri playbook': [str(REPO / 'benchmarks' / 'playbooks' / 'plain_uri.yml')],
    'floor: ping (a module)': [str(REPO / 'benchmarks' / 'playbooks' / 'ansible_floor.yml')],
    'floor: debug (an action)': [str(REPO / 'benchmarks' / 'playbooks' / 'action_floor.yml')],
}
FLOORS = ('floor: ping (a module)', 'floor: debug (an action)')
# The tasks of benchmarks/playbooks/upload.yml and firmware_upload.yml, as the task_seconds callback names them.
UPLOAD_TASK = 'Upload, without waiting for the reboot'
FIRMWARE_UPLOAD_TASK = 'Upload the firmware, without waiting for the reboot'
# The firmware the benchmark's images install, and the one the simulated cameras run (A1D-500-V6.13.17-AC).
FIRMWARE, RUNNING_FIRMWARE = 'A1D-500-V6.17.02-AC', SETTINGS['firmware']
# What the collection is compared with, and slow: run --baseline-runs times, not --runs.
BASELINES = ('rollout, module path', 'plain uri playbook')


def raise_file_limit():
    """1,000 simulated cameras and their connections need more descriptors than the usual soft limit of 1,024.

    Raised for this process and its children (the simulator, ansible-playbook) up to the hard limit.
    """
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def median(values):
    return statistics.median(values) if values else float('nan')


def timed(command, **kwargs):
    """(wall seconds, CPU seconds of the command and all its children, completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    process = subprocess.run(command, capture_output=True, text=True, env=ENVIRONMENT, check=False, **kwargs)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, process


def back_from_reboot(simulator, port, reboots):
    """Wait until the camera has rebooted REBOOTS times in all and answers: it reboots after it replies."""
    deadline = time.monotonic() + 60
    while simulator.state(port)['reboots'] < reboots:
        if time.monotonic() > deadline:
            raise RuntimeError('camera %d did not reboot' % port)
        time.sleep(0.02)
    simulator.wait_up(port)


def upgrade_of(approach):
    """What an upgrade by APPROACH changes on every camera: (the simulator's state key, before, after)."""
    return ('firmware', RUNNING_FIRMWARE, FIRMWARE) if approach == FIRMWARE_ROLLOUT else ('version', OLD, TARGET)


class Fleet:
    """N simulated cameras, an inventory for them, and the ways to upgrade them."""

    def __init__(self, count, reboot_seconds, image, workdir, firmware=None):
        """IMAGE: the PTZ image; FIRMWARE: (a firmware image, its MD5 file) for the firmware rollout's own inventory
        (without the PTZ image's variables, with which it would install the PTZ image too). A firmware upload reboots
        the cameras for REBOOT_SECONDS too, as the PTZ image's does."""
        self.count = count
        self.simulator = SimulatorProcess(count=count, reboot_seconds=reboot_seconds, extra_args=[
            '--set', 'firmware_reboot_seconds=%s' % json.dumps(reboot_seconds)])
        self.inventory = workdir / ('inventory-%d.json' % count)
        hosts = {'cam%04d' % number: {'ansible_host': '127.0.0.1', 'ptz_image_port': port, 'camera_port': port}
                 for number, port in enumerate(self.simulator.ports)}
        self.inventory.write_text(json.dumps({'cameras': {'hosts': hosts, 'vars': {
            'ptz_image_password': PASSWORD, 'camera_password': PASSWORD, 'ptz_image_src': str(image),
            'ptz_image_file': str(image), 'ptz_image_version': TARGET}}}))
        self.firmware_inventory = workdir / ('firmware-inventory-%d.json' % count)
        if firmware:
            self.firmware_inventory.write_text(json.dumps({'cameras': {'hosts': {
                name: {'ansible_host': '127.0.0.1', 'firmware_port': host['camera_port']}
                for name, host in hosts.items()}, 'vars': {
                    'firmware_password': PASSWORD, 'firmware_src': str(firmware[0]),
                    'firmware_md5_src': str(firmware[1]), 'firmware_version': FIRMWARE}}}))
        self.report_dir = workdir / 'reports'

    def reset(self, **settings):
        """Every camera up, with SETTINGS (version=, firmware=), its counts cleared (three control calls, whatever
        the fleet's size)."""
        deadline = time.monotonic() + 120
        while not all(camera['up'] for camera in self.simulator.fleet_state()):
            if time.monotonic() > deadline:
                raise RuntimeError('the fleet of %d did not come back' % self.count)
            time.sleep(0.5)
        time.sleep(0.1)   # a camera back listens again within the simulator's accept round (20 ms)
        self.simulator.configure_all(**settings)
        self.simulator.reset_all_counts()

    def states(self, key):
        """Every camera's KEY of its state: 'version' (the PTZ image's) or 'firmware'."""
        return [camera[key] for camera in self.simulator.fleet_state()]

    def requests(self):
        return sum(camera['counts'].get('total', 0) for camera in self.simulator.fleet_state())

    def run(self, approach, forks):
        """One ansible-playbook run of APPROACH over the fleet as it is: (wall, CPU seconds, completed process)."""
        firmware = approach == FIRMWARE_ROLLOUT
        prefix = 'firmware_rollout' if firmware else 'ptz_rollout'
        command = [str(BIN / 'ansible-playbook'), '-i', str(self.firmware_inventory if firmware else self.inventory),
                   '--forks', str(forks)]
        command += APPROACHES[approach] + ['-e', json.dumps({prefix + '_serial': ['100%'],
                                                             prefix + '_report_dir': str(self.report_dir)})]
        wall, cpu, process = timed(command)
        if process.returncode != 0:
            raise RuntimeError('%s failed over %d cameras:\n%s' % (approach, self.count, process.stdout[-3000:]))
        return wall, cpu, process

    def upgrade(self, approach, forks):
        """One run from the old version (or firmware): (wall, CPU seconds); raises if a camera did not end at the
        new one."""
        key, before, after = upgrade_of(approach)
        self.reset(**{key: before})
        wall, cpu, _process = self.run(approach, forks)
        if set(self.states(key)) != {after}:
            raise RuntimeError('%s did not upgrade the fleet of %d' % (approach, self.count))
        return wall, cpu

    def no_op(self, approach, forks):
        """One run with every camera already at TARGET: (wall, CPU seconds, requests per camera)."""
        self.reset(version=TARGET)
        wall, cpu, process = self.run(approach, forks)
        if 'changed=1' in process.stdout:
            raise RuntimeError('the no-op run changed something:\n%s' % process.stdout[-3000:])
        return wall, cpu, self.requests() / self.count

    def stop(self):
        self.simulator.stop()


def row(count, approach, runs, reboot=None):
    """A table row from runs of (wall, CPU[, requests]): medians, CPU per camera, and the spread of the wall."""
    walls = [run[0] for run in runs]
    line = dict(cameras=count, approach=approach, wall=median(walls), wall_min=min(walls), wall_max=max(walls),
                cpu_per_camera=median([run[1] for run in runs]) / count, runs=len(runs))
    if reboot:
        line['reboot_ratio'] = line['wall'] / reboot
    if len(runs[0]) > 2:
        line['requests_per_camera'] = max(run[2] for run in runs)
    return line


def rollout_section(args, image, workdir, results):
    """The rollout in one batch, forks 50, at each size: the PTZ image's and the firmware's in the worker, the PTZ
    image's on the module path, and the floors; and the firmware rollout's wall and CPU over the PTZ rollout's."""
    results['rollout'] = rows = []
    results['firmware_vs_ptz'] = ratios = []
    firmware = workdir / 'fleet-firmware.bin', workdir / 'fleet-firmware.bin.md5'
    write_firmware_image(str(firmware[0]), FIRMWARE, payload_size=args.image_mb * MB, no_lf=True,
                         md5_path=str(firmware[1]))
    for count in args.sizes:
        fleet = Fleet(count, args.reboot, image, workdir, firmware)
        try:
            measured = _measure_rollouts(args, fleet)
            rows += [row(count, approach, runs, args.reboot) for approach, runs in measured.items()]
            ratios.append(paired_ratios(count, measured[FIRMWARE_ROLLOUT], measured[PTZ_ROLLOUT]))
        finally:
            fleet.stop()


def _measure_rollouts(args, fleet):
    """{approach: [(wall, CPU seconds) per run]} over FLEET, interleaved so that drift hits every approach alike.

    The PTZ and the firmware rollouts in the worker run one right after the other, first one then the other in
    turn, so that each run's pair compares."""
    approaches = [PTZ_ROLLOUT, FIRMWARE_ROLLOUT, 'rollout, module path'] + (
        ['plain uri playbook'] if fleet.count == args.plain_at else [])
    measured = {approach: [] for approach in approaches + list(FLOORS)}
    for run in range(args.runs):
        ordered = approaches if run % 2 == 0 else [FIRMWARE_ROLLOUT, PTZ_ROLLOUT] + approaches[2:]
        for approach in ordered:
            if approach in BASELINES and run >= args.baseline_runs:
                continue
            measured[approach].append(fleet.upgrade(approach, args.forks))
            print('  %d cameras, %s: %.1f s' % (fleet.count, approach, measured[approach][-1][0]), flush=True)
        for floor in FLOORS:
            measured[floor].append(fleet.run(floor, args.forks)[:2])
    return measured


def paired_ratios(count, firmware_runs, ptz_runs):
    """The firmware rollout's wall and CPU over the PTZ rollout's, run by run: the median and the spread (min, max)
    of the per-run ratios (CPU per camera over CPU per camera is CPU over CPU: the same fleet)."""
    line = dict(cameras=count)
    for key, index in (('wall', 0), ('cpu', 1)):
        ratios = [firmware[index] / ptz[index] for firmware, ptz in zip(firmware_runs, ptz_runs, strict=True)]
        line.update({key + '_ratio': median(ratios), key + '_ratio_spread': [min(ratios), max(ratios)]})
    return line


def no_op_section(args, image, workdir, results):
    """Every camera already at the version (the daily compliance run): wall, CPU and requests per camera."""
    results['no_op'] = rows = []
    for count, approaches in ((args.no_op_cameras, ['rollout, in the worker', 'role in a playbook of its own',
                                                    'floor: debug (an action)']),
                              (args.no_op_module_cameras, ['rollout, module path'] + list(FLOORS))):
        fleet = Fleet(count, args.reboot, image, workdir)
        try:
            measured = {approach: [] for approach in approaches}
            for run in range(args.runs):
                for approach in approaches:
                    if approach in BASELINES and run >= args.baseline_runs:
                        continue
                    if approach in FLOORS:
                        measured[approach].append(fleet.run(approach, args.forks)[:2])
                    else:
                        measured[approach].append(fleet.no_op(approach, args.forks))
                    print('  no-op, %d cameras, %s: %.1f s' % (count, approach, measured[approach][-1][0]),
                          flush=True)
            rows += [row(count, approach, runs) for approach, runs in measured.items()]
        finally:
            fleet.stop()


def upload_section(args, workdir, results):
    """One camera: the upload task, in the worker and on the module path, against curl -F, per image size.

    A task's time is from its start to its result in Ansible's main process (the task_seconds callback):
    for the module path that includes the module process's start-up, for the worker path the fork.
    """
    simulator = SimulatorProcess(count=1, reboot_seconds=0.1)
    port = simulator.ports[0]
    base = 'http://127.0.0.1:%d/cgi-bin/' % port
    form_url = base + 'update?USER=Admin&PWD=%s&PTZ_IMAGE' % PASSWORD
    results['upload'] = rows = []
    uploads = 0
    seconds_file = workdir / 'task-seconds.json'
    environment = dict(ENVIRONMENT, ANSIBLE_CALLBACKS_ENABLED='task_seconds', TASK_SECONDS_FILE=str(seconds_file))
    try:
        for size in args.image_sizes:
            image = workdir / ('upload-%dMB.bin' % size)
            write_image(str(image), TARGET, payload_size=size * MB)
            inventory = workdir / 'upload-inventory.json'
            inventory.write_text(json.dumps({'cameras': {'hosts': {'camera': {
                'ansible_host': '127.0.0.1', 'camera_port': port, 'camera_password': PASSWORD,
                'ptz_image_file': str(image), 'ptz_image_version': TARGET}}}}))
            playbook = [str(BIN / 'ansible-playbook'), '-i', str(inventory),
                        str(REPO / 'benchmarks' / 'playbooks' / 'upload.yml')]
            curl = ('curl -sS -o /dev/null "%s" && curl -sS --fail -H "Expect:" -H "Referer: %s" '
                    '-F "URL_PTZ_IMAGE=@%s;filename=ACTIPT.BIN;type=application/octet-stream" '
                    '-F URL_FIRMWARE_SUBMIT=Apply "%supdate?PTZ_IMAGE_SAVE"' % (form_url, form_url, image, base))
            measured = {'worker': [], 'module': [], 'curl': [], 'peak': [], 'firmware': [], 'firmware_curl': []}
            firmware_run = _firmware_upload(workdir, size, port, base, form_url, environment)
            for _run in range(args.runs):   # every upload reboots the camera once
                for path, extra in (('worker', []), ('module', MODULE_PATH)):
                    back_from_reboot(simulator, port, uploads)
                    _wall, peak = peak_rss_mb(playbook + extra, environment)
                    uploads += 1
                    (task_seconds,) = json.loads(seconds_file.read_text())[UPLOAD_TASK]
                    measured[path].append(task_seconds)
                    measured['peak'].append(peak)
                back_from_reboot(simulator, port, uploads)
                wall, _cpu, process = timed(['bash', '-c', curl])
                uploads += 1
                if process.stdout.strip() != 'OK':
                    raise RuntimeError('curl got %r' % process.stdout[:200])
                measured['curl'].append(wall)
                for key, run in zip(('firmware', 'firmware_curl'), firmware_run, strict=True):
                    back_from_reboot(simulator, port, uploads)
                    measured[key].append(run())
                    uploads += 1
            state = simulator.state(port)
            verdicts = [upload['verdict'] for upload in state['uploads'] + state['firmware_uploads']]
            if set(verdicts) != {'OK'}:
                raise RuntimeError('uploads of %d MB were not all accepted: %s' % (size, verdicts))
            back_from_reboot(simulator, port, uploads)
            simulator.reset_counts(port)
            image.unlink()
            worker, module, curl_wall = (median(measured[key]) for key in ('worker', 'module', 'curl'))
            firmware, firmware_curl = median(measured['firmware']), median(measured['firmware_curl'])
            rows.append(dict(size_mb=size, worker=worker, module=module, curl=curl_wall,
                             firmware=firmware, firmware_curl=firmware_curl, firmware_ratio=firmware / firmware_curl,
                             worker_ratio=worker / curl_wall, module_ratio=module / curl_wall,
                             worker_spread=[min(measured['worker']), max(measured['worker'])],
                             curl_spread=[min(measured['curl']), max(measured['curl'])],
                             peak_mb=max(measured['peak'])))
            print('  upload %d MB: in the worker %.2f s, module path %.2f s, curl %.2f s; firmware %.2f s, curl %.2f s'
                  % (size, worker, module, curl_wall, firmware, firmware_curl), flush=True)
    finally:
        simulator.stop()


def _firmware_upload(workdir, size, port, base, form_url, environment):
    """(the firmware task in the worker, curl -F with the image and its MD5 file): each a function that uploads a
    firmware of SIZE MB once and returns its seconds, the task's as the task_seconds callback times it."""
    image, md5 = workdir / ('firmware-%dMB.bin' % size), workdir / ('firmware-%dMB.md5' % size)
    write_firmware_image(str(image), FIRMWARE, payload_size=size * MB, md5_path=str(md5))
    inventory = workdir / 'firmware-inventory.json'
    inventory.write_text(json.dumps({'cameras': {'hosts': {'camera': {
        'ansible_host': '127.0.0.1', 'camera_port': port, 'camera_password': PASSWORD, 'firmware_file': str(image),
        'firmware_md5_file': str(md5), 'firmware_version': FIRMWARE}}}}))
    playbook = [str(BIN / 'ansible-playbook'), '-i', str(inventory),
                str(REPO / 'benchmarks' / 'playbooks' / 'firmware_upload.yml')]
    firmware_form = form_url.replace('&PTZ_IMAGE', '&FIRMWARE')
    curl = ('curl -sS -o /dev/null "%s" && curl -sS --fail -H "Expect:" -H "Referer: %s" '
            '-F "URL_FIRMWARE_IMAGE=@%s;type=application/octet-stream" -F "URL_FIRMWARE_MD5=@%s;type=application/'
            'octet-stream" -F URL_FIRMWARE_SUBMIT=Apply "%supdate?FIRMWARE_SAVE"'
            % (firmware_form, firmware_form, image, md5, base))
    seconds_file = Path(environment['TASK_SECONDS_FILE'])

    def in_the_worker():
        peak_rss_mb(playbook, environment)
        return json.loads(seconds_file.read_text())[FIRMWARE_UPLOAD_TASK][0]

    def with_curl():
        wall, _cpu, process = timed(['bash', '-c', curl])
        if process.stdout.strip() != 'OK':
            raise RuntimeError('curl got %r for the firmware' % process.stdout[:200])
        return wall

    return in_the_worker, with_curl


def peak_rss_mb(command, environment):
    """(wall seconds, peak resident MB of the largest process of the run), from the kernel's accounting."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment)
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError('%s failed:\n%s' % (command[:3], output[-2000:]))
    return wall, usage.ru_maxrss / 1024.0


def detection_section(args, results):
    """Delay between a camera answering again and the shared wait code noticing, per poll_interval.

    The wait starts at a random moment of the reboot, as a real wait does, and has the camera's
    PTZ log lines from before it, so that a reboot over before the first look is still noticed.
    Each poll_interval has its own simulated camera and thread, all at once: a wait sends a few
    requests a second and otherwise sleeps, so the settings do not slow each other down.
    """
    simulator = SimulatorProcess(count=len(args.poll_intervals), reboot_seconds=args.detect_reboot)

    def delays(interval, port, chance):
        measured = []
        for _run in range(args.runs):
            simulator.wait_up(port, timeout=60)
            client = CameraClient('127.0.0.1', port, 'Admin', PASSWORD)
            before = read_ptz_version(client.system_log()).entries
            simulator.reboot(port)
            time.sleep(chance.uniform(0, interval))
            wait_for_reboot(client, timeout=60, poll_interval=interval, entries_before=before)
            noticed = time.time()
            measured.append(noticed - simulator.state(port)['reboot_windows'][-1][1])
        return measured

    try:
        with ThreadPoolExecutor(len(args.poll_intervals)) as pool:
            waits = [pool.submit(delays, interval, port, random.Random(seed)) for seed, (interval, port)
                     in enumerate(zip(args.poll_intervals, simulator.ports, strict=True))]
            results['detection'] = [dict(poll_interval=interval, median=median(wait.result()),
                                         worst=max(wait.result()))
                                    for interval, wait in zip(args.poll_intervals, waits, strict=True)]
        for row in results['detection']:
            print('  detection at poll_interval %.1f: median %.2f s' % (row['poll_interval'], row['median']),
                  flush=True)
    finally:
        simulator.stop()


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path('/proc/cpuinfo').read_text().splitlines():
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    core = subprocess.run([str(BIN / 'ansible'), '--version'], capture_output=True, text=True, check=False,
                          env=ENVIRONMENT).stdout.splitlines()[0]
    return '%s, %d cores, %s, Python %s, %s' % (
        cpu, os.cpu_count(), platform.platform(terse=True), platform.python_version(), core)


def _find(rows, cameras, approach):
    return next((line for line in rows if line['cameras'] == cameras and line['approach'] == approach), None)


def targets(args, results):
    """[(figure, target, measured text, met)] for the targets of the controller-side execution."""
    return (_rollout_targets(args, results) + _firmware_targets(results) + _no_op_targets(args, results)
            + _upload_targets(results))


def _rollout_targets(args, results):
    checks = []
    for count, ratio in ((200, 1.5), (50, 1.25)):
        line = _find(results['rollout'], count, PTZ_ROLLOUT)
        if line:
            checks.append(('%d cameras, R = %.0f s: rollout wall / R' % (count, args.reboot), '<= %.2f' % ratio,
                           '%.2f' % line['reboot_ratio'], line['reboot_ratio'] <= ratio))
    line = _find(results['rollout'], 200, PTZ_ROLLOUT)
    if line:
        checks.append(('200 cameras: controller CPU s per upgraded camera', '<= 0.15', '%.3f' % line['cpu_per_camera'],
                       line['cpu_per_camera'] <= 0.15))
    return checks


def _firmware_targets(results):
    """The firmware rollout beside the PTZ rollout over the largest fleet (200 in make bench): the median of the
    per-run ratios, and their spread."""
    line = max(results['firmware_vs_ptz'], key=lambda line: line['cameras'], default=None)
    if not line:
        return []
    return [('%d cameras: %s / %s' % (line['cameras'], figure, of_ptz), '<= 1.10',
             '%.2f (runs: %.2f-%.2f)' % (line[key], *line[key + '_spread']), line[key] <= 1.10)
            for key, figure, of_ptz in (
                ('wall_ratio', 'firmware rollout wall', 'PTZ rollout wall'),
                ('cpu_ratio', 'firmware rollout controller CPU per camera', "PTZ rollout's"))]


def _no_op_targets(args, results):
    checks = []
    line = _find(results['no_op'], args.no_op_cameras, PTZ_ROLLOUT)
    if line:
        checks.append(('%d cameras at the version: no-op wall, requests per camera' % line['cameras'],
                       '<= 60 s, exactly 1', '%.1f s, %.2f' % (line['wall'], line['requests_per_camera']),
                       line['wall'] <= 60 and line['requests_per_camera'] == 1))
        checks.append(('no-op controller CPU s per camera', '<= 0.08', '%.3f' % line['cpu_per_camera'],
                       line['cpu_per_camera'] <= 0.08))
        own = _find(results['no_op'], args.no_op_cameras, 'role in a playbook of its own')
        if own:
            ratio = own['cpu_per_camera'] / line['cpu_per_camera']
            checks.append(('no-op CPU: the role in a playbook of its own / the rollout', '<= 1.10', '%.2f' % ratio,
                           ratio <= 1.10))
    return checks


def _upload_targets(results):
    largest = max(results['upload'], key=lambda line: line['size_mb'])
    return [('%d MB upload in the worker / curl' % largest['size_mb'], '<= 1.15',
             '%.2f' % largest['worker_ratio'], largest['worker_ratio'] <= 1.15),
            ('%d MB firmware upload (with its MD5 file) in the worker / curl' % largest['size_mb'], '<= 1.15',
             '%.2f' % largest['firmware_ratio'], largest['firmware_ratio'] <= 1.15)]


def render(args, results):
    """RESULTS.md: the targets, then a section per part of the benchmark."""
    lines = [
        '# Benchmark results', '',
        'Written by `make bench` (`benchmarks/bench.py`) on %s.' % datetime.date.today().isoformat(),
        'Machine: %s.' % machine(),
        'Every figure is the median of %d runs (the module path and the plain `uri` playbook over fleets: %d, '
        'column Runs), with the spread (min to max) of the wall times; every ratio compares figures measured in '
        'this same run. The whole benchmark took %.1f minutes (%s).'
        % (args.runs, args.baseline_runs, results['seconds'] / 60,
           ', '.join('%s %.0f s' % item for item in results['section_seconds'].items())),
        '', '## Targets', '',
        '| Figure | Target | Measured | |', '|---|---|---|---|',
    ]
    lines += ['| %s | %s | %s | %s |' % (figure, target, measured, 'met' if met else '**missed**')
              for figure, target, measured, met in targets(args, results)]
    for section in (_render_rollout, _render_firmware_vs_ptz, _render_no_op, _render_upload, _render_detection):
        lines += section(args, results)
    return '\n'.join(lines) + '\n'


def _render_rollout(args, results):
    lines = [
        '', '## Rollout', '',
        '`acti.camera.ptz_rollout` in one batch (`ptz_rollout_serial: [100%%]`) with `--forks %d`, over simulated '
        'cameras that reboot in R = %.0f s, from the old version to the new one, an image of %d MB without LF bytes '
        '(so that the plain `uri` playbook can succeed at all). "In the worker" is the collection\'s default on the '
        'controller (its action plugins); "module path" is the same rollout with `acti_camera_execution=module`, '
        'one module process per camera and task, as a task delegated to a jump host runs. Beside them, Ansible\'s '
        'floors over the same cameras: `ansible.builtin.ping` once per camera (the least a module task costs) and '
        '`ansible.builtin.debug` once per camera (the least a task in the worker costs). Controller CPU is that of '
        '`ansible-playbook` and every process it started, not the simulator\'s.'
        % (args.forks, args.reboot, args.image_mb), '',
        '"Firmware rollout, in the worker" is `acti.camera.firmware_rollout` over the same cameras, in one batch '
        '(`firmware_rollout_serial: [100%%]`) with the same forks and the same number of runs, from %s to %s, a '
        'firmware image of %d MB with its MD5 file (the simulated cameras are of platform A, which checks it). The '
        'simulated firmware reboot takes the same R = %.0f s as the PTZ image\'s (the simulator\'s '
        '`firmware_reboot_seconds`; a real camera\'s takes longer), so that the two rollouts\' walls compare; each '
        'role keeps its own defaults otherwise. The two run one right after the other in each run, in turns first '
        'one then the other, so that the machine\'s drift hits both alike. The other rows named "rollout" are the '
        'PTZ image\'s.' % (RUNNING_FIRMWARE, FIRMWARE, args.image_mb, args.reboot), '',
        '| Cameras | Approach | Runs | Wall (s) | Wall min-max (s) | / R | Controller CPU s per camera |',
        '|---:|---|---:|---:|---:|---:|---:|',
    ]
    for line in results['rollout']:
        lines.append('| %d | %s | %d | %.1f | %.1f-%.1f | %s | %.3f |' % (
            line['cameras'], line['approach'], line['runs'], line['wall'], line['wall_min'], line['wall_max'],
            '' if line['approach'] in FLOORS else '%.2f' % line['reboot_ratio'], line['cpu_per_camera']))
    return lines


def _render_firmware_vs_ptz(_args, results):
    lines = [
        '', '### The firmware rollout beside the PTZ rollout', '',
        'Each run\'s firmware rollout in the worker over the PTZ rollout of the same run (measured one right after '
        'the other): the median of the per-run ratios, and their spread (min to max) over the runs.', '',
        '| Cameras | Wall: firmware / PTZ | min-max | Controller CPU per camera: firmware / PTZ | min-max |',
        '|---:|---:|---:|---:|---:|',
    ]
    lines += ['| %d | %.2f | %.2f-%.2f | %.2f | %.2f-%.2f |' % (
        line['cameras'], line['wall_ratio'], *line['wall_ratio_spread'], line['cpu_ratio'], *line['cpu_ratio_spread'])
        for line in results['firmware_vs_ptz']]
    return lines


def _render_no_op(args, results):
    lines = [
        '', '## No-op run', '',
        'Every camera already at the version, as in a daily compliance run: the rollout in the worker over %d '
        'cameras beside the role in a playbook of its own (`benchmarks/playbooks/own_role.yml`) and the `debug` '
        'floor over the same; the module path and the `ping` floor over %d (the module '
        'path over 1,000 cameras would take minutes of this benchmark\'s time to tell what the CPU per camera '
        'already tells). Requests are counted by the simulator.' % (args.no_op_cameras, args.no_op_module_cameras),
        '', '| Cameras | Approach | Runs | Wall (s) | Wall min-max (s) | Controller CPU s per camera '
        '| Requests per camera |',
        '|---:|---|---:|---:|---:|---:|---:|',
    ]
    for line in results['no_op']:
        lines.append('| %d | %s | %d | %.1f | %.1f-%.1f | %.3f | %s |' % (
            line['cameras'], line['approach'], line['runs'], line['wall'], line['wall_min'], line['wall_max'],
            line['cpu_per_camera'], '%.2f' % line['requests_per_camera'] if 'requests_per_camera' in line else ''))
    return lines


def _render_upload(_args, results):
    lines = [
        '', '## Upload path', '',
        'One camera, one `acti.camera.ptz_image` task (`force: true`, `wait: false`: log read, form, upload), timed '
        'from the task\'s start to its result in Ansible\'s main process (`benchmarks/callback_plugins/'
        'task_seconds.py`), in the worker and on the module path (which adds a module process: Python, '
        '`ansible.module_utils.basic` and `requests` imported from the AnsiballZ payload), against `curl -F` '
        '(form, then upload) to the same simulator. Peak memory is the largest process of the `ansible-playbook` '
        'run (the kernel\'s accounting): it does not grow with the image, which is streamed.', '',
        '| Image (MB) | In the worker (s) | min-max | Module path (s) | curl (s) | min-max | Worker / curl '
        '| Module / curl | Peak memory (MB) | Firmware in the worker (s) | Firmware curl (s) | Firmware / curl |',
        '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ]
    for line in results['upload']:
        lines.append('| %d | %.2f | %.2f-%.2f | %.2f | %.2f | %.2f-%.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f |' % (
            line['size_mb'], line['worker'], line['worker_spread'][0], line['worker_spread'][1], line['module'],
            line['curl'], line['curl_spread'][0], line['curl_spread'][1], line['worker_ratio'],
            line['module_ratio'], line['peak_mb'], line['firmware'], line['firmware_curl'], line['firmware_ratio']))
    return lines


def _render_detection(args, results):
    lines = ['', '## Reboot detection', '',
             'The delay between the simulated camera answering again (its own clock) and the wait code the tasks '
             'share returning, over %d reboots of %.0f s each per setting, the wait starting at a random moment '
             'of the reboot. The settings run at once, each on its own simulated camera.'
             % (args.runs, args.detect_reboot),
             '', '| poll_interval (s) | Median delay (s) | Worst delay (s) | Target: poll_interval + 0.5 |',
             '|---:|---:|---:|---|']
    for line in results['detection']:
        met = 'met' if line['worst'] <= line['poll_interval'] + 0.5 else 'missed'
        lines.append('| %.1f | %.2f | %.2f | %s |' % (line['poll_interval'], line['median'], line['worst'], met))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--baseline-runs', type=int, default=1,
                        help='runs of the module path and the plain uri playbook over fleets (minutes each)')
    parser.add_argument('--reboot', type=float, default=20.0, help='reboot time R of the fleet, seconds')
    parser.add_argument('--sizes', type=int, nargs='+', default=[50, 200], help='rollout fleet sizes')
    parser.add_argument('--forks', type=int, default=50)
    parser.add_argument('--plain-at', type=int, default=50, help='fleet size for the plain uri playbook')
    parser.add_argument('--no-op-cameras', type=int, default=1000)
    parser.add_argument('--no-op-module-cameras', type=int, default=200,
                        help='cameras for the no-op on the module path and the ping floor')
    parser.add_argument('--image-mb', type=int, default=1)
    parser.add_argument('--image-sizes', type=int, nargs='+', default=[1, 64, 256])
    parser.add_argument('--poll-intervals', type=float, nargs='+', default=[0.5, 1.0, 2.0])
    parser.add_argument('--detect-reboot', type=float, default=2.0)
    parser.add_argument('--output', type=Path, default=REPO / 'benchmarks' / 'RESULTS.md')
    args = parser.parse_args()
    raise_file_limit()

    results = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix='acti-bench-') as work:
        workdir = Path(work)
        image = workdir / 'fleet-image.bin'
        write_image(str(image), TARGET, payload_size=args.image_mb * MB, no_lf=True)
        results['section_seconds'] = sections = {}
        for name, section, section_args in (
                ('rollout', rollout_section, (args, image, workdir, results)),
                ('no-op', no_op_section, (args, image, workdir, results)),
                ('upload path', upload_section, (args, workdir, results)),
                ('reboot detection', detection_section, (args, results))):
            print(name, flush=True)
            section_started = time.monotonic()
            section(*section_args)
            sections[name] = time.monotonic() - section_started
    results['seconds'] = time.monotonic() - started
    results['targets'] = [dict(figure=figure, target=target, measured=measured, met=met)
                          for figure, target, measured, met in targets(args, results)]
    text = render(args, results)
    args.output.write_text(text)
    args.output.with_suffix('.json').write_text(json.dumps(results, indent=1) + '\n')
    print('\n' + text)


if __name__ == '__main__':
    main()
