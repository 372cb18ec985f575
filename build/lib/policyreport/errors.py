"""Exceptions for user mistakes: the CLI prints them as one line, without a traceback."""


class UserError(Exception):
    """A problem the user can fix (bad parameter, missing folder, unreadable file)."""


class BuildError(Exception):
    """A build step failed; the message names the step and where the details are."""
