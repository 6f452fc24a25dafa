#!/usr/bin/env python3
"""Generate a synthetic cronops repository for the plan benchmark.

    generate.py OUT_DIR [--jobs 10000] [--per-file 10]

Writes OUT_DIR/repo (cronops.yaml + jobs/fNNNN.yaml) with the local provider. `run.sh` applies
it once with the local provider, then `to_server.py` turns the local state into the list
responses a Healthchecks server would give, so the Healthchecks plan has nothing to change.
"""
import argparse
import os

SCHEDULES = ["0 1 * * *", "*/15 * * * *", "30 2 * * 1-5", "@hourly", "@daily", "0 7 * * MON", "5 4 1 * *"]
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/Kyiv"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--jobs", type=int, default=10000)
    parser.add_argument("--per-file", type=int, default=10)
    args = parser.parse_args()

    repo = os.path.join(args.out, "repo")
    os.makedirs(os.path.join(repo, "jobs"), exist_ok=True)
    with open(os.path.join(repo, "cronops.yaml"), "w") as f:
        f.write("""version: 1
project: bench
jobs: [jobs]
monitor:
  provider: local
  state: .cronops/state.json
defaults:
  timezone: UTC
  grace: 15m
  alerts: [ops]
routes:
  ops:     { channels: ["ops-email"] }
  billing: { channels: ["Email finance", "Slack billing"] }
hosts:
""" + "".join("  web-%d: { cron: %s, timezone: UTC }\n" % (n, "debian" if n % 2 else "cronie") for n in range(1, 11)) + """
""")
    for file_index in range(0, args.jobs, args.per_file):
        with open(os.path.join(repo, "jobs", "f%04d.yaml" % (file_index // args.per_file)), "w") as f:
            f.write("jobs:\n")
            for i in range(file_index, min(file_index + args.per_file, args.jobs)):
                f.write("  job-%05d:\n" % i)
                f.write("    description: Synthetic job number %d\n" % i)
                f.write("    command: /usr/local/bin/task-%d --flag\n" % i)
                f.write("    schedule: \"%s\"\n" % SCHEDULES[i % len(SCHEDULES)])
                f.write("    timezone: %s\n" % ZONES[i % len(ZONES)])
                f.write("    hosts: [web-%d]\n" % (1 + i % 10))  # 10 hosts: each fragment stays under cron's 10,000 lines
                if i % 3 == 0:
                    f.write("    max_runtime: 1h\n")
                f.write("    tags: [team-%d, bench]\n" % (i % 7))
                if i % 4 == 0:
                    f.write("    alerts: [ops, billing]\n")


if __name__ == "__main__":
    main()
