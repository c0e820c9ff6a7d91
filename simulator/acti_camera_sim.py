# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A simulator of ACTi IP cameras' PTZ image upload, faithful to the collection's protocol page
(docs/docsite/rst/protocol.rst), with fault injection.

Run by hand:

    python3 simulator/acti_camera_sim.py serve --port 8081 --count 3 --control-port 8080
    python3 simulator/acti_camera_sim.py make-image --version 2.0.0 --out ACTIPT.BIN
    python3 simulator/acti_camera_sim.py make-firmware --firmware A1D-500-V6.17.02-AC --out FW.BIN --md5-out FW.BIN.md5

Each camera listens on its own port (fleet mode: consecutive ports) and speaks HTTP/1.0
the way the protocol page describes: Type 1 URLs with USER/PWD, errors as 200 + ``ERROR: ...``,
the upload form, the multipart POST tied to the form just served, then a reboot whatever
the verdict, during which the camera's listening socket is closed. Runtime settings not
saved are lost; the PTZ image version is logged at every boot.

The control port speaks JSON for tests and rehearsals:
  GET  /cameras              state of every camera
  GET  /cameras/PORT         state of one
  POST /cameras/PORT         change settings, faults or runtime config (keys of SETTINGS),
                             or replace the system log ("log": [lines])
  POST /cameras/PORT/reset   clear the request counts
  POST /cameras/PORT/reboot  reboot now, as a power cycle would ({"version": V}: come back running PTZ image V;
                             {"firmware": F}: come back running firmware F)
  POST /cameras/all[/...]    the same call for every camera (settings, reset, reboot, events)
  POST /cameras/PORT/events  log COUNT ordinary entries ({"count": N}), as months of motion events do: the
                             log keeps its last log_capacity entries, so the boot entries rotate out

The PTZ (ACTi's URL command spec, the encoder CGI; all read-only here but the set): ``PTZ_VENDOR``
reads the vendor and protocol (``PTZ_VENDOR='SONY,VISCA'``, with ``OK: `` before it when ptz_reply_ok
is set, as the spec shows in places), ``PTZ_VENDOR=<vendor>,<protocol>`` sets it at run time (lost at
the next reboot unless SAVE'd), ``POSITION_GET`` reads the pan and tilt position (its reply format is
not published: this simulator answers ``PAN=<n>,TILT=<n>``). A camera without a PTZ reports
``PTZ_IMAGE = NONE`` in SYSTEM_INFO and answers the PTZ commands ``ERROR: CMD not found``. Commands
that move the camera (MOVE, POSITION, ZOOM) are counted and answered ``ERROR: CMD not found``: the
collection must never send them.

Several commands in one URL: ACTi's spec gives the Type 1 URL as ``CGI?USER=..&PWD=..&CMD1=VALUE1&CMD2``,
and says the update CGI takes only one command per URL. How a camera lays out its replies to several
commands is not published. The encoder CGI here answers each command on a line of its own, in the
order asked (encoder_multi_command 'lines'); 'first' answers the first command only, 'refuse' answers
``ERROR: invalid parameters``: the two ways a model that does not take several could answer. The
system and update CGIs here take one command per URL.

Faults that a fleet meets in the field (the protocol page): a log whose PTZ line has rotated out (the
events call with a small log_capacity; the next boot logs it again), a PTZ line in a form of its own
(log_template), and a camera rebooting when a run starts (reboot, then boot_phase_seconds during
which it accepts connections and closes them without a reply, as a web server whose CGIs are not
up yet would).

Faults outside ACTi's documents, as a buggy firmware, another device at the camera's address, or someone on
the network path could send them (the setting misbehave, one request kind at a time): a reply padded to any
size ('huge'), one that never ends ('endless'), one sent a byte at a time ('trickle'), one compressed
('gzip', a small body that inflates to a huge one), or another text ('text', where {url} stands for the
request's URL, password included, as a page that echoes the request does). An upload answered before the
camera has read the whole image (early_verdict), a verdict other than OK (verdict), and an upload form with
fields a browser sends back (form 'hidden': a per-form token the POST must return, a text input, an
unchecked checkbox that must not be sent). The firmware's upload takes the same path as the PTZ image's
(CameraHandler._upload): these faults, drop_upload and the other forms apply to both.

The real PTZ image format is unpublished, so the simulator defines its own (see
make_image): magic, version, payload, and a SHA-256 over all of it, so that one byte
changed anywhere is a corrupted image (``ERROR: PTZ Image``).

The camera's firmware (ACTi's URL command spec, the update CGI): SYSTEM_INFO reports ``Firmware Version``,
``Platform`` and ``MAC Address``; ``update?FIRMWARE`` serves a form with the file inputs URL_FIRMWARE_IMAGE and
URL_FIRMWARE_MD5, its POST to ``update?FIRMWARE_SAVE`` is tied to the form as the PTZ image's is. The image
format is the simulator's own again (make_firmware_image: another magic, the full firmware string such as
``A1D-500-V6.17.02-AC``, a payload, a SHA-256 over all of it). The MD5 file's format is not published: the
simulator takes a file whose first whitespace-separated token is the image's MD5 in hex (``md5sum``'s output),
needed on platforms W and A only. Verdicts: ``OK``, ``ERROR: firmware image`` (corrupted, or the MD5 missing or
wrong where needed), ``ERROR: firmware version`` (another model prefix, the part before the version token),
``ERROR: firmware type`` (AC/NB), or firmware_error's for every firmware upload (upload_error is the PTZ image's).
Whatever the verdict it reboots; once it has taken a good image (verdict OK, another one, or none: drop_upload
'apply') it saves its runtime configuration first (unlike a PTZ image upload) and reboots for
firmware_reboot_seconds, then runs the new firmware and logs ``Firmware Version <firmware>`` at boot.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import copy
import hashlib
import gzip
import http.server
import itertools
import json
import os
import random
import selectors
import signal
import socket
import ssl
import struct
import sys
import threading
import time
from urllib.parse import unquote_plus, urlsplit

IMAGE_MAGIC = b'ACTIPTZ\x01'
FIRMWARE_MAGIC = b'ACTIFW\x00\x01'
CHECKSUM_SIZE = 32
BODY_BLOCK = 64 * 1024
FORM_VALID_SECONDS = 60

