#!/usr/bin/env python3
"""Generate the all-zones sweep that ZoneSweepTests replays against the system tz database.

For every zone file of /usr/share/zoneinfo (see EXCLUDED for what is left out and why) it
asks cronsim 2.7, started the way Healthchecks starts it
(`CronSim(expr, start.astimezone(ZoneInfo(tz)))`), for the next instants of a few schedules
from a few starts, and records them as seconds since 1970 UTC. The starts cross the zone's
offset changes: 2026-01-01, every change in 2025-2027, the last change of the file's table
(where the POSIX footer takes over) and one older change picked at random; at each change
it also asks for a schedule whose wall time falls inside the gap or overlap.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install cronsim==2.7
    /tmp/venv/bin/python scripts/generate-zone-sweep.py Tests/CronopsCoreTests/Fixtures/zone-sweep.json

Unlike the cronsim corpus this reads the machine's zone files in place: the test checks the
machine's own database. Each file is read with `ZoneInfo.from_file`, so the tzdata PyPI
package (which zoneinfo would fall back to) can never be used; files are keyed by an FNV-1a
64 hash of their bytes, which the Swift test recomputes to know whether the machine's file is
the one the expectations were made from (zones sharing a file share their cases).
"""
import json
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo
from zoneinfo._zoneinfo import ZoneInfo as PureZoneInfo  # exposes the transition table

import cronsim
from cronsim import CronSim

assert "2.7" in open(os.path.join(os.path.dirname(cronsim.__file__), "..",
    "cronsim-2.7.dist-info", "METADATA")).read(), "needs cronsim==2.7"

ROOT = os.environ.get("TZDIR", "/usr/share/zoneinfo")
UTC = timezone.utc
# Directories and files of the database that are not zones to sweep, and why.
EXCLUDED = {
    "posix/": "a copy of the top-level zones (Debian keeps it for old TZ settings)",
    "right/": "leap-second ('right') variants: their instants count leap seconds, which neither cronsim (Python's zoneinfo) nor Healthchecks does",
    "localtime": "the machine's own zone (a link to /etc/localtime), not a zone name",
    "posixrules": "the rules POSIX TZ strings without transition rules borrow (a copy of America/New_York), not a zone name",
}
FIXED = "30 2 * * *"          # fixed-time mode: repaired in gaps, once in overlaps
WILDCARD = ["0 * * * *", "*/15 * * * *"]  # wildcard mode: skipped in gaps, twice in overlaps
YEARLY = ["0 0 1 1 *", "15 2 29 3 *"]     # years ahead, through the footer rule; 2026-03-29 is an EU DST day
RESULTS = 4


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def zone_files():
    """(name, path) of every TZif file to sweep, and the non-TZif files met on the way."""
    zones, other = [], []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        rel_dir = os.path.relpath(dirpath, ROOT)
        if rel_dir != "." and (rel_dir.split(os.sep)[0] + "/") in EXCLUDED:
            dirnames[:] = []
            continue
        for f in filenames:
            name = f if rel_dir == "." else os.path.join(rel_dir, f)
            if name in EXCLUDED:
                continue
            path = os.path.join(dirpath, f)
            with open(path, "rb") as fh:
                if fh.read(4) == b"TZif":
                    zones.append((name, path))
                else:
                    other.append(name)
    return sorted(zones), sorted(other)


def ts(y, m=1, d=1):
    return int(datetime(y, m, d, tzinfo=UTC).timestamp())


def changes(zone, first, end):
    """(instant, offset before, offset after) of each offset change in [first, end): an
    hourly scan refined to the minute (it finds footer changes the table does not hold)."""
    off = lambda t: datetime.fromtimestamp(t, zone).utcoffset()
    found, t, prev = [], first, off(first)
    while t < end:
        nt = t + 3600
        now = off(nt)
        if now != prev:
            lo = t
            while off(lo + 60) == prev:
                lo += 60
            found.append((lo + 60, prev, now))
            prev = now
        t = nt
    return found


def run(expr, zone, start, count=RESULTS):
    it = CronSim(expr, datetime.fromtimestamp(start, UTC).astimezone(zone))
    out = []
    for _ in range(count):
        try:
            out.append(int(next(it).astimezone(UTC).timestamp()))
        except StopIteration:
            break
    return [expr, start, out]


def cases(name, path):
    with open(path, "rb") as f:
        zone = ZoneInfo.from_file(f, key=name)
    with open(path, "rb") as f:
        table = PureZoneInfo.from_file(f, key=name)._trans_utc
    start = ts(2026)
    out = [run(e, zone, start) for e in [FIXED] + WILDCARD + YEARLY]
    out.append(run("0 0 1 1 *", zone, ts(2036, 6), 3))  # past 2037, where fat tables end
    around = [c[0] for c in changes(zone, ts(2025), ts(2028))]
    old = [t for t in table if ts(1900) <= t < ts(2025)]
    if old:
        around.append(old[-1])
        around.append(random.Random(name).choice(old))
    if table and ts(2028) <= table[-1] < ts(2100):
        around.append(table[-1])
    for t in sorted(set(around)):
        before = datetime.fromtimestamp(t - 1, zone).utcoffset() // timedelta(seconds=1)
        after = datetime.fromtimestamp(t, zone).utcoffset() // timedelta(seconds=1)
        out.append(run("0 * * * *", zone, t - 3 * 3600, 6))
        out.append(run("*/15 * * * *", zone, t - 3600, 6))
        out.append(run(FIXED, zone, t - 36 * 3600))
        # A wall time inside the gap (spring) or the repeated stretch (autumn).
        wall = datetime.fromtimestamp(t + min(before, after) + abs(after - before) // 2, UTC)
        out.append(run(f"{wall.minute} {wall.hour} * * *", zone, t - 36 * 3600))
    return out


def tzdata_versions():
    try:
        deb = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "tzdata"], capture_output=True, text=True).stdout
    except OSError:
        deb = ""
    with open(os.path.join(ROOT, "tzdata.zi")) as f:
        upstream = f.readline().split()[-1]
    return upstream, deb or "unknown"


def main(out_path):
    zones, other = zone_files()
    upstream, deb = tzdata_versions()
    names, files = {}, {}
    for name, path in zones:
        with open(path, "rb") as f:
            h = fnv1a64(f.read())
        names[name] = h
        if h not in files:
            files[h] = cases(name, path)
    data = {
        "cronsim": "2.7",
        "tzdata": upstream,
        "tzdataDebian": deb,
        "hash": "fnv1a64",
        "excluded": EXCLUDED,
        "notZoneFiles": other,
        "zones": names,
        "files": files,
    }
    with open(out_path, "w") as f:
        json.dump(data, f, separators=(",", ":"), sort_keys=True)
        f.write("\n")
    n = sum(len(c) for c in files.values())
    print(f"{len(names)} zones, {len(files)} distinct files, {n} cases; tzdata {upstream} ({deb}); not TZif: {other}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "zone-sweep.json")
