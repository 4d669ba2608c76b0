/** What every service implementation receives from the process: storages and tool paths. */

/** Process-wide facts services need; built once by main.ts from the settings. */
export interface ServiceEnv {
  /** Storage name -> absolute root directory. `default` is the repositories root. */
  readonly storages: ReadonlyMap<string, string>;
  /** Absolute path of the `hg` executable (writes only). */
  readonly hgExecutable: string;
  /** Absolute path of the `git` executable, when available. */
  readonly gitExecutable?: string;
  /** Absolute path of the `bzip2` executable (TAR_BZ2 archives), when available. */
  readonly bzip2Executable?: string;
  /** dhgitaly's own version string. */
  readonly version: string;
}