# Every setting a camera has, with its default. POST /cameras/PORT takes any of these.
SETTINGS = {
    'version': '1.0.0',            # PTZ image version installed at start
    'reboot_seconds': 2.0,         # listening socket closed this long after an upload
    'bare_lf': False,              # reply header lines end with a bare LF
    'log_timestamps': True,        # system log lines start with a timestamp
    'log_newest_first': False,     # system log lists the newest entry first
    'log_template': '{ts}PTZ Image Version {version}',  # how a boot logs the PTZ version
    'log_capacity': 1000,          # the log keeps this many entries, the oldest rotate out
    'boot_phase_seconds': 0.0,     # after a reboot, connections are closed without a reply this long
    'slow_seconds': 0.0,           # delay before every reply
    'upload_error': None,          # reply ERROR: <this> to every good PTZ image upload (firmware: firmware_error)
    'never_returns': False,        # stays down after its reboot
    'stays_old': False,            # answers OK, reboots, but still runs the old version
    'drop_upload': None,           # 'apply': reads the image, drops the connection, installs it;
                                   # 'discard': drops the connection half-way, installs nothing
    'http_status': None,           # another web server on the port: this status for everything
    'form': 'standard',            # every upload form: 'standard', 'renamed' (other names and action),
                                   # 'no_file_field', 'hidden' (fields a browser sends back)
    'runtime_config': {},          # settings changed at run time (lost at reboot unless saved)
    'admin_password': '123456',    # password of Admin, the root account (factory default)
    'ptz_image_info': 'V1.1',      # PTZ_IMAGE of SYSTEM_INFO: fixed on most models, NONE without a PTZ
    'ptz_vendor': 'ACTI,ACTI',     # PTZ vendor and protocol saved in flash; a run-time change is in runtime_config
    'ptz_vendor_command': True,    # False: a model without PTZ_VENDOR (ERROR: CMD not found)
    'ptz_reply_ok': False,         # PTZ_VENDOR replies start with "OK: "
    'ptz_error_after_upload': False,   # after the reboot an upload causes, the PTZ answers ERROR
    'encoder_multi_command': 'lines',  # several commands in one encoder URL: 'lines', 'first' or 'refuse'
    'misbehave': None,             # a reply outside ACTi's documents, see MISBEHAVIOURS
    'early_verdict': None,         # {'after_bytes': N, 'reply': TEXT}: answers an upload after reading N bytes of
                                   # it, then closes the connection (nothing installed; it reboots)
    'verdict': 'OK',               # the reply to a good upload (a firmware that says 'ok', or OK inside HTML)
    'firmware': 'A1D-500-V6.13.17-AC',  # firmware installed at start (SYSTEM_INFO's Firmware Version)
    'platform': 'A',               # SYSTEM_INFO's Platform: A, W, T, K or A1 (W and A need the firmware's MD5 file)
    'mac_address': None,           # SYSTEM_INFO's MAC Address; None: 00:0F:7C (ACTi) and 3 bytes of the port
    'firmware_reboot_seconds': None,   # reboot after a firmware upload it took; None: 3 x reboot_seconds
    'firmware_error': None,        # reply ERROR: <this> to every firmware upload (it reboots, installs nothing)
    'mac_after_reboot': None,      # the MAC Address it reports from its next reboot on (another device took its
                                   # address); applied, then cleared, at that reboot
}

# How a camera with the setting misbehave = {'on': COMMAND, 'how': HOW, ...} replies to the requests carrying
# COMMAND ('SYSTEM_LOG', 'PTZ_IMAGE' for the form, 'PTZ_IMAGE_SAVE' for the verdict, 'FIRMWARE' and 'FIRMWARE_SAVE'
# for the firmware's, ...; '*' for every one).
# With 'after_upload': true, only once an upload has rebooted it (the polls of a reboot wait).
MISBEHAVIOURS = {
    'huge': 'the reply, padded with log lines to size bytes (default 500 MB), with its Content-Length',
    'endless': 'the reply, then log lines for ever, with no Content-Length, until the client closes',
    'trickle': 'the whole reply, status line and headers included, a byte every interval seconds (default 0.5)',
    'gzip': 'Content-Encoding: gzip, the reply padded with zeros to size bytes (default 100 MB) once inflated',
    'text': 'text instead of the reply, repeat times (default once); {url} in it is the request URL',
}

# The non-root account: it may read, not update.
OPERATOR = ('operator', 'operator')

# Platforms whose firmware upload checks the MD5 file; the others ignore it.
MD5_PLATFORMS = ('W', 'A')
# What the 'hidden' form adds around the standard fields; a browser sends SESSION_ID (its value is the
# form's own token) and NOTE, in the form's order, and not UNCHECKED.
HIDDEN_FORM_FIELDS = ('SESSION_ID', 'NOTE')
_PADDING_LINE = b'2026-11-23 10:00:00 Motion Detected on region 1\n'
_GZIP_CACHE = {}


def make_image(version, payload_size=4096, seed=0, no_lf=False):
    """A synthetic PTZ image: magic, version, payload length, payload, SHA-256 of all before it.

    The payload holds every byte value, LF and CR included, unless ``no_lf`` (for uploaders
    that rewrite LF into CRLF). Returns bytes; see write_image for large images.
    """
    return b''.join(_image_blocks(version, payload_size, seed, no_lf))


def write_image(path, version, payload_size=4096, seed=0, no_lf=False):
    """Write the image of make_image to ``path`` block by block (constant memory)."""
    with open(path, 'wb') as out:
        for block in _image_blocks(version, payload_size, seed, no_lf):
            out.write(block)


def make_firmware_image(firmware, payload_size=4096, seed=0, no_lf=False):
    """A synthetic firmware image: magic, the firmware string (``A1D-500-V6.17.02-AC``), payload length, payload,
    SHA-256 of all before it. The same layout as make_image's under another magic. Returns bytes."""
    return b''.join(_image_blocks(firmware, payload_size, seed, no_lf, FIRMWARE_MAGIC))


def write_firmware_image(path, firmware, payload_size=4096, seed=0, no_lf=False, md5_path=None):
    """Write the image of make_firmware_image to ``path`` block by block; with ``md5_path``, write there its MD5
    file as ``md5sum`` does (``<hex>  <file name>``). Returns the image's MD5 in hex."""
    digest = hashlib.md5()
    with open(path, 'wb') as out:
        for block in _image_blocks(firmware, payload_size, seed, no_lf, FIRMWARE_MAGIC):
            digest.update(block)
            out.write(block)
    if md5_path:
        with open(md5_path, 'w', encoding='ascii') as out:
            out.write('%s  %s\n' % (digest.hexdigest(), os.path.basename(path)))
    return digest.hexdigest()


