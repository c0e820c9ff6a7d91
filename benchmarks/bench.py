# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make bench`: fleet upgrade time against the physical limit and against the other ways to do it.

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
from acti_camera_sim import write_image  # noqa: E402
from simulator_process import SimulatorProcess  # noqa: E402

from ansible_collections.acti.camera.plugins.module_utils._client import CameraClient  # noqa: E402
from ansible_collections.acti.camera.plugins.module_utils._system_log import read_ptz_version  # noqa: E402
from ansible_collections.acti.camera.plugins.module_utils._wait import wait_for_reboot  # noqa: E402

BIN = Path(sys.executable).parent
OLD, TARGET = '1.0.0', '2.0.0'
PASSWORD = '123456'   # the simulated cameras' factory default
MB = 1024 * 1024
# Start-up runs per upload run: they do not reboot the camera, so more of them are cheap and steady the median.
START_UPS_PER_RUN = 3
# What the module's start-up is made of, each timed as a Python process of its own.
START_UP_PARTS = {'python': 'pass', 'basic': 'import ansible.module_utils.basic', 'requests': 'import requests',
                  'both': 'import ansible.module_utils.basic, requests'}
# PYTHONPATH: the upload section runs the module file directly, as Ansible's module runner would.
ENVIRONMENT = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR='1',
                   ANSIBLE_RETRY_FILES_ENABLED='0', PYTHONPATH=str(COLLECTIONS))


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


class Fleet:
    """N simulated cameras, an inventory for them, and the ways to upgrade them."""

    def __init__(self, count, reboot_seconds, image, workdir):
        self.count = count
        self.simulator = SimulatorProcess(count=count, reboot_seconds=reboot_seconds)
        self.inventory = workdir / ('inventory-%d.json' % count)
        hosts = {'cam%03d' % number: {'ansible_host': '127.0.0.1', 'ptz_image_port': port, 'camera_port': port}
                 for number, port in enumerate(self.simulator.ports)}
        self.inventory.write_text(json.dumps({'cameras': {'hosts': hosts, 'vars': {
            'ptz_image_password': PASSWORD, 'camera_password': PASSWORD, 'ptz_image_src': str(image),
            'ptz_image_file': str(image), 'ptz_image_version': TARGET}}}))
        self.report_dir = workdir / 'reports'

    def reset(self, version):
        for port in self.simulator.ports:
            self.simulator.wait_up(port, timeout=120)
            self.simulator.configure(port, version=version)
            self.simulator.reset_counts(port)

    def versions(self):
        return [self.simulator.state(port)['version'] for port in self.simulator.ports]

    def requests(self):
        return sum(self.simulator.state(port)['counts'].get('total', 0) for port in self.simulator.ports)

    def playbook(self, approach, forks):
        command = [str(BIN / 'ansible-playbook'), '-i', str(self.inventory), '--forks', str(forks)]
        if approach == 'role':
            return command + ['acti.camera.ptz_rollout', '-e', json.dumps({
                'ptz_rollout_serial': ['100%'], 'ptz_rollout_report_dir': str(self.report_dir)})]
        return command + [str(REPO / 'benchmarks' / 'playbooks' / ('%s.yml' % approach))]

    def upgrade(self, approach, forks=None):
        """One run from the old version: (wall, CPU seconds); raises if a camera did not end at TARGET."""
        self.reset(OLD)
        wall, cpu, process = timed(self.playbook(approach, forks or self.count))
        if process.returncode != 0 or set(self.versions()) != {TARGET}:
            raise RuntimeError('%s did not upgrade the fleet of %d:\n%s'
                               % (approach, self.count, process.stdout[-3000:]))
        return wall, cpu

    def no_op(self):
        """One run with every camera already at TARGET: (wall, CPU seconds, requests per camera)."""
        self.reset(TARGET)
        wall, cpu, process = timed(self.playbook('role', self.count))
        if process.returncode != 0 or 'changed=1' in process.stdout:
            raise RuntimeError('the no-op run changed something:\n%s' % process.stdout[-3000:])
        return wall, cpu, self.requests() / self.count

    def ansible_floor(self):
        """One run of ansible.builtin.ping once per camera: (wall, CPU seconds), Ansible's least cost of a task."""
        wall, cpu, process = timed(self.playbook('ansible_floor', self.count))
        if process.returncode != 0:
            raise RuntimeError('the floor playbook failed:\n%s' % process.stdout[-3000:])
        return wall, cpu

    def stop(self):
        self.simulator.stop()


