# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""What differs between the images the camera's update CGI takes, one small piece per kind of image.

The upgrade's flow (module_utils/_tasks.py, ``_Upgrade``) is the same for every image: first look, decide,
pre-checks, form, streamed POST, verdict, wait, verify, one outcome. It asks its ImageKind the rest: the form's
command, the files it takes, where the installed version is read and how it compares, the checks before the
upload. docs/docsite/rst/protocol.rst has each fact's source.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ansible_collections.acti.camera.plugins.module_utils._client import info_value
from ansible_collections.acti.camera.plugins.module_utils._connection import InvalidOption
from ansible_collections.acti.camera.plugins.module_utils._outcome import Failure
from ansible_collections.acti.camera.plugins.module_utils._system_log import LogReading
from ansible_collections.acti.camera.plugins.module_utils._upload import UploadFile
from ansible_collections.acti.camera.plugins.module_utils._version import comparable_version, is_downgrade, same_version
from ansible_collections.acti.camera.plugins.module_utils._wait import Look, ptz_log_look

# The file name the user's capture of the camera's own web page sends for the PTZ image; the camera reads the
# image from the part, but a browser always names the file, so we do too.
PTZ_IMAGE_FILENAME = 'ACTIPT.BIN'
# "In PlatformW and PlatformA devices, the MD5 file is needed ... PlatformT and PlatformK devices don't use MD5."
# Any other platform (one not named, or named in a form not published) is taken for one that needs it.
PLATFORMS_WITHOUT_MD5 = ('T', 'K')
# The MD5 file ACTi ships holds the image's digest; its layout is not published: its first 32 hexadecimal digits.
_MD5_IN_FILE = re.compile(r'(?<![0-9A-Fa-f])([0-9A-Fa-f]{32})(?![0-9A-Fa-f])')
_MD5_FILE_CEILING = 4096
_FIRMWARE_VERSION_TOKEN = re.compile(r'^([VvAa])(\d+(?:\.\d+)*)\Z')
# What each ERROR of a firmware upload means, as ACTi's spec describes the update CGI's errors.
_FIRMWARE_ERRORS = {
    'firmware image': 'the image is corrupted, or it does not match its MD5 file: check both against the vendor\'s',
    'firmware version': 'the firmware is not for this model or platform',
    'firmware type': 'the image\'s type (AC, NB) is not the camera\'s',
}


# How many of the log lines that mention PTZ a result quotes: enough to write a version_pattern from.
_MENTIONS = 5


def ptz_mentions(client, lines):
    """The last few log lines that mention PTZ, redacted: what an operator writes a version_pattern from."""
    return [client.redact(line) for line in lines if 'ptz' in line.lower()][-_MENTIONS:]


class PtzImage:
    """The PTZ library image: ``update?PTZ_IMAGE``, one file input; its version is the system log's PTZ line."""

    name = 'PTZ image'
    command = 'PTZ_IMAGE'
    read_from = 'system log'
    # The key of a result (and of its diff) that holds the installed version.
    version_key = 'ptz_image_version'
    # A boot logs a PTZ entry: a new one proves the reboot, besides an outage.
    boot_proof = 'no new PTZ entry in its system log'
    new_marker = 'a new PTZ line in its system log'

    @staticmethod
    def markers_before(params):
        """What wait_for_camera is given of the camera before its reboot that a boot changes: the PTZ log entries."""
        return params['ptz_log_entries']

    @staticmethod
    def look(client, pattern):
        return ptz_log_look(client, pattern)

    @staticmethod
    def same(installed, target):
        return same_version(installed, target)

    @staticmethod
    def downgrade(installed, target):
        return is_downgrade(installed, target)

    @staticmethod
    def files(params):
        return [UploadFile(params['src'], PTZ_IMAGE_FILENAME)]

    @staticmethod
    def refusal(_upgrade):
        """Nothing the first look can refuse: the PTZ image's checks need SYSTEM_INFO (look_before_upload)."""

    @staticmethod
    def refuses_a_camera_without_ptz():
        return True

    @staticmethod
    def check_options(_context):
        """Its options are checked by the flow's own checks (src, sha256, version_pattern)."""

    @staticmethod
    def result_keys():
        return dict(ptz_log_entries=[], ptz_log_mentions=[])

    @staticmethod
    def first_looked(upgrade, looked):
        upgrade.result['ptz_log_entries'] = list(looked.reading.entries)
        upgrade.result['ptz_log_mentions'] = ptz_mentions(upgrade.client, looked.lines)

    @staticmethod
    def unknown_version_message(upgrade):
        mentions = upgrade.result['ptz_log_mentions']
        quoted = '; '.join(repr(line) for line in mentions) if mentions else 'none'
        return ('the installed PTZ image version of the camera at %s is unknown: no line of its system log matches '
                'version_pattern, so nothing was uploaded. Either its boot entries have rotated out of the log (a '
                'camera that has run for months; the next boot logs the version again), or it writes its PTZ line in '
                'a form the pattern does not match. Log lines that mention PTZ: %s. Set version_pattern to read them, '
                'or on_unknown_version=upload (or force=true) to upload anyway' % (upgrade.client.address, quoted))

    @staticmethod
    def explain(_reply):
        return ''


