"""How many students a machine serves, from the measured memory and CPU of each notebook's Run All.

A student's share is the peak of their kernel (``./course bench --notebooks``) plus what their own server
adds, :data:`SERVER_MB`. The README's "Serving a class" table is :func:`sizing_table`'s output:

- students per 8 GB: 7 GB (1 GB stays with the system, the hub and its proxy) over one student's peak.
  This counts the pages of the shared libraries once per student, as a per-user limit may; on one
  machine the kernels share them, so it errs on the safe side;
- students per 4 cores: how many can press Run All at the same moment and all finish within a minute,
  i.e. 4 cores x 60 s over the CPU seconds of one Run All;
- the memory the hub reserves per student (its ``mem_guarantee``): the largest peak plus 5 %, rounded up
  to a tenth of a GB; the per-user limit: the largest peak plus 30 %, rounded up to a quarter GB.

RSS counts the library pages a process has mapped from disk, and how many depends on the page cache: the
same kernel holds about 100 MB more in an environment installed minutes before (as CI's is) than in one
installed hours earlier. The 5 % covers that spread when the table comes from a fresh environment.
"""

from __future__ import annotations

import math

#: What a student's server adds to the peak of their kernel: ``jupyterhub-singleuser`` itself (130 MB at
#: rest, 150 MB during a Run All) and what the kernel keeps for a connected client. In one fresh
#: environment ``./course hub`` measured 1,117 to 1,121 MB for a server running notebook 04, whose kernel
#: ``./course bench --notebooks`` measures at 962 MB.
SERVER_MB = 165
MACHINE_MB, RESERVED_MB, CORES, RUN_ALL_WITHIN_S = 8192, 1024, 4, 60
RESERVE_MARGIN, LIMIT_HEADROOM = 1.05, 1.3


def reserve_and_limit_gb(peaks_mb: list[float]) -> tuple[float, float]:
    """The memory to reserve per student and the per-user limit (GB), from the per-student peaks (MB)."""
    peak = max(peaks_mb)
    return math.ceil(peak * RESERVE_MARGIN / 102.4) / 10, math.ceil(peak * LIMIT_HEADROOM / 256) / 4


def sizing_table(rows: list[tuple]) -> str:
    """Markdown: per notebook, one student's peak and CPU, and students per 8 GB and per 4 cores."""
    lines = ["| notebook | CPU s per Run All | kernel peak MB | peak per student MB | students per 8 GB "
             "| students per 4 cores |", "|---|---:|---:|---:|---:|---:|"]
    peaks = []
    for name, _start, _run, usage in rows:
        peaks.append(usage.peak_rss_mb + SERVER_MB)
        lines.append(f"| {name} | {usage.cpu_seconds:.0f} | {usage.peak_rss_mb:,.0f} | {peaks[-1]:,.0f} "
                     f"| {int((MACHINE_MB - RESERVED_MB) // peaks[-1])} "
                     f"| {int(CORES * RUN_ALL_WITHIN_S // usage.cpu_seconds)} |")
    reserve, limit = reserve_and_limit_gb(peaks)
    lines.append(f"\nreserve per student: {reserve:g} GB (the largest peak, {max(peaks):,.0f} MB, + "
                 f"{RESERVE_MARGIN - 1:.0%}, rounded up to a tenth GB); per-user limit: {limit:g} GB (that peak + "
                 f"{LIMIT_HEADROOM - 1:.0%}, rounded up to a quarter GB)")
    return "\n".join(lines)