def transfer_seconds(image, runs):
    """Median time to post IMAGE to one camera with the collection's client (stages 1 to 4)."""
    simulator = SimulatorProcess(count=1, reboot_seconds=0.1)
    port = simulator.ports[0]
    times = []
    try:
        for run in range(runs):
            back_from_reboot(simulator, port, run)
            client = CameraClient('127.0.0.1', port, 'Admin', PASSWORD)
            start = time.monotonic()
            client.request_upload_form()
            client.post_ptz_image(str(image))
            times.append(time.monotonic() - start)
    finally:
        simulator.stop()
    return median(times)


def fleet_section(args, image, workdir, results):
    transfer = transfer_seconds(image, args.runs)
    limit = args.reboot + transfer
    results['fleet'] = rows = []
    results['physical_limit'] = dict(reboot=args.reboot, transfer=transfer, limit=limit)
    for count in args.sizes:
        fleet = Fleet(count, args.reboot, image, workdir)
        try:
            approaches = ['role'] + (['module_wait', 'plain_uri'] if count == args.compare_at else [])
            measured = {approach: [] for approach in approaches}
            for _run in range(args.runs):   # interleaved, so that drift hits every approach alike
                for approach in approaches:
                    measured[approach].append(fleet.upgrade(approach))
                    print('  fleet %d, %s: %.1f s' % (count, approach, measured[approach][-1][0]), flush=True)
            for approach, runs in measured.items():
                wall = median([w for w, _c in runs])
                rows.append(dict(cameras=count, approach=approach, wall=wall, limit_ratio=wall / limit,
                                 reboot_ratio=wall / args.reboot,
                                 cpu_per_camera=median([c for _w, c in runs]) / count))
            if count == args.compare_at:
                for forks in args.forks:
                    runs = [fleet.upgrade('role', forks) for _run in range(args.runs)]
                    wall = median([w for w, _c in runs])
                    rows.append(dict(cameras=count, approach='role, forks %d' % forks, wall=wall,
                                     limit_ratio=wall / limit, reboot_ratio=wall / args.reboot,
                                     cpu_per_camera=median([c for _w, c in runs]) / count))
                    print('  fleet %d, role with %d forks: %.1f s' % (count, forks, wall), flush=True)
                no_ops, floors = [], []
                for _run in range(args.runs):
                    no_ops.append(fleet.no_op())
                    floors.append(fleet.ansible_floor())
                results['no_op'] = dict(cameras=count, wall=median([w for w, _c, _r in no_ops]),
                                        cpu_per_camera=median([c for _w, c, _r in no_ops]) / count,
                                        requests_per_camera=max(r for _w, _c, r in no_ops))
                results['ansible_floor'] = dict(cameras=count, wall=median([w for w, _c in floors]),
                                                cpu_per_camera=median([c for _w, c in floors]) / count)
        finally:
            fleet.stop()


def peak_rss_mb(command):
    """(wall seconds, peak resident MB) of one process, measured by the kernel for that process alone."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENVIRONMENT)
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    if process.returncode != 0:
        raise RuntimeError('%s failed:\n%s' % (command[:3], output[-2000:]))
    return wall, usage.ru_maxrss / 1024.0


def module_command(workdir, name, arguments):
    """The command that runs the ptz_image module file with these arguments, as Ansible's module runner would."""
    path = workdir / ('module-args-%s.json' % name)
    path.write_text(json.dumps({'ANSIBLE_MODULE_ARGS': arguments}))
    return [sys.executable, str(REPO / 'plugins' / 'modules' / 'ptz_image.py'), str(path)]


def start_up_parts(runs):
    """Wall seconds of a Python process that only imports what the module's start-up imports, part by part."""
    return {part: median([timed([sys.executable, '-c', code])[0] for _run in range(runs)])
            for part, code in START_UP_PARTS.items()}


