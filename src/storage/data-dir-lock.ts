import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite has no lock of its own: two processes on one data folder corrupt it. The first process
 * to open DATA_DIR writes its PID into this file; a second one sees a live holder and stays away.
 * A lock left by a dead process (a crash, SIGKILL) is taken over.
 */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(readonly holderPid: number, readonly path: string) {
    super(`the data folder is in use by process ${holderPid} (${path})`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockFilePath(dataDir: string): string {
  return join(dataDir, 'portal.lock');
}

/** The PID holding the lock, or undefined when nobody (alive) holds it. */
export function currentHolder(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockFilePath(dataDir), 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = lockFilePath(dataDir);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      // 'wx' fails when the file exists: creating it is the atomic test-and-set.
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return {
        path,
        release: () => {
          if (released) return;
          released = true;
          try {
            if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = currentHolder(dataDir);
      if (holder !== undefined && holder !== process.pid) throw new DataDirLockedError(holder, path);
      // A stale lock of a dead process: remove it and try again.
      try {
        unlinkSync(path);
      } catch {
        // Someone else removed it first; the next round decides.
      }
    }
  }
  throw new Error(`could not take the lock ${path}`);
}
