import { renderReport } from '../report/render-report.js';
import type { Report } from '../report/types.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Writes {@link renderReport}'s document to `file` atomically (see `writeFileAtomic`), creating the parent
 * folder. Does not check for an existing file: the caller decides about overwriting.
 *
 * @returns the absolute path written.
 */
export async function writeReport(file: string, report: Report): Promise<string> {
  // Rendered first: a report that cannot be drawn then leaves nothing behind, not even an empty folder.
  return writeFileAtomic(file, renderReport(report));
}