def upload_section(args, workdir, results):
    """One camera: the module (as Ansible runs it, a process) against curl -F, per image size."""
    simulator = SimulatorProcess(count=1, reboot_seconds=0.1)
    port = simulator.ports[0]
    base = 'http://127.0.0.1:%d/cgi-bin/' % port
    form_url = base + 'update?USER=Admin&PWD=%s&PTZ_IMAGE' % PASSWORD
    results['upload'] = rows = []
    uploads = 0
    # The start-up runs find the camera at the version, with a small image: on that path the module
    # hashes src to return image_sha256, a cost that grows with the image and is not start-up.
    simulator.configure(port, version=TARGET)
    small_image = workdir / 'start-up.bin'
    write_image(str(small_image), TARGET)
    camera = dict(host='127.0.0.1', port=port, password=PASSWORD, version=TARGET, wait=False)
    no_op = module_command(workdir, 'no-op', dict(camera, src=str(small_image)))
    try:
        for size in args.image_sizes:
            image = workdir / ('upload-%dMB.bin' % size)
            write_image(str(image), TARGET, payload_size=size * MB)
            module = module_command(workdir, 'upload', dict(camera, src=str(image), force=True))
            curl = ('curl -sS -o /dev/null "%s" && curl -sS --fail -H "Expect:" -H "Referer: %s" '
                    '-F "URL_PTZ_IMAGE=@%s;filename=ACTIPT.BIN;type=application/octet-stream" '
                    '-F URL_FIRMWARE_SUBMIT=Apply "%supdate?PTZ_IMAGE_SAVE"' % (form_url, form_url, image, base))
            module_runs, curl_runs, start_ups = [], [], []
            for _run in range(args.runs):   # every upload reboots the camera once
                back_from_reboot(simulator, port, uploads)
                # The same module finding the camera at the version: Python, imports, one log read.
                start_ups += [peak_rss_mb(no_op)[0] for _start in range(START_UPS_PER_RUN)]
                if simulator.state(port)['reboots'] != uploads:
                    raise RuntimeError('the start-up run uploaded: the camera was not at %s' % TARGET)
                module_runs.append(peak_rss_mb(module))
                back_from_reboot(simulator, port, uploads + 1)
                wall, _cpu, process = timed(['bash', '-c', curl])
                uploads += 2
                if process.stdout.strip() != 'OK':
                    raise RuntimeError('curl got %r' % process.stdout[:200])
                curl_runs.append(wall)
            verdicts = [upload['verdict'] for upload in simulator.state(port)['uploads']]
            if set(verdicts) != {'OK'}:
                raise RuntimeError('uploads of %d MB were not all accepted: %s' % (size, verdicts))
            back_from_reboot(simulator, port, uploads)
            simulator.reset_counts(port)
            image.unlink()
            module_wall, curl_wall, start_up = (median(runs) for runs in (
                [w for w, _m in module_runs], curl_runs, start_ups))
            rows.append(dict(size_mb=size, module=module_wall, curl=curl_wall, ratio=module_wall / curl_wall,
                             start_up=start_up, transfer_ratio=(module_wall - start_up) / curl_wall,
                             module_peak_mb=max(m for _w, m in module_runs)))
            print('  upload %d MB: module %.2f s (start-up %.2f s), curl %.2f s'
                  % (size, module_wall, start_up, curl_wall), flush=True)
        results['start_up_parts'] = start_up_parts(START_UPS_PER_RUN * args.runs)
    finally:
        simulator.stop()


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


