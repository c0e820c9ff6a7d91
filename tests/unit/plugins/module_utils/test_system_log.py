# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.acti.camera.plugins.module_utils._system_log import (
    VersionPatternError,
    compile_version_pattern,
    parse_timestamp,
    read_ptz_version,
)


@pytest.mark.parametrize('line', [
    'PTZ Image Version 2.1.0',
    'PTZ_IMAGE Version 2.1.0',
    'ptz image version 2.1.0',
    'PTZ Image Version: 2.1.0',
    'PTZ Image Version=2.1.0',
    'PTZ Image Version = 2.1.0',
    'PTZ_IMAGE_VERSION:2.1.0',
    '2026-11-23 10:00:01 PTZ Image Version 2.1.0',
    '[2026/11/23 10:00:01] PTZ Image Version 2.1.0',
    'Nov 23 10:00:01 camera PTZ Image Version 2.1.0',
])
def test_default_pattern_reads_every_published_variant(line):
    assert read_ptz_version(['Bootloader Version 118', line, 'Storage Media: SD Found']).version == '2.1.0'


@pytest.mark.parametrize('line', [
    'PTZ_IMAGE = V1.1',                            # a SYSTEM_INFO line: not the library version
    'Bootloader Version 118',
    'ISP Firmware Version ISP-F-AANP-VC.01.02',
])
def test_default_pattern_ignores_other_version_lines(line):
    assert read_ptz_version([line]).version is None


def test_no_ptz_line_gives_none_and_no_entries():
    reading = read_ptz_version(['Bootloader Version 118'])
    assert reading.version is None
    assert reading.entries == ()


def test_timestamps_decide_in_an_oldest_first_log():
    log = ['2026-01-01 00:00:00 PTZ Image Version 1.0', '2026-02-01 00:00:00 PTZ Image Version 2.0']
    assert read_ptz_version(log).version == '2.0'


def test_timestamps_decide_in_a_newest_first_log():
    log = ['2026-02-01 00:00:00 PTZ Image Version 2.0', '2026-01-01 00:00:00 PTZ Image Version 1.0']
    assert read_ptz_version(log).version == '2.0'


def test_timestamps_beat_order_when_the_log_is_shuffled():
    log = ['2026-01-05 00:00:00 PTZ Image Version 1.5', '2026-03-01 00:00:00 PTZ Image Version 3.0',
           '2026-02-01 00:00:00 PTZ Image Version 2.0']
    assert read_ptz_version(log).version == '3.0'


def test_untimestamped_ptz_lines_follow_the_direction_other_lines_show():
    newest_first = ['2026-02-01 00:00:02 Storage Media: SD Found', 'PTZ Image Version 2.0',
                    '2026-01-01 00:00:02 Storage Media: SD Found', 'PTZ Image Version 1.0']
    reading = read_ptz_version(newest_first)
    assert reading.version == '2.0'
    assert reading.warnings == []
    assert read_ptz_version(list(reversed(newest_first))).version == '2.0'


def test_no_timestamps_at_all_assumes_oldest_first_and_says_so():
    reading = read_ptz_version(['PTZ Image Version 1.0', 'PTZ Image Version 2.0'])
    assert reading.version == '2.0'
    assert len(reading.warnings) == 1
    assert 'oldest-first' in reading.warnings[0]


def test_repeated_same_version_without_timestamps_warns_nothing():
    reading = read_ptz_version(['PTZ Image Version 2.0', 'PTZ Image Version v2.0'])
    assert reading.warnings == []
    assert reading.entries == ('PTZ Image Version 2.0', 'PTZ Image Version v2.0')


def test_equal_timestamps_keep_log_order():
    log = ['2026-01-01 00:00:00 PTZ Image Version 1.0', '2026-01-01 00:00:00 PTZ Image Version 2.0']
    assert read_ptz_version(log).version == '2.0'


def test_syslog_timestamps_order_within_a_year():
    log = ['Dec 01 00:00:00 PTZ Image Version 2.0', 'Mar 01 00:00:00 PTZ Image Version 1.0']
    assert parse_timestamp(log[0]) > parse_timestamp(log[1])
    assert read_ptz_version(log).version == '2.0'


def test_user_pattern_overrides_the_default():
    pattern = compile_version_pattern(r'PTZ lib rev=(?P<version>\S+)')
    log = ['PTZ Image Version 9.9', 'PTZ lib rev=2.1.0']
    assert read_ptz_version(log, pattern).version == '2.1.0'


def test_invalid_regex_is_refused_with_the_reason():
    with pytest.raises(VersionPatternError, match='not a valid regular expression'):
        compile_version_pattern('PTZ (?P<version>')


def test_pattern_without_version_group_is_refused():
    with pytest.raises(VersionPatternError, match='named group "version"'):
        compile_version_pattern(r'PTZ Image Version (\S+)')
