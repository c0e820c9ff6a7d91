# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""The one HTTP client of the collection: every request to a camera goes through CameraClient.

The camera's update CGI takes credentials only in the query string ("Type 1" URLs), so
the password is in every URL and in the upload's Referer. Every text this client lets
out (exception messages, device replies) passes through Redactor first.
"""

from __future__ import annotations

import io
import re
import traceback
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, quote_plus, urljoin, urlsplit

REQUESTS_IMPORT_ERROR = None
try:
    import requests
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

# The file name the user's capture of the camera's own web page sends; the camera
# reads the image from the part, but a browser always names the file, so we do too.
UPLOAD_FILENAME = 'ACTIPT.BIN'
REDACTED = '********'
_PWD_IN_QUERY = re.compile(r'(PWD=)[^&\s\'"]*', re.IGNORECASE)
# ACTi's spec shows PTZ_VENDOR='SONY,VISCA', in places after "OK: ".
_PTZ_VENDOR_REPLY = re.compile(r"^(?:OK:\s*)?PTZ_VENDOR\s*=\s*'?([^']*?)'?\s*$", re.IGNORECASE)
# Form field names go into multipart headers verbatim: anything else is refused.
_SAFE_FIELD_NAME = re.compile(r'^[A-Za-z0-9_.\-\[\]]+$')
# The image goes out in blocks of this size: with urllib3's 16 KiB reads, hashing and sending a 256 MB image
# to the simulator took 0.36 s instead of 0.31 s (curl -F: 0.33 to 0.35 s), most of it in hashing small blocks.
_SEND_BLOCK = 256 * 1024


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
    """The start of a reply on one line, to quote in an error."""
    return ' '.join(text.split())[:200]


def has_ptz(system_info):
    """Whether SYSTEM_INFO says the camera has a PTZ: False for ``PTZ_IMAGE = NONE``, None without the key.

    Its PTZ_IMAGE is fixed (V1.1) on most models, so it tells nothing else (PROTOCOL.md).
    """
    ptz_image = system_info.get('PTZ_IMAGE')
    return None if ptz_image is None else ptz_image.strip().upper() != 'NONE'


class CameraError(Exception):
    """Base of every failure CameraClient reports. Its text is already redacted."""


class CameraConnectionError(CameraError):
    """The camera could not be reached, or the connection failed before a reply."""


class CameraNotAnswering(CameraConnectionError):
    """No reply at all: connection refused or reset, closed without a reply, timed out (not a TLS failure).

    What a camera does while it reboots, and what a camera that is gone does forever.
    """


class UploadInterrupted(CameraConnectionError):
    """The connection failed once the upload had started: the verdict is unknown."""


class CameraReplyError(CameraError):
    """The camera answered ``ERROR: <description>``; ``reply`` holds that text."""

    def __init__(self, reply):
        super().__init__(reply)
        self.reply = reply


class CameraProtocolError(CameraError):
    """The reply is not what an ACTi camera sends (HTTP error status, unknown body, bad form)."""


class Redactor:
    """Replaces a secret, in clear and in its URL-encoded forms, and any ``PWD=`` value."""

    def __init__(self, secret):
        variants = set()
        if secret:
            for encoded in (secret, quote(secret, safe=''), quote(secret), quote_plus(secret)):
                variants.add(encoded)
                variants.add(re.sub(r'%[0-9A-F]{2}', lambda m: m.group(0).lower(), encoded))
        # Longest first, so that no shorter variant leaves part of a longer one behind.
        self._variants = sorted(variants, key=len, reverse=True)

    def __call__(self, text):
        text = str(text)
        for variant in self._variants:
            text = text.replace(variant, REDACTED)
        return _PWD_IN_QUERY.sub(r'\1' + REDACTED, text)


@dataclass(frozen=True)
class UploadForm:
    """The parts of the camera's upload form that the POST depends on."""

    action: str
    file_field: str
    submit_field: str
    submit_value: str


class _FormCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or '' for name, value in attrs}
        if tag == 'form':
            self._current = {'attributes': attributes, 'inputs': []}
            self.forms.append(self._current)
        elif tag in ('input', 'button') and self._current is not None:
            self._current['inputs'].append(attributes)

    def handle_endtag(self, tag):
        if tag == 'form':
            self._current = None


