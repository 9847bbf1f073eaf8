"""Parser processes for a cold run: jobs go out in chunks while the main process goes on reading.

Imported only when a run has enough files to parse (see :func:`modlint.facts.reading.read_all`):
multiprocessing and concurrent.futures are start-up time a warm run does not need.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

Job = TypeVar("Job")
Facts = TypeVar("Facts")


class Workers(Generic[Job, Facts]):
    """Parser processes, started on the first full chunk; any failure to use them means parsing here.

    ``extract`` turns a chunk of jobs into their facts (``chunk`` of them go to a worker at a time); it
    runs in a worker (forked, so any module-level function will do) or here."""

    def __init__(self, count: int, extract: Callable[[list[Job]], list[Facts]], chunk: int) -> None:
        self._count = count
        self._extract = extract
        self._chunk = chunk
        self._pool: ProcessPoolExecutor | None = None
        self._batch: list[Job] = []
        self._sent: list[tuple[list[Job], Future[list[Facts]] | None]] = []

    def add(self, job: Job) -> None:
        self._batch.append(job)
        if len(self._batch) >= self._chunk:
            self._send()

    def _send(self) -> None:
        batch, self._batch = self._batch, []
        future = None
        try:
            if self._pool is None:
                context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
                self._pool = ProcessPoolExecutor(
                    max_workers=self._count,
                    mp_context=context,
                    initializer=_die_with_parent,
                    initargs=(os.getpid(),),
                )
            future = self._pool.submit(self._extract, batch)
        except (OSError, RuntimeError, BrokenProcessPool):
            future = None  # parsed here in finish()
        self._sent.append((batch, future))

    def finish(self) -> Iterator[tuple[Job, Facts]]:
        """Every job with its facts, in the order added (the caller hands over at least a chunk:
        fewer are parsed where they are, see :class:`modlint.facts.reading._Parsing`)."""
        if self._batch:
            self._send()
        try:
            for batch, future in self._sent:
                yield from zip(batch, self._result(batch, future), strict=True)
        finally:
            if self._pool is not None:
                self._pool.shutdown()

    def close(self) -> None:
        """Stop the workers without waiting for what they were sent (a run that ends early, such as
        one interrupted while still reading, must not leave them behind or wait for them)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def _result(self, batch: list[Job], future: Future[list[Facts]] | None) -> list[Facts]:
        if future is not None:
            try:
                return future.result()
            except (OSError, RuntimeError, BrokenProcessPool):
                pass
        return self._extract(batch)


def _die_with_parent(parent: int) -> None:
    """In a worker: be terminated when the modlint process ends, however it ends (SIGKILL included),
    so no worker outlives it holding its stdout and stderr (Linux ``PR_SET_PDEATHSIG``).

    A parent killed between the fork and the ``prctl`` sends no signal: then the worker is already
    an orphan (its parent pid changed) and leaves at once, or it would wait on its task queue forever."""
    if sys.platform != "linux":
        return
    import contextlib
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)
