# -*- coding: utf-8 -*-
# Copyright: acti.camera contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """How every acti.camera module reaches a camera (implemented in module_utils/_connection.py)."""

    DOCUMENTATION = r'''
options:
  host:
    description:
      - Host name or IP address of the camera, without scheme, port or path.
      - If not set, the camera's variable C(acti_camera_host) is used, else the E(ACTI_HOST) environment variable.
    type: str
    required: true
  port:
    description:
      - TCP port of the camera's web server.
      - Defaults to V(80), or V(443) when O(use_ssl=true).
      - If not set, the camera's variable C(acti_camera_port) is used, else the E(ACTI_PORT) environment variable.
    type: int
  use_ssl:
    description:
      - Speak HTTPS instead of HTTP (newer firmware only).
    type: bool
    default: false
  validate_certs:
    description:
      - With O(use_ssl=true), check the camera's certificate.
      - Set to V(false) only for a camera whose self-signed certificate you cannot get hold of; prefer O(ca_path).
        With V(false) each task warns once that the certificate is not verified.
    type: bool
    default: true
  ca_path:
    description:
      - With O(use_ssl=true), a PEM file of the certificate authorities (or the camera's self-signed
        certificate) to trust instead of the system's.
    type: path
  username:
    description:
      - Camera account. Updating the PTZ image needs an administrator (root) account.
      - If not set, the camera's variable C(acti_camera_username) is used, else the E(ACTI_USERNAME) environment
        variable.
    type: str
    default: Admin
  password:
    description:
      - Password of O(username).
      - The camera only takes it in the URL; the collection removes it from every result, warning and error it reports.
      - If not set, the camera's variable C(acti_camera_password) is used, else the E(ACTI_PASSWORD) environment
        variable.
    type: str
    required: true
  timeout:
    description:
      - Seconds one request may take, from connecting to the last byte of the reply, wherever a request is made (the
        first look, every poll of a reboot wait, the reads around an upload). A camera that sends its reply too
        slowly fails the request when it has taken that long, however steadily the bytes come.
      - "Sending the image is bounded by progress instead: the camera must take each block of it (256 KiB) within
        O(timeout), so a large image on a slow link may take minutes but a camera that stops reading fails the
        upload; its verdict then has O(timeout) from the last byte sent."
      - "Every reply is read up to a ceiling: 64 KiB (the upload page, C(SYSTEM_INFO), the PTZ reads, the verdict),
        the system log C(max_log_bytes) where a task reads it. A larger reply, or a
        compressed one (the collection asks for none), fails the request, naming the ceiling."
    type: float
    default: 30
  use_proxy:
    description:
      - Whether to use the proxy that the environment names (E(HTTP_PROXY), E(HTTPS_PROXY), E(ALL_PROXY), except
        hosts in E(NO_PROXY)), as M(ansible.builtin.uri) does.
      - The camera takes the password in the URL of every request. A proxy on the way sees it, in clear over HTTP
        (over HTTPS it sees only the camera's address). Set V(false) to talk to the cameras directly whatever the
        environment says.
      - A proxy may log the password with each URL (tinyproxy logs each request line whole). To avoid it, use
        O(use_ssl=true) (the proxy then sees only C(CONNECT host:port)), V(false), or a proxy that strips query
        strings from its log (squid's default C(strip_query_terms)).
      - Through a proxy, what the proxy answers for a camera it cannot reach (its error page, a refused
        C(CONNECT)), as while the camera reboots, is taken as "the camera does not answer", so the waits wait
        through it; a proxy that asks for credentials (HTTP 407) fails the task at once.
      - With V(false) the environment's E(REQUESTS_CA_BUNDLE) is not read either; give O(ca_path).
    type: bool
    default: true
attributes:
  action_group:
    description: Takes its connection options from C(module_defaults) for C(group/acti.camera.all).
    support: full
    membership:
      - acti.camera.all
  action:
    description:
      - "An action plugin of the same name runs the task inside Ansible's worker where the task's connection is
        the controller itself (C(connection: local), C(delegate_to: localhost)). Elsewhere the module runs on
        the task's host, after O(acti.camera.ptz_image#module:src) has been copied there."
    support: full
notes:
  - "The task talks to the camera from where it runs. On the controller (C(delegate_to: localhost) or
    C(connection: local)) it runs inside Ansible's worker, with the Python that runs Ansible: no
    C(ansible_python_interpreter) to set. A camera that does not answer at all is then reported unreachable.
    Delegated to another host (a jump host that reaches the cameras), the module runs there and needs
    C(requests) there; the variable C(acti_camera_execution=module) forces that path on the controller too."
  - Set the connection options once for a play with C(module_defaults) and the group
    C(group/acti.camera.all), or once for an inventory with the camera's variables C(acti_camera_host),
    C(acti_camera_port), C(acti_camera_username), C(acti_camera_password), C(acti_camera_use_ssl),
    C(acti_camera_validate_certs), C(acti_camera_ca_path), C(acti_camera_timeout) and C(acti_camera_use_proxy). A
    connection option that a task leaves unset or null takes that variable, read by the action plugin on both
    execution paths; where it is unset too, the environment variable the option names, then its default, serve.
requirements:
  - requests
'''

    VERSION_PATTERN = r'''
options:
  version_pattern:
    description:
      - Regular expression, matched case-insensitively against each system log line, that finds the PTZ image
        version. It must have a named group C(version).
      - The default matches C(PTZ Image Version 1.2) and its variants (C(PTZ_IMAGE), any letter case, C(:) or C(=)
        before the version, a timestamp before it).
      - Where several lines match, the newest wins, by the timestamp that starts the line where every matching line
        has one, else by log order, its direction read from the timestamps of the other lines, else oldest-first.
      - Each line is cut to its first 1024 characters before the pattern sees it (a real entry is far shorter), so
        that a camera's text cannot make a pattern's work grow without bound.
    type: str
  max_log_bytes:
    description:
      - The most bytes of the system log the task reads. A real camera's log is a bounded buffer of tens of KB. A
        larger reply fails the task, naming this ceiling, and is not read further; a camera that sends an endless
        or huge reply cannot fill the controller's memory.
      - Raise it for a camera whose log really is larger.
    type: int
    default: 1048576
'''

    WAIT = r'''
options:
  wait_timeout:
    description:
      - Seconds to wait for the camera to reboot and answer again.
      - This is the whole wait; O(timeout) stays the limit for each request, as in every module of the collection.
    type: float
    default: 600
  poll_interval:
    description:
      - Seconds between two looks at the camera while waiting.
    type: float
    default: 2
'''

    # The attributes of the modules that only read from the camera.
    READ_ONLY = r'''
attributes:
  check_mode:
    support: full
    description: The module only reads, in check mode as otherwise.
  diff_mode:
    support: none
    description: Reads only; there is no change to show.
'''
