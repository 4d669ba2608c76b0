/** The error raised when a GitLab state file (`.hg/store/gitlab.*`) is malformed. */

/** A GitLab state file could not be parsed; services answer INTERNAL with its message. */
export class GitLabStateError extends Error {
  /** Creates the error for the file at `path`. */
  constructor(readonly path: string, reason: string) {
    super(`${reason} (in ${path})`);
    this.name = "GitLabStateError";
  }
}
