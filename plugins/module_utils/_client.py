# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""The one HTTP client of the collection: every request to a camera goes through CameraClient.

The camera's update CGI takes credentials only in the query string ("Type 1" URLs), so
the password is in every URL and in the upload's Referer. Every text this client lets
out (exception messages, device replies) passes through Redactor first.

A camera's reply is untrusted input: each is read as a bounded
stream (a ceiling on its bytes, no compression), within a deadline on the whole request, and
parsed in time linear in its size.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.client
import io
import json
import os
import re
import socket
import threading
import time
import traceback
import uuid
import warnings
from dataclasses import dataclass, field
from urllib.parse import quote, quote_plus, unquote, urljoin, urlsplit

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.exceptions import HTTPError as _Urllib3Error, InsecureRequestWarning
    from urllib3 import poolmanager
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

REDACTED = '********'
_PWD_IN_QUERY = re.compile(r'(PWD=)[^&\s\'"]*', re.IGNORECASE)
# ACTi's spec shows PTZ_VENDOR='SONY,VISCA', in places after "OK: ". The value is unquoted in Python, not by
# the pattern: a lazy group before optional quotes and blanks is quadratic on a long run of blanks.
_PTZ_VENDOR_REPLY = re.compile(r"^(?:OK:[ \t]*)?PTZ_VENDOR[ \t]*=(.*)$", re.IGNORECASE)
# Form field names go into multipart headers verbatim: anything else is refused.
_SAFE_FIELD_NAME = re.compile(r'^[A-Za-z0-9_.\-\[\]]+$')
# The image goes out in blocks of this size: with urllib3's 16 KiB reads, hashing and sending a 256 MB image
# to the simulator took 0.36 s instead of 0.31 s (curl -F: 0.33 to 0.35 s), most of it in hashing small blocks.
_SEND_BLOCK = 256 * 1024

# The most a reply may hold, in bytes. A real camera's are far smaller: its upload page about 500 bytes,
# SYSTEM_INFO and the PTZ reads a few hundred, a verdict 2 to 40, its system log tens of KB (a bounded
# buffer). Past the ceiling the request fails, naming it: the controller's memory stays flat whatever a
# camera sends. The log's ceiling is an option (max_log_bytes), the others are not.
REPLY_CEILING = 64 * 1024
DEFAULT_LOG_CEILING = 1024 * 1024
_READ_BLOCK = 64 * 1024
# How much of a reply an error or a warning quotes.
_EXCERPT_CHARACTERS = 200


def _reason(exc):
    """The cause of a requests error in a few words where there is one (errno, time-out), else its whole text.

    requests wraps the cause in two layers of pool and URL details that tell an operator nothing more.
    """
    text = str(exc)
    errno_text = re.search(r'\[Errno -?\d+\] [^\'")]+', text)
    if errno_text and not isinstance(exc, requests.exceptions.SSLError):
        return errno_text.group(0).strip()
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return 'timed out connecting'
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return 'timed out waiting for the reply'
    return text


def _excerpt(text):
    """The start of a reply on one line, to quote in an error (cut first: a reply may be 1 MiB of blanks)."""
    return ' '.join(text[:4 * _EXCERPT_CHARACTERS].split())[:_EXCERPT_CHARACTERS]


def _causes(exc):
    """EXC and every exception it wraps (arguments, cause, context): requests nests urllib3's, which nests
    http.client's."""
    seen, pending = [], [exc]
    while pending:
        each = pending.pop()
        if isinstance(each, BaseException) and not any(each is known for known in seen):
            seen.append(each)
            pending.extend(each.args)
            pending.extend((each.__cause__, each.__context__))
    return seen


# http.client's words for a CONNECT that the proxy answered with anything but 200 (urllib3 keeps them).
_TUNNEL_REFUSED = re.compile(r'Tunnel connection failed: (\d{3})\s*([^\'"()]*)')
_MARKUP = re.compile(r'<[^<>]*>')
# How much of a proxy's error page is read for the excerpt: its text comes after its head.
_PAGE_HEAD = 16 * 1024


def _proxy_name(proxy):
    """PROXY (a URL as the environment gives it) as scheme://host:port, without the user:password it may hold."""
    parts = urlsplit(proxy if '://' in proxy else 'http://' + proxy)
    host = parts.hostname or '?'
    try:
        port = parts.port
    except ValueError:
        port = None
    return '%s://%s%s' % (parts.scheme.lower(), '[%s]' % host if ':' in host else host, '' if port is None else
                          ':%d' % port)


def _proxy_redactor(proxy):
    """A Redactor of the password PROXY's URL holds (as given, and decoded), to apply to requests' texts."""
    parts = urlsplit(proxy if '://' in proxy else 'http://' + proxy)
    secrets = [secret for secret in (parts.password, unquote(parts.password or '')) if secret]
    redactors = [Redactor(secret) for secret in secrets]
    return lambda text: functools.reduce(lambda done, redact: redact(done), redactors, str(text))


