"""Ctrl-C / SIGTERM become a flag the training loop checks between steps, so it can checkpoint first."""

from __future__ import annotations

import signal


class CancelFlag:
    def __init__(self) -> None:
        self.requested = False
        self.signal_name = ""

    def install(self) -> "CancelFlag":
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)
        return self

    def _handle(self, signum, _frame) -> None:
        if self.requested:  # a second Ctrl-C means: stop now
            raise KeyboardInterrupt
        self.requested = True
        self.signal_name = signal.Signals(signum).name
