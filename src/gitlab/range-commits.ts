/**
 * The commits of a range as `git log --no-merges --reverse --date-order <range>` lists them
 * (what `git range-diff` reads): no commit before its parents, otherwise older commit dates
 * first (equal dates: lower revision first). Merges take part in the ordering but are left
 * out of the result.
 */
import { NULL_REV } from "../hg/node.ts";
import { repoGraph } from "../hg/repo-state.ts";
import type { Repository } from "../hg/repository.ts";
import { walkRevs, type WalkSpec } from "./commit-walk.ts";

/** The non-merge revisions of `spec`, oldest first in Git's date order. */
export function rangeCommits(repo: Repository, spec: WalkSpec): number[] {
  const graph = repoGraph(repo);
  const selected = [...walkRevs(graph, spec)];
  const inRange = new Set(selected);
  // Newest-first topological sort by date, as Git's --date-order, then reversed.
  const children = new Map<number, number>();
  for (const rev of selected) {
    for (const p of [graph.p1[rev], graph.p2[rev]]) {
      if (p !== NULL_REV && inRange.has(p)) children.set(p, (children.get(p) ?? 0) + 1);
    }
  }
  const time = (rev: number) => repo.changelog.read(rev).time;
  const ready = selected.filter((rev) => !children.has(rev));
  const out: number[] = [];
  while (ready.length > 0) {
    let best = 0;
    for (let k = 1; k < ready.length; k++) {
      const a = ready[k];
      const b = ready[best];
      if (time(a) > time(b) || (time(a) === time(b) && a > b)) best = k;
    }
    const rev = ready.splice(best, 1)[0];
    out.push(rev);
    for (const p of [graph.p1[rev], graph.p2[rev]]) {
      if (p === NULL_REV || !inRange.has(p)) continue;
      const left = children.get(p)! - 1;
      children.set(p, left);
      if (left === 0) ready.push(p);
    }
  }
  return out.reverse().filter((rev) => graph.p2[rev] === NULL_REV);
}