def _page_text(page):
    """The text of an error page (a proxy's is HTML), on one line: tags and entities out."""
    return html.unescape(_MARKUP.sub(' ', page[:_PAGE_HEAD]))


def info_value(system_info, key):
    """The value of KEY in SYSTEM_INFO (a dict of its lines), its letter case aside (clients of ACTi cameras read the
    keys so), or None."""
    wanted = key.casefold()
    return next((value for name, value in (system_info or {}).items() if name.casefold() == wanted), None)


def has_ptz(system_info):
    """Whether SYSTEM_INFO says the camera has a PTZ: False for ``PTZ_IMAGE = NONE``, None without the key.

    Its PTZ_IMAGE is fixed (V1.1) on most models, so it tells nothing else (docs/docsite/rst/protocol.rst).
    """
    ptz_image = info_value(system_info, 'PTZ_IMAGE')
    return None if ptz_image is None else ptz_image.strip().upper() != 'NONE'


class CameraError(Exception):
    """Base of every failure CameraClient reports. Its text is already redacted."""


class CameraConnectionError(CameraError):
    """The camera could not be reached, or the connection failed before a reply."""


class CameraNotAnswering(CameraConnectionError):
    """No reply at all: connection refused or reset, closed without a reply, timed out (not a TLS failure).

    What a camera does while it reboots, and what a camera that is gone does forever.
    """


class ProxyCouldNotReach(CameraNotAnswering):
    """The request went through a proxy (one the environment names, use_proxy) and the proxy answered for the camera:
    an error page for a plain HTTP request, a refused CONNECT for HTTPS, or the proxy itself did not take the
    connection. A proxy answers so while the camera reboots: every wait waits through it, as through a camera that
    does not answer. The message names the proxy (scheme://host:port) and quotes what it said."""


class ProxyAuthenticationRequired(CameraConnectionError):
    """The proxy asked for credentials (HTTP 407, or 401 through a plain HTTP proxy): a configuration problem, not a
    camera that is down."""


class UploadInterrupted(CameraConnectionError):
    """The upload got no verdict: the connection failed once the POST had begun, or the camera answered before
    it had taken the whole image. Whether the camera took it is unknown."""


class CameraReplyError(CameraError):
    """The camera answered ``ERROR: <description>``; ``reply`` holds that text."""

    def __init__(self, reply):
        super().__init__(reply)
        self.reply = reply


class CameraProtocolError(CameraError):
    """The reply is not what an ACTi camera sends (HTTP error status, unknown body, bad form)."""


class ReplyTooLarge(CameraProtocolError):
    """The reply held more bytes than its ceiling, or came compressed: it was not read further."""


class ReplyTooSlow(CameraProtocolError):
    """The camera began its reply but did not finish it within the request's deadline (``timeout``)."""


class UnrecognisedVerdict(CameraProtocolError):
    """The camera answered the upload with neither ``OK`` nor ``ERROR: ...``; ``reply`` quotes it (redacted)."""

    def __init__(self, msg, reply):
        super().__init__(msg)
        self.reply = reply


def _escaped_forms(text):
    """TEXT as %r, JSON (ASCII or not) and HTML write it: a secret formatted so escapes a plain replace."""
    return {text, repr(text)[1:-1], json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1],
            html.escape(text), html.escape(text, quote=False)}


class Redactor:
    """Replaces a secret, in clear, in its URL-encoded forms and in their escaped forms, and any ``PWD=`` value."""

    def __init__(self, secret):
        variants = set()
        if secret:
            for encoded in (secret, quote(secret, safe=''), quote(secret), quote_plus(secret)):
                for form in (encoded, re.sub(r'%[0-9A-F]{2}', lambda m: m.group(0).lower(), encoded)):
                    variants.update(_escaped_forms(form))
        # Longest first, so that no shorter variant leaves part of a longer one behind.
        self._variants = sorted(variants, key=len, reverse=True)

    def __call__(self, text):
        text = str(text)
        for variant in self._variants:
            text = text.replace(variant, REDACTED)
        return _PWD_IN_QUERY.sub(r'\1' + REDACTED, text)

    def quote(self, text):
        return quote_reply(text, self)


def quote_reply(text, redact=str):
    """An excerpt of a reply, as %r writes it, for an error message, with REDACT applied before it is cut (a cut could
    halve the secret) and after it is formatted (%r escapes it)."""
    return redact('%r' % _excerpt(redact(text)))


