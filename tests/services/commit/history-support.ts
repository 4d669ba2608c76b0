/** Helpers shared by the commit history RPC tests: byte conversions and hg oracle queries. */
import type { HistoryFixture } from "./history-fixture.ts";

/** Latin1 bytes of a ByteString. */
export const enc = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** ByteString of bytes. */
export const dec = (b: Uint8Array): string => String.fromCharCode(...b);

/** The request repository of the fixture (or another repository of its storage). */
export const repoRef = (relativePath = "repo") => ({ storageName: "default", relativePath });

/** Nodes of a revset as hg lists them (hidden changesets reachable). */
export async function hgNodes(fx: HistoryFixture, revset: string, ...opts: string[]) {
  const out = await fx.hg.check("log", "--hidden", "-r", revset, ...opts, "-T", "{node}\n");
  return out.split("\n").filter(Boolean);
}

/** Node of a single revision. */
export async function hgNode(fx: HistoryFixture, revset: string): Promise<string> {
  const [node] = await hgNodes(fx, revset);
  if (node === undefined) throw new Error(`no changeset for ${revset}`);
  return node;
}
