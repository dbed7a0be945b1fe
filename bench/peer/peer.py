#!/usr/bin/env python3
"""Helpers of bench/peer.sh (standard library only).

  peer.py body QUERY_FILE                 the JSON request body of a GraphQL file
  peer.py same GONGZHI.json PEER.json     check both answers carry the same data
  peer.py table RESULTS.tsv               the markdown table of the interleaved runs

RESULTS.tsv has one line per run: query, side, concurrency, round, requests,
seconds, server CPU ticks, PostgreSQL CPU ticks, ticks per second.
"""

import json
import statistics
import sys
from collections import defaultdict

SIDES = ("gongzhi", "postgraphile")


def body(path):
    lines = [line for line in open(path, encoding="utf-8") if not line.lstrip().startswith("#")]
    print(json.dumps({"query": "".join(lines)}, ensure_ascii=False))


def normalize(value, key=None):
    """PostGraphile's answer reads one building leader as a connection of at
    most one node; Gongzhi's as the node or null. Everything else already has
    the same shape, thanks to the aliases in the PostGraphile queries."""
    if key == "buildingLeader" and isinstance(value, dict) and "nodes" in value:
        nodes = value["nodes"]
        if len(nodes) > 1:
            raise SystemExit(f"a building with {len(nodes)} open building-leader assignments")
        value = nodes[0] if nodes else None
    if isinstance(value, dict):
        return {k: normalize(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def rows(value):
    """How many objects an answer holds, to show it is not empty."""
    if isinstance(value, dict):
        return 1 + sum(rows(v) for v in value.values())
    if isinstance(value, list):
        return sum(rows(v) for v in value)
    return 0


def same(gongzhi_file, peer_file):
    answers = []
    for side, path in zip(SIDES, (gongzhi_file, peer_file)):
        with open(path, encoding="utf-8") as f:
            answer = json.load(f)
        if answer.get("errors") or not answer.get("data"):
            raise SystemExit(f"{side} answered with errors or no data: {json.dumps(answer)[:2000]}")
        answers.append(normalize(answer["data"]))
    if answers[0] != answers[1]:
        for side, data in zip(SIDES, answers):
            print(f"{side}: {json.dumps(data, ensure_ascii=False)[:1500]}", file=sys.stderr)
        raise SystemExit("the two sides answered with different data")
    if rows(answers[0]) < 10:
        raise SystemExit(f"too little data to measure: {json.dumps(answers[0], ensure_ascii=False)}")
    return rows(answers[0])


def table(path):
    runs = defaultdict(list)  # (query, concurrency, side) -> [(requests, seconds, server, pg, hz)]
    order = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            query, side, conc, _round, requests, seconds, server, pg, hz = line.split("\t")
            key = (query, int(conc))
            if key not in order:
                order.append(key)
            runs[key + (side,)].append((int(requests), float(seconds), int(server), int(pg), int(hz)))

    def rate(key):
        return statistics.median(r / s for r, s, *_ in runs[key])

    def cpu_ms(key, column):
        total = sum(r[0] for r in runs[key])
        ticks = sum(r[column] for r in runs[key])
        return 1000.0 * ticks / runs[key][0][4] / total if total else float("nan")

    print("| query | clients | Gongzhi req/s | PostGraphile req/s | ratio | "
          "Gongzhi CPU ms/req (server + PostgreSQL) | PostGraphile CPU ms/req (server + PostgreSQL) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for query, conc in order:
        g, p = (query, conc, "gongzhi"), (query, conc, "postgraphile")
        print(f"| {query} | {conc} | {rate(g):.0f} | {rate(p):.0f} | {rate(g) / rate(p):.2f}x | "
              f"{cpu_ms(g, 2):.2f} + {cpu_ms(g, 3):.2f} | {cpu_ms(p, 2):.2f} + {cpu_ms(p, 3):.2f} |")
    rounds = max(len(v) for v in runs.values())
    print(f"\nreq/s: the median of {rounds} interleaved runs; CPU: user + system time over all runs, "
          "divided by their requests.")


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["help"]
    if command == "body" and len(args) == 1:
        body(*args)
    elif command == "same" and len(args) == 2:
        print(same(*args))
    elif command == "table" and len(args) == 1:
        table(*args)
    else:
        raise SystemExit(__doc__)
