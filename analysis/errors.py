"""Exceptions that carry a one-line explanation meant for the person using Deep Cuts."""


class DeepCutsError(Exception):
    """An expected failure: the message is one line that a person can act on.

    The command line prints it on stderr and exits with status 1; the window shows it in the
    status bar or a message box. Never used for programming errors.
    """


class NotFoundError(DeepCutsError):
    """A track, root or file named by the person does not exist."""


class StoreBusyError(DeepCutsError):
    """A database stayed locked by another connection for longer than the busy timeout.

    Not damage: the file is fine, something else (another window, a long import) holds it.
    """