def _image_blocks(version, payload_size, seed, no_lf, magic=IMAGE_MAGIC):
    """The image of make_image (or make_firmware_image, by its magic), in blocks, its checksum last."""
    encoded = version.encode('ascii')
    header = magic + struct.pack('>H', len(encoded)) + encoded + struct.pack('>Q', payload_size)
    digest = hashlib.sha256(header)
    yield header
    for block in _payload_blocks(payload_size, seed, no_lf):
        digest.update(block)
        yield block
    yield digest.digest()


def _payload_blocks(size, seed, no_lf):
    rng = random.Random(seed)
    while size > 0:
        block = rng.randbytes(min(size, BODY_BLOCK))
        if no_lf:
            block = block.replace(b'\n', b'N').replace(b'\r', b'R')
        size -= len(block)
        yield block


class ImageChecker:
    """Checks an image fed in pieces, keeping only the last CHECKSUM_SIZE bytes aside."""

    MAGIC = IMAGE_MAGIC
    HEAD = 64      # bytes of the image kept aside: its magic, version and payload length

    def __init__(self):
        self._digest = hashlib.sha256()
        self._head = b''
        self._tail = b''
        self.size = 0

    def feed(self, data):
        self.size += len(data)
        if len(self._head) < self.HEAD:
            self._head += data[:self.HEAD - len(self._head)]
        data = self._tail + data
        self._digest.update(data[:-CHECKSUM_SIZE])
        self._tail = data[-CHECKSUM_SIZE:]

    def version(self):
        """The version the image installs, or None when it is corrupted."""
        head = self._head
        if not head.startswith(self.MAGIC) or len(head) < len(self.MAGIC) + 2:
            return None
        (length,) = struct.unpack('>H', head[8:10])
        if len(head) < 10 + length + 8:
            return None
        (payload_size,) = struct.unpack('>Q', head[10 + length:18 + length])
        if self.size != 18 + length + payload_size + CHECKSUM_SIZE or self._digest.digest() != self._tail:
            return None
        return head[10:10 + length].decode('ascii', 'replace')


class FirmwareChecker(ImageChecker):
    """Checks a firmware image (make_firmware_image) fed in pieces, and takes its MD5."""

    MAGIC = FIRMWARE_MAGIC
    HEAD = 512

    def __init__(self):
        super().__init__()
        self._md5 = hashlib.md5()

    def feed(self, data):
        super().feed(data)
        self._md5.update(data)

    def md5(self):
        """The MD5 in hex of all the bytes fed."""
        return self._md5.hexdigest()

    def firmware(self):
        """The firmware string the image installs, or None when it is corrupted."""
        return self.version()


def split_firmware(firmware):
    """(model prefix, version, type) of a firmware string: ``A1D-500-V6.17.02-AC`` gives ('A1D-500', 'V6.17.02',
    'AC'), ``A1D-900-A2.08.03-AC`` ('A1D-900', 'A2.08.03', 'AC'); None when it has no version token (``V`` or ``A``
    then dotted numbers)."""
    tokens = firmware.strip().split('-')
    for index, token in enumerate(tokens):
        head, numbers = token[:1].upper(), token[1:].split('.')
        if index and head in ('V', 'A') and len(numbers) > 1 and all(number.isdigit() for number in numbers):
            return '-'.join(tokens[:index]).upper(), token, '-'.join(tokens[index + 1:]).upper()
    return None


def default_mac(port):
    """The MAC address of the camera on PORT: ACTi's OUI 00:0F:7C, then the port in three bytes."""
    return '00:0F:7C:%02X:%02X:%02X' % ((port >> 16) & 0xFF, (port >> 8) & 0xFF, port & 0xFF)


class Camera:
    """The state of one simulated camera."""

    def __init__(self, port, settings):
        self.port = port
        self.lock = threading.Lock()
        self.settings = copy.deepcopy(SETTINGS)
        self.settings.update(copy.deepcopy(settings))
        self.installed = self.settings['version']
        self.firmware = self.settings['firmware']    # the firmware it runs (SYSTEM_INFO's Firmware Version)
        self.saved_config = copy.deepcopy(self.settings['runtime_config'])
        self.log = []
        self.counts = {}
        self.uploads = []
        self.firmware_uploads = []
        self.reboots = 0
        self.reboot_windows = []    # [down, up] wall-clock seconds of each reboot (up null: never back)
        self.up_at = 0.0            # monotonic time from which the camera answers again
        self.down_forever = False
        self.ptz_broken = False     # the PTZ answers ERROR (ptz_error_after_upload, once an upload rebooted it)
        self.pending_forms = {}     # client address -> (expiry, form name, token)
        self.uploaded = False       # an upload was attempted (misbehave's after_upload)
        self._log_clock = int(time.time())
        self._boot()

    def _stamp(self):
        # One second at least between entries, so that log order and timestamp order agree.
        self._log_clock = max(int(time.time()), self._log_clock + 1)
        if not self.settings['log_timestamps']:
            return ''
        return time.strftime('%Y-%m-%d %H:%M:%S ', time.localtime(self._log_clock))

    def add_log(self, entry):
        """Log an entry (timestamped as the settings say); the oldest rotate out past log_capacity."""
        stamp = self._stamp()
        self.log.append(entry.replace('{ts}', stamp) if '{ts}' in entry else stamp + entry)
        del self.log[:-self.settings['log_capacity']]

    def _boot(self):
        """Log a boot, the firmware and the PTZ image version among its lines, and drop unsaved runtime settings."""
        for entry in ('Bootloader Version 118', 'Firmware Version %s' % self.firmware, 'Devcap Version 0x0001', None,
                      'Storage Media: SD Found'):
            if entry is None:
                entry = self.settings['log_template'].replace('{version}', self.installed)
            self.add_log(entry)
        self.settings['runtime_config'] = copy.deepcopy(self.saved_config)

    def is_up(self):
        return not self.down_forever and time.monotonic() >= self.up_at

    def is_booting(self):
        """Up, but its CGIs not yet: the boot phase after a reboot."""
        return time.monotonic() < self.up_at + self.settings['boot_phase_seconds']

    def mac_address(self):
        """The MAC Address of SYSTEM_INFO."""
        return self.settings['mac_address'] or default_mac(self.port)

    def firmware_reboot_seconds(self):
        seconds = self.settings['firmware_reboot_seconds']
        return 3 * self.settings['reboot_seconds'] if seconds is None else seconds

    def reboot(self, new_version=None, new_firmware=None):
        """Go down now; come back (new version logged) after reboot_seconds. With new_firmware (a firmware upload
        answered OK), save the runtime configuration first and come back after firmware_reboot_seconds."""
        with self.lock:
            self.reboots += 1
            if new_firmware:   # the firmware upload saves the configuration to flash before its reboot
                self.saved_config = copy.deepcopy(self.settings['runtime_config'])
            if self.settings['mac_after_reboot']:   # another device answers at the address from now on
                self.settings['mac_address'] = self.settings['mac_after_reboot']
                self.settings['mac_after_reboot'] = None
            if self.settings['never_returns']:
                self.down_forever = True
                self.reboot_windows.append([time.time(), None])
                return
            self.down_forever = False   # a camera that never came back boots again when power-cycled
            seconds = self.firmware_reboot_seconds() if new_firmware else self.settings['reboot_seconds']
            self.reboot_windows.append([time.time(), time.time() + seconds])
            self.up_at = time.monotonic() + seconds
            if new_version and not self.settings['stays_old']:
                self.installed = new_version
            if new_firmware and not self.settings['stays_old']:
                self.firmware = new_firmware
            if new_version and self.settings['ptz_error_after_upload']:
                self.ptz_broken = True
            self.pending_forms.clear()
            self._boot()

    def count(self, *names):
        """Count one request, and each command it carries."""
        with self.lock:
            for name in names:
                self.counts[name] = self.counts.get(name, 0) + 1
            self.counts['total'] = self.counts.get('total', 0) + 1

    def log_text(self):
        lines = list(reversed(self.log)) if self.settings['log_newest_first'] else self.log
        return '\n'.join(lines) + '\n'

    def state(self):
        with self.lock:
            return {
                'port': self.port, 'up': self.is_up(), 'version': self.installed, 'reboots': self.reboots,
                'reboot_windows': [list(window) for window in self.reboot_windows],
                'counts': dict(self.counts), 'uploads': list(self.uploads), 'log': list(self.log),
                'firmware': self.firmware, 'platform': self.settings['platform'], 'mac_address': self.mac_address(),
                'firmware_uploads': [dict(record) for record in self.firmware_uploads],
                'ptz_vendor': self.settings['runtime_config'].get('PTZ_VENDOR', self.settings['ptz_vendor']),
                'saved_config': copy.deepcopy(self.saved_config), 'settings': copy.deepcopy(self.settings),
            }


