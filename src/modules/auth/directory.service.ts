import type { Db } from '../../platform/db/index.ts';
import type { Role } from '../../platform/http/current-user.ts';
import type { DirectoryRepository, UserSummary } from './users.repository.ts';

/** Looks up the people who use Lantern, for other modules (owners of actions, reviewers). */
export function createDirectoryService({ db, directory }: { db: Db; directory: DirectoryRepository }) {
  return {
    listActive: (roles?: Role[]): Promise<UserSummary[]> => directory.listActive(db, roles),
    findActive: (ids: string[]): Promise<UserSummary[]> => directory.findActive(db, ids),
  };
}
export type DirectoryService = ReturnType<typeof createDirectoryService>;