def parse_upload_form(page):
    """Read the action, the file field and the submit field from the camera's upload page.

    Raises CameraProtocolError, naming what is missing, when the page is not such a form.
    """
    collector = _FormCollector()
    collector.feed(page)
    collector.close()
    forms = [form for form in collector.forms
             if any(field.get('type', '').lower() == 'file' for field in form['inputs'])]
    if len(forms) != 1:
        raise CameraProtocolError(
            'the camera did not send the PTZ image upload form (%s form with a file input on the page): %r'
            % ('no' if not forms else 'more than one', _excerpt(page)))
    form = forms[0]
    attributes = form['attributes']
    file_fields = [field.get('name', '') for field in form['inputs'] if field.get('type', '').lower() == 'file']
    submits = [field for field in form['inputs'] if field.get('type', '').lower() == 'submit' and field.get('name')]
    problems = []
    if attributes.get('method', '').upper() != 'POST':
        problems.append('method is %r, not POST' % attributes.get('method', ''))
    if attributes.get('enctype', '').lower() != 'multipart/form-data':
        problems.append('enctype is %r, not multipart/form-data' % attributes.get('enctype', ''))
    if not attributes.get('action'):
        problems.append('it has no action')
    if len(file_fields) != 1:
        problems.append('it has %d file inputs, not one' % len(file_fields))
    if not submits:
        problems.append('it has no named submit input')
    names = file_fields + [field['name'] for field in submits[:1]]
    if any(not _SAFE_FIELD_NAME.match(name) for name in names):
        problems.append('a field name has characters a multipart header cannot carry: %r' % names)
    if problems:
        raise CameraProtocolError('the camera\'s upload form is not the expected one: %s' % '; '.join(problems))
    return UploadForm(
        action=attributes['action'],
        file_field=file_fields[0],
        submit_field=submits[0]['name'],
        submit_value=submits[0].get('value', ''),
    )


class MultipartImageBody:
    """A multipart/form-data body that reads the image file from disk while it is sent.

    requests sends an iterable body of known length (``__len__``) as it is, with Content-Length
    (a generator, which has no length, would switch it to chunked transfer, which HTTP/1.0
    cameras reject), and urllib3 sends each block it yields: memory stays flat whatever the
    image size. It has no read(): urllib3 would read it in its own 16 KiB blocks instead.
    It has no tell(): requests would take a failing one for "length 0" and go chunked.
    """

    def __init__(self, path, form, digest=None):
        boundary = '----acti-camera-' + uuid.uuid4().hex
        self.content_type = 'multipart/form-data; boundary=%s' % boundary
        self._head = (
            '--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\n'
            'Content-Type: application/octet-stream\r\n\r\n' % (boundary, form.file_field, UPLOAD_FILENAME)
        ).encode('ascii')
        self._tail = (
            '\r\n--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n--%s--\r\n'
            % (boundary, form.submit_field, form.submit_value, boundary)
        ).encode('utf-8')
        self._image = open(path, 'rb')  # noqa: SIM115  pylint: disable=consider-using-with  # closed by close()
        image_size = self._image.seek(0, io.SEEK_END)
        self._image.seek(0)
        self._length = len(self._head) + image_size + len(self._tail)
        # Fed the image bytes as they are sent (anything with update()): one read of the file, not two.
        self._digest = digest

    def __len__(self):
        return self._length

    def __iter__(self):
        yield self._head
        for block in iter(lambda: self._image.read(_SEND_BLOCK), b''):
            if self._digest is not None:
                self._digest.update(block)
            yield block
        yield self._tail

    def close(self):
        self._image.close()


