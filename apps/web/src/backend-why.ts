import type { BackendReport } from '@shapes/runtime';

/** What the page knows of where it runs: whether it is cross-origin isolated, and the cores the browser reports. */
export interface PageContext {
  isolated: boolean;
  cores: number;
}

/**
 * Why the backend runs as it does, beyond the skipped backends `describeBackend` names: on wasm, why it has the
 * threads it has (tfjs's threaded build needs a cross-origin isolated page) and SIMD or not. Empty for others.
 */
export function backendWhy(
  report: Pick<BackendReport, 'backend' | 'simd' | 'threads'>,
  page: PageContext,
): string {
  if (report.backend !== 'wasm') return '';
  const threads = report.threads ?? 1;
  const why =
    threads > 1
      ? `${threads} threads on ${page.cores} cores: the page is cross-origin isolated (COOP same-origin, COEP require-corp), so tfjs runs its threaded build on every core`
      : page.isolated
        ? `1 thread: the page is cross-origin isolated, but the browser reports ${page.cores} core${page.cores === 1 ? '' : 's'}`
        : '1 thread: the page is not cross-origin isolated, so tfjs cannot run its threaded build (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
  const simd = report.simd ? 'SIMD on' : 'SIMD off: this browser has no WebAssembly SIMD';
  return `wasm: ${why}; ${simd}.`;
}