@dataclass(frozen=True)
class FirmwareVersion:
    """SYSTEM_INFO's ``Firmware Version`` (``A1D-500-V6.17.02-AC``): the model / platform prefix, the version token
    (``V6.17.02``, A-series ``A2.08.03``), the type (``AC``, ``NB``); any of them None where the text has none."""

    text: str
    prefix: str | None
    token: str | None
    type: str | None

    @property
    def numbers(self):
        """The version's dotted numbers without the series letter, or the whole text where it has no version token."""
        return _FIRMWARE_VERSION_TOKEN.match(self.token).group(2) if self.token else self.text

    @property
    def series(self):
        return self.token[0].upper() if self.token else None


def parse_firmware_version(text):
    """The FirmwareVersion of TEXT, or None for None. The version token is the last ``-``-separated one that is a
    ``V`` or ``A`` and dotted numbers (an open-source VMS's ACTi driver reads it so); a bare ``6.17.02`` is one."""
    if text is None:
        return None
    text = str(text).strip()
    tokens = text.split('-')
    found = [index for index, token in enumerate(tokens) if _FIRMWARE_VERSION_TOKEN.match(token)]
    if not found:
        bare = re.match(r'^\d+(?:\.\d+)*\Z', text)
        return FirmwareVersion(text, None, 'V' + text if bare else None, None)
    index = found[-1]
    return FirmwareVersion(text, '-'.join(tokens[:index]) or None, tokens[index], '-'.join(tokens[index + 1:]) or None)


def _firmware_comparable(installed, target):
    """(installed, target) as the version rule compares them, or None where they cannot be the same firmware: their
    series letters, model prefixes or types differ where both name one."""
    mine, theirs = parse_firmware_version(installed), parse_firmware_version(target)
    if mine is None or theirs is None:
        return None
    for part in ('prefix', 'type'):
        have, want = getattr(mine, part), getattr(theirs, part)
        if have is not None and want is not None and have.casefold() != want.casefold():
            return None
    bare_target = re.match(r'^\d', str(target).strip()) is not None
    if mine.series and theirs.series and mine.series != theirs.series and not bare_target:
        return None
    return mine.numbers, theirs.numbers


def firmware_marker(version):
    """What tells one firmware from another in a reboot's proof: its version's numbers, as the version rule compares
    them, so that a version_before written V6.13.17 is the camera's A1D-500-V6.13.17-AC, not another firmware."""
    return comparable_version(parse_firmware_version(version).numbers)


def checked_md5_file(context):
    """The MD5 digest that md5_src holds, checked against src's own (context.digest: once per run in the worker), or
    None without md5_src; InvalidOption, before any request, for a file that holds none or another image's."""
    params = context.params
    md5_src = params['md5_src']
    if md5_src is None:
        return None
    try:
        with open(md5_src, 'rb') as stream:
            text = stream.read(_MD5_FILE_CEILING + 1)
    except OSError as exc:
        raise InvalidOption('cannot read md5_src %s: %s' % (md5_src, exc.strerror or exc)) from None
    found = _MD5_IN_FILE.search(text[:_MD5_FILE_CEILING].decode('ascii', 'replace'))
    if len(text) > _MD5_FILE_CEILING or found is None:
        raise InvalidOption('md5_src %s holds no MD5 digest (32 hexadecimal digits in its first %d bytes): is it the '
                            'MD5 file shipped with the firmware?' % (md5_src, _MD5_FILE_CEILING))
    try:
        actual = context.digest(params['src'], 'md5')
    except OSError as exc:
        raise InvalidOption('cannot read src %s: %s' % (params['src'], exc.strerror or exc)) from None
    if found.group(1).lower() != actual:
        raise InvalidOption('md5_src %s holds the MD5 %s, but src %s has MD5 %s: the MD5 file is another image\'s, '
                            'and the camera would refuse the upload (ERROR: firmware image)'
                            % (md5_src, found.group(1).lower(), params['src'], actual))
    return actual


