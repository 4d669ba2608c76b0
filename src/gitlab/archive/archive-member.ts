/** What archive writers take: one member, its data read only when it is written. */

/** A regular file or symbolic link to put in an archive. */
export interface ArchiveMember {
  /** Full name in the archive (prefix included), bytes. */
  name: Uint8Array;
  /** Permission bits of a regular file: 0o644 or 0o755. */
  mode: number;
  /** True for a symbolic link, whose data is the link target. */
  isLink: boolean;
  /** Reads the content (called once, when the member is written). */
  data(): Uint8Array;
}
