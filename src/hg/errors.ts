/** Errors raised by the storage engine. */

/** Base class of every storage engine error. */
export class HgError extends Error {
  /** Creates an error with a message. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The path holds no Mercurial repository (no `.hg` directory). */
export class RepositoryNotFoundError extends HgError {
  /** The path that was looked at. */
  readonly path: string;

  /** Creates the error for `path`. */
  constructor(path: string) {
    super(`repository not found: ${path}`);
    this.path = path;
  }
}

/** The repository uses a format feature this engine cannot read. */
export class UnsupportedRequirementError extends HgError {
  /** The offending requirement, as written in the requires file. */
  readonly requirement: string;

  /** Creates the error naming `requirement`. */
  constructor(requirement: string, detail?: string) {
    super(
      `unsupported repository requirement: ${requirement}${detail ? ` (${detail})` : ""}`,
    );
    this.requirement = requirement;
  }
}

/** On-disk data is malformed or inconsistent. */
export class CorruptionError extends HgError {}