class Reply(Exception):
    """Raised by a handler to send a reply: ``ERROR: ...`` or anything else. Its str() is the verdict an upload's
    record keeps: the body, unless ``verdict`` says otherwise."""

    def __init__(self, body, status='200 OK', content_type='text/plain', verdict=None):
        super().__init__(body if verdict is None else verdict)
        self.body, self.status, self.content_type = body, status, content_type


class Dropped(Exception):
    """The camera drops the connection without a reply; its str() is the verdict an upload's record keeps."""


class PtzImageUpload:
    """What the PTZ image's upload has of its own; CameraHandler._upload does the rest, alike for every image."""

    command = 'PTZ_IMAGE'        # the form's; its POST carries PTZ_IMAGE_SAVE
    checker = ImageChecker
    records = 'uploads'          # the Camera's list of its uploads
    installs = 'version'         # the key of an upload's record, and of Camera.reboot's new_<key>
    # By the setting form: the action, the file inputs ((label, name), in the form's order), the submit button.
    forms = {
        'standard': ('update?PTZ_IMAGE_SAVE', (('PTZ_IMAGE', 'URL_PTZ_IMAGE'),), 'URL_FIRMWARE_SUBMIT'),
        'renamed': ('/cgi-bin/update?PTZ_IMAGE_SAVE&FORM=2', (('PTZ_IMAGE', 'PTZ_FILE'),), 'APPLY_BUTTON'),
        'no_file_field': ('update?PTZ_IMAGE_SAVE', (), 'URL_FIRMWARE_SUBMIT'),
        'hidden': ('update?PTZ_IMAGE_SAVE', (('PTZ_IMAGE', 'URL_PTZ_IMAGE'),), 'URL_FIRMWARE_SUBMIT'),
    }

    @staticmethod
    def refusal(camera, parts, files, record):
        """The ERROR of an upload whose body was read (PARTS: None when they are not what the form asks, FILES: the
        form's file inputs), or None for an image it installs, then in RECORD."""
        if parts is None:
            return 'ERROR: invalid parameters'
        image = parts[files[0]][0]
        record['size'] = image.size
        version = image.version()
        if version is None:
            return 'ERROR: PTZ Image'
        if camera.settings['upload_error']:
            return 'ERROR: %s' % camera.settings['upload_error']
        record['version'] = version
        return None


class FirmwareUpload:
    """What the firmware's upload has of its own (ACTi's URL command spec): two file inputs, the MD5 checked on some
    platforms, errors of its own. Camera.reboot saves the configuration and reboots longer for what it installs."""

    command = 'FIRMWARE'
    checker = FirmwareChecker
    records = 'firmware_uploads'
    installs = 'firmware'
    forms = {
        'standard': ('update?FIRMWARE_SAVE', (('FIRMWARE', 'URL_FIRMWARE_IMAGE'), ('MD5', 'URL_FIRMWARE_MD5')),
                     'URL_FIRMWARE_SUBMIT'),
        'renamed': ('/cgi-bin/update?FIRMWARE_SAVE&FORM=2', (('FIRMWARE', 'FIRMWARE_FILE'), ('MD5', 'MD5_FILE')),
                    'APPLY_BUTTON'),
        'no_file_field': ('update?FIRMWARE_SAVE', (), 'URL_FIRMWARE_SUBMIT'),
        'hidden': ('update?FIRMWARE_SAVE', (('FIRMWARE', 'URL_FIRMWARE_IMAGE'), ('MD5', 'URL_FIRMWARE_MD5')),
                   'URL_FIRMWARE_SUBMIT'),
    }

    @staticmethod
    def refusal(camera, parts, files, record):
        """As PtzImageUpload.refusal; firmware_error answers every firmware upload, whatever its parts."""
        settings = camera.settings
        if settings['firmware_error']:
            return 'ERROR: %s' % settings['firmware_error']
        if parts is None:
            return 'ERROR: invalid parameters'
        image = parts[files[0]][0]
        record['size'] = image.size
        firmware = image.firmware()
        given = parts.get(files[1], (None, b''))[1].split()   # the MD5 part, optional where it is not checked
        if firmware is None or str(settings['platform']).upper() in MD5_PLATFORMS and (
                not given or given[0].decode('latin-1').lower() != image.md5()):
            return 'ERROR: firmware image'
        new, current = split_firmware(firmware), split_firmware(camera.firmware)
        if new is None or current is None or new[0] != current[0]:
            return 'ERROR: firmware version'
        if new[2] != current[2]:
            return 'ERROR: firmware type'
        record['firmware'] = firmware
        return None


