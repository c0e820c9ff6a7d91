# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""The camera's commands: CameraClient, the one client of the collection; every request to a camera goes through it.

It knows the ACTi URL commands (docs/docsite/rst/protocol.rst): the Type 1 URLs, SYSTEM_LOG and SYSTEM_INFO, the
read-only PTZ commands, SAVE, and the update CGI's upload in two calls, upload_form then post_upload, the page the
first returns being all the second needs. How a request is sent and its reply read is module_utils/_transport.py's
work; what the upload form holds and how its body is built, module_utils/_upload.py's.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

from ansible_collections.acti.camera.plugins.module_utils._errors import (
    CameraProtocolError,
    CameraReplyError,
    UnrecognisedVerdict,
    UploadInterrupted,
)
from ansible_collections.acti.camera.plugins.module_utils._redaction import Redactor, excerpt
from ansible_collections.acti.camera.plugins.module_utils._transport import REPLY_CEILING, Deadline, Transport
from ansible_collections.acti.camera.plugins.module_utils._upload import (
    MultipartUploadBody,
    UploadPage,
    parse_upload_form,
)

# ACTi's spec shows PTZ_VENDOR='SONY,VISCA', in places after "OK: ". The value is unquoted in Python, not by
# the pattern: a lazy group before optional quotes and blanks is quadratic on a long run of blanks.
_PTZ_VENDOR_REPLY = re.compile(r"^(?:OK:[ \t]*)?PTZ_VENDOR[ \t]*=(.*)$", re.IGNORECASE)
# The most of the system log read, unless max_log_bytes says otherwise: a bounded buffer of tens of KB on a real
# camera (REPLY_CEILING, in module_utils/_transport.py, tells why every reply has a ceiling).
DEFAULT_LOG_CEILING = 1024 * 1024


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


class CameraClient:
    """Speaks the ACTi camera's URL commands (docs/docsite/rst/protocol.rst) over one Transport."""

    def __init__(self, host, port, username, password, use_ssl=False, validate_certs=True,
                 ca_path=None, timeout=30.0, use_proxy=True, max_log_bytes=DEFAULT_LOG_CEILING):
        self.address = '%s:%d' % (host, port)
        netloc = '[%s]:%d' % (host, port) if ':' in host else self.address
        self.base_url = '%s://%s/cgi-bin/' % ('https' if use_ssl else 'http', netloc)
        self.timeout = timeout
        self.max_log_bytes = max_log_bytes
        self.redact = Redactor(password)
        self._credentials = 'USER=%s&PWD=%s' % (quote(username, safe=''), quote(password, safe=''))
        self.transport = Transport(self.address, self.redact, timeout,
                                   verify=ca_path if use_ssl and ca_path else validate_certs, use_proxy=use_proxy)

    def _command_url(self, cgi, command):
        return '%s%s?%s&%s' % (self.base_url, cgi, self._credentials, command)

    def command(self, cgi, command, timeout=None, ceiling=REPLY_CEILING):
        """Send one Type 1 URL command and return the reply text, redacted (CameraReplyError on ``ERROR:``)."""
        return self.redact(self.transport.send('GET', self._command_url(cgi, command), command, ceiling=ceiling,
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
        return excerpt(self.command('encoder', 'POSITION_GET'))

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
        return vendors[0], excerpt('\n'.join(rest))

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
        form = parse_upload_form(self.transport.send('GET', form_url, command), redact=self.redact,
                                 command=command)
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
            reply = self.transport.send('POST', page.post_url, 'the upload', error=UploadInterrupted,
                                        deadline=deadline, data=body,
                                        headers={'Content-Type': body.content_type, 'Referer': page.form_url})
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
