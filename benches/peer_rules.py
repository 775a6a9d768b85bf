#!/usr/bin/env python3
"""Turn a peer-benchmark entity list (entities-M.json, made by the shared bench generator)
into a bomgate rule file, so that bomgate runs on exactly the peers' data.

    python3 benches/peer_rules.py entities-20000.json > bench-rules.toml
    bomgate check --no-default-rules --rules bench-rules.toml --format json bom-1000000.csv

Differences that are deliberate and reported on stderr:
* part-number families shorter than 3 characters (the list gives Micron a bare `MT` and
  Crucial `CT`) are dropped: bomgate refuses them because they also match MediaTek, Aerosemi
  and every other maker whose parts start with those letters.
"""
import json
import sys


def q(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        ents = json.load(f)["entities"]
    out = sys.stdout
    out.write('[[role]]\nid = "bench-buyer"\njurisdiction = "XX"\nname = "Benchmark buyer"\n'
              'description = "Anyone checking the benchmark list."\n\n')
    out.write('[instrument]\nid = "xx-peer-bench"\ntitle = "Peer benchmark entity list"\n'
              'jurisdiction = "XX"\nauthority = "Synthetic"\ncitation = "Synthetic"\n'
              'sources = ["https://example.org/peer-bench"]\nchecked = 2026-11-27\n\n')
    ids = [e["id"].lower() for e in ents]
    out.write('[[rule]]\nid = "xx-peer-bench"\nbinds = ["bench-buyer"]\ngroup = false\n'
              'severity = "deny"\nentities = [' + ", ".join(q(i) for i in ids) + ']\n'
              '[[rule.obligation]]\naction = "procure"\nfrom = 2000-01-01\n\n')
    dropped = 0
    for e, i in zip(ents, ids):
        out.write(f'[[entity]]\nid = {q(i)}\nname = {q(e["name"])}\n')
        out.write("aliases = [" + ", ".join(q(a) for a in e["aliases"]) + "]\n")
        prefixes = [p for p in e["mpn_prefixes"] if len(p) >= 3]
        dropped += len(e["mpn_prefixes"]) - len(prefixes)
        if prefixes:
            out.write("mpn-prefixes = [" + ", ".join(q(p) for p in prefixes) + "]\n")
        out.write("\n")
    if dropped:
        print(f"dropped {dropped} part-number families shorter than 3 characters", file=sys.stderr)


if __name__ == "__main__":
    main()
