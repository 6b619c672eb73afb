"""What the harness raises. It decides no test policy: ``tests/conftest.py`` turns
``HarnessUnavailable`` into a skip (a failure under ``CI=true``) and ``ServerFailed`` into a
failure."""

from __future__ import annotations


class HarnessError(RuntimeError):
    """The harness could not do its part (server or browser); the message says why."""


class HarnessUnavailable(HarnessError):
    """Something this machine lacks (playwright, Chromium); the message says how to fix it."""


class ServerFailed(HarnessError):
    """The app server exited or did not answer in time; the message ends with its log."""
