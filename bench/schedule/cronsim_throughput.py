#!/usr/bin/env python3
"""next()/s of cronsim 2.7 on one iterator, started as Healthchecks starts it (zone-aware)."""
import sys
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from cronsim import CronSim

expr, tz, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = datetime(2026, 1, 1, tzinfo=timezone.utc).astimezone(ZoneInfo(tz))
it = CronSim(expr, start)
t0 = time.perf_counter()
for _ in range(count):
    next(it)
elapsed = time.perf_counter() - t0
print(f"{count} instants in {elapsed:.4f} s: {int(count / elapsed)} per second")
