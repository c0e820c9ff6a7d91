# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""Sending one request to a camera and reading its reply as untrusted input: Transport.

A camera's reply is read as a bounded stream (a ceiling on its bytes, no compression), within a deadline on the
whole request (Deadline), and every way a request can fail becomes one of the errors of module_utils/_errors.py,
its message redacted. A proxy that answers for a camera it cannot reach is told apart from the camera.

Nothing here knows the camera's commands (module_utils/_client.py builds the URLs and reads the replies): this is
the part that speaks HTTP, and the only one that imports requests.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.client
import os
import re
import socket
import threading
import time
import traceback
import warnings
from urllib.parse import unquote, urlsplit

from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraConnectionError,
    CameraNotAnswering,
    CameraProtocolError,
    CameraReplyError,
    ProxyAuthenticationRequired,
    ProxyCouldNotReach,
    ReplyTooLarge,
    ReplyTooSlow,
)
from ansible_collections.acti.camera.plugins.module_utils._redaction import Redactor

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

# The most a reply may hold, in bytes. A real camera's are far smaller: its upload page about 500 bytes,
# SYSTEM_INFO and the PTZ reads a few hundred, a verdict 2 to 40, its system log tens of KB (a bounded
# buffer). Past the ceiling the request fails, naming it: the controller's memory stays flat whatever a
# camera sends. The log's ceiling is an option (max_log_bytes), the others are not.
REPLY_CEILING = 64 * 1024
_READ_BLOCK = 64 * 1024


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


def _forwarded(url, proxy):
    """Whether PROXY forwards URL's request itself (an HTTP proxy and a plain HTTP URL), so that a status it sends
    may be its own: over HTTPS it only tunnels (CONNECT), and a SOCKS proxy always does."""
    scheme = (proxy.split('://', 1)[0] if '://' in proxy else 'http').lower()
    return url.lower().startswith('http://') and scheme in ('http', 'https')


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
            # checked when the request ends (Transport.send), and a trickled reply is not cut short.
            if manager.pool_classes_by_scheme is poolmanager.pool_classes_by_scheme:
                manager.pool_classes_by_scheme = _WATCHED_POOLS
            return manager


class Transport:
    """One requests session to one camera: ``send`` makes one request within a deadline and returns its reply's
    text, read bounded, or raises the CameraError that says what went wrong, its message redacted by REDACT.
    ADDRESS (host:port) names the camera in those messages."""

    def __init__(self, address, redact, timeout, verify, use_proxy):
        if requests is None:
            raise RuntimeError('requests is required')  # modules check first with missing_required_lib
        self.address = address
        self.redact = redact
        self.timeout = timeout
        # Given with each request: requests lets REQUESTS_CA_BUNDLE override a session's verify.
        self._verify = verify
        self.session = requests.Session()
        for scheme in ('http://', 'https://'):
            self.session.mount(scheme, _WatchedAdapter())
        # identity: requests asks for gzip by default and inflates it, so that a small reply could fill the memory.
        self.session.headers.update({'User-Agent': 'acti.camera', 'Accept-Encoding': 'identity'})
        # requests takes HTTP(S)_PROXY, ALL_PROXY and NO_PROXY (and REQUESTS_CA_BUNDLE, .netrc) from the
        # environment only while the session trusts it: a proxy would see the password in every URL.
        self.session.trust_env = use_proxy

    def send(self, method, url, what, ceiling=REPLY_CEILING, error=CameraConnectionError, timeout=None,
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