class CameraClient:
    """Speaks the ACTi camera's URL commands (see PROTOCOL.md) over one requests session."""

    def __init__(self, host, port, username, password, use_ssl=False, validate_certs=True,
                 ca_path=None, timeout=30.0, use_proxy=True):
        if requests is None:
            raise RuntimeError('requests is required')  # modules check first with missing_required_lib
        self.address = '%s:%d' % (host, port)
        netloc = '[%s]:%d' % (host, port) if ':' in host else self.address
        self.base_url = '%s://%s/cgi-bin/' % ('https' if use_ssl else 'http', netloc)
        self.timeout = timeout
        self.redact = Redactor(password)
        self._credentials = 'USER=%s&PWD=%s' % (quote(username, safe=''), quote(password, safe=''))
        # Given with each request: requests lets REQUESTS_CA_BUNDLE override a session's verify.
        self._verify = ca_path if use_ssl and ca_path else validate_certs
        self.session = requests.Session()
        self.session.headers['User-Agent'] = 'acti.camera'
        # requests takes HTTP(S)_PROXY, ALL_PROXY and NO_PROXY (and REQUESTS_CA_BUNDLE, .netrc) from the
        # environment only while the session trusts it: a proxy would see the password in every URL.
        self.session.trust_env = use_proxy
        # (form URL, POST URL, UploadForm) between stage 1 and stage 3; the form URL holds the password.
        self._pending_upload = None

    def _command_url(self, cgi, command):
        return '%s%s?%s&%s' % (self.base_url, cgi, self._credentials, command)

    def _send(self, method, url, error=CameraConnectionError, timeout=None, **kwargs):
        try:
            response = self.session.request(method, url, timeout=timeout or self.timeout, verify=self._verify,
                                            allow_redirects=False, **kwargs)
            body = response.content.decode('utf-8', 'replace')
        except requests.exceptions.RequestException as exc:
            silent = (isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))
                      and not isinstance(exc, requests.exceptions.SSLError))
            if error is CameraConnectionError and silent:
                error = CameraNotAnswering
            # requests quotes the whole URL, password included, in its messages.
            raise error(self.redact('no reply from the camera at %s: %s' % (self.address, _reason(exc)))) from None
        if response.status_code != 200:
            raise CameraProtocolError(self.redact(
                'the camera at %s answered HTTP %d %s, which ACTi cameras do not send (is another web server on '
                'that port?): %r' % (self.address, response.status_code, response.reason, _excerpt(body))))
        lines = [line for line in body.splitlines() if line.strip()]
        if len(lines) == 1 and lines[0].strip().upper().startswith('ERROR:'):
            raise CameraReplyError(self.redact(lines[0].strip()))
        return body

    def command(self, cgi, command, timeout=None):
        """Send one Type 1 URL command and return the reply text (CameraReplyError on ``ERROR:``)."""
        return self._send('GET', self._command_url(cgi, command), timeout=timeout)

    def system_log(self, timeout=None):
        """The system log, one entry a line."""
        return [line for line in self.command('system', 'SYSTEM_LOG', timeout=timeout).splitlines() if line.strip()]

    def system_info(self):
        """The ``Key = Value`` lines of SYSTEM_INFO, as a dict."""
        info = {}
        for line in self.command('system', 'SYSTEM_INFO').splitlines():
            key, sep, value = line.partition('=')
            if sep and key.strip():
                info[key.strip()] = value.strip()
        return info

    def ptz_vendor(self):
        """The PTZ vendor and protocol (``SONY,VISCA``) that the encoder CGI reports; read-only."""
        reply = self.command('encoder', 'PTZ_VENDOR').strip()
        match = _PTZ_VENDOR_REPLY.match(reply)
        if not match:
            raise CameraProtocolError(self.redact('the camera answered PTZ_VENDOR with %r, not PTZ_VENDOR=\'...\''
                                                  % _excerpt(reply)))
        return match.group(1).strip()

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
        vendors = [match.group(1).strip() for match in map(_PTZ_VENDOR_REPLY.match, lines) if match]
        if len(vendors) != 1:
            return None, None
        rest = [line for line in lines if not _PTZ_VENDOR_REPLY.match(line)]
        if not rest or any(line.upper().startswith('ERROR:') for line in rest):
            return vendors[0], None
        return vendors[0], _excerpt('\n'.join(rest))

    def save_config(self):
        """Save the runtime configuration to flash, so it survives the reboot an upload causes."""
        self._expect_ok(self.command('system', 'SAVE'), 'SAVE')

    def _expect_ok(self, reply, request):
        """Return ``OK``, or raise CameraProtocolError (``_send`` has already raised on ``ERROR:``)."""
        if reply.strip() != 'OK':
            raise CameraProtocolError(self.redact('the camera answered %s with %r, not OK or ERROR'
                                                  % (request, _excerpt(reply))))
        return 'OK'

    def request_upload_form(self):
        """Stages 1 and 2 of PROTOCOL.md: fetch the upload form and read it.

        Nothing is written yet, and the camera does not reboot. Returns the UploadForm.
        """
        form_url = self._command_url('update', 'PTZ_IMAGE')
        form = parse_upload_form(self._send('GET', form_url))
        post_url = urljoin(form_url, form.action)
        if urlsplit(post_url)[:2] != urlsplit(form_url)[:2]:
            raise CameraProtocolError(self.redact(
                'the camera\'s upload form posts to another address (%s); the image is not sent there' % post_url))
        self._pending_upload = (form_url, post_url, form)
        return form

    def post_ptz_image(self, path, digest=None):
        """Stages 3 and 4: POST the image to the form just fetched; return the camera's ``OK``.

        ``digest`` (a hashlib object, say) is fed the image bytes as they are sent.
        The camera reboots whatever happens here. Raises CameraReplyError with its ``ERROR:``
        text, and UploadInterrupted when the connection fails once the POST has begun (the
        camera may or may not have taken the image).
        """
        if self._pending_upload is None:
            raise CameraProtocolError('post_ptz_image() needs request_upload_form() first: the camera ties the two')
        form_url, post_url, form = self._pending_upload
        self._pending_upload = None
        body = MultipartImageBody(path, form, digest)
        try:
            reply = self._send('POST', post_url, error=UploadInterrupted, data=body,
                               headers={'Content-Type': body.content_type, 'Referer': form_url})
        finally:
            body.close()
        return self._expect_ok(reply, 'the upload')
