# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""The failures of a request to a camera, one type each, for the callers to tell apart.

The transport, the upload form's parser and the client raise them, the waits and the tasks catch them: they live
apart from all of these, so that each imports them alone. Every message is redacted before it is raised: a caller
may show it as it is.
"""

from __future__ import annotations


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
