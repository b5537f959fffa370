"""Why a file could not be read or written, in the active language.

The operating system words its errors in English ("No such file or directory"); the common
ones are given here in the user's language, the others keep the system's words.
"""

from __future__ import annotations

import errno

from ntm.core.i18n import _

__all__ = ["os_reason"]


def os_reason(error: OSError) -> str:
    """The reason of an ``OSError``: "no such file or folder", "it is a folder", …"""
    reasons = {
        errno.ENOENT: _("no such file or folder"),
        errno.EISDIR: _("it is a folder, not a file"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"),
        errno.ENOSPC: _("the disk is full"),
        errno.EROFS: _("the disk is read-only"),
        errno.ENAMETOOLONG: _("the name is too long"),
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))
