# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""Find the installed PTZ image version in an ACTi camera's system log.

ACTi does not publish the PTZ log line. The protocol page (docs/docsite/rst/protocol.rst) expects variations of
``PTZ Image Version <version>``: an optional timestamp prefix, ``PTZ_IMAGE`` for
``PTZ Image``, any letter case, ``:`` or ``=`` or a space before the version, and a
log that runs oldest-first or newest-first. The newest entry is the installed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ansible_collections.acti.camera.plugins.module_utils._version import comparable_version

# Linear on any line: blanks, a separator and blanks, or blanks alone, before the version. The same language
# as "\s*[:=]?\s*", which is quadratic on a long run of blanks (40 KB of them took 9.9 CPU s).
DEFAULT_VERSION_PATTERN = r'PTZ[ _]IMAGE[ _]+VERSION(?:\s*[:=]\s*|\s+)?(?P<version>[^\s,;]+)'
# Each log line is cut to this many characters before any pattern sees it, the user's own included: a real
# entry is under 200, and a pattern's cost on a line grows with the line.
MAX_LINE = 1024

_MONTHS = ('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec')

# A timestamp at the start of a line, optionally in brackets: "2026-11-23 10:00:01",
# "2026/11/23T10:00", "[2026-11-23 10:00:01]", or syslog's "Nov 23 10:00:01".
_ISO_TIMESTAMP = re.compile(
    r'^\W*(?P<y>\d{4})[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})[ T_]+'
    r'(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?'
)
_SYSLOG_TIMESTAMP = re.compile(
    r'^\W*(?P<mon>[A-Za-z]{3})\s+(?P<d>\d{1,2})\s+(?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2})'
)


class VersionPatternError(ValueError):
    """The user's version_pattern is not a usable regular expression."""


def compile_version_pattern(pattern):
    """Compile ``pattern`` (or the default), requiring a named group ``version``."""
    try:
        compiled = re.compile(pattern or DEFAULT_VERSION_PATTERN, re.IGNORECASE)
    except re.error as exc:
        raise VersionPatternError('version_pattern is not a valid regular expression: %s' % exc) from None
    if 'version' not in compiled.groupindex:
        raise VersionPatternError(
            'version_pattern must contain a named group "version", for example %s' % DEFAULT_VERSION_PATTERN)
    return compiled


def parse_timestamp(line):
    """Return a sortable tuple for a timestamp that starts ``line``, or None."""
    match = _ISO_TIMESTAMP.match(line)
    if match:
        return tuple(int(match.group(k) or 0) for k in ('y', 'mo', 'd', 'h', 'mi', 's'))
    match = _SYSLOG_TIMESTAMP.match(line)
    if match and match.group('mon').lower() in _MONTHS:
        # No year in syslog stamps: sorts correctly within one year, which is what one log spans.
        month = _MONTHS.index(match.group('mon').lower()) + 1
        return (0, month) + tuple(int(match.group(k)) for k in ('d', 'h', 'mi', 's'))
    return None


@dataclass(frozen=True)
class LogReading:
    """What the system log says about the PTZ image."""

    version: str | None
    # Every matching line in log order. A boot logs a new entry, so a change here is a boot marker.
    entries: tuple = ()
    warnings: list = field(default_factory=list)


def _log_runs_newest_first(lines):
    """Tell the log's direction from its timestamps: True, False, or None when unknown."""
    stamps = [ts for ts in (parse_timestamp(line) for line in lines) if ts is not None]
    if len(set(stamps)) < 2:
        return None
    pairs = list(zip(stamps[:-1], stamps[1:], strict=True))
    if all(a <= b for a, b in pairs):
        return False
    if all(a >= b for a, b in pairs):
        return True
    return None


def read_ptz_version(lines, pattern=None):
    """Return a LogReading with the newest PTZ image version found in ``lines``.

    ``pattern`` is a compiled pattern from compile_version_pattern, or None for the default.
    """
    pattern = pattern or compile_version_pattern(None)
    lines = [line[:MAX_LINE] for line in lines]
    entries = []
    for line in lines:
        match = pattern.search(line)
        if match and match.group('version'):
            entries.append((line, match.group('version'), parse_timestamp(line)))
    if not entries:
        return LogReading(version=None)

    warnings = []
    newest_first = _log_runs_newest_first(lines)
    if all(ts is not None for _line, _version, ts in entries):
        # Ties in time keep log order, read in the log's direction.
        ordered = sorted(
            enumerate(entries),
            key=lambda item: (item[1][2], -item[0] if newest_first else item[0]),
        )
        newest = ordered[-1][1]
    else:
        if newest_first is None and len({comparable_version(v) for _line, v, _ts in entries}) > 1:
            warnings.append(
                'The system log holds several PTZ image versions and no timestamps that tell its '
                'direction; assumed oldest-first (newest entry last), which gives version %s.' % entries[-1][1])
        newest = entries[0] if newest_first else entries[-1]
    return LogReading(
        version=newest[1],
        entries=tuple(line for line, _version, _ts in entries),
        warnings=warnings,
    )
