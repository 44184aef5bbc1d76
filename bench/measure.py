"""What the benchmarks measure a process by, in one place."""

from __future__ import annotations

from pathlib import Path


def rss_mb() -> float:
    """This process's resident memory now, in MB (VmRSS); NaN where /proc is not there."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")
