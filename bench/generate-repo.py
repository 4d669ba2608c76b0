"""Benchmark repository generator (run by bench/generate-repo.ts with /usr/bin/python3).

Builds, in one process through Mercurial's API (memctx commits, no working copy), a large
repository shaped like a busy Heptapod project:

- a realistic directory tree of several thousand files, a few of them large;
- named branches: default, stable (merged into default regularly) and feature branches,
  most of them closed and merged, a few left open, a few closed without merge;
- tags in `.hgtags` (one moved, one removed);
- topics: draft changesets carrying the `topic` extra on top of public branches;
- obsolete changesets (amended and pruned topic changesets).

Then it warms hg's own caches, copies the repository and gives the copy the Heptapod state
files (`gitlab.branches`, `gitlab.tags`, `default_gitlab_branch`) computed from hg's answers.

Usage: generate-repo.py CONFIG_JSON. The config gives `dir` (output directory), `seed` and
`mainCommits`. Writes `<dir>/bench.hg`, `<dir>/bench-state.hg` and prints a JSON summary.
"""

import hashlib
import json
import os
import random
import shutil
import sys
import time

from mercurial import (
    context,
    extensions,
    hg,
    obsolete,
    phases,
    ui as uimod,
)
from mercurial.node import hex, nullid
from mercurial.utils import hashutil, storageutil

# Plain SHA-1 instead of Mercurial's collision-detecting one: the same digests for this
# (collision-free) data, several times faster on the ~450 KB manifests hashed at each commit.
hashutil.sha1 = hashlib.sha1
storageutil._nullhash = hashlib.sha1(nullid)

CONFIG = json.loads(sys.argv[1])
OUT = CONFIG["dir"].encode()
SEED = CONFIG["seed"]
MAIN_COMMITS = CONFIG["mainCommits"]
TOPICS = CONFIG.get("topics", 500)
TAGS = CONFIG.get("tags", 200)
FILES = CONFIG.get("files", 5200)

rng = random.Random(SEED)
started = time.time()


def log(msg):
    sys.stderr.write("[generate %6.1fs] %s\n" % (time.time() - started, msg))
    sys.stderr.flush()


# ---------------------------------------------------------------- vocabulary and content

SYLLABLES = [
    "ka", "lo", "mi", "ra", "ne", "to", "su", "vi", "de", "pa", "ri", "zo", "an", "el",
    "or", "ta", "mu", "go", "fe", "li", "no", "sa", "be", "cu", "di", "ex", "ha", "ju",
]


def word(r=rng, lo=2, hi=4):
    return "".join(r.choice(SYLLABLES) for _ in range(r.randint(lo, hi)))


WORDS = sorted({word() for _ in range(3000)})
LINES = [
    (" " * (4 * rng.randint(0, 3)) + " ".join(rng.choices(WORDS, k=rng.randint(1, 14)))).encode()
    for _ in range(6000)
]
USERS = [
    ("%s %s <%s@example.org>" % (word().title(), word().title(), word())).encode()
    for _ in range(40)
]
TZS = [0, -3600, -7200, 18000, 25200, -19800, 3600]


def text_content(nlines):
    return b"\n".join(rng.choices(LINES, k=nlines)) + b"\n"


def big_content(size):
    rows = []
    total = 0
    n = 0
    while total < size:
        row = b"%d,%s,%d,%d.%02d,%s\n" % (
            n, rng.choice(WORDS).encode(), rng.randint(0, 10**6), rng.randint(0, 999),
            rng.randint(0, 99), rng.choice(WORDS).encode(),
        )
        rows.append(row)
        total += len(row)
        n += 1
    return b"".join(rows)


def modify(data):
    """A small edit: replace, insert or delete a few lines somewhere."""
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        op = rng.random()
        if op < 0.5:
            lines[i] = rng.choice(LINES)
        elif op < 0.85 or len(lines) < 4:
            lines[i:i] = rng.choices(LINES, k=rng.randint(1, 6))
        else:
            del lines[i]
    return b"\n".join(lines)


# ---------------------------------------------------------------- file tree

TOPS = [("src", 45, ".py"), ("lib", 15, ".c"), ("tests", 15, ".py"), ("docs", 10, ".md"),
        ("tools", 3, ".sh"), ("assets", 5, ".json"), ("vendor", 7, ".rs")]


