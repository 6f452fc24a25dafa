#!/usr/bin/env python3
"""Generate the schedule corpus that CronopsCoreTests replays without Python.

Each case asks cronsim 2.7, started the way Healthchecks starts it
(`CronSim(expr, start.astimezone(ZoneInfo(tz)))`), for the next few instants, and records
them as seconds since 1970 UTC (instants, never wall times). Invalid cases record why
cronsim or Healthchecks rejects the text.

    pip install cronsim==2.7
    python3 scripts/generate-cronsim-corpus.py Tests/CronopsCoreTests/Fixtures/cronsim

The zone data comes from the system tz database (/usr/share/zoneinfo): the TZif files of
every zone used are copied into zoneinfo/ beside the corpus and both cronsim (here) and the
Swift tests read those copies, so the corpus stays true when the machine's tzdata changes.
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone
import shutil
from zoneinfo import ZoneInfo as SystemZoneInfo

import cronsim
from cronsim import CronSim, CronSimError

assert cronsim.__name__ and "2.7" in open(os.path.join(os.path.dirname(cronsim.__file__), "..",
    "cronsim-2.7.dist-info", "METADATA")).read(), "needs cronsim==2.7"

UTC = timezone.utc
RESULTS = 6
MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
          "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}

# Another seed or size (for a one-off, uncommitted differential run):
#   CRONSIM_SEED=7 CRONSIM_RANDOM=20000 python3 scripts/generate-cronsim-corpus.py /tmp/corpus
rng = random.Random(int(os.environ.get("CRONSIM_SEED", "20261122")))
ZONE_DIR = None
_zones = {}


def ZoneInfo(name):
    """The zone as read from the copy beside the corpus (made on first use)."""
    if name not in _zones:
        target = os.path.join(ZONE_DIR, name)
        if not os.path.exists(target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join("/usr/share/zoneinfo", name), target)
        with open(target, "rb") as f:
            _zones[name] = SystemZoneInfo.from_file(f, key=name)
    return _zones[name]


def tzdata_version():
    try:
        with open("/usr/share/zoneinfo/tzdata.zi") as f:
            return f.readline().split()[-1]
    except OSError:
        return "unknown"


def healthchecks_error(expr):
    """Why Healthchecks (cronsim 2.7 + its own rules) rejects `expr`, or None."""
    if len(expr) > 100:
        return "length"
    if len(expr.split()) != 5:
        return "fields"
    try:
        it = CronSim(expr, datetime(2000, 1, 1))
    except CronSimError as e:
        return str(e)
    try:
        next(it)
    except StopIteration:
        return "never"
    return None


def run(expr, tz, start_ts):
    start = datetime.fromtimestamp(start_ts, UTC).astimezone(ZoneInfo(tz))
    it = CronSim(expr, start)
    out, stop = [], False
    for _ in range(RESULTS):
        try:
            dt = next(it)
        except StopIteration:
            stop = True
            break
        out.append(int(dt.astimezone(UTC).timestamp()))
    case = {"expr": expr, "tz": tz, "start": start_ts, "next": out, "explain": it.explain()}
    if stop:
        case["stop"] = True
    return case


def transitions(tz, first_year, last_year):
    """UTC instants where the zone's offset changes, found by hourly then minutely scan."""
    z = ZoneInfo(tz)
    t = int(datetime(first_year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(last_year + 1, 1, 1, tzinfo=UTC).timestamp())
    prev = datetime.fromtimestamp(t, z).utcoffset()
    found = []
    while t < end:
        nt = t + 3600
        off = datetime.fromtimestamp(nt, z).utcoffset()
        if off != prev:
            lo = t
            while datetime.fromtimestamp(lo + 60, z).utcoffset() == prev:
                lo += 60
            found.append((lo + 60, prev, off))
            prev = off
        t = nt
    return found


DST_ZONES = {
    # zone: years to look for transitions in (some past the end of the file's table, 2037)
    "Europe/Berlin": [(2024, 2024), (2027, 2027), (2045, 2045)],
    "America/New_York": [(2025, 2025), (2040, 2040)],
    "Australia/Lord_Howe": [(2025, 2026), (2050, 2050)],
    "Pacific/Chatham": [(2025, 2026)],
    "Asia/Kathmandu": [(1986, 1986)],
    "America/Santiago": [(2024, 2024), (2026, 2026), (2042, 2042)],
    "America/Havana": [(2024, 2025)],
    "Asia/Beirut": [(2024, 2025)],
    "Pacific/Apia": [(2011, 2011), (2020, 2021)],
    "Antarctica/Troll": [(2025, 2025)],
    "Europe/London": [(2026, 2026)],
    "Australia/Sydney": [(2026, 2026)],
    "America/Sao_Paulo": [(2018, 2019)],
    "Europe/Dublin": [(2025, 2025)],
    "America/St_Johns": [(2025, 2025)],
    "Asia/Tehran": [(2021, 2022)],
    "Africa/Casablanca": [(2025, 2025)],
    "Asia/Gaza": [(2025, 2025)],
    "Europe/Moscow": [(2011, 2011), (2014, 2014)],
    "America/Los_Angeles": [(2099, 2100)],
}

DST_EXPRS = [
    "30 2 * * *", "0 0 * * *", "*/15 * * * *", "0 * * * *", "0 */2 * * *", "*/20 2 * * *",
    "0-59/20 2 * * *", "0,15,30,45 2 * * *", "15 2 * * *", "0 3 * * *", "*/30 0 * * *",
    "0 1-3 * * *", "45 * * * *", "0 0-23/2 * * *", "* 2 * * *", "30 0 * * *", "59 23 * * *",
    "0 12 * * *", "*/30 * * * *", "5,*/10 2 * * *", "*/10,5 2 * * *", "0 1 * * *", "50 2 * * *",
    "0 0 L * *", "15 1 * * SUN",
]


def dst_cases():
    cases = []
    for tz, spans in DST_ZONES.items():
        for first, last in spans:
            for t, before, after in transitions(tz, first, last):
                starts = [t - 3 * 3600 - 17, t - 1, t + 1, t + 600, t + 3600 + 600]
                for expr in DST_EXPRS:
                    cases.append(run(expr, tz, rng.choice(starts)))
                    cases.append(run(expr, tz, rng.choice(starts)))
    return cases


EXT_EXPRS = [
    "0 0 L * *", "0 0 LW * *", "0 0 LW * 5L", "0 0 * * 5L", "0 0 * * 0L", "0 0 * * 7L", "0 0 * * 1#1",
    "0 0 * * MON#2", "0 0 * * 5#5", "0 0 * 2 1#5", "0 0 29 2 1#5", "0 0 L * FRI", "0 0 L/3 * *",
    "0 0 LW/2 * *", "0 0 31,L 2 *", "0 0 1,15 * 5", "0 0 */2 * MON", "0 0 1-31/2 * MON", "0 0 13 * */1",
    "0 0 1-7 * MON", "0 0 *,1 * MON", "0 0 1,* * MON", "0 0 * * *,MON", "0 0 13 * 5", "0 0 13 * *,5",
    "5/15 * * * *", "0 0 * * MON/2", "0 0 * * 7/2", "0 0 1 JAN/4 *", "0 0 * * 1-FRI", "0 0 29 2 *",
    "0 0 31 * *", "0 0 30 * *", "0 12 L 2 *", "*/25 * * * *", "0 0 */7 * *", "0 0 * * sun", "0 0 1 jan *",
    "0 0 * * 0,7", "0 0 LW 2 *", "0 0 L 2 1L", "30 6 L,15 * 5L,1#1", "0 0 * * 6#5,0L", "0 9 1-7 * 1#1",
    "0 0 5-5/10 * *", "7-7/20 * * * *", "0 0 * * 2#3,4#3", "0 0 1 * 1L", "0 0 L * 0#5", "0 0 * * TUE#5",
    "0 0 28-31 2 *", "0 0 LW * 1-5", "0 0 */100 * *", "0 0 * * */3", "0 0 * * 0-7/2", "0 */7 * * *",
    "0 0 L 1-12/2 *", "0 0 30 1-12 *", "0 0 29 * SAT", "0 4 8-14 * MON", "@daily", "@hourly", "@weekly",
    "@monthly", "@yearly", "@annually", "@midnight",
]
EXT_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago"]


def expand(expr):
    return MACROS.get(expr.strip(), expr)


def extension_cases():
    cases = []
    starts = [
        datetime(2024, 1, 31, 12, tzinfo=UTC), datetime(2024, 2, 28, 23, 30, tzinfo=UTC),
        datetime(2025, 8, 28, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 12, 30, tzinfo=UTC),
        datetime(2096, 3, 1, tzinfo=UTC), datetime(2099, 12, 1, tzinfo=UTC), datetime(2100, 2, 1, tzinfo=UTC),
        datetime(2038, 1, 19, 3, 14, 7, tzinfo=UTC), datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
    ]
    for expr in EXT_EXPRS:
        for start in starts:
            tz = rng.choice(EXT_ZONES)
            case = run(expand(expr), tz, int(start.timestamp()))
            case["expr"] = expr
            if expr.startswith("@"):
                case["expands"] = MACROS[expr]
            cases.append(case)
    # Sub-second starts: cronsim drops the microseconds, then steps one second.
    for expr in ["0 * * * *", "*/5 * * * *", "30 2 * * *"]:
        for tz in ["UTC", "Europe/Berlin"]:
            cases.append(run(expr, tz, 1767225599.5))
            cases.append(run(expr, tz, 1767225600.25))
    return cases


def random_term(field):
    lo, hi = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)][field]
    names = [None, None, None, "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(),
             "SUN MON TUE WED THU FRI SAT".split()][field]

    def value():
        v = rng.randint(lo, hi)
        if names and rng.random() < 0.3:
            return rng.choice([str.lower, str.upper, str.title])(names[(v - lo) % len(names)])
        return str(v) if rng.random() < 0.9 else "0" + str(v)

    k = rng.random()
    if k < 0.25:
        return value()
    if k < 0.45:
        a, b = sorted([rng.randint(lo, hi), rng.randint(lo, hi)])
        return f"{a}-{b}"
    if k < 0.6:
        return f"*/{rng.randint(1, hi)}"
    if k < 0.72:
        a, b = sorted([rng.randint(lo, hi), rng.randint(lo, hi)])
        return f"{a}-{b}/{rng.randint(1, 10)}"
    if k < 0.8:
        return f"{value()}/{rng.randint(1, 15)}"
    if field == 2 and k < 0.88:
        return rng.choice(["L", "LW", "L/2"])
    if field == 4 and k < 0.88:
        return rng.choice([f"{rng.randint(0, 7)}L", f"{value()}#{rng.randint(1, 5)}"])
    return "*"


