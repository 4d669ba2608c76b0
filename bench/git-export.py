"""Exports benchmark history to a Git repository (for bench/extras-repo.ts), via `git fast-import`.

Exported: every ancestor of the given heads (`heads`: ref name -> hex node), that is the
public history of the default branch, the stable and feature branches merged into it, and the
`bench-big` branch; topics, obsolete changesets and unmerged branches are left out. Each
changeset becomes one commit with the same parents (merges keep both), author and committer
from hg's user and date (with its time zone), the same message, and a tree equal to the
changeset's manifest: files as blobs (mode 100755 for the `x` flag, 120000 symlinks for `l`),
`.hgtags` and `.hgignore` included as ordinary files. Each commit lists the manifest
difference from its first parent. Branch heads become `refs/heads/<ref>`; HEAD points at
`refs/heads/<head>`. Mercurial's tags are not exported as Git tags.

Also picks the inputs of the benchmark rows from the default head (`head`): the file whose
size is closest to 3 KiB, the file modified by the most changesets of its history (with its
directory) and the word present in the most files of a sample.

Usage: git-export.py CONFIG_JSON with `repo`, `git` (bare repository to create), `heads`,
`head`. Prints JSON: {"commits": {hex: git sha} for the heads, "count": n, "blob3k": path,
"hotFile": path, "hotDir": path, "word": str}.
"""

import collections
import json
import os
import random
import re
import subprocess
import sys

from mercurial import hg, ui as uimod
from mercurial.node import bin, hex, nullrev

CONFIG = json.loads(sys.argv[1])
MODES = {b"": b"100644", b"x": b"100755", b"l": b"120000"}


def ident(user, date):
    """`Name <email> seconds +hhmm` from hg's user and (time, seconds west of UTC)."""
    m = re.match(rb"^(.*?)\s*<([^>]*)>", user)
    name, email = (m.group(1), m.group(2)) if m else (user, b"")
    east = -date[1]
    sign = b"+" if east >= 0 else b"-"
    east = abs(east)
    return b"%s <%s> %d %s%02d%02d" % (name or email, email, int(date[0]), sign,
                                       east // 3600, (east % 3600) // 60)


def data(out, payload):
    out.write(b"data %d\n" % len(payload))
    out.write(payload)
    out.write(b"\n")


def export(repo, revs, heads, out):
    """Writes the fast-import stream of `revs` (ascending, closed under parents)."""
    blobs = {}
    modified = collections.Counter()
    default_ancestors = set(repo.revs(b"::%n", bin(CONFIG["head"])))
    next_mark = [len(repo) + 1]
    for rev in revs:
        ctx = repo[rev]
        parents = [p.rev() for p in ctx.parents() if p.rev() != nullrev]
        before = repo[parents[0]].manifest() if parents else {}
        after = ctx.manifest()
        if parents:
            changed = sorted(before.diff(after).items())
        else:
            changed = [(p, ((None, b""), (after[p], after.flags(p)))) for p in sorted(after)]
        ops = []
        for path, (_, (node, flags)) in changed:
            if node is None:
                ops.append(b"D %s\n" % path)
                continue
            if rev in default_ancestors:
                modified[path] += 1
            mark = blobs.get(node)
            if mark is None:
                mark = next_mark[0]
                next_mark[0] += 1
                blobs[node] = mark
                out.write(b"blob\nmark :%d\n" % mark)
                data(out, repo.filectx(path, fileid=node).data())
            ops.append(b"M %s :%d %s\n" % (MODES[flags], mark, path))
        out.write(b"commit refs/heads/export-in-progress\nmark :%d\n" % (rev + 1))
        who = ident(ctx.user(), ctx.date())
        out.write(b"author %s\ncommitter %s\n" % (who, who))
        data(out, ctx.description())
        if parents:
            out.write(b"from :%d\n" % (parents[0] + 1))
        for p in parents[1:]:
            out.write(b"merge :%d\n" % (p + 1))
        out.writelines(ops)
        out.write(b"\n")
    for ref, node in heads.items():
        out.write(b"reset refs/heads/%s\nfrom :%d\n\n" % (ref.encode(), repo[bin(node)].rev() + 1))
    out.write(b"reset refs/heads/export-in-progress\nfrom 0000000000000000000000000000000000000000\n\n")
    return modified


def picks(repo, modified):
    """Inputs of the benchmark rows, from the default head."""
    ctx = repo[bin(CONFIG["head"])]
    mf = ctx.manifest()
    files = [p for p in mf if mf.flags(p) == b""]
    sizes = {p: ctx[p].size() for p in files}
    blob3k = min(files, key=lambda p: (abs(sizes[p] - 3072), p))
    hot = max((p for p in files if p in modified and not p.endswith(b".csv")
               and p not in (b".hgtags", b"README.md")),
              key=lambda p: (modified[p], p))
    rng = random.Random(1)
    presence = collections.Counter()
    for p in rng.sample(sorted(files), 400):
        presence.update(set(re.findall(rb"[a-z]{6,}", ctx[p].data())))
    word = max(presence, key=lambda w: (presence[w], w))
    return {
        "blob3k": blob3k.decode(),
        "blob3kBytes": sizes[blob3k],
        "hotFile": hot.decode(),
        "hotFileChanges": modified[hot],
        "hotDir": os.path.dirname(hot).decode(),
        "word": word.decode(),
    }


def main():
    ui = uimod.ui.load()
    ui.setconfig(b"ui", b"quiet", b"true")
    repo = hg.repository(ui, CONFIG["repo"].encode()).unfiltered()
    heads = CONFIG["heads"]
    revs = sorted(repo.revs(b"::%ln", [bin(n) for n in heads.values()]))
    git = CONFIG["git"]
    subprocess.run(["git", "init", "-q", "--bare", git], check=True)
    marks = os.path.join(git, "hg-marks")
    proc = subprocess.Popen(["git", "--git-dir", git, "fast-import", "--quiet",
                             "--export-marks=" + marks], stdin=subprocess.PIPE)
    modified = export(repo, revs, heads, proc.stdin)
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "--git-dir", git, "symbolic-ref", "HEAD",
                    "refs/heads/" + CONFIG["headRef"]], check=True)
    by_mark = {}
    with open(marks) as f:
        for line in f:
            mark, sha = line.split()
            by_mark[int(mark[1:])] = sha
    commits = {hex(repo[r].node()).decode(): by_mark[r + 1] for r in revs}
    with open(os.path.join(git, "hg-nodes.json"), "w") as f:
        json.dump(commits, f)
    result = {"count": len(revs)}
    result.update(picks(repo, modified))
    sys.stdout.write(json.dumps(result))


main()
