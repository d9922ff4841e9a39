"""Every path a command and all its child processes touched, from strace.

The command runs under `strace -f -y -e trace=%file`: every system call that takes a file name
(open, openat, stat, newfstatat, statx, access, readlink, execve, chdir, mkdir, unlink ...)
in every process it starts. -y decodes file descriptors to the paths they stand for, which
includes the working directory that a relative name is read from (`AT_FDCWD</dir>`) and the
file an open returned. A relative name of a call that has no directory argument (open,
stat, access, execve) is resolved against the last working directory seen for its process;
when none was seen it is kept relative and judged by its own components.

--seccomp-bpf stops a process only at the traced calls, so reading and writing run at full
speed; -s 4096 keeps whole command lines (execve arguments), which are searched as well.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

STRACE = ["strace", "-f", "-y", "-qq", "--seccomp-bpf", "-s", "4096", "-e", "trace=%file"]

_LINE = re.compile(r"^(\d+)\s+(.*)$")
_QUOTED = r'"((?:[^"\\]|\\.)*)"'
# a decoded descriptor (AT_FDCWD</cwd>, 3</file>), with the name that follows it when it is
# the directory argument of an *at call; or a quoted string of its own
_TOKEN = re.compile(r"(AT_FDCWD|\b\d+)<(/[^>]*)>(?:, " + _QUOTED + r")?|" + _QUOTED)
_CHDIR = re.compile(r"^chdir\(" + _QUOTED + r"\)\s+= 0")
_GETCWD = re.compile(r"^getcwd\(" + _QUOTED)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return text.replace('\\"', '"').replace("\\\\", "\\")


def _tokens(call: str) -> tuple[str | None, list[str], list[tuple[str | None, str]]]:
    """(working directory the call shows, decoded paths, (directory or None, name) pairs)."""
    cwd, decoded, names = None, [], []
    for fd, path, at_name, quoted in _TOKEN.findall(call):
        if path:
            decoded.append(path)
            if fd == "AT_FDCWD":
                cwd = path
            if at_name:
                names.append((path, _unescape(at_name)))
        elif quoted:
            names.append((None, _unescape(quoted)))
    seen = _GETCWD.match(call)
    return (_unescape(seen.group(1)) if seen else cwd), decoded, names


def touched(trace: Path, start_dir: Path) -> tuple[set[str], set[str]]:
    """(absolute paths, relative names that could not be resolved) of a strace -f -y log of a
    command started in ``start_dir``."""
    cwd: dict[str, str] = {}
    absolute: set[str] = set()
    relative: set[str] = set()
    parsed: dict[str, tuple] = {}  # the same call recurs in many processes
    with open(trace, errors="replace") as fh:
        for line in fh:
            match = _LINE.match(line)
            if not match:
                continue
            pid, call = match.groups()
            if not cwd:
                cwd[pid] = str(start_dir)  # the first process is the command itself
            if call not in parsed:
                parsed[call] = _tokens(call)
            shown, decoded, names = parsed[call]
            if shown:
                cwd[pid] = shown
            absolute.update(decoded)
            for base, name in names:
                if name.startswith("/"):
                    absolute.add(os.path.normpath(name))
                elif base or pid in cwd:
                    absolute.add(os.path.normpath(os.path.join(base or cwd[pid], name)))
                else:
                    relative.add(os.path.normpath(name))
            changed = _CHDIR.match(call)
            if changed and pid in cwd:
                cwd[pid] = os.path.normpath(os.path.join(cwd[pid], _unescape(changed.group(1))))
    return absolute, relative


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def forbidden(
    absolute: Iterable[str], relative: Iterable[str], roots: Iterable[Path], allowed: Path
) -> list[str]:
    """The paths that lie under one of ``roots`` (and not under ``allowed``), and the
    unresolved names with a component named like a root's last one (e.g. demo, batches)."""
    roots = {str(r) for root in roots for r in (root, root.resolve())}
    allow = {str(allowed), str(allowed.resolve())}
    names = {Path(r).name for r in roots}
    bad = [
        p
        for p in absolute
        if any(_under(p, r) for r in roots) and not any(_under(p, a) for a in allow)
    ]
    bad += [f"(relative) {p}" for p in relative if names & set(Path(p).parts)]
    return sorted(bad)


def command_lines(trace: Path, pattern: re.Pattern) -> list[str]:
    """The execve calls whose program or arguments match ``pattern`` (a path named inside a
    shell command line is not a file name of its own)."""
    with open(trace, errors="replace") as fh:
        return [line.strip() for line in fh if " execve(" in line and pattern.search(line)]