def random_field(field):
    if rng.random() < 0.35:
        return "*"
    return ",".join(random_term(field) for _ in range(rng.choice([1, 1, 1, 2, 3])))


RANDOM_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham",
                "Asia/Kathmandu", "America/Santiago", "America/Havana", "Asia/Beirut", "Europe/London",
                "Asia/Tokyo", "America/Sao_Paulo", "Africa/Casablanca", "Europe/Dublin"]


def random_cases(n):
    cases, invalid = [], []
    while len(cases) < n:
        expr = " ".join(random_field(i) for i in range(5))
        if rng.random() < 0.1:
            expr = expr.replace(" ", rng.choice(["  ", "\t", "\u00a0", " \u2003"]), 1)
        err = healthchecks_error(expr)
        if err:
            if len(invalid) < 150:
                invalid.append({"expr": expr, "error": err})
            continue
        start = rng.randint(int(datetime(1975, 1, 1, tzinfo=UTC).timestamp()),
                            int(datetime(2110, 1, 1, tzinfo=UTC).timestamp()))
        cases.append(run(expr, rng.choice(RANDOM_ZONES), start))
    return cases, invalid


INVALID = [
    "", "   ", "* * * *", "* * * * * *", "0 * * * * *", "* * * * * * *", "@reboot", "@DAILY", "@Hourly",
    "@every5m", "@daily extra", "? * * * *", "0 0 ? * *", "0 0 * * ?", "0 0 15W * *", "0 0 W * *",
    "0 0 L-3 * *", "0 0 1-L * *", "H * * * *", "0 H * * *", "*/0 * * * *", "0 0 */0 * *", "22-2 * * * *",
    "0 22-2 * * *", "0 0 * * FRI-MON", "0 0 * DEC-JAN *", "0 0 * * SAT-SUN", "0 0 * * MON-SUN", "60 * * * *",
    "0 24 * * *", "0 0 0 * *", "0 0 32 * *", "0 0 * 0 *", "0 0 * 13 *", "0 0 * * 8", "1,,2 * * * *",
    "1, * * * *", ", * * * *", "0 0 * * FRIL", "0 0 * * L", "0 0 * * 5L-6", "0 0 * * 5L/2", "0 0 * * 5L#1",
    "0 0 * * 1#0", "0 0 * * 1#6", "0 0 * * 8#1", "0 0 * * 1-2#3", "0 0 * * 1#2-3", "0 0 * * #2",
    "0 0 * * 1#", "0 0 * * MONDAY", "0 0 * * TUES", "0 0 * * JAN", "0 0 * MON *", "0 0 MON * *",
    "JAN 0 * * *", "0 0 L * L", "0 L * * *", "L * * * *", "0 0 * L *", "0 0 LW/0 * *", "0 0 30 2 *",
    "0 0 31 4,6,9,11 *", "0 0 31 2 */7", "0 0 30 2 MON", "0 0 31 4 1-5", "1 1 */100 * MON#4",
    "* * */20 * 1L", "0 0 */31 * 1#5", "-1 * * * *", "+1 * * * *", "1.5 * * * *", "\uff11 * * * *",
    "\u00b2 * * * *", "0 0 * * \u0665", "*/x * * * *", "*/ * * * *", "1/ * * * *", "/5 * * * *",
    "1-/2 * * * *", "-5 * * * *", "5- * * * *", "1-2-3 * * * *", "1/2/3 * * * *", "** * * * *",
    "*/5 */1x * * *", "0 0 1 1 1 1", "~ * * * *", "0~30 * * * *", "0 0 LW#1 * *",
    "0 0 * * 7#6", "99999999999999999999 * * * *", "0 0 1 1 " + "1," * 48 + "1", "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40 * * * *",
    "*/5 * * * * #comment", "0 0 * * 0x1", "0 0 1e1 * *", "0 0 * * sun-", "0 0 * jan-dec/0 *",
]