def redact_values(data, redact):
    """DATA (a task's result) with REDACT applied to every string in it, keys left as they are."""
    if isinstance(data, str):
        return redact(data)
    if isinstance(data, dict):
        return {key: redact_values(value, redact) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [redact_values(value, redact) for value in data]
    return data


# The deadline of a request. requests' timeout bounds each socket operation, not a reply: a camera that sends a
# byte every half-second holds a request for ever. A watchdog thread shuts the request's sockets down when its
# deadline passes, which wakes whatever read or write is blocked on them (TLS included), and the request fails.

_CURRENT = threading.local()


class Deadline:
    """The time a request may take, ``seconds``, from its start, or from its last sign of progress (extend)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.expired = False
        self._until = time.monotonic() + seconds
        self._sockets = []
        self._lock = threading.Lock()
        self._over = threading.Event()
        self._thread = None

    def extend(self):
        """Progress: the request may take ``seconds`` from now."""
        self._until = time.monotonic() + self.seconds

    def watch(self, sock):
        """Shut SOCK's connection down when the deadline passes. A duplicate of its descriptor is kept: shutting
        that down ends the connection too, and works whether TLS wraps the socket later, or already did (a TLS
        socket cannot be duplicated)."""
        duplicate = socket.socket(fileno=os.dup(sock.fileno()))
        with self._lock:
            self._sockets.append(duplicate)
            if self.expired:
                _shut_down(duplicate)

    def __enter__(self):
        _CURRENT.deadline = self
        self._thread = threading.Thread(target=self._watch, name='acti-camera-deadline', daemon=True)
        self._thread.start()
        return self

    def _watch(self):
        while not self._over.wait(max(0.0, self._until - time.monotonic())):
            if time.monotonic() >= self._until:
                with self._lock:
                    self.expired = True
                    for sock in self._sockets:
                        _shut_down(sock)
                return

    def __exit__(self, *_exc_info):
        _CURRENT.deadline = None
        self._over.set()
        self._thread.join()
        for sock in self._sockets:
            sock.close()


def _shut_down(sock):
    with contextlib.suppress(OSError):   # already closed by the other end
        sock.shutdown(socket.SHUT_RDWR)


def _watched(connection_class):
    """CONNECTION_CLASS whose sockets the current request's Deadline watches."""

    class Watched(connection_class):
        def _new_conn(self):
            sock = super()._new_conn()
            _watch(sock)
            return sock

        def request(self, *args, **kwargs):
            if self.sock is not None:   # a connection kept alive from an earlier request
                _watch(self.sock)
            return super().request(*args, **kwargs)

    Watched.__name__ = 'Watched' + connection_class.__name__
    return Watched


def _watch(sock):
    deadline = getattr(_CURRENT, 'deadline', None)
    if deadline is not None:
        deadline.watch(sock)


if requests is not None:
    _WATCHED_POOLS = {
        'http': type('WatchedHTTPConnectionPool', (HTTPConnectionPool,), {'ConnectionCls': _watched(HTTPConnection)}),
        'https': type('WatchedHTTPSConnectionPool', (HTTPSConnectionPool,),
                      {'ConnectionCls': _watched(HTTPSConnection)}),
    }

    class _WatchedAdapter(HTTPAdapter):
        """requests' adapter, its connections watched by the request's Deadline."""

        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

        def proxy_manager_for(self, proxy, **proxy_kwargs):
            manager = super().proxy_manager_for(proxy, **proxy_kwargs)
            # A SOCKS proxy's manager has connection classes of its own, which must stay: there the deadline is
            # checked when the request ends (_send), and a trickled reply is not cut short.
            if manager.pool_classes_by_scheme is poolmanager.pool_classes_by_scheme:
                manager.pool_classes_by_scheme = _WATCHED_POOLS
            return manager


# The upload form, read in one pass over the page: HTMLParser is quadratic on unclosed constructs in the
# Pythons of 2025 and before (a 117 KB page of them took over a minute on 3.11), and the page is the camera's.

_TAG_START = re.compile(r'<(/?)([A-Za-z][A-Za-z0-9]*)')
_QUOTE_OR_END = re.compile(r'[>"\']')
_ATTRIBUTE = re.compile(r'''([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?''')
# Inputs a browser submits with their value, when named and not disabled ("successful controls" of HTML).
_NOT_SUBMITTED = ('file', 'submit', 'reset', 'button', 'image')


def _tag_end(page, position):
    """Where the tag whose attributes start at POSITION ends (its ``>`` outside quotes), or -1."""
    while True:
        found = _QUOTE_OR_END.search(page, position)
        if found is None:
            return -1
        if found.group() == '>':
            return found.start()
        position = page.find(found.group(), found.end())
        if position < 0:
            return -1
        position += 1


def _tags(page):
    """(name, closing, attributes) of each tag of PAGE in order, comments skipped; each character is read once.

    A tag or comment left open runs to the end of the page, as in a browser: nothing after it is markup.
    """
    position = 0
    while True:
        start = page.find('<', position)
        if start < 0:
            return
        if page.startswith('<!--', start):
            end = page.find('-->', start + 4)
            if end < 0:
                return
            position = end + 3
            continue
        tag = _TAG_START.match(page, start)
        if tag is None:
            position = start + 1
            continue
        end = _tag_end(page, tag.end())
        if end < 0:
            return
        attributes = {}
        for attribute in _ATTRIBUTE.finditer(page, tag.end(), end):
            value = next((group for group in attribute.groups()[1:] if group is not None), '')
            attributes.setdefault(attribute.group(1).lower(), html.unescape(value))
        yield tag.group(2).lower(), bool(tag.group(1)), attributes
        position = end + 1


@dataclass(frozen=True)
class UploadForm:
    """The parts of the camera's upload form that the POST depends on.

    ``fields`` is what a browser submits, in the form's order: (name, value) pairs, each file input's place
    given as (its name, None); ``file_fields`` names the file inputs in that order. The submit button is the
    first named one.
    """

    action: str
    file_fields: tuple
    submit_field: str
    submit_value: str
    fields: tuple


@dataclass(frozen=True)
class UploadPage:
    """The upload form a camera sent for COMMAND (``PTZ_IMAGE``, ``FIRMWARE``), and where it came from and posts to:
    what the POST needs, handed from CameraClient.upload_form to CameraClient.post_upload. Both URLs hold the
    password: they are left out of its repr."""

    command: str
    form: UploadForm
    form_url: str = field(repr=False)
    post_url: str = field(repr=False)


@dataclass(frozen=True)
class UploadFile:
    """What goes in one file input of the form: a file on disk (``path``) sent under ``filename``, as a browser
    names it; a path of None leaves the input empty, sent as a browser sends an empty one."""

    path: str | None
    filename: str = ''


def _submitted(control, attributes):
    """(name, value) that a browser submits for CONTROL (a tag name) besides the file and the clicked button, or
    None: named and not disabled inputs, checkboxes and radio buttons only when checked."""
    name, kind = attributes.get('name'), attributes.get('type', '').lower()
    if not name or 'disabled' in attributes:
        return None
    if kind in ('checkbox', 'radio'):
        return (name, attributes.get('value') or 'on') if 'checked' in attributes else None
    if control != 'input' or kind in _NOT_SUBMITTED:
        return None
    return name, attributes.get('value', '')


def _is_file_input(attributes):
    return attributes.get('type', '').lower() == 'file'


def _forms_with_a_file_input(page):
    """Each form of PAGE that has a file input: its attributes and its controls, (tag name, attributes) in order."""
    forms, current = [], None
    for name, closing, attributes in _tags(page):
        if name == 'form' and not closing:
            current = {'attributes': attributes, 'controls': []}
            forms.append(current)
        elif name == 'form':
            current = None
        elif name in ('input', 'button', 'select', 'textarea') and not closing and current is not None:
            current['controls'].append((name, attributes))
    return [form for form in forms if any(_is_file_input(attributes) for _name, attributes in form['controls'])]


def _form_problems(attributes, controls, submits):
    """What in the form (its ATTRIBUTES and CONTROLS) this collection cannot post as a browser would."""
    unsupported = [fields.get('name', '') for name, fields in controls
                   if name in ('select', 'textarea') and fields.get('name') and 'disabled' not in fields]
    problems = []
    if attributes.get('method', '').upper() != 'POST':
        problems.append('method is %r, not POST' % attributes.get('method', ''))
    if attributes.get('enctype', '').lower() != 'multipart/form-data':
        problems.append('enctype is %r, not multipart/form-data' % attributes.get('enctype', ''))
    if not attributes.get('action'):
        problems.append('it has no action')
    if not all(fields.get('name') for _name, fields in controls if _is_file_input(fields)):
        problems.append('a file input has no name')
    if not submits:
        problems.append('it has no named submit input')
    if unsupported:
        problems.append('it has select or textarea fields (%s), which this collection does not fill in'
                        % ', '.join(unsupported))
    return problems


def _submitted_fields(controls, clicked):
    """(name, value) of what a browser submits, in the form's order: each file input as (name, None)."""
    fields = []
    for name, control in controls:
        if control is clicked:
            fields.append((control['name'], control.get('value', '')))
        elif _is_file_input(control):
            fields.append((control.get('name', ''), None))
        elif (submitted := _submitted(name, control)) is not None:
            fields.append(submitted)
    return tuple(fields)


def parse_upload_form(page, redact=str, command='PTZ_IMAGE'):
    """Read the action, the file fields, the submit field and what else a browser sends from the upload page that
    the camera sent for COMMAND.

    Raises CameraProtocolError, naming what is missing, when the page is not such a form; REDACT is applied to
    the excerpt of the page it quotes.
    """
    forms = _forms_with_a_file_input(page)
    if len(forms) != 1:
        raise CameraProtocolError(
            'the camera did not send the %s upload form (%s form with a file input on the page): %s'
            % (command, 'no' if not forms else 'more than one', quote_reply(page, redact)))
    attributes, controls = forms[0]['attributes'], forms[0]['controls']
    submits = [fields for _name, fields in controls
               if fields.get('type', '').lower() == 'submit' and fields.get('name')]
    problems = _form_problems(attributes, controls, submits)
    fields = _submitted_fields(controls, submits[0] if submits else None)
    names = [field_name for field_name, _value in fields]
    if any(not _SAFE_FIELD_NAME.match(field_name) for field_name in names):
        problems.append('a field name has characters a multipart header cannot carry: %r' % names)
    if problems:
        raise CameraProtocolError(redact('the camera\'s upload form is not the expected one: %s'
                                         % '; '.join(problems)))
    return UploadForm(action=attributes['action'],
                      file_fields=tuple(name for name, value in fields if value is None),
                      submit_field=submits[0]['name'], submit_value=submits[0].get('value', ''), fields=fields)


class MultipartUploadBody:
    """A multipart/form-data body that reads its files from disk while it is sent.

    requests sends an iterable body of known length (``__len__``) as it is, with Content-Length
    (a generator, which has no length, would switch it to chunked transfer, which HTTP/1.0
    cameras reject), and urllib3 sends each block it yields: memory stays flat whatever the
    image size. It has no read(): urllib3 would read it in its own 16 KiB blocks instead.
    It has no tell(): requests would take a failing one for "length 0" and go chunked.

    The parts are the form's fields in its order (UploadForm.fields), FILES (UploadFile, one per file input, in the
    form's order) in the file inputs' places. ``digest`` (anything with update()) is fed the first file's bytes as
    they are sent: the image's checksum costs no second read of it.
    ``sent`` counts the bytes urllib3 has sent: it asks for the next block only once it has sent the last one,
    and it says nothing when a camera closes the connection early (it reads the reply the camera sent first).
    ``on_block`` is called after each block is sent.
    """

    def __init__(self, form, files, digest=None, on_block=None):
        boundary = '----acti-camera-' + uuid.uuid4().hex
        self.content_type = 'multipart/form-data; boundary=%s' % boundary
        self._segments, self._files, text, pending = [], [], [], list(files)
        self._digested = None   # the first file's stream, which DIGEST is fed
        for name, value in form.fields:
            if value is not None:
                text.append('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, name, value))
                continue
            upload = pending.pop(0)
            text.append('--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
                        'Content-Type: application/octet-stream\r\n\r\n' % (boundary, name, upload.filename))
            self._segments.append(''.join(text).encode('utf-8'))
            text = ['\r\n']
            if upload.path is not None:
                try:
                    stream = open(upload.path, 'rb')  # noqa: SIM115  pylint: disable=consider-using-with  # close()
                except OSError:
                    self.close()   # the files opened so far; the caller says which file could not be read
                    raise
                self._digested = stream if upload is files[0] else self._digested
                self._files.append(stream)
                self._segments.append(stream)
        self._segments.append((''.join(text) + '--%s--\r\n' % boundary).encode('utf-8'))
        self._length = sum(len(segment) if isinstance(segment, bytes) else segment.seek(0, io.SEEK_END)
                           for segment in self._segments)
        for stream in self._files:
            stream.seek(0)
        self._digest = digest
        self._on_block = on_block or (lambda: None)
        self.sent = 0

    def __len__(self):
        return self._length

    def _blocks(self):
        for segment in self._segments:
            if isinstance(segment, bytes):
                yield segment
                continue
            digest = self._digest if segment is self._digested else None
            for block in iter(lambda stream=segment: stream.read(_SEND_BLOCK), b''):
                if digest is not None:
                    digest.update(block)
                yield block

    def __iter__(self):
        for block in self._blocks():
            yield block
            self.sent += len(block)
            self._on_block()

    @property
    def sent_all(self):
        return self.sent == self._length

    def close(self):
        for stream in self._files:
            stream.close()


class CameraClient:
    """Speaks the ACTi camera's URL commands (docs/docsite/rst/protocol.rst) over one requests session."""

    def __init__(self, host, port, username, password, use_ssl=False, validate_certs=True,
                 ca_path=None, timeout=30.0, use_proxy=True, max_log_bytes=DEFAULT_LOG_CEILING):
        if requests is None:
            raise RuntimeError('requests is required')  # modules check first with missing_required_lib
        self.address = '%s:%d' % (host, port)
        netloc = '[%s]:%d' % (host, port) if ':' in host else self.address
        self.base_url = '%s://%s/cgi-bin/' % ('https' if use_ssl else 'http', netloc)
        self.timeout = timeout
        self.max_log_bytes = max_log_bytes
        self.redact = Redactor(password)
        self._credentials = 'USER=%s&PWD=%s' % (quote(username, safe=''), quote(password, safe=''))
        # Given with each request: requests lets REQUESTS_CA_BUNDLE override a session's verify.
        self._verify = ca_path if use_ssl and ca_path else validate_certs
        self.session = requests.Session()
        for scheme in ('http://', 'https://'):
            self.session.mount(scheme, _WatchedAdapter())
        # identity: requests asks for gzip by default and inflates it, so that a small reply could fill the memory.
        self.session.headers.update({'User-Agent': 'acti.camera', 'Accept-Encoding': 'identity'})
        # requests takes HTTP(S)_PROXY, ALL_PROXY and NO_PROXY (and REQUESTS_CA_BUNDLE, .netrc) from the
        # environment only while the session trusts it: a proxy would see the password in every URL.
        self.session.trust_env = use_proxy

    def _command_url(self, cgi, command):
        return '%s%s?%s&%s' % (self.base_url, cgi, self._credentials, command)

    def _send(self, method, url, what, ceiling=REPLY_CEILING, error=CameraConnectionError, timeout=None,
              deadline=None, **kwargs):
        """The reply's text (not redacted: the upload form may need what it holds), after the checks every reply
        gets: read within DEADLINE (``timeout`` from now by default), at most CEILING bytes, uncompressed,
        HTTP 200, not a lone ``ERROR:`` line (CameraReplyError). WHAT names the request in messages."""
        deadline = deadline or Deadline(self.timeout)
        proxy = self._proxy_for(url)
        try:
            # validate_certs=false is said once a task, as an Ansible warning (_tasks.Task.run), not once a request.
            with deadline, warnings.catch_warnings():
                warnings.simplefilter('ignore', InsecureRequestWarning)
                response = self.session.request(method, url, timeout=timeout or self.timeout, verify=self._verify,
                                                allow_redirects=False, stream=True, **kwargs)
                try:
                    data = self._bounded_body(response, what, ceiling)
                finally:
                    response.close()
        except (requests.exceptions.RequestException, _Urllib3Error, http.client.HTTPException, OSError) as exc:
            raise self._no_reply(exc, error, deadline, proxy) from None
        if deadline.expired:   # http.client takes a reply cut short by the shutdown for a whole one
            raise self._no_reply(None, error, deadline, proxy)
        body = data.decode('utf-8', 'replace')
        if response.status_code != 200 and proxy is not None and _forwarded(url, proxy):
            raise self._proxy_answered(response.status_code, response.reason, body, error, proxy)
        if response.status_code != 200:
            raise CameraProtocolError(self.redact(
                'the camera at %s answered HTTP %d %s, which ACTi cameras do not send (is another web server on '
                'that port?): %s' % (self.address, response.status_code, response.reason, self.redact.quote(body))))
        lines = [line for line in body.splitlines() if line.strip()]
        if len(lines) == 1 and lines[0].strip().upper().startswith('ERROR:'):
            raise CameraReplyError(self.redact(lines[0].strip()))
        return body

    def _bounded_body(self, response, what, ceiling):
        """The reply's bytes, read in blocks up to CEILING; ReplyTooLarge past it or for a compressed reply."""
        encoding = response.headers.get('Content-Encoding', '').strip().lower()
        if encoding not in ('', 'identity'):
            raise ReplyTooLarge(self.redact(
                'the camera at %s sent its reply to %s compressed (Content-Encoding: %s), which ACTi cameras do not '
                'and this collection did not ask for: refused unread' % (self.address, what, encoding[:40])))
        hint = ' (raise max_log_bytes if its log really is that large)' if what == 'SYSTEM_LOG' else ''
        too_large = ReplyTooLarge(self.redact(
            'the camera at %s sent more than %d bytes in reply to %s, the most this collection reads of it%s: '
            'refused' % (self.address, ceiling, what, hint)))
        declared = response.headers.get('Content-Length', '').strip()
        if declared.isdigit() and int(declared) > ceiling:
            raise too_large
        blocks, size = [], 0
        while True:
            block = response.raw.read(_READ_BLOCK, decode_content=False)
            if not block:
                return b''.join(blocks)
            size += len(block)
            if size > ceiling:
                raise too_large
            blocks.append(block)

    def _proxy_for(self, url):
        """The proxy that requests sends URL through, or None: Session.request's own decision (the environment's
        proxies only while the session trusts it, that is use_proxy; NO_PROXY as requests reads it)."""
        proxies = self.session.merge_environment_settings(url, {}, None, None, None)['proxies']
        return requests.utils.select_proxy(url, proxies)

    def _proxy_answered(self, status, reason, page, error, proxy):
        """The CameraError for a proxy that answered STATUS for the camera (its error PAGE, if any): a 407 is its
        configuration, anything else the camera out of its reach (ProxyCouldNotReach), what a reboot looks like."""
        said = 'HTTP %d %s' % (status, ' '.join(str(reason or '').split())[:80])
        if page.strip():
            # Unescaped first: a password written as HTML entities is redacted in the text it decodes to.
            said += ': %s' % self.redact.quote(_page_text(page))
        said = _proxy_redactor(proxy)(said)
        if status in (401, 407):   # tinyproxy answers wrong credentials with 401, none with 407
            return ProxyAuthenticationRequired(self.redact(
                'the proxy %s refused the request to the camera at %s: it answered %s; give the proxy\'s credentials '
                'in its URL (HTTP_PROXY, HTTPS_PROXY), or reach the camera without it (use_proxy: false, or NO_PROXY)'
                % (_proxy_name(proxy), self.address, said)))
        if error is CameraConnectionError:
            error = ProxyCouldNotReach
        return error(self.redact('no reply from the camera at %s through the proxy %s: the proxy answered %s'
                                 % (self.address, _proxy_name(proxy), said)))

    def _no_reply(self, exc, error, deadline, proxy=None):
        """The CameraError for a request that got no whole reply: EXC (None: the deadline cut the reply short);
        PROXY, the proxy it went through."""
        if proxy is not None and not deadline.expired and isinstance(exc, requests.exceptions.ProxyError):
            refused = next((_TUNNEL_REFUSED.search(str(cause)) for cause in _causes(exc)
                            if isinstance(cause, OSError) and _TUNNEL_REFUSED.search(str(cause))), None)
            if refused is not None:   # HTTPS: the proxy refused the CONNECT, its page unread by http.client
                return self._proxy_answered(int(refused.group(1)), refused.group(2), '', error, proxy)
            if error is CameraConnectionError:
                error = ProxyCouldNotReach
            if any(isinstance(cause, http.client.RemoteDisconnected) for cause in _causes(exc)):
                said = 'no reply from the camera at %s through the proxy %s: the proxy closed the connection without ' \
                    'a reply' % (self.address, _proxy_name(proxy))
            else:
                said = 'no reply from the camera at %s: no reply from the proxy %s: %s' % (
                    self.address, _proxy_name(proxy), _reason(exc))
            return error(self.redact(_proxy_redactor(proxy)(said)))
        through = '' if proxy is None else ' through the proxy %s' % _proxy_name(proxy)
        if deadline.expired:
            if exc is not None and any(isinstance(cause, http.client.RemoteDisconnected) for cause in _causes(exc)):
                reason = 'timed out waiting for the reply'   # not a byte of it within timeout, as a read time-out
                if error is CameraConnectionError:
                    error = CameraNotAnswering
            else:
                reason = 'its reply was not complete within timeout (%s s), the most one request may take' \
                    % deadline.seconds
                if error is CameraConnectionError:
                    error = ReplyTooSlow
        else:
            silent = (isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))
                      and not isinstance(exc, requests.exceptions.SSLError))
            if error is CameraConnectionError and silent:
                error = CameraNotAnswering
            reason = _reason(exc) if isinstance(exc, requests.exceptions.RequestException) else \
                'the reply broke off: %s' % (exc,)
        # requests quotes the whole URL, password included, in its messages (and the proxy's, user:password included).
        if proxy is not None:
            reason = _proxy_redactor(proxy)(reason)
        return error(self.redact('no reply from the camera at %s%s: %s' % (self.address, through, reason)))

    def command(self, cgi, command, timeout=None, ceiling=REPLY_CEILING):
        """Send one Type 1 URL command and return the reply text, redacted (CameraReplyError on ``ERROR:``)."""
        return self.redact(self._send('GET', self._command_url(cgi, command), command, ceiling=ceiling,
                                      timeout=timeout))

    def system_log(self, timeout=None):
        """The system log, one entry a line (at most max_log_bytes of it: ReplyTooLarge beyond)."""
        return [line for line in self.command('system', 'SYSTEM_LOG', timeout=timeout,
                                              ceiling=self.max_log_bytes).splitlines() if line.strip()]

    def system_info(self, timeout=None):
        """The ``Key = Value`` lines of SYSTEM_INFO, as a dict."""
        info = {}
        for line in self.command('system', 'SYSTEM_INFO', timeout=timeout).splitlines():
            key, sep, value = line.partition('=')
            if sep and key.strip():
                info[key.strip()] = value.strip()
        return info

    def ptz_vendor(self):
        """The PTZ vendor and protocol (``SONY,VISCA``) that the encoder CGI reports; read-only."""
        reply = self.command('encoder', 'PTZ_VENDOR').strip()
        vendor = _ptz_vendor_of(reply)
        if vendor is None:
            raise CameraProtocolError(self.redact('the camera answered PTZ_VENDOR with %s, not PTZ_VENDOR=\'...\''
                                                  % self.redact.quote(reply)))
        return vendor

    def ptz_position(self):
        """The reply to POSITION_GET (its format is not published); read-only, it never moves the camera."""
        return _excerpt(self.command('encoder', 'POSITION_GET'))

    def ptz_vendor_and_position(self):
        """PTZ_VENDOR and POSITION_GET in one request: (vendor, position reply), either None where the reply
        does not clearly hold that answer, so that the caller asks for it alone.

        ACTi's Type 1 URL takes several commands (``CGI?USER=..&PWD=..&CMD1&CMD2``); how a camera lays out
        the replies is not published. The vendor is the one line in PTZ_VENDOR's published form, and the
        position the other lines, when there are some and none is ``ERROR:``: a camera that answers only
        the first command, refuses the pair, or reports an error cannot be told apart from one whose PTZ
        fails, so none of those is taken as an answer.
        """
        try:
            lines = [line.strip() for line in self.command('encoder', 'PTZ_VENDOR&POSITION_GET').splitlines()
                     if line.strip()]
        except CameraReplyError:
            return None, None
        vendors = [vendor for vendor in map(_ptz_vendor_of, lines) if vendor is not None]
        if len(vendors) != 1:
            return None, None
        rest = [line for line in lines if _ptz_vendor_of(line) is None]
        if not rest or any(line.upper().startswith('ERROR:') for line in rest):
            return vendors[0], None
        return vendors[0], _excerpt('\n'.join(rest))

    def save_config(self):
        """Save the runtime configuration to flash, so it survives the reboot an upload causes."""
        reply = self.command('system', 'SAVE')
        if reply.strip() != 'OK':
            raise CameraProtocolError(self.redact('the camera answered SAVE with %s, not OK or ERROR'
                                                  % self.redact.quote(reply)))

    def upload_form(self, command):
        """Stages 1 and 2 of an upload (docs/docsite/rst/protocol.rst): fetch the form the update CGI sends for
        COMMAND (``PTZ_IMAGE``, ``FIRMWARE``) and read it. Nothing is written yet, and the camera does not reboot.
        Returns the UploadPage that post_upload takes."""
        form_url = self._command_url('update', command)
        form = parse_upload_form(self._send('GET', form_url, command), redact=self.redact, command=command)
        post_url = urljoin(form_url, form.action)
        if urlsplit(post_url)[:2] != urlsplit(form_url)[:2]:
            raise CameraProtocolError(self.redact(
                'the camera\'s upload form posts to another address (%s); the image is not sent there' % post_url))
        return UploadPage(command=command, form=form, form_url=form_url, post_url=post_url)

    def post_upload(self, page, files, digest=None):
        """Stages 3 and 4: POST FILES (UploadFile, one per file input of PAGE's form, in its order) as the form
        asks; return the camera's ``OK``.

        ``digest`` (a hashlib object, say) is fed the first file's bytes as they are sent.
        The camera reboots whatever happens here. Raises CameraReplyError with its ``ERROR:`` text;
        UploadInterrupted when the connection fails once the POST has begun, or the camera answers before it
        has taken the whole image (it may or may not have taken it); UnrecognisedVerdict for any other reply;
        CameraProtocolError, before anything is sent, for a form whose file inputs are not one per file.

        The image is sent as long as the camera takes it: each block (256 KiB) within ``timeout``. The verdict
        then has ``timeout`` from the last byte sent.
        """
        if len(files) != len(page.form.file_fields):
            raise CameraProtocolError(self.redact(
                'the camera\'s %s upload form has %d file inputs (%s), where this upload sends %d file%s: nothing '
                'was sent' % (page.command, len(page.form.file_fields), ', '.join(page.form.file_fields),
                              len(files), '' if len(files) == 1 else 's')))
        deadline = Deadline(self.timeout)
        body = MultipartUploadBody(page.form, files, digest, on_block=deadline.extend)
        try:
            reply = self._send('POST', page.post_url, 'the upload', error=UploadInterrupted, deadline=deadline,
                               data=body, headers={'Content-Type': body.content_type, 'Referer': page.form_url})
        finally:
            body.close()
        reply = self.redact(reply)
        if not body.sent_all:
            raise UploadInterrupted(self.redact(
                'the camera at %s answered %s before it had taken the whole image (%d of %d bytes sent), then closed '
                'the connection' % (self.address, self.redact.quote(reply), body.sent, len(body))))
        if reply.strip() != 'OK':
            quoted = self.redact.quote(reply)
            raise UnrecognisedVerdict(self.redact('the camera at %s answered the upload with %s, neither OK nor '
                                                  'ERROR' % (self.address, quoted)), quoted)
        return 'OK'


def _forwarded(url, proxy):
    """Whether PROXY forwards URL's request itself (an HTTP proxy and a plain HTTP URL), so that a status it sends
    may be its own: over HTTPS it only tunnels (CONNECT), and a SOCKS proxy always does."""
    scheme = (proxy.split('://', 1)[0] if '://' in proxy else 'http').lower()
    return url.lower().startswith('http://') and scheme in ('http', 'https')


def _ptz_vendor_of(line):
    """The vendor and protocol of a PTZ_VENDOR reply line (``[OK: ]PTZ_VENDOR='v,p'``), or None."""
    match = _PTZ_VENDOR_REPLY.match(line.strip())
    if match is None:
        return None
    value = match.group(1).strip()
    if value[:1] == "'" and value[-1:] == "'" and len(value) > 1:
        value = value[1:-1]
    elif value[:1] == "'" or value[-1:] == "'":
        value = value.strip("'")
    return None if "'" in value else value.strip()
