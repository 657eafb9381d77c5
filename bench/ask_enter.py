#!/usr/bin/env python3
"""Runs `archfit ask ARGS…` on a pseudo-terminal and presses Enter at every question.

Usage: ask_enter.py ARCHFIT OUT_FILE ARGS…

With `--from PROFILE` every question starts on that profile's answer, so pressing Enter
throughout keeps them all: the session's report (written to OUT_FILE; the prompts go to the
terminal) is the profile's own. Used by bench/fingerprint.sh to fingerprint `ask`'s output.
Exits with archfit's exit status; gives up after 60 seconds.
"""
import os
import pty
import select
import sys
import time


def main():
    archfit, out_file, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    pid, fd = pty.fork()
    if pid == 0:
        out = os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.environ.update({"NO_COLOR": "1", "TERM": "xterm"})
        os.environ.pop("COLUMNS", None)
        os.execv(archfit, [archfit, "ask", *args])
    deadline = time.time() + 60
    status = None
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                if os.read(fd, 65536):
                    continue
            except OSError:
                pass
            # The terminal closed: the program has ended.
            _, status = os.waitpid(pid, 0)
            break
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        # Quiet: the prompt waits for a key.
        try:
            os.write(fd, b"\r")
        except OSError:
            pass
    else:
        os.kill(pid, 9)
        sys.exit("ask did not finish within 60 seconds")
    if status is None:
        _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))


main()
