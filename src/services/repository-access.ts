/**
 * Turning a request's `repository` field into an opened repository snapshot, with the gRPC
 * errors every RPC shares: missing field or bad storage/path -> INVALID_ARGUMENT, missing
 * repository -> NOT_FOUND, unsupported format -> FAILED_PRECONDITION.
 */
import { RepositoryPathError, resolveRepositoryPath } from "../config/repository-path.ts";
import { existingRepositoryPath } from "../config/repository-exists.ts";
import {
  CorruptionError,
  RepositoryNotFoundError,
  UnsupportedRequirementError,
} from "../hg/errors.ts";
import { openRepository, type Repository } from "../hg/repository.ts";
import { Code, RpcError } from "./rpc.ts";
import type { ServiceEnv } from "./service-env.ts";

/** The addressing part of gitaly.Repository that dhgitaly uses. */
export interface RepositoryRef {
  storageName: string;
  relativePath: string;
}

function pathError(err: unknown): never {
  if (err instanceof RepositoryPathError) {
    throw new RpcError(
      err.kind === "not-found" ? Code.NOT_FOUND : Code.INVALID_ARGUMENT,
      err.message,
    );
  }
  throw err;
}

function requireRef(repo: RepositoryRef | undefined): RepositoryRef {
  if (!repo) throw new RpcError(Code.INVALID_ARGUMENT, "repository not set");
  return repo;
}

/** Absolute path the request's repository lives at (whether or not it exists). */
export async function repositoryPath(env: ServiceEnv, repo: RepositoryRef | undefined) {
  const { storageName, relativePath } = requireRef(repo);
  return await resolveRepositoryPath(env.storages, storageName, relativePath).catch(pathError);
}

/** Absolute path of the request's repository, which must exist (else NOT_FOUND). */
export async function existingRepository(env: ServiceEnv, repo: RepositoryRef | undefined) {
  const { storageName, relativePath } = requireRef(repo);
  return await existingRepositoryPath(env.storages, storageName, relativePath).catch(pathError);
}

/** Maps engine errors met while reading to gRPC errors; others pass through (INTERNAL). */
export function engineError(err: unknown, relativePath: string): never {
  if (err instanceof RepositoryNotFoundError) {
    throw new RpcError(Code.NOT_FOUND, `repository at ${JSON.stringify(relativePath)} not found`);
  }
  if (err instanceof UnsupportedRequirementError) {
    throw new RpcError(
      Code.FAILED_PRECONDITION,
      `repository requirement not supported by dhgitaly: ${err.requirement}`,
    );
  }
  if (err instanceof CorruptionError) {
    throw new RpcError(Code.INTERNAL, `repository data error: ${err.message}`);
  }
  throw err;
}

/**
 * Opens a snapshot of the request's repository, with the shared error mapping. Opening finds
 * a missing repository itself (NOT_FOUND, as `existingRepository` answers): no separate
 * existence check.
 */
export async function openRequestRepository(
  env: ServiceEnv,
  repo: RepositoryRef | undefined,
): Promise<Repository> {
  const path = await repositoryPath(env, repo);
  try {
    return openRepository(path);
  } catch (err) {
    engineError(err, repo!.relativePath);
  }
}