class Firmware:
    """The camera's firmware: ``update?FIRMWARE``, file inputs for the image and its MD5 file; its version is
    SYSTEM_INFO's ``Firmware Version``. The camera saves its configuration before it reboots."""

    name = 'firmware'
    command = 'FIRMWARE'
    read_from = 'SYSTEM_INFO'
    version_key = 'firmware_version'
    # Another firmware than before proves the reboot, besides an outage (what the camera logs at boot is not
    # published): a reboot shorter than a poll, or seen late by a busy controller, still ends the wait.
    boot_proof = 'no other firmware'
    new_marker = 'another firmware than before'

    @staticmethod
    def markers_before(params):
        """The firmware before the reboot (wait_for_camera's version_before), which a new firmware's boot changes."""
        return (firmware_marker(params['version_before']),) if params['version_before'] else None

    @staticmethod
    def look(client, _pattern):
        def look(timeout=None):
            info = client.system_info(timeout=timeout)
            version = info_value(info, 'Firmware Version')
            return Look(LogReading(version=version, entries=(firmware_marker(version),) if version else ()), info=info)
        return look

    @staticmethod
    def same(installed, target):
        comparable = _firmware_comparable(installed, target)
        return comparable is not None and same_version(*comparable)

    @staticmethod
    def downgrade(installed, target):
        comparable = _firmware_comparable(installed, target)
        return comparable is not None and is_downgrade(*comparable)

    @staticmethod
    def files(params):
        md5_src = params['md5_src']
        return [UploadFile(params['src'], os.path.basename(params['src'])),
                UploadFile(md5_src, os.path.basename(md5_src) if md5_src else '')]

    @staticmethod
    def refuses_a_camera_without_ptz():
        return False

    @staticmethod
    def check_options(context):
        checked_md5_file(context)

    @staticmethod
    def result_keys():
        return dict(platform=None)

    @staticmethod
    def first_looked(upgrade, looked):
        upgrade.result['platform'] = info_value(looked.info, 'Platform')

    @staticmethod
    def unknown_version_message(upgrade):
        return ('the installed firmware of the camera at %s is unknown: its SYSTEM_INFO has no Firmware Version line, '
                'so nothing was uploaded (force=true uploads anyway)' % upgrade.client.address)

    @staticmethod
    def explain(reply):
        """What an ERROR of the firmware upload likely means (ACTi's descriptions of the update CGI's errors)."""
        meaning = _FIRMWARE_ERRORS.get(reply.partition(':')[2].strip().casefold())
        return ' (%s)' % meaning if meaning else ''

    @classmethod
    def refusal(cls, upgrade):
        """Failure, before anything is sent, for an image that does not suit the camera the first look read."""
        params, info = upgrade.context.params, upgrade.first_info
        installed = parse_firmware_version(upgrade.before.version)
        target = parse_firmware_version(upgrade.target) if upgrade.target is not None else None
        platform = re.sub(r'^PLATFORM\s*', '', (info_value(info, 'Platform') or '').strip().upper())
        if params['md5_src'] is None and platform not in PLATFORMS_WITHOUT_MD5:
            raise Failure('invalid_input', 'the camera at %s is %s, which checks the firmware against its MD5 file: '
                                           'give md5_src (the .md5 file shipped with the image); nothing was uploaded'
                          % (upgrade.client.address, 'a Platform%s camera' % platform if platform else
                             'of a platform its SYSTEM_INFO does not name (only T and K go without the MD5 file)'))
        if target is not None and installed is not None and not params['force']:
            for part, name in (('prefix', 'model'), ('type', 'type')):
                want, have = getattr(target, part), getattr(installed, part)
                if want is not None and have is not None and want.casefold() != have.casefold():
                    raise Failure('invalid_input', 'the firmware %s is for %s %s, but the camera at %s runs %s (%s '
                                                   '%s): nothing was uploaded (force=true uploads anyway)'
                                  % (upgrade.target, name, want, upgrade.client.address, installed.text, name, have))
        if upgrade.downgrade and not params['allow_downgrade']:
            raise Failure('downgrade_refused', 'the camera at %s runs firmware %s, above %s: nothing was uploaded; a '
                                               'downgrade needs allow_downgrade=true (ACTi asks that its support be '
                                               'consulted first)' % (upgrade.client.address, installed.text,
                                                                     upgrade.target))
