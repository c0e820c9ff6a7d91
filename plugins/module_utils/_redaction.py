# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""Keeping the camera's password out of everything the collection lets out: Redactor, and excerpts of replies.

The camera's update CGI takes credentials only in the query string ("Type 1" URLs), so the password is in every
URL and in the upload's Referer, and requests, proxies and cameras quote URLs back. Every text the client lets out
(exception messages, device replies) passes through a Redactor first; the tasks and the action plugins redact
their results with it too, which is why it is apart from the transport.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote, quote_plus

REDACTED = '********'
_PWD_IN_QUERY = re.compile(r'(PWD=)[^&\s\'"]*', re.IGNORECASE)
# How much of a reply an error or a warning quotes.
_EXCERPT_CHARACTERS = 200


def excerpt(text):
    """The start of a reply on one line, to quote in an error (cut first: a reply may be 1 MiB of blanks)."""
    return ' '.join(text[:4 * _EXCERPT_CHARACTERS].split())[:_EXCERPT_CHARACTERS]


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
    return redact('%r' % excerpt(redact(text)))


def redact_values(data, redact):
    """DATA (a task's result) with REDACT applied to every string in it, keys left as they are."""
    if isinstance(data, str):
        return redact(data)
    if isinstance(data, dict):
        return {key: redact_values(value, redact) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [redact_values(value, redact) for value in data]
    return data
