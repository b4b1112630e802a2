"""Errors that reach the user as one line and a distinct exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_INTERNAL = 4


class AuditorError(Exception):
    """Base class: `str(err)` is the one-line message shown to the user."""

    exit_code = EXIT_USAGE


class UsageError(AuditorError):
    exit_code = EXIT_USAGE


class InputError(AuditorError):
    """The input file cannot be read as what it claims to be (exit code 3)."""

    exit_code = EXIT_INPUT


class PolicyUnavailable(InputError):
    """The policy an app is mapped to could not be fetched (a batch stores it as an error row,
    retried later, not as an unreadable app)."""
