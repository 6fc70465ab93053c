"""The file walker: every entry under a corpus folder, and why any is not read.

One function lists a corpus folder for both the loader and the cache key
(:func:`scan_files`), so the key covers exactly what is read, and every entry that is
not read (a folder that cannot be listed, a link that loops, dangles or leads out of
the corpus, a FIFO) comes back with its reason for a report row.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path


def scan_files(
    root: Path, *, skip: Iterable[str | os.PathLike[str]] = (), follow_links: bool = False
) -> list[tuple[str, str, str]]:
    """``(relative path, full path, problem)`` of every entry ``load_corpus`` meets under ``root``.

    The one file walker: the loader lists a folder with it too (through
    :func:`input_files`), so the cache key covers exactly what is read. ``problem`` is
    ``""`` for a file to read, else why the entry is not read; the loader gives it a
    report row, so nothing under the folder goes unaccounted for:

    - a folder that cannot be listed (no permission, a path longer than ``PATH_MAX``):
      one row for the folder;
    - a symbolic link that dangles or loops; a link to something outside the corpus
      folder (not followed unless ``follow_links``: a link must not pull
      ``~/.ssh/id_rsa`` into a corpus and its cache); a link to a folder inside the
      corpus (its files are listed where they are, once);
    - anything that is not a regular file (a FIFO would block, a device never ends);
    - a folder named in ``skip`` (the cache's own folder, when it is inside the corpus).

    Links to files inside the corpus are read under the link's name. The walk never
    leaves the corpus folder unless ``follow_links`` is true, and then lists each real
    folder once (a loop is reported, not walked). Plain strings, sorted as paths are:
    a corpus can have 100,000 files.

    >>> scan_files(Path("no-such-folder"))
    [('no-such-folder', 'no-such-folder', 'cannot list it: No such file or directory')]
    """
    if not root.is_dir():
        if root.exists():
            return [(root.name, str(root), "")]
        return [(root.name, str(root), "cannot list it: No such file or directory")]
    top = os.path.realpath(root)
    skipped = dict(i for i in map(_inode, skip) if i is not None)  # inode -> device
    found: list[tuple[tuple[str, ...], str, str]] = []  # (parts, full path, problem)
    stack: list[tuple[str, tuple[str, ...], str]] = [(str(root), (), top)]
    listed = {top}  # real folders listed, when links to folders outside are followed
    while stack:
        folder, parts, real = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)  # the first link by name is followed
        except OSError as err:
            found.append((parts or (".",), folder, f"folder not listed: {why(err)}"))
            continue
        for e in entries:
            key = (*parts, e.name)
            try:
                if e.is_symlink():
                    problem, into = _link(e, key, top, real, listed, follow_links)
                    if into is not None:
                        listed.add(into)
                        stack.append((e.path, key, into))
                        continue
                elif e.is_dir(follow_symlinks=False):
                    ino = e.inode()  # free: from the listing; a stat only if it may match
                    if ino in skipped and skipped[ino] == e.stat(follow_symlinks=False).st_dev:
                        problem = "the corpus cache folder (cache=); not read"
                    else:
                        stack.append((e.path, key, f"{real}{os.sep}{e.name}"))
                        continue
                elif e.is_file(follow_symlinks=False):
                    problem = ""
                else:
                    problem = "not a regular file (a FIFO, socket or device); not read"
            except OSError as err:
                problem = f"unreadable: {why(err)}"
            found.append((key, e.path, problem))
    found.sort(key=lambda item: item[0])
    return [("/".join(parts), full, problem) for parts, full, problem in found]


def _link(
    e: os.DirEntry, key: tuple[str, ...], top: str, real: str, listed: set[str], follow: bool
) -> tuple[str, str | None]:
    """``(problem, folder to walk)`` for a symbolic link met by :func:`scan_files`."""
    to = os.readlink(e.path)
    try:
        st = os.stat(e.path)  # follows the link, every step of a chain
    except OSError as err:
        if err.errno == errno.ELOOP:
            return f"symbolic link loop ({to}); not followed", None
        if err.errno in (errno.ENOENT, errno.ENOTDIR):
            return f"dangling symbolic link (to {to}); nothing to read", None
        return f"unreadable symbolic link (to {to}): {why(err)}", None
    target = os.path.realpath(e.path)
    inside = target == top or target.startswith(top.rstrip(os.sep) + os.sep)
    if stat.S_ISDIR(st.st_mode):
        if real == target or real.startswith(target.rstrip(os.sep) + os.sep):
            return f"symbolic link loop (to {to}, a folder that contains it); not followed", None
        if inside:
            where = os.path.relpath(target, top).replace(os.sep, "/")
            return (
                f"symbolic link to the folder {where} (to {to}); its files are listed there",
                None,
            )
        if not follow:
            return f"symbolic link to a folder outside the corpus (to {to}); not followed", None
        if target in listed:
            return f"symbolic link to a folder already listed (to {to}); not followed", None
        return "", target
    if not stat.S_ISREG(st.st_mode):
        return f"symbolic link to something not a regular file (to {to}); not read", None
    if inside or follow:
        return "", None
    return f"symbolic link to a file outside the corpus (to {to}); not read", None


def _inode(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_dev


def why(err: OSError) -> str:
    """An OS error's message without the path (``Permission denied``)."""
    return err.strerror or str(err)


def input_files(
    root: Path, *, skip: Iterable[str | os.PathLike[str]] = (), follow_links: bool = False
) -> tuple[Path, list[tuple[str, Path, str]]]:
    """``(base, entries)``: what ``load_corpus`` meets for ``root``, in its order.

    ``entries`` are ``(relative path, path, problem)`` as :func:`scan_files` gives them.
    """
    base = root if root.is_dir() else root.parent
    entries = scan_files(root, skip=skip, follow_links=follow_links)
    return base, [(rel, Path(full), problem) for rel, full, problem in entries]
