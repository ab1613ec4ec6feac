import { fileURLToPath } from 'node:url';

// Both src/ (under vitest) and dist/ (the built command) sit one folder below bench/, so one relative path
// serves both.

/**
 * The peer scripts `@shapes/cli` ships (`shapes bench` runs the same ones): `torch_peer.py` (the networks in
 * PyTorch, `--arch`) and `opencv_peer.py` (the original demo's generator).
 */
export const PEERS_DIR = fileURLToPath(new URL('../../packages/cli/peers/', import.meta.url));

/** The real image sets (four-shapes, hand-drawn), beside the repository: `--realdata` overrides it. */
export const DEFAULT_REALDATA = fileURLToPath(new URL('../../../shared/realdata', import.meta.url));