def make_dirs():
    dirs = []
    for top, weight, ext in TOPS:
        count = weight * 14
        level = [top]
        made = [top]
        while len(made) < count:
            parent = rng.choice(level if rng.random() < 0.7 else made)
            child = "%s/%s" % (parent, word())
            if child.count("/") > 4:
                continue
            made.append(child)
            level.append(child)
        dirs.extend((d, ext) for d in made)
    return dirs


DIRS = make_dirs()


def new_path(existing):
    while True:
        d, ext = DIRS[min(int(rng.paretovariate(1.0)) - 1, len(DIRS) - 1)] \
            if rng.random() < 0.2 else rng.choice(DIRS)
        path = ("%s/%s%s" % (d, word(), ext)).encode()
        if path not in existing:
            return path


def is_exec(path):
    return path.endswith(b".sh")


# ---------------------------------------------------------------- repository

ui = uimod.ui.load()
ui.setconfig(b"extensions", b"evolve", b"")
ui.setconfig(b"extensions", b"topic", b"")
ui.setconfig(b"experimental", b"evolution", b"all")
ui.setconfig(b"ui", b"quiet", b"true")
# Keep the manifests of every active head in memory (they are large and switched often).
ui.setconfig(b"format", b"manifestcachesize", b"64")
extensions.loadall(ui)

plain_path = os.path.join(OUT, b"bench.hg")
state_path = os.path.join(OUT, b"bench-state.hg")
repo = hg.repository(ui, plain_path, create=True).unfiltered()

date = [1_500_000_000]


def next_date():
    date[0] += rng.randint(60, 7200)
    return (date[0], rng.choice(TZS))


def message():
    subject = "%s: %s %s" % (rng.choice(WORDS), rng.choice(["fix", "add", "refactor", "update",
                                                           "remove", "document", "test"]),
                             " ".join(rng.choices(WORDS, k=rng.randint(1, 6))))
    if rng.random() < 0.6:
        body = "\n".join(" ".join(rng.choices(WORDS, k=rng.randint(4, 12)))
                         for _ in range(rng.randint(1, 8)))
        return ("%s\n\n%s" % (subject, body)).encode()
    return subject.encode()


def commit(p1, p2, changes, extra, text=None, copies=None):
    """Commits `changes` (path -> data, None = removed) on parents p1/p2; returns the node."""
    copies = copies or {}

    def filectx(repo_, mctx, path):
        data = changes[path]
        if data is None:
            return None
        if path in SYMLINKS:
            return context.memfilectx(repo_, mctx, path, data, islink=True)
        return context.memfilectx(repo_, mctx, path, data, isexec=is_exec(path),
                                  copysource=copies.get(path))

    ctx = context.memctx(repo, (p1, p2), text or message(), sorted(changes), filectx,
                         user=rng.choice(USERS), date=next_date(), extra=extra)
    return ctx.commit()


SYMLINKS = set()
PROTECTED = {b".hgtags", b"README.md"}


class Head:
    """A line of development: its head node and the files there (path -> data)."""

    def __init__(self, branch, node, files):
        self.branch = branch
        self.node = node
        self.files = files


def extra_of(branch, topic=None, close=False):
    e = {b"branch": branch.encode()}
    if topic:
        e[b"topic"] = topic.encode()
    if close:
        e[b"close"] = b"1"
    return e


deleted = set()
all_paths = []
main_nodes = []


def advance(head, changes, text=None, copies=None, close=False, topic=None):
    node = commit(head.node, nullid, changes, extra_of(head.branch, topic, close), text, copies)
    files = dict(head.files)
    for p, d in changes.items():
        if d is None:
            files.pop(p, None)
        else:
            files[p] = d
    return Head(head.branch, node, files)


