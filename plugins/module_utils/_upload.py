# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_util is private to the acti.camera collection: it may change without notice.

"""The update CGI's upload form and the body that answers it: parse_upload_form, MultipartUploadBody.

The camera sends an HTML form for each image (docs/docsite/rst/protocol.rst, "Uploading the PTZ library image");
the POST must carry what a browser would, in the form's order, with the files streamed from disk. Both are pure
work on text and files, no request: apart from the client, so that they read and test on their own.
"""

from __future__ import annotations

import html
import io
import re
import uuid
from dataclasses import dataclass, field

from ansible_collections.acti.camera.plugins.module_utils._errors import CameraProtocolError
from ansible_collections.acti.camera.plugins.module_utils._redaction import quote_reply

# Form field names go into multipart headers verbatim: anything else is refused.
_SAFE_FIELD_NAME = re.compile(r'^[A-Za-z0-9_.\-\[\]]+$')
# The image goes out in blocks of this size: with urllib3's 16 KiB reads, hashing and sending a 256 MB image
# to the simulator took 0.36 s instead of 0.31 s (curl -F: 0.33 to 0.35 s), most of it in hashing small blocks.
_SEND_BLOCK = 256 * 1024

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