# The images of the update CGI, by the command that asks for their form.
UPLOADS = {image.command: image for image in (PtzImageUpload, FirmwareUpload)}


def _arguments(query):
    """{KEY: value} of a Type 1 URL's query, keys in upper case, in order; a key without '=' has the value None."""
    args = {}
    for token in query.split('&'):
        if token:
            key, sep, value = token.partition('=')
            args[unquote_plus(key).upper()] = unquote_plus(value) if sep else None
    return args


def _as_the_form_asks(parts, form_name, token, files, submit):
    """PARTS of an upload when they are what its form (FILES: its file inputs' names, in order; SUBMIT: its button)
    asks for, else None. The form's first file input must hold a file, and its button say Apply. The standard form
    takes its parts in any order (ansible.builtin.uri sorts them) and its later file inputs may be missing (the
    firmware's MD5 file, which platforms T, K and A1 do not use); the 'hidden' one wants every field in the form's
    order, as a browser sends it, and the token as served."""
    if parts is None or not files or parts.get(files[0], (None,))[0] is None \
            or parts.get(submit, (None, b''))[1] != b'Apply':
        return None
    if form_name == 'hidden':
        fields_ok = list(parts) == [HIDDEN_FORM_FIELDS[0], *files, HIDDEN_FORM_FIELDS[1], submit] \
            and parts['SESSION_ID'][1] == token.encode('ascii') and parts['NOTE'][1] == b'from "the" camera'
    else:
        fields_ok = set(parts) <= {*files, submit}
    return parts if fields_ok else None


