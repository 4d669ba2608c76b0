/**
 * `referenced_by` of GitCommit: the full names of the refs pointing at a commit (`HEAD`
 * included for the default branch's target) that match the requested patterns.
 */
import type { ByteString } from "../hg/byte-string.ts";
import { allRefs, defaultBranchTarget, type GitLabRefs } from "./gitlab-refs.ts";
import { refMatcher } from "./ref-patterns.ts";

/** Hex node -> matching full ref names, sorted. Empty when no pattern is given. */
export function referencingRefs(
  refs: GitLabRefs,
  patterns: readonly ByteString[],
): ReadonlyMap<string, ByteString[]> {
  const byNode = new Map<string, ByteString[]>();
  if (patterns.length === 0) return byNode;
  const matches = refMatcher(patterns);
  const add = (name: ByteString, node: string) => {
    if (!matches(name)) return;
    const names = byNode.get(node);
    if (names) names.push(name);
    else byNode.set(node, [name]);
  };
  for (const [name, node] of allRefs(refs)) add(name, node);
  const head = defaultBranchTarget(refs);
  if (head !== undefined) add("HEAD", head);
  for (const names of byNode.values()) names.sort();
  return byNode;
}