BREAKERS = ["?", "W", "L", "99", "-1", "5-2", "*/0", "", "#", "x", "1L", "3#9", "MON", "JAN", "L-1", "1-", "/2", "H"]


def mutated_cases(n):
    """Valid expressions with one term replaced by something that may break it."""
    cases = []
    while len(cases) < n:
        fields = [random_field(i) for i in range(5)]
        i = rng.randrange(5)
        terms = fields[i].split(",")
        j = rng.randrange(len(terms))
        terms[j] = rng.choice(BREAKERS) if rng.random() < 0.7 else terms[j] + rng.choice(BREAKERS)
        fields[i] = ",".join(terms)
        expr = " ".join(fields)
        err = healthchecks_error(expr)
        if err:
            cases.append({"expr": expr, "error": err})
    return cases


def invalid_cases():
    cases = []
    for expr in INVALID:
        macro = expr.strip()
        if macro in MACROS:
            continue
        err = healthchecks_error(expr)
        if expr.strip().startswith("@"):
            err = "macro"
        assert err, f"expected {expr!r} to be invalid"
        cases.append({"expr": expr, "error": err})
    return cases


SLIM_ZONES = ["Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "America/New_York", "Pacific/Chatham"]


def slim_zones(directory):
    """Debian may ship "slim" TZif files (no table past the last rule change, only the POSIX
    footer). Compile slim copies of a few zones with zic so the tests can read both forms."""
    import subprocess
    import tempfile
    target = os.path.join(directory, "zoneinfo-slim")
    shutil.rmtree(target, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["zic", "-b", "slim", "-d", tmp, "/usr/share/zoneinfo/tzdata.zi"], check=True)
        for name in SLIM_ZONES:
            os.makedirs(os.path.dirname(os.path.join(target, name)), exist_ok=True)
            shutil.copyfile(os.path.join(tmp, name), os.path.join(target, name))


def dst_random_cases(n):
    """Random valid expressions started just before, inside and after random transitions."""
    spans = [(tz, first, last) for tz, years in DST_ZONES.items() for first, last in years]
    found = {}
    cases = []
    while len(cases) < n:
        tz, first, last = rng.choice(spans)
        if (tz, first) not in found:
            found[(tz, first)] = transitions(tz, first, last)
        if not found[(tz, first)]:
            continue
        t, _, _ = rng.choice(found[(tz, first)])
        expr = " ".join(random_field(i) for i in range(5))
        if healthchecks_error(expr):
            continue
        cases.append(run(expr, tz, t + rng.randint(-4 * 3600, 4 * 3600)))
    return cases


def write(directory, name, cases, what):
    with open(os.path.join(directory, name), "w") as f:
        json.dump({"generator": "scripts/generate-cronsim-corpus.py", "cronsim": "2.7",
                   "tzdata": tzdata_version(), "what": what, "cases": cases}, f, indent=0, ensure_ascii=True)
        f.write("\n")
    print(f"{name}: {len(cases)} cases")


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "Tests/CronopsCoreTests/Fixtures/cronsim"
    os.makedirs(directory, exist_ok=True)
    global ZONE_DIR
    ZONE_DIR = os.path.join(directory, "zoneinfo")
    shutil.rmtree(ZONE_DIR, ignore_errors=True)
    # Zones the hand-written tests use besides the corpus.
    for name in ["Etc/GMT-14", "Pacific/Apia", "Antarctica/Troll", "Europe/Berlin", "America/Santiago",
                 "America/Havana", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kathmandu",
                 "Australia/Sydney", "UTC"]:
        ZoneInfo(name)
    slim_zones(directory)
    write(directory, "dst.json", dst_cases() + dst_random_cases(int(os.environ.get("CRONSIM_DST_RANDOM", "700"))),
          "schedules around offset changes in DST zones")
    write(directory, "extensions.json", extension_cases(), "L, LW, nL, #, steps, names, AND/OR, leap years, macros")
    valid, invalid = random_cases(int(os.environ.get("CRONSIM_RANDOM", "1500")))
    write(directory, "random.json", valid, "random valid expressions in random zones and years")
    write(directory, "invalid.json", invalid_cases() + invalid + mutated_cases(400), "expressions cronsim or Healthchecks rejects")


if __name__ == "__main__":
    main()