class CameraHandler:
    """Serves one HTTP/1.0 connection to one camera."""

    def __init__(self, camera, conn, address):
        self.camera, self.conn, self.client = camera, conn, address[0]
        self.stream = conn.makefile('rb')
        self.reboot_pending = False   # an upload was attempted: reboot once the connection is closed
        self.installs = {}            # what a good upload installs at that reboot (Camera.reboot's arguments)
        self.commands = []            # the commands of the request being served (misbehave's 'on')
        self.target = ''              # its URL (misbehave's text {url})

    def serve(self):
        try:
            self._serve()
        except (OSError, ValueError):
            pass
        finally:
            with contextlib.suppress(OSError):
                self.conn.close()
        if self.reboot_pending:
            self.camera.reboot(**self.installs)

    def _serve(self):
        request_line = self.stream.readline(8192).decode('latin-1').strip()
        if not request_line:
            return   # a connection closed without a request (a port probe) is no request
        if self.camera.is_booting():
            return   # closed without a reply: the web server is up, the camera is not yet
        headers = {}
        while True:
            line = self.stream.readline(8192)
            if line in (b'\r\n', b'\n', b''):
                break
            name, value = line.decode('latin-1').partition(':')[::2]
            headers[name.strip().lower()] = value.strip()
        method, target = (request_line.split(' ') + ['', ''])[:2]
        settings = self.camera.settings
        try:
            if settings['http_status']:
                self.camera.count('http_status')
                raise Reply('<html><body>%s</body></html>' % settings['http_status'],
                            status='%s Error' % settings['http_status'], content_type='text/html')
            self._dispatch(method, target, headers)
            raise Reply('ERROR: no command')
        except Reply as reply:
            if settings['slow_seconds']:
                time.sleep(settings['slow_seconds'])
            self._send(reply)
        except Dropped:
            # An abortive close: the client sees a reset, as when a camera goes down mid-transfer.
            self.conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))

    def _send(self, reply):
        eol = '\n' if self.camera.settings['bare_lf'] else '\r\n'
        body = reply.body.encode('utf-8')
        fault = self._misbehaviour()
        how = fault and fault['how']
        headers = ['HTTP/1.0 %s' % reply.status, 'Content-type: %s' % reply.content_type]
        if how == 'text':
            body = fault['text'].replace('{url}', self.target).encode('utf-8') * int(fault.get('repeat', 1))
        elif how == 'gzip':
            body = _gzip_padded(body, int(fault.get('size', 100 * 1000 * 1000)))
            headers.append('Content-Encoding: gzip')
        if how == 'huge':
            size = int(fault.get('size', 500 * 1000 * 1000))
            headers.append('Content-Length: %d' % max(size, len(body)))
        elif how != 'endless':
            headers.append('Content-Length: %d' % len(body))
        data = (eol.join(headers) + eol + eol).encode('latin-1') + body
        if how == 'trickle':
            for index in range(len(data)):
                self.conn.sendall(data[index:index + 1])
                time.sleep(float(fault.get('interval', 0.5)))
            return
        self.conn.sendall(data)
        if how == 'huge':
            _send_padding(self.conn, max(0, size - len(body)))
        elif how == 'endless':
            _send_padding(self.conn, None)

    def _misbehaviour(self):
        """The misbehave setting where it applies to the request being served, else None."""
        fault = self.camera.settings['misbehave']
        if not fault or fault.get('on', '*') not in ['*'] + self.commands:
            return None
        if fault.get('after_upload') and not self.camera.uploaded:
            return None
        return fault

    def _dispatch(self, method, target, headers):
        path, query = target.partition('?')[::2]
        args = _arguments(query)
        commands = [key for key in args if key not in ('USER', 'PWD')]
        self.commands, self.target = commands, target
        for image in UPLOADS.values():
            if method == 'POST' and path == '/cgi-bin/update' and image.command + '_SAVE' in args:
                self.camera.count(image.command + '_SAVE')
                self._upload(image, headers)
        self.camera.count(*(commands or ['no_command']))
        if path not in ('/cgi-bin/update', '/cgi-bin/system', '/cgi-bin/encoder') or method != 'GET':
            raise Reply('ERROR: CMD not found')
        root = self._authenticate(args)
        if path == '/cgi-bin/encoder' and len(commands) > 1:
            raise Reply(self._encoder_commands(commands, args, root))
        if len(commands) != 1:
            raise Reply('ERROR: no command' if not commands else 'ERROR: invalid parameters')
        command = commands[0]
        if path == '/cgi-bin/update' and command in UPLOADS:
            if not root:
                raise Reply('ERROR: not authorized')
            raise Reply(self._form(UPLOADS[command]), content_type='text/html')
        if path == '/cgi-bin/system':
            self._system(command, root)
        if path == '/cgi-bin/encoder':
            self._ptz(command, args[command], root)
        raise Reply('ERROR: CMD not found')

    def _system(self, command, root):
        """The system CGI's commands; raises the Reply (nothing for a command it does not know)."""
        camera = self.camera
        if command == 'SYSTEM_LOG':
            raise Reply(camera.log_text())
        if command == 'SYSTEM_INFO':
            raise Reply('Model Number = KCM-5611\nFirmware Version = %s\nPlatform = %s\nMAC Address = %s\n'
                        'PTZ_IMAGE = %s\nPT_ENABLE = 1\n' % (camera.firmware, camera.settings['platform'],
                                                             camera.mac_address(), camera.settings['ptz_image_info']))
        if command == 'SAVE':
            if not root:
                raise Reply('ERROR: not authorized')
            with camera.lock:
                camera.saved_config = copy.deepcopy(camera.settings['runtime_config'])
            raise Reply('OK')

    def _encoder_commands(self, commands, args, root):
        """The reply to several encoder commands in one URL, as encoder_multi_command says."""
        mode = self.camera.settings['encoder_multi_command']
        if mode == 'refuse':
            return 'ERROR: invalid parameters'
        replies = []
        for command in commands[:1] if mode == 'first' else commands:
            try:
                self._ptz(command, args[command], root)
            except Reply as reply:
                replies.append(reply.body)
        return '\n'.join(replies)

    def _ptz(self, command, value, root):
        """The PTZ commands of the encoder CGI (see the module docstring); raises the Reply."""
        camera, settings = self.camera, self.camera.settings
        if command not in ('PTZ_VENDOR', 'POSITION_GET') or settings['ptz_image_info'].upper() == 'NONE' \
                or (command == 'PTZ_VENDOR' and not settings['ptz_vendor_command']):
            raise Reply('ERROR: CMD not found')
        if camera.ptz_broken:
            raise Reply('ERROR: internal error PTZ not responding')
        if command == 'POSITION_GET':
            raise Reply('PAN=1200,TILT=300')
        if value is not None:   # a set
            if not root:
                raise Reply('ERROR: not authorized')
            with camera.lock:
                settings['runtime_config']['PTZ_VENDOR'] = value
            raise Reply('OK')
        vendor = settings['runtime_config'].get('PTZ_VENDOR', settings['ptz_vendor'])
        raise Reply("%sPTZ_VENDOR='%s'" % ('OK: ' if settings['ptz_reply_ok'] else '', vendor))

    def _authenticate(self, args):
        """Whether the USER/PWD of the URL are the root account's; ERROR replies otherwise."""
        if 'USER' not in args or 'PWD' not in args:
            raise Reply('ERROR: missing USER/PWD')
        user = (args['USER'] or '').lower()   # user names are case-insensitive, passwords not
        if user == 'admin' and args['PWD'] == self.camera.settings['admin_password']:
            return True
        if (user, args['PWD']) == OPERATOR:
            return False
        raise Reply('ERROR: bad account/password')

    def _form(self, image):
        """The upload form of IMAGE, as the setting form says; the POST that follows is tied to it."""
        name = self.camera.settings['form']
        action, files, submit = image.forms[name]
        token = os.urandom(8).hex()
        with self.camera.lock:
            self.camera.pending_forms[self.client] = (time.monotonic() + FORM_VALID_SECONDS, image.command, name,
                                                      token)
        file_inputs = ''.join('%s : <input type="FILE" name="%s" value="" size="40">\n<br>\n' % file_input
                              for file_input in files)
        before = after = ''
        if name == 'hidden':
            before = '<input type="hidden" name="SESSION_ID" value="%s">\n' % token
            after = ('<input type=text name=NOTE value=\'from &quot;the&quot; camera\'>\n'
                     '<input type="checkbox" name="UNCHECKED" value="1">\n<!-- <input type="hidden" name="X"> -->\n')
        return ('<html><head><title>UPLOAD FILES</title></head>\n'
                '<meta http-equiv="PRAGMA" content="NO-CACHE"><body>\n'
                '<form name="UPLOAD_FORM" method="POST" enctype="multipart/form-data" action="%s">\n%s%s%s'
                '<input type="submit" value="Apply" name="%s">\n'
                '<input type="reset" value="Reset" name="URL_FIRMWARE_RESET">\n<br>\n</form></body></html>'
                % (action, before, file_inputs, after, submit))

    def _upload(self, image, headers):
        """The POST of IMAGE's form (update?PTZ_IMAGE_SAVE, update?FIRMWARE_SAVE); raises its verdict, or Dropped."""
        form_name, token = self._form_served(image, headers)
        # From here on the camera reboots, whatever the verdict.
        self.reboot_pending = True
        record = {'verdict': None, 'size': None, image.installs: None}
        with self.camera.lock:
            getattr(self.camera, image.records).append(record)
            self.camera.uploaded = True
        try:
            parts = self._body(image, headers)
            _action, files, submit = image.forms[form_name]
            files = [name for _label, name in files]
            error = image.refusal(self.camera, _as_the_form_asks(parts, form_name, token, files, submit), files,
                                  record)
            if error:
                raise Reply(error)
            self.installs = {'new_' + image.installs: record[image.installs]}
            if self.camera.settings['drop_upload'] == 'apply':
                raise Dropped('dropped after reading, applied')
            raise Reply(self.camera.settings['verdict'])
        except (Reply, Dropped) as verdict:
            record['verdict'] = str(verdict)
            raise

    def _form_served(self, image, headers):
        """(form name, token) of IMAGE's form, served to this client a moment ago: the POST names the form's URL as
        its Referer. ERROR: not authorized otherwise."""
        with self.camera.lock:
            expiry, command, form_name, token = self.camera.pending_forms.pop(self.client, (0, None, None, None))
        referer = urlsplit(headers.get('referer', ''))
        if command != image.command or time.monotonic() > expiry or referer.path != '/cgi-bin/update' \
                or image.command not in referer.query.split('&'):
            raise Reply('ERROR: not authorized')
        return form_name, token

    def _body(self, image, headers):
        """The parts of the upload's multipart body (None when malformed), each file through IMAGE's checker; or
        the early verdict, or a connection dropped half-way, as the settings say."""
        length = headers.get('content-length')
        boundary = headers.get('content-type', '').partition('boundary=')[2].strip('"')
        if not length or not length.isdigit() or not boundary:
            raise Reply('ERROR: invalid parameters')
        early = self.camera.settings['early_verdict']
        if early:   # the rest of the body stays unread: closing the connection then resets it
            self.stream.read(min(int(early['after_bytes']), int(length)))
            raise Reply(early['reply'], verdict='early: %s' % early['reply'])
        discard = self.camera.settings['drop_upload'] == 'discard'
        parts = _MultipartReader(self.stream, int(length) // 2 if discard else int(length),
                                 boundary.encode('latin-1'), image.checker).parts()
        if discard:
            raise Dropped('dropped half-way')
        return parts