def render(args, results):
    limit = results['physical_limit']
    lines = [
        '# Benchmark results', '',
        'Written by `make bench` (`benchmarks/bench.py`) on %s.' % datetime.date.today().isoformat(),
        'Machine: %s.' % machine(),
        'Every figure is the median of %d runs; every ratio compares figures measured in this same run. '
        'The whole benchmark took %.1f minutes (%s).' % (args.runs, results['seconds'] / 60, ', '.join(
            '%s %.0f s' % item for item in results['section_seconds'].items())),
        '',
        '## Fleet upgrade', '',
        'Simulated cameras with a reboot time R = %.0f s, an image of %d MB without LF bytes (so that the plain '
        '`uri` playbook can succeed at all: its multipart encoder base64-encodes files, or rewrites LF as CRLF). '
        'Physical limit: R plus the transfer time of the image to one camera (%.3f s) = %.2f s. Forks = cameras '
        'unless said; the role runs as `acti.camera.ptz_rollout` in one batch.'
        % (args.reboot, args.image_mb, limit['transfer'], limit['limit']), '',
        '| Cameras | Approach | Wall (s) | / physical limit | / R | Controller CPU s per camera |',
        '|---:|---|---:|---:|---:|---:|',
    ]
    for row in results['fleet']:
        lines.append('| %d | %s | %.1f | %.2f | %.2f | %.2f |' % (
            row['cameras'], row['approach'], row['wall'], row['limit_ratio'], row['reboot_ratio'],
            row['cpu_per_camera']))
    at = {row['approach']: row['wall'] for row in results['fleet'] if row['cameras'] == args.compare_at}
    if {'role', 'plain_uri', 'module_wait'} <= set(at):
        lines += ['', 'At %d cameras the role is %.2f times as fast as the plain `uri` playbook and %.2f times as '
                  'fast as the module with `wait: true`, with the same forks.'
                  % (args.compare_at, at['plain_uri'] / at['role'], at['module_wait'] / at['role'])]
    role = [row for row in results['fleet'] if row['approach'] == 'role']
    module_cpu = next((row['cpu_per_camera'] for row in results['fleet'] if row['approach'] == 'module_wait'),
                      float('nan'))
    floor_cpu = results.get('ansible_floor', {}).get('cpu_per_camera', float('nan'))
    if role:
        largest = max(role, key=lambda row: row['cameras'])
        lines += ['', '### Reading the figures', '',
                  'What the role adds to R is the controller starting one module process per camera for the upload '
                  'and one for the wait (%.2f CPU s per camera here, against %.2f for the module alone, which only '
                  'starts one): at %d cameras on %d cores, about %.0f s of both cores. The uploads\' half comes '
                  'before the last camera starts its reboot; the waits\' half runs while the cameras reboot. '
                  'Ansible\'s per-task and '
                  'per-host cost, not the upload or the wait, is what grows with N: a playbook whose only task is '
                  '`ansible.builtin.ping` once per camera costs %.2f CPU s per camera (a worker process, the '
                  'module\'s AnsiballZ payload, Python and the import of `ansible.module_utils.basic` from it), so '
                  'the role\'s two module tasks cost at least %.2f before any of this collection\'s code runs. The '
                  'plain playbook pays it five times per camera (five tasks), and its `wait_for` does not check the '
                  'version.'
                  % (largest['cpu_per_camera'], module_cpu, largest['cameras'], os.cpu_count(),
                     largest['cpu_per_camera'] * largest['cameras'] / os.cpu_count(), floor_cpu, 2 * floor_cpu),
                  '',
                  'Forks: give at least the size of the largest batch, so that every upload of a batch starts at '
                  'once and every wait runs while its camera reboots; with fewer forks the module start-ups queue, '
                  'and a camera already back when its wait starts is recognised by the new PTZ line in its log '
                  '(`tests/integration/test_rollout.py` checks that with 2 forks for 6 cameras). %s'
                  'Beyond about %d cameras a batch (R times the cores over the CPU per camera), this '
                  'machine\'s cores, not the cameras, set the pace: split the fleet (job slicing, see the user '
                  'guide).'
                  % ('' if args.forks else 'This run measured forks = cameras only; `benchmarks/bench.py --forks 10 '
                     '25` adds the role with 10 and 25 forks at %d cameras. ' % args.compare_at,
                     int(args.reboot * os.cpu_count() / largest['cpu_per_camera']))]
    no_op = results.get('no_op')
    if no_op:
        lines += ['', '## No-op run', '',
                  '%d cameras already at the version: %.1f s wall, %.2f HTTP requests per camera (the simulator '
                  'counts them), %.2f controller CPU s per camera. Side by side, Ansible\'s floor (the playbook '
                  'whose only task is `ansible.builtin.ping` once per camera, '
                  '`benchmarks/playbooks/ansible_floor.yml`): %.1f s wall, %.2f CPU s per camera. The difference '
                  'is the role\'s own: its argument check and its last check for failures (two tasks without a '
                  'module process), the report, and in the module the import of `requests` and one log read (see '
                  'the start-up below).'
                  % (no_op['cameras'], no_op['wall'], no_op['requests_per_camera'], no_op['cpu_per_camera'],
                     results['ansible_floor']['wall'], results['ansible_floor']['cpu_per_camera'])]
    lines += ['', '## Upload path', '',
              'One camera. The module as Ansible runs it (a process: log read, form, upload; `wait: false`) against '
              '`curl -F` (form, then upload) to the same simulator. Start-up is the same module process finding '
              'the camera already at the version, with a small image (Python, the imports of '
              '`ansible.module_utils.basic` and `requests`, one log read; median of %d runs): a fixed cost that '
              'does not grow with the image, and that curl does not pay. Module less start-up is what the upload '
              'itself costs (for small images it is below the start-up\'s run-to-run noise of a few hundredths of '
              'a second, and may come out negative). Peak memory is the module process\'s maximum resident set, '
              'from the kernel.'
              % (START_UPS_PER_RUN * args.runs), '',
              '| Image (MB) | Module (s) | Start-up (s) | curl (s) | Module / curl | (Module - start-up) / curl '
              '| Module peak memory (MB) |',
              '|---:|---:|---:|---:|---:|---:|---:|']
    for row in results['upload']:
        lines.append('| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f |'
                     % (row['size_mb'], row['module'], row['start_up'], row['curl'], row['ratio'],
                        row['transfer_ratio'], row['module_peak_mb']))
    parts, start_up = results['start_up_parts'], results['upload'][-1]['start_up']
    lines += ['', 'Where the start-up goes, each part a Python process of its own (median of %d): Python alone '
              '%.3f s; Python importing `ansible.module_utils.basic` %.3f s, `requests` %.3f s, both %.3f s. The '
              'start-up run (both, this collection\'s code and one log read) took %.3f s: this collection\'s own '
              'part is the %.3f s between the two. Under Ansible the module runs from its AnsiballZ zip, where '
              'Python compiles every module of `ansible.module_utils` anew at each run: Ansible\'s part is larger '
              'there than here.'
              % (START_UPS_PER_RUN * args.runs, parts['python'], parts['basic'], parts['requests'], parts['both'],
                 start_up, start_up - parts['both'])]
    lines += ['', '## Reboot detection', '',
              'The delay between the simulated camera answering again (its own clock) and the wait code the modules '
              'share returning, over %d reboots of %.0f s each per setting, the wait starting at a random moment '
              'of the reboot. The settings run at once, each on its own simulated camera.'
              % (args.runs, args.detect_reboot),
              '', '| poll_interval (s) | Median delay (s) | Worst delay (s) | Target: poll_interval + 0.5 |',
              '|---:|---:|---:|---|']
    for row in results['detection']:
        met = 'met' if row['worst'] <= row['poll_interval'] + 0.5 else 'missed'
        lines.append('| %.1f | %.2f | %.2f | %s |' % (row['poll_interval'], row['median'], row['worst'], met))
    return '\n'.join(lines) + '\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--reboot', type=float, default=20.0, help='reboot time R of the fleet, seconds')
    parser.add_argument('--sizes', type=int, nargs='+', default=[10, 50, 100])
    parser.add_argument('--compare-at', type=int, default=50, help='fleet size for the side-by-side comparison')
    parser.add_argument('--forks', type=int, nargs='*', default=[], help='extra forks settings at --compare-at')
    parser.add_argument('--image-mb', type=int, default=1)
    parser.add_argument('--image-sizes', type=int, nargs='+', default=[1, 64, 256])
    parser.add_argument('--poll-intervals', type=float, nargs='+', default=[0.5, 1.0, 2.0])
    parser.add_argument('--detect-reboot', type=float, default=2.0)
    parser.add_argument('--output', type=Path, default=REPO / 'benchmarks' / 'RESULTS.md')
    args = parser.parse_args()

    results = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix='acti-bench-') as work:
        workdir = Path(work)
        image = workdir / 'fleet-image.bin'
        write_image(str(image), TARGET, payload_size=args.image_mb * MB, no_lf=True)
        results['section_seconds'] = sections = {}
        for name, detail, section, section_args in (
                ('fleet upgrades', ' (R = %.0f s)' % args.reboot, fleet_section, (args, image, workdir, results)),
                ('upload path', '', upload_section, (args, workdir, results)),
                ('reboot detection', '', detection_section, (args, results))):
            print(name + detail, flush=True)
            section_started = time.monotonic()
            section(*section_args)
            sections[name] = time.monotonic() - section_started
    results['seconds'] = time.monotonic() - started
    text = render(args, results)
    args.output.write_text(text)
    args.output.with_suffix('.json').write_text(json.dumps(results, indent=1) + '\n')
    print('\n' + text)


if __name__ == '__main__':
    main()
