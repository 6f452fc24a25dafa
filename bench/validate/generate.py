#!/usr/bin/env python3
"""Writes a synthetic cronops repository: N jobs spread over M job files, with the field mix of
real repositories (most jobs have a description, hosts, tags and a grace; some have validate
rules, env, max_runtime, previous names). Deterministic for a given seed.

usage: generate.py OUT_DIR [--jobs 10000] [--files 1000] [--seed 1]
"""
import argparse, pathlib, random

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--jobs", type=int, default=10000)
p.add_argument("--files", type=int, default=1000)
p.add_argument("--seed", type=int, default=1)
a = p.parse_args()
rnd = random.Random(a.seed)
out = pathlib.Path(a.out)
(out / "jobs").mkdir(parents=True, exist_ok=True)

hosts = [f"host-{i:02d}" for i in range(20)]
zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "Europe/London"]
schedules = ["*/5 * * * *", "0 * * * *", "30 2 * * *", "0 1 * * *", "15 4 * * 1-5", "0 7 * * MON", "@daily",
             "@hourly", "0 0 1 * *", "*/15 9-17 * * 1-5", "45 23 * * 0", "0 */6 * * *"]
(out / "cronops.yaml").write_text(f"""version: 1
project: bench
monitor: {{ provider: local }}
defaults: {{ timezone: UTC, grace: 15m, user: app, alerts: [ops] }}
routes:
  ops: {{ channels: [ops-email] }}
  billing: {{ channels: ["Email finance", "Slack billing"] }}
hosts:
""" + "".join(f"  {h}: {{ cron: debian, timezone: UTC }}\n" for h in hosts))

per_file = a.jobs // a.files
n = 0
for f in range(a.files):
    d = out / "jobs" / f"team-{f % 25:02d}"
    d.mkdir(exist_ok=True)
    lines = ["jobs:"]
    count = per_file + (1 if f < a.jobs % a.files else 0)
    for _ in range(count):
        name = f"job-{n:05d}"
        n += 1
        lines.append(f"  {name}:")
        lines.append(f"    description: Synthetic job {name} for the validate benchmark")
        lines.append(f"    command: /opt/app/bin/task --name {name} --verbose >> /var/log/{name}.log 2>&1")
        lines.append(f"    schedule: \"{rnd.choice(schedules)}\"")
        lines.append(f"    timezone: {rnd.choice(zones)}")
        lines.append(f"    hosts: [{', '.join(rnd.sample(hosts, rnd.choice([1, 1, 1, 2])))}]")
        lines.append(f"    grace: {rnd.choice(['5m', '15m', '1h', '2h30m'])}")
        lines.append(f"    tags: [{rnd.choice(['billing', 'crm', 'db', 'report'])}, team-{f % 25:02d}]")
        if rnd.random() < 0.5:
            lines.append(f"    max_runtime: {rnd.choice(['10m', '1h', '3h'])}")
            lines.append("    overlap: skip")
        if rnd.random() < 0.3:
            lines.append("    alerts: [billing, ops]")
            lines.append("    env: { MODE: live, REGION: eu-west-1 }")
        if rnd.random() < 0.4:
            lines.append("    validate:")
            lines.append("      exit_codes: [0]")
            lines.append("      stdout:")
            lines.append("        json: [\"failed == 0\", \"sent == generated\", \"generated >= 1\"]")
            lines.append("        forbids: ['(?i)traceback']")
            lines.append("      stderr: { forbids: [ConnectionError, Timeout] }")
            lines.append("      duration: { min: 5s, max: 90m }")
        if rnd.random() < 0.05:
            lines.append(f"    previous_names: [old-{name}]")
    (d / f"jobs-{f:04d}.yaml").write_text("\n".join(lines) + "\n")
print(f"wrote {n} jobs in {a.files} files to {out}")