def _send_padding(conn, size):
    """Send SIZE bytes of log lines (None: for ever) in blocks, until the client closes the connection."""
    block = _PADDING_LINE * (BODY_BLOCK // len(_PADDING_LINE))
    for _count in itertools.count() if size is None else range(size // len(block)):
        conn.sendall(block)
    if size:
        conn.sendall(block[:size % len(block)])


def _gzip_padded(body, size):
    """BODY padded with zeros to SIZE bytes, gzip-compressed (a reply a thousand times smaller than it inflates)."""
    key = (body, size)
    if key not in _GZIP_CACHE:
        out = io.BytesIO()
        compressor = gzip.GzipFile(fileobj=out, mode='wb', compresslevel=9)
        compressor.write(body)
        zeros = bytes(BODY_BLOCK)
        for _count in range(max(0, size - len(body)) // BODY_BLOCK):
            compressor.write(zeros)
        compressor.close()
        _GZIP_CACHE[key] = out.getvalue()
    return _GZIP_CACHE[key]


class _MultipartReader:
    """Streams a multipart body of known length; file parts go through a checker (an ImageChecker, or the class
    given), and the first 1024 bytes of every part are kept as its value."""

    VALUE_SIZE = 1024

    def __init__(self, stream, length, boundary, checker=ImageChecker):
        self.stream, self.remaining, self.boundary = stream, length, boundary
        self.checker = checker
        self.buffer = b''

    def _more(self):
        if self.remaining <= 0:
            return False
        data = self.stream.read(min(BODY_BLOCK, self.remaining))
        if not data:
            self.remaining = 0
            return False
        self.remaining -= len(data)
        self.buffer += data
        return True

    def _starts_with(self, text):
        """Whether the unread body starts with TEXT, reading as much of it as that takes."""
        while len(self.buffer) < len(text) and self._more():
            pass
        return self.buffer.startswith(text)

    def parts(self):
        """{name: (checker or None, small value bytes)}, or None when the body is malformed."""
        if not self._starts_with(b'--' + self.boundary + b'\r\n'):
            return None
        self.buffer = self.buffer[len(self.boundary) + 4:]
        parts = {}
        while True:
            part = self._part()
            if part is None:
                return None
            parts[part[0]] = part[1:]
            if self._starts_with(b'--'):
                return parts
            if not self._starts_with(b'\r\n'):
                return None
            self.buffer = self.buffer[2:]

    def _part(self):
        """(name, checker or None, value) of the part that starts the unread body, read up to its delimiter; None
        when the body ends first."""
        while b'\r\n\r\n' not in self.buffer:
            if not self._more():
                return None
        head, self.buffer = self.buffer.split(b'\r\n\r\n', 1)
        head = head.decode('latin-1')
        name = head.partition('name="')[2].partition('"')[0]
        checker = self.checker() if 'filename=' in head.lower() else None
        value = b''
        delimiter = b'\r\n--' + self.boundary
        while delimiter not in self.buffer:
            keep = len(delimiter)   # the delimiter may begin in the bytes read so far
            value = self._take(checker, value, self.buffer[:-keep])
            self.buffer = self.buffer[-keep:]
            if not self._more():
                return None
        data, self.buffer = self.buffer.split(delimiter, 1)
        return name, checker, self._take(checker, value, data)

    def _take(self, checker, value, data):
        """VALUE with DATA of its part added, up to VALUE_SIZE bytes; the CHECKER, if any, is fed all of DATA."""
        if checker:
            checker.feed(data)
        return value + data[:max(0, self.VALUE_SIZE - len(value))]


class Fleet:
    """Cameras on consecutive ports, one thread accepting for all, one thread per connection."""

    def __init__(self, base_port, count, settings, bind='127.0.0.1', tls_context=None):
        self.bind, self.tls_context = bind, tls_context
        self.cameras = {base_port + i: Camera(base_port + i, settings) for i in range(count)}
        self._selector = selectors.DefaultSelector()
        self._listeners = {}
        self._stopped = threading.Event()
        for port in self.cameras:
            self._listen(port)   # fail now, not later, when a port is taken
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._stopped.set()
        self._thread.join(5)

    def _listen(self, port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.bind, port))
            sock.listen(64)
        except OSError:
            sock.close()
            raise
        sock.setblocking(False)
        self._listeners[port] = sock
        self._selector.register(sock, selectors.EVENT_READ, port)

    def _close(self, port):
        sock = self._listeners.pop(port)
        self._selector.unregister(sock)
        sock.close()

    def _accept_loop(self):
        while not self._stopped.is_set():
            # A rebooting camera has no listening socket: connections are refused, as on the real one.
            for port, camera in self.cameras.items():
                if camera.is_up() and port not in self._listeners:
                    try:
                        self._listen(port)
                    except OSError:
                        continue  # the port is busy for now (another socket took it): next round
                elif not camera.is_up() and port in self._listeners:
                    self._close(port)
            for key, _events in self._selector.select(timeout=0.02):
                camera = self.cameras[key.data]
                if not camera.is_up():
                    continue
                try:
                    conn, address = key.fileobj.accept()
                except (BlockingIOError, OSError):
                    continue
                threading.Thread(target=self._handle, args=(camera, conn, address), daemon=True).start()
        for port in list(self._listeners):
            self._close(port)

    def _handle(self, camera, conn, address):
        conn.setblocking(True)
        conn.settimeout(120)
        if self.tls_context is not None:
            try:
                conn = self.tls_context.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError):
                conn.close()
                return
        handler = CameraHandler(camera, conn, address)
        handler.serve()


class ControlHandler(http.server.BaseHTTPRequestHandler):
    """The JSON control API of a fleet (see the module docstring); control_server gives it its fleet."""

    fleet = None

    def log_message(self, *_args):
        pass

    def _reply(self, status, data):
        body = json.dumps(data, indent=1).encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _camera(self):
        parts = self.path.strip('/').split('/')
        if parts[0] != 'cameras':
            return None, parts
        if len(parts) == 1:
            return self.fleet, parts
        camera = self.fleet.cameras.get(int(parts[1])) if parts[1].isdigit() else None
        return camera, parts

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        camera, _parts = self._camera()
        if camera is self.fleet:
            self._reply(200, [cam.state() for cam in self.fleet.cameras.values()])
        elif camera is None:
            self._reply(404, {'error': 'no such camera'})
        else:
            self._reply(200, camera.state())

    def do_POST(self):  # noqa: N802
        camera, parts = self._camera()
        length = int(self.headers.get('Content-Length') or 0)
        data = json.loads(self.rfile.read(length) or b'{}')
        if camera is self.fleet or (parts[1:2] == ['all'] and len(parts) <= 3):
            # The same call for every camera: POST /cameras/all[/reset] (a fleet of 1,000 in one request).
            replies = [self._change(each, parts, dict(data)) for each in self.fleet.cameras.values()]
            self._reply(max(status for status, _state in replies), {'changed': len(replies)})
            return
        if camera is None:
            self._reply(404, {'error': 'no such camera'})
            return
        self._reply(*self._change(camera, parts, data))

    @staticmethod
    def _change(camera, parts, data):
        """(status, reply) of a POST to one camera: an action (reset, reboot, events), or settings."""
        if parts[-1] == 'reset':
            with camera.lock:
                camera.counts.clear()
                camera.uploads.clear()
                camera.firmware_uploads.clear()
        elif parts[-1] == 'reboot':
            camera.reboot(new_version=data.get('version'), new_firmware=data.get('firmware'))
        elif parts[-1] == 'events':
            with camera.lock:
                for number in range(int(data.get('count', 1))):
                    camera.add_log('Motion Detected on region %d' % (number % 4 + 1))
        else:
            return ControlHandler._settings(camera, data)
        return 200, camera.state()

    @staticmethod
    def _settings(camera, data):
        """(status, reply) of a change of CAMERA's settings (keys of SETTINGS), and of its log ("log": [lines])."""
        log = data.pop('log', None)
        unknown = set(data) - set(SETTINGS)
        if unknown:
            return 400, {'error': 'unknown settings: %s' % sorted(unknown)}
        if (data.get('misbehave') or {}).get('how', 'huge') not in MISBEHAVIOURS:
            return 400, {'error': 'misbehave: how must be one of %s' % sorted(MISBEHAVIOURS)}
        with camera.lock:
            camera.settings.update(data)
            if 'version' in data:  # as if installed earlier: boots with it, and logs it
                camera.installed = data['version']
            if 'firmware' in data:  # the same for the firmware
                camera.firmware = data['firmware']
            if 'version' in data or 'firmware' in data:
                camera._boot()  # pylint: disable=protected-access
            if log is not None:  # the log as a test wants it, e.g. in a format of its own
                camera.log = list(log)
        return 200, camera.state()


def control_server(fleet, port, bind='127.0.0.1'):
    """The JSON control API of FLEET (see the module docstring), on PORT; not started."""
    server = http.server.ThreadingHTTPServer((bind, port), type('FleetControlHandler', (ControlHandler,),
                                                                {'fleet': fleet}))
    server.daemon_threads = True
    return server


def _serve(options):
    settings = {'version': options.version, 'reboot_seconds': options.reboot_seconds, 'bare_lf': options.bare_lf,
                'firmware': options.firmware}
    for fault in options.set or []:
        settings[fault.partition('=')[0]] = json.loads(fault.partition('=')[2])
    tls_context = None
    if options.tls_cert:
        tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_context.load_cert_chain(options.tls_cert, options.tls_key)
    fleet = Fleet(options.port, options.count, settings, bind=options.bind, tls_context=tls_context)
    control = control_server(fleet, options.control_port, bind=options.bind)
    fleet.start()
    threading.Thread(target=control.serve_forever, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
    print('READY %s' % json.dumps({'control_port': control.server_address[1], 'ports': sorted(fleet.cameras)}),
          flush=True)
    try:
        while True:
            time.sleep(3600)
    except (KeyboardInterrupt, SystemExit):
        control.shutdown()
        fleet.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    commands = parser.add_subparsers(dest='command', required=True)
    serve = commands.add_parser('serve', help='run simulated cameras')
    serve.add_argument('--bind', default='127.0.0.1')
    serve.add_argument('--port', type=int, default=8081, help='port of the first camera')
    serve.add_argument('--count', type=int, default=1, help='cameras, on consecutive ports')
    serve.add_argument('--control-port', type=int, default=0, help='JSON control API (0: any free port)')
    serve.add_argument('--version', default=SETTINGS['version'], help='PTZ image version at start')
    serve.add_argument('--firmware', default=SETTINGS['firmware'], help='firmware at start')
    serve.add_argument('--reboot-seconds', type=float, default=SETTINGS['reboot_seconds'])
    serve.add_argument('--bare-lf', action='store_true', help='end reply header lines with a bare LF')
    serve.add_argument('--tls-cert', help='serve HTTPS with this PEM certificate')
    serve.add_argument('--tls-key', help='and this PEM key')
    serve.add_argument('--set', action='append', metavar='NAME=JSON',
                       help='any setting of every camera, e.g. --set never_returns=true')
    image = commands.add_parser('make-image', help='write a synthetic PTZ image file')
    image.add_argument('--version', required=True)
    image.add_argument('--size', type=int, default=4096, help='payload bytes')
    image.add_argument('--seed', type=int, default=0)
    image.add_argument('--no-lf', action='store_true', help='no LF or CR bytes in the payload')
    image.add_argument('--out', required=True)
    firmware = commands.add_parser('make-firmware', help='write a synthetic firmware image file (and its MD5 file)')
    firmware.add_argument('--firmware', required=True, help='the full firmware string, e.g. A1D-500-V6.17.02-AC')
    firmware.add_argument('--size', type=int, default=4096, help='payload bytes')
    firmware.add_argument('--seed', type=int, default=0)
    firmware.add_argument('--no-lf', action='store_true', help='no LF or CR bytes in the payload')
    firmware.add_argument('--out', required=True)
    firmware.add_argument('--md5-out', help='write the MD5 file here, as md5sum does: "<hex>  <name>"')
    options = parser.parse_args(argv)
    if options.command == 'serve':
        _serve(options)
    elif options.command == 'make-firmware':
        write_firmware_image(options.out, options.firmware, options.size, options.seed, options.no_lf,
                             md5_path=options.md5_out)
        print(os.path.abspath(options.out))
    else:
        write_image(options.out, options.version, options.size, options.seed, options.no_lf)
        print(os.path.abspath(options.out))


if __name__ == '__main__':
    main()
