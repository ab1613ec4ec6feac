import { describe, expect, it } from 'vitest';
import { BACKEND_CHOICES, backendSelection } from './command.js';

describe('--backend', () => {
  it("offers Node's backends fastest first, webgpu (on Dawn) among them", () => {
    expect(BACKEND_CHOICES).toEqual(['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu']);
  });

  it('passes the Dawn route only when webgpu is named', () => {
    expect(backendSelection('webgpu')).toMatchObject({ backend: 'webgpu', optionName: '--backend' });
    expect(backendSelection('webgpu').routes?.webgpu).toBeTypeOf('function');
    expect(backendSelection(undefined).routes).toBeUndefined();
    expect(backendSelection('wasm').routes).toBeUndefined();
    expect(backendSelection(undefined)).not.toHaveProperty('backend');
  });

  it("imports tfjs-node and tfjs-node-gpu from the CLI's own folder", () => {
    const { imports } = backendSelection(undefined);
    expect(Object.keys(imports ?? {}).sort()).toEqual(['tfjs-node', 'tfjs-node-gpu']);
  });
});
