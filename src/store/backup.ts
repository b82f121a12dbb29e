import fs from 'node:fs';
import SQLite from 'better-sqlite3';

const ALL_PAGES = 2 ** 30;

/**
 * Copies a live SQLite database to `to` with SQLite's online backup API: a consistent copy even while
 * Vouch writes to it. The copy is written beside `to` and renamed, so a failed backup leaves no half file.
 */
export async function backupSqlite(from: string, to: string): Promise<{ bytes: number }> {
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  const partial = `${to}.partial`;
  try {
    // All remaining pages in one step: stepped a little at a time, a backup starts over whenever the
    // running server writes, and under steady writes it would never end. WAL readers do not block writers.
    await source.backup(partial, { progress: () => ALL_PAGES });
    await fs.promises.rename(partial, to);
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
  return { bytes: (await fs.promises.stat(to)).size };
}
