/**
 * The Mercurial repository files Heptapod's "custom hooks" backup carries besides the bundle
 * (py-heptapod's `hpd-backup-additional`): in `.hg`, `default_gitlab_branch`, `git-mapfile`
 * and every `hgrc*`; in the store, every `gitlab.*` state file. Member names are relative to
 * `.hg` (`hgrc`, `store/gitlab.branches`).
 */
import type { Repository } from "../hg/repository.ts";

/** A file to back up: its member name and absolute path. */
export interface BackupFile {
  readonly name: string;
  readonly path: string;
}

function listRegularFiles(dir: string, keep: (name: string) => boolean): string[] {
  const names: string[] = [];
  try {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.isFile && keep(entry.name)) names.push(entry.name);
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return names.sort();
}

/** The files to back up, existing ones only, in a stable order. */
export function additionalBackupFiles(repo: Repository): BackupFile[] {
  const fixed = new Set(["default_gitlab_branch", "git-mapfile"]);
  const own = listRegularFiles(repo.hgDir, (n) => fixed.has(n) || n.startsWith("hgrc"));
  const ordered = [
    ...["default_gitlab_branch", "git-mapfile"].filter((n) => own.includes(n)),
    ...own.filter((n) => !fixed.has(n)),
  ];
  const out: BackupFile[] = ordered.map((name) => ({ name, path: `${repo.hgDir}/${name}` }));
  for (const name of listRegularFiles(repo.storeDir, (n) => n.startsWith("gitlab."))) {
    out.push({ name: `store/${name}`, path: `${repo.storeDir}/${name}` });
  }
  return out;
}