def random_changes(head, allow_structure):
    changes = {}
    copies = {}
    files = head.files
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4, 6])):
        p = rng.choice(all_paths)
        if p in files and p not in SYMLINKS and p not in PROTECTED and (
            p not in BIG or rng.random() < 0.05
        ):
            changes[p] = modify(changes.get(p, files[p]))
    if allow_structure:
        r = rng.random()
        if r < 0.04:
            for _ in range(rng.randint(1, 5)):
                p = new_path(files)
                all_paths.append(p)
                changes[p] = text_content(rng.randint(5, 150))
        elif r < 0.05:
            p = rng.choice(all_paths)
            if p in files and p not in BIG and p not in PROTECTED:
                changes[p] = None
                deleted.add(p)
        elif r < 0.055:
            p = rng.choice(all_paths)
            if p in files and p not in BIG and p not in SYMLINKS and p not in PROTECTED:
                q = new_path(files)
                all_paths.append(q)
                changes[p] = None
                deleted.add(p)
                changes[q] = files[p]
                copies[q] = p
    if not changes:
        p = rng.choice([q for q in rng.sample(all_paths, 20) if q in files and q not in BIG
                        and q not in SYMLINKS and q not in PROTECTED] or [b"README.md"])
        changes[p] = modify(files[p])
    return changes, copies


def merge(into, other, close_other=False):
    """Merges `other` into `into` (p2 wins on conflicts; .hgtags lines are united)."""
    changes = {}
    for p, d in other.files.items():
        if p in deleted and p not in into.files:
            continue
        mine = into.files.get(p)
        if mine is d or mine == d:
            continue
        if p == b".hgtags" and mine is not None:
            have = set(mine.splitlines(True))
            d = mine + b"".join(line for line in d.splitlines(True) if line not in have)
            if d == mine:
                continue
        changes[p] = d
    text = ("Merge %s into %s" % (other.branch, into.branch)).encode()
    node = commit(into.node, other.node, changes, extra_of(into.branch), text)
    files = dict(into.files)
    files.update(changes)
    return Head(into.branch, node, files)


# ---------------------------------------------------------------- history

BIG = set()


def initial_files():
    files = {b"README.md": text_content(40), b".hgignore": b"syntax: glob\n*.pyc\n"}
    while len(files) < FILES:
        p = new_path(files)
        files[p] = text_content(max(3, int(rng.lognormvariate(3.6, 0.9))))
    for i in range(25):
        p = ("assets/data/table-%02d.csv" % i).encode()
        files[p] = big_content(rng.randint(100_000, 1_500_000))
        BIG.add(p)
    for i in range(4):
        p = ("docs/link-%d.md" % i).encode()
        files[p] = rng.choice(sorted(files)).decode().encode()
        SYMLINKS.add(p)
    return files


