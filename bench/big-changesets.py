"""Adds two large changesets to a copy of the benchmark repository (for bench/extras-repo.ts).

On a new named branch `bench-big`, from the default branch tip:
1. `Add a 20 MB table`: adds `assets/data/big-20mb.csv` (20 MiB of CSV rows);
2. `Touch many files`: a small edit (one line replaced, one inserted) in `wide` text files,
   a deterministic sample of the files of the default tip (large tables and symlinks excluded).

Both are public. Everything is deterministic (fixed seed, user and dates), so that running it on
two copies of the same repository gives the same nodes. No extension is loaded.

Usage: big-changesets.py CONFIG_JSON with `repo` (path), `base` (hex node) and `wide` (count).
Prints {"bigNode": hex, "wideNode": hex, "wideFiles": n, "bigPath": str, "bigBytes": n}.
"""

import json
import random
import sys

from mercurial import context, hg, phases, ui as uimod
from mercurial.node import bin, hex, nullid

CONFIG = json.loads(sys.argv[1])
BRANCH = b"bench-big"
USER = b"Bench Big <bench-big@example.org>"
BIG_PATH = b"assets/data/big-20mb.csv"
BIG_SIZE = 20 * 1024 * 1024

rng = random.Random(20240602)


def big_table(size):
    """CSV rows (as the generator's tables) up to exactly `size` bytes."""
    words = [b"kalo", b"mira", b"neto", b"suvi", b"depa", b"rizo", b"anel", b"orta"]
    rows = []
    total = 0
    n = 0
    while total < size:
        row = b"%d,%s,%d,%d.%02d,%s\n" % (
            n, rng.choice(words), rng.randint(0, 10**6), rng.randint(0, 999),
            rng.randint(0, 99), rng.choice(words),
        )
        rows.append(row)
        total += len(row)
        n += 1
    return b"".join(rows)[:size]


def touched(data):
    """A small edit: one line replaced and one inserted."""
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    lines[i] = b"edited by the wide benchmark changeset %d" % rng.randint(0, 10**6)
    lines.insert(rng.randrange(len(lines) + 1), b"inserted line %d" % rng.randint(0, 10**6))
    return b"\n".join(lines)


def commit(repo, parent, changes, text, when):
    pctx = repo[parent]

    def filectx(repo_, mctx, path):
        flags = pctx.flags(path) if path in pctx else b""
        return context.memfilectx(repo_, mctx, path, changes[path], isexec=b"x" in flags)

    ctx = context.memctx(repo, (parent, nullid), text, sorted(changes), filectx, user=USER,
                         date=(when, 0), extra={b"branch": BRANCH})
    return ctx.commit()


def main():
    ui = uimod.ui.load()
    ui.setconfig(b"ui", b"quiet", b"true")
    repo = hg.repository(ui, CONFIG["repo"].encode()).unfiltered()
    base = bin(CONFIG["base"])
    mf = repo[base].manifest()
    candidates = sorted(p for p in mf if mf.flags(p) == b"" and not p.endswith(b".csv")
                        and p != b".hgtags")
    with repo.wlock(), repo.lock():
        with repo.transaction(b"bench-big") as tr:
            big = commit(repo, base, {BIG_PATH: big_table(BIG_SIZE)}, b"Add a 20 MB table",
                         1_900_000_000)
            chosen = rng.sample(candidates, CONFIG["wide"])
            changes = {p: touched(repo[base][p].data()) for p in chosen}
            wide = commit(repo, big, changes, b"Touch many files", 1_900_000_060)
            phases.advanceboundary(repo, tr, phases.public, [big, wide])
    sys.stdout.write(json.dumps({
        "bigNode": hex(big).decode(),
        "wideNode": hex(wide).decode(),
        "wideFiles": len(changes),
        "bigPath": BIG_PATH.decode(),
        "bigBytes": BIG_SIZE,
    }))


main()
