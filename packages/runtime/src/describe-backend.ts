import { adapterName } from './adapter.js';
import type { BackendReport } from './select-backend.js';

/**
 * One line for people: which backend runs (on which GPU, where its route says), its SIMD and threads on wasm, and
 * why each faster one was skipped. The CLI and the apps print it at start.
 */
export function describeBackend(report: BackendReport): string {
  let line = `backend: ${report.backend}`;
  if (report.adapter) {
    const gpu = `(${adapterName(report.adapter)})`;
    line += report.platform === 'node' ? ` on Dawn ${gpu}` : ` ${gpu}`;
  }
  if (report.backend === 'wasm') {
    line += ` (SIMD ${report.simd ? 'on' : 'off'}, ${report.threads} thread${report.threads === 1 ? '' : 's'})`;
  }
  if (report.chosenBy !== 'fastest available') line += `, chosen by ${report.chosenBy}`;
  if (report.skipped.length > 0) {
    line += `; skipped ${report.skipped.map((s) => `${s.backend} (${s.reason})`).join(', ')}`;
  }
  return line;
}