def generate():
    tags_made = []
    topics_made = []
    closed = []
    files = initial_files()
    all_paths.extend(sorted(files))
    tr = None
    lock = repo.lock()
    wlock = repo.wlock()

    def new_tr():
        return repo.transaction(b"bench-generate")

    tr = new_tr()
    root = Head("default", nullid, {})
    default = advance(root, files, text=b"Initial import")
    main_nodes.append(default.node)
    log("initial commit: %d files" % len(files))

    heads = {"default": default}
    feature_plan = []
    n_features = 16
    span = MAIN_COMMITS - 1500
    for k in range(n_features):
        start = 400 + k * span // n_features
        length = rng.randint(250, 900)
        fate = "merge" if k % 4 in (0, 1) else ("open" if k % 4 == 2 else "abandon")
        feature_plan.append((start, start + length, "feature/%s-%d" % (word(), k), fate))
    tag_every = max(1, (MAIN_COMMITS - 300) // (TAGS + 2))
    topic_every = max(1, (MAIN_COMMITS - 200) / (TOPICS + 20))
    next_topic = 200.0
    topic_counter = 0

    def weight(branch):
        if branch == "default":
            return 6
        if branch == "stable":
            return 2
        return 1

    i = 1
    while i < MAIN_COMMITS:
        if i % 1000 == 0:
            tr.close()
            tr.release()
            tr = new_tr()
            log("%d main commits" % i)
        if i == 150:
            heads["stable"] = Head("stable", heads["default"].node, heads["default"].files)
        for start, end, name, fate in feature_plan:
            if i == start:
                heads[name] = Head(name, heads["default"].node, heads["default"].files)
            elif i == end and name in heads:
                h = heads.pop(name)
                if fate in ("merge", "abandon"):
                    h = advance(h, {}, close=True, text=("close %s" % name).encode())
                    main_nodes.append(h.node)
                    closed.append(name)
                    i += 1
                if fate == "merge":
                    heads["default"] = merge(heads["default"], h)
                    main_nodes.append(heads["default"].node)
                    i += 1
        if "stable" in heads and i % 420 == 0:
            heads["default"] = merge(heads["default"], heads["stable"])
            main_nodes.append(heads["default"].node)
            i += 1
            continue
        if i % tag_every == 0 and len(tags_made) < TAGS + 1:
            branch = "stable" if "stable" in heads and len(tags_made) % 3 == 1 else "default"
            h = heads[branch]
            name = "v%d.%d.%d" % (1 + len(tags_made) // 40, (len(tags_made) // 8) % 5,
                                  len(tags_made) % 8)
            tags_made.append((name, h.node))
            lines = [b"%s %s\n" % (hex(h.node), name.encode())]
            if len(tags_made) == 60:
                # Move an older tag to the current head (two lines in history).
                old = tags_made[10][0]
                lines.append(b"%s %s\n" % (hex(tags_made[10][1]), old.encode()))
                lines.append(b"%s %s\n" % (hex(h.node), old.encode()))
            if len(tags_made) == 120:
                # Remove a tag: its history ends with the null node.
                gone = tags_made[50][0]
                lines.append(b"%s %s\n" % (hex(nullid), gone.encode()))
            data = h.files.get(b".hgtags", b"") + b"".join(lines)
            heads[branch] = advance(h, {b".hgtags": data},
                                    text=("Added tag %s for changeset %s" %
                                          (name, hex(h.node)[:12].decode())).encode())
            main_nodes.append(heads[branch].node)
            i += 1
            continue
        while i >= next_topic and topic_counter < TOPICS + 20:
            next_topic += topic_every
            branch = rng.choices(sorted(heads), [weight(b) * 2 if b == "default" else weight(b)
                                                 for b in sorted(heads)])[0]
            topic_counter += 1
            name = "%s-%s-%d" % (word(), word(), topic_counter)
            h = heads[branch]
            base = h
            chain = []
            for _ in range(rng.choice([1, 1, 2, 2, 2, 3, 4])):
                h = advance(h, random_changes(h, False)[0], topic=name)
                chain.append(h)
            # Only the last two heads need their files (amend); keep the rest light.
            for old in chain[:-2]:
                old.files = None
            topics_made.append((name, branch, base, chain))
        branch = rng.choices(sorted(heads), [weight(b) for b in sorted(heads)])[0]
        h = heads[branch]
        changes, copies = random_changes(h, branch == "default")
        heads[branch] = advance(h, changes, copies=copies)
        main_nodes.append(heads[branch].node)
        i += 1
    tr.close()
    tr.release()
    log("history done: %d changesets" % len(repo))

    # Everything outside topics is public.
    tr = repo.transaction(b"bench-phases")
    phases.advanceboundary(repo, tr, phases.public, main_nodes)
    tr.close()
    tr.release()

    # Obsolescence: amend the head of some topics, prune the head of others.
    tr = repo.transaction(b"bench-obsolete")
    rng.shuffle(topics_made)
    amended = pruned = 0
    relations = []
    for name, branch, base, chain in topics_made[:160]:
        old = chain[-1]
        parent = chain[-2] if len(chain) > 1 else base
        changes, _ = random_changes(parent, False)
        new = advance(parent, changes, topic=name,
                      text=repo[old.node].description() + b"\n\n(amended)")
        relations.append(((repo[old.node],), (repo[new.node],)))
        chain[-1] = new
        amended += 1
    for name, branch, base, chain in topics_made[160:]:
        if pruned >= 40:
            break
        if len(chain) >= 2:
            relations.append(((repo[chain[-1].node],), ()))
            chain.pop()
            pruned += 1
    obsolete.createmarkers(repo, relations, operation=b"bench")
    tr.close()
    tr.release()
    wlock.release()
    lock.release()
    log("obsolescence: %d amended, %d pruned; %d changesets" % (amended, pruned, len(repo)))
    return {"tags": len(tags_made), "closed": closed, "topics": len(topics_made),
            "amended": amended, "pruned": pruned}


# ---------------------------------------------------------------- caches, state files, summary

def warm_caches(path):
    from mercurial import dispatch
    import io
    for args in ([b"debugupdatecaches"], [b"branches"], [b"tags"], [b"topics"], [b"heads"],
                 [b"log", b"-r", b"tip"]):
        out, err = io.BytesIO(), io.BytesIO()
        req = dispatch.request([b"-R", path, b"--config", b"extensions.evolve=",
                                b"--config", b"extensions.topic=",
                                b"--config", b"experimental.evolution=all"] + args,
                               fin=io.BytesIO(), fout=out, ferr=err)
        if dispatch.dispatch(req):
            raise Exception("hg %r failed: %r" % (args, err.getvalue()))


def gitlab_refs(repo_):
    """Heptapod refs from hg's answers: branch/B -> branch tip, topic/B/T -> topic head, tags."""
    view = repo_.filtered(b"visible")
    branches = {}
    for name in sorted(set(entry[0] for entry in view.branchmap().iterbranches())):
        if b":" in name:
            continue
        revs = view.revs(b"heads(branch(%s) - extra('topic')) - closed()", name)
        if revs:
            branches[b"branch/" + name] = view[max(revs)].hex()
    for rev in view.revs(b"heads(extra('topic'))"):
        ctx = view[rev]
        topic = ctx.extra()[b"topic"]
        branches[b"topic/%s/%s" % (ctx.branch(), topic)] = ctx.hex()
    tags = {name: hex(node) for name, node in view.tags().items() if name != b"tip"}
    return branches, tags


def write_state(path, branches, tags):
    def fmt(refs):
        return b"001\n" + b"".join(b"%s %s\n" % (refs[k], k) for k in sorted(refs))

    with open(os.path.join(path, b".hg", b"store", b"gitlab.branches"), "wb") as f:
        f.write(fmt(branches))
    with open(os.path.join(path, b".hg", b"store", b"gitlab.tags"), "wb") as f:
        f.write(fmt(tags))
    with open(os.path.join(path, b".hg", b"default_gitlab_branch"), "wb") as f:
        f.write(b"branch/default")


def summary(facts, branches, tags):
    view = repo.filtered(b"visible")
    public = list(view.revs(b"public()"))
    sample = rng.sample(public, min(2000, len(public)))
    tip = view[b"tip"]
    heads_by_branch = {}
    closed_branches = []
    for name, heads, _, isclosed in view.branchmap().iterbranches():
        if b":" not in name:
            heads_by_branch[name.decode("latin1")] = len(heads)
            if isclosed:
                closed_branches.append(name.decode("latin1"))
    tag_names = sorted(t.decode("latin1") for t in tags)
    return {
        "changesets": len(repo),
        "visible": len(view.revs(b"all()")),
        "hidden": len(repo) - len(view.revs(b"all()")),
        "obsolete": len(repo.revs(b"obsolete()")),
        "drafts": len(view.revs(b"draft()")),
        "files": len(tip.manifest()) if tip.rev() >= 0 else 0,
        "defaultTipFiles": len(view[branches[b"branch/default"]].manifest()),
        "branches": sorted(heads_by_branch),
        "closedBranches": sorted(closed_branches),
        "topics": len(view.revs(b"heads(extra('topic'))")),
        "tags": tag_names,
        "gitlabBranches": len(branches),
        "sampleTopicRefs": sorted(k.decode("latin1") for k in branches
                                  if k.startswith(b"topic/"))[:50],
        "sampleNodes": [view[r].hex().decode() for r in sample],
        "defaultTip": branches[b"branch/default"].decode(),
        "storeBytes": sum(os.path.getsize(os.path.join(d, f))
                          for d, _, fs in os.walk(os.path.join(plain_path, b".hg", b"store"))
                          for f in fs),
        "facts": facts,
        "seconds": round(time.time() - started, 1),
    }


facts = generate()
warm_caches(plain_path)
repo = hg.repository(ui, plain_path).unfiltered()
branches, tags = gitlab_refs(repo)
shutil.copytree(plain_path, state_path, symlinks=True)
write_state(state_path, branches, tags)
log("state files: %d branches, %d tags" % (len(branches), len(tags)))
sys.stdout.write(json.dumps(summary(facts, branches, tags)))
