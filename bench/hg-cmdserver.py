"""Times hg commands through a warm command server (python3-hglib), for bench/hg-timings.ts.

Input (stdin, JSON): {"repo": path, "configs": ["section.name=value", ...], "warmup": n,
"warmupSeconds": s, "iterations": n, "maxSeconds": s, "minIterations": n, "cases": [{"name":
str, "samples": [[[arg, ...], ...], ...]}]}. Each sample is a list of commands run back to back
and timed as one; samples are used in order, cycling, warm-up included. Warm-up stops after
`warmup` runs or `warmupSeconds` (at least one run); timing stops after `iterations` samples,
or after `maxSeconds` once `minIterations` samples are taken. One client (one `hg serve
--cmdserver pipe` process) serves a whole repository, started and warmed before any timing.

Output (stdout, JSON): {"name": {"ms": [...], "bytes": n}} with per-sample milliseconds and
the output size of the last sample.
"""

import json
import sys
import time

import hglib

spec = json.loads(sys.stdin.read())


def time_case(client, case):
    """Warm-up then timed samples of one case; returns (milliseconds, last output size)."""
    samples = [[[a.encode("utf-8") for a in cmd] for cmd in sample] for sample in case["samples"]]
    state = {"i": 0, "size": 0}

    def run_sample():
        sample = samples[state["i"] % len(samples)]
        state["i"] += 1
        start = time.perf_counter()
        size = 0
        for cmd in sample:
            size += len(client.rawcommand(cmd))
        state["size"] = size
        return (time.perf_counter() - start) * 1000.0

    begin = time.perf_counter()
    while state["i"] < max(1, spec["warmup"]):
        run_sample()
        if time.perf_counter() - begin > spec["warmupSeconds"]:
            break
    times = []
    begin = time.perf_counter()
    while len(times) < spec["iterations"] and (
        len(times) < spec["minIterations"] or time.perf_counter() - begin < spec["maxSeconds"]
    ):
        times.append(run_sample())
    return times, state["size"]


client = hglib.open(spec["repo"], configs=spec.get("configs") or None)
result = {}
try:
    # Warm the server itself (extensions loaded, repository opened, caches read) once.
    client.rawcommand([b"root"])
    for case in spec["cases"]:
        times, size = time_case(client, case)
        result[case["name"]] = {"ms": times, "bytes": size}
finally:
    client.close()
sys.stdout.write(json.dumps(result))
