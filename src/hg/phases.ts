/**
 * Phases: the `phaseroots` file and the phase of every revision.
 *
 * `phaseroots` holds `<phase number> <hex node>` lines. A revision's phase is the highest phase
 * among the roots it descends from (itself included), public (0) if none.
 */
import type { ByteString } from "./byte-string.ts";
import { CorruptionError } from "./errors.ts";
import { NULL_REV } from "./node.ts";
import type { RevGraph, RevIndex } from "./rev-graph.ts";

/** Phase numbers as stored by Mercurial. */
export const Phase = {
  PUBLIC: 0,
  DRAFT: 1,
  SECRET: 2,
  ARCHIVED: 32,
  INTERNAL: 96,
} as const;

/** One of the phase numbers of {@link Phase}. */
export type PhaseNumber = typeof Phase[keyof typeof Phase];

const NAMES: ReadonlyMap<number, string> = new Map([
  [Phase.PUBLIC, "public"],
  [Phase.DRAFT, "draft"],
  [Phase.SECRET, "secret"],
  [Phase.ARCHIVED, "archived"],
  [Phase.INTERNAL, "internal"],
]);

/** Mercurial's name of a phase (`public`, `draft`, ...). */
export function phaseName(phase: number): string {
  const name = NAMES.get(phase);
  if (name === undefined) throw new RangeError(`unknown phase ${phase}`);
  return name;
}

/** True for the phases other than public (Mercurial's "mutable" phases). */
export function isMutablePhase(phase: number): boolean {
  return phase !== Phase.PUBLIC;
}

/** True for archived and internal: phases hidden from the local visible view. */
export function isLocallyHiddenPhase(phase: number): boolean {
  return phase === Phase.ARCHIVED || phase === Phase.INTERNAL;
}

/** A line of `phaseroots`: changesets descending from `node` have at least `phase`. */
export interface PhaseRoot {
  /** The phase number. */
  readonly phase: PhaseNumber;
  /** The root's hex node. */
  readonly node: string;
}

const ROOT_LINE = /^\s*(\d+)\s+([0-9a-fA-F]{40})\s*$/;

/** Parses the content of `.hg/store/phaseroots` (blank lines are tolerated). */
export function parsePhaseRoots(data: ByteString): PhaseRoot[] {
  const roots: PhaseRoot[] = [];
  for (const line of data.split("\n")) {
    if (line.trim() === "") continue;
    const m = ROOT_LINE.exec(line);
    if (m === null) throw new CorruptionError(`malformed phaseroots line: ${JSON.stringify(line)}`);
    const phase = Number(m[1]);
    if (!NAMES.has(phase)) throw new CorruptionError(`unknown phase ${phase} in phaseroots`);
    roots.push({ phase: phase as PhaseNumber, node: m[2].toLowerCase() });
  }
  return roots;
}

/**
 * Computes the phase of every revision of `graph` in one pass in revision order: a revision gets
 * the max of its own root phase and its parents' phases. Roots unknown to `index` are ignored.
 */
export function computePhases(
  graph: RevGraph,
  roots: Iterable<PhaseRoot>,
  index: Pick<RevIndex, "rev">,
): Uint8Array {
  const phases = new Uint8Array(graph.length);
  for (const root of roots) {
    const rev = index.rev(root.node);
    if (rev === undefined || rev === NULL_REV || rev >= graph.length) continue;
    if (root.phase > phases[rev]) phases[rev] = root.phase;
  }
  const { p1, p2 } = graph;
  for (let rev = 0; rev < graph.length; rev++) {
    let phase = phases[rev];
    const a = p1[rev];
    const b = p2[rev];
    if (a !== NULL_REV && phases[a] > phase) phase = phases[a];
    if (b !== NULL_REV && phases[b] > phase) phase = phases[b];
    phases[rev] = phase;
  }
  return phases;
}
