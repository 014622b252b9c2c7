"""Hostile imports: a zip-bomb .docx and repeated article numbers (issue 12, item 4).

    python -m benchmarks.import_limits [--bomb-mb 39] [--repeats 1000,4000,16000]

Prints, for each input, the time and the process's peak memory; the repeated-numbers rows also
give the time per article relative to the smallest input (≈1 when linear).  Each input runs in a
child process (so one that never ends is killed after ``--timeout`` seconds and its peak memory
is still known).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import tempfile
import time
from pathlib import Path


def _child(kind: str, arg: int, workdir: str, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from knowledge.importer import import_file
    from knowledge.loader import KnowledgeFileError

    path = Path(workdir) / f"{kind}-{arg}"
    if kind == "bomb":
        from tests.test_security_import import make_docx_bomb

        path = make_docx_bomb(path.with_suffix(".docx"), unpacked_mb=arg)
    else:
        from tests.test_security_import import repeated_numbers

        path = repeated_numbers(path.with_suffix(".txt"), arg)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        result = import_file(path)
        outcome = f"imported, {len(result.documents[0].passages)} passages"
    except KnowledgeFileError as err:
        outcome = "refused: " + str(err).split(": ", 1)[-1][:70]
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out.put({"seconds": elapsed, "peak_mb": peak / 1024, "grown_mb": (peak - base_rss) / 1024,
             "outcome": outcome, "size": path.stat().st_size})  # fmt: skip


def _peak_kb(pid: int | None) -> int:
    """The process's peak resident memory so far (Linux), 0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run(kind: str, arg: int, timeout: float, workdir: str) -> dict[str, object]:
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    proc = mp.Process(target=_child, args=(kind, arg, workdir, queue))
    started = time.perf_counter()
    proc.start()
    peak_kb = 0
    while proc.is_alive() and time.perf_counter() - started < timeout:
        proc.join(0.2)
        peak_kb = max(peak_kb, _peak_kb(proc.pid))
    if proc.is_alive():
        proc.kill()
        proc.join()
        return {
            "seconds": time.perf_counter() - started,
            "peak_mb": peak_kb / 1024,
            "outcome": f"killed after {timeout:.0f} s",
        }
    return queue.get() if not queue.empty() else {"outcome": f"exit {proc.exitcode}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bomb-mb", type=int, default=39)
    parser.add_argument("--repeats", default="1000,4000,16000")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        bomb = run("bomb", args.bomb_mb, args.timeout, workdir)
        print(f"zip bomb ({args.bomb_mb} MB unpacked): {json.dumps(bomb, ensure_ascii=False)}")
        base: float | None = None
        for repeats in [int(x) for x in args.repeats.split(",")]:
            row = run("repeats", repeats, args.timeout, workdir)
            per = float(row.get("seconds", 0)) / (2 * repeats)  # type: ignore[arg-type]
            base = base or per
            print(
                f"repeated numbers, {2 * repeats} articles: {row.get('seconds', 0):.2f} s,"
                f" per article ×{per / base:.2f} of the smallest; {row['outcome']}"
            )


if __name__ == "__main__":
    main()
