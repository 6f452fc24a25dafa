#!/usr/bin/env python3
"""Times commands in interleaved rounds and compares medians with the first command.

usage: interleave.py ROUNDS "name=command" ...

Each round runs every command once, in a new random order, after one warm-up round. On a
shared machine whose speed drifts, back-to-back series (A fifty times, then B fifty times)
compare two different machines; interleaving lets both see the same drift.
"""
import random
import statistics
import subprocess
import sys
import time


def run(command):
    start = time.perf_counter()
    result = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {command}")
    return time.perf_counter() - start


def main():
    rounds = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    times = {name: [] for name, _ in commands}
    for round_number in range(rounds + 1):
        order = commands[:]
        random.shuffle(order)
        for name, command in order:
            elapsed = run(command)
            if round_number > 0:
                times[name].append(elapsed)
    base = statistics.median(times[commands[0][0]])
    for name, _ in commands:
        samples = times[name]
        q1, median, q3 = statistics.quantiles(samples, n=4)
        median = statistics.median(samples)
        print(f"{name:38} median {median * 1000:6.1f} ms  (q1 {q1 * 1000:6.1f}, q3 {q3 * 1000:6.1f}, "
              f"min {min(samples) * 1000:6.1f})  {median / base:4.2f}x the floor")


if __name__ == "__main__":
    main()
