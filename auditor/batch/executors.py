"""Where batch tasks run: a local process pool, or a Dask cluster (existing or local).

Every executor takes the settings once (pool initializer / one broadcast scatter),
keeps a bounded number of tasks in flight, and yields (spec, record) as tasks finish.
Records come from `auditor.batch.worker.run_guarded`; executors never touch the store.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from typing import Iterable, Iterator

from auditor.batch.worker import run_guarded, warm

_SETTINGS = None


def _pool_init(settings) -> None:
    global _SETTINGS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the client's to handle
    _SETTINGS = settings
    warm(settings)


def _pool_task(spec: dict, timeout: float | None, max_memory: int | None) -> dict:
    return run_guarded(spec, _SETTINGS, timeout, max_memory)


def _pool_pid(_: int = 0) -> int:
    return os.getpid()


class LocalPool:
    """`--workers N` processes on this machine (spawned, so the client's threads and
    state are not inherited); each forks one isolated child per task."""

    name = "local"

    def __init__(self, workers: int, settings, timeout: float | None, max_memory: int | None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self.timeout, self.max_memory = timeout, max_memory
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_pool_init, initargs=(settings,))

    def run(self, specs: Iterable[dict]) -> Iterator[tuple[dict, dict]]:
        from concurrent.futures import FIRST_COMPLETED, wait

        it = iter(specs)
        pending: dict = {}
        window = self.workers * 2
        while True:
            while len(pending) < window:
                spec = next(it, None)
                if spec is None:
                    break
                pending[self.pool.submit(_pool_task, spec, self.timeout, self.max_memory)] = spec
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                spec = pending.pop(fut)
                try:
                    rec = fut.result()
                except Exception as exc:  # the pool process itself died (not a task: those are guarded)
                    rec = {"status": "error", "sha256": spec.get("sha256"), "timings": {},
                           "reason": f"worker pool failure: {type(exc).__name__}: {exc}"}
                yield spec, rec

    def close(self, cancel: bool = False) -> None:
        procs = list(getattr(self.pool, "_processes", {}).values())
        self.pool.shutdown(wait=not cancel, cancel_futures=cancel)
        if cancel:
            for p in procs:
                if p.is_alive():
                    p.kill()
                    p.join(5)


def _dask_task(spec: dict, settings, timeout: float | None, max_memory: int | None) -> dict:
    warm(settings)
    return run_guarded(spec, settings, timeout, max_memory)


class DaskExecutor:
    """`--scheduler tcp://HOST:8786` (an existing cluster) or `--dask-local N` (a
    distributed.LocalCluster of N single-threaded worker processes)."""

    name = "dask"

    def __init__(self, settings, timeout: float | None, max_memory: int | None, *,
                 scheduler: str | None = None, local_workers: int | None = None, client=None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - distributed is a dependency
            from auditor.errors import UsageError

            raise UsageError("Dask executors need the `distributed` package (pip install 'auditor[batch]')") from None
        self.cluster = None
        self.own_client = client is None
        if client is not None:
            self.client = client
        elif scheduler:
            self.client = Client(scheduler, timeout="20s")
        else:
            self.cluster = LocalCluster(n_workers=local_workers or 1, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)
        self.timeout, self.max_memory = timeout, max_memory
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.settings_future = self.client.scatter(settings, broadcast=True, hash=False)

    def run(self, specs: Iterable[dict]) -> Iterator[tuple[dict, dict]]:
        from distributed import as_completed

        it = iter(specs)
        window = max(4, self.workers * 4)
        pending: dict = {}
        ac = as_completed()
        queue: deque = deque()

        def top_up() -> None:
            while len(pending) < window:
                spec = next(it, None)
                if spec is None:
                    return
                fut = self.client.submit(_dask_task, spec, self.settings_future, self.timeout, self.max_memory,
                                         pure=False, retries=0)
                pending[fut.key] = spec
                ac.add(fut)

        top_up()
        while pending:
            fut = next(ac)
            spec = pending.pop(fut.key)
            try:
                rec = fut.result()
            except Exception as exc:  # KilledWorker, a lost connection: recorded, the batch goes on
                rec = {"status": "error", "sha256": spec.get("sha256"), "timings": {},
                       "reason": f"dask task failed: {type(exc).__name__}: {exc}"}
            fut.release()
            queue.append((spec, rec))
            top_up()
            while queue:
                yield queue.popleft()

    def close(self, cancel: bool = False) -> None:
        if self.own_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
