// Assembles kernels.wat for one kind of imported memory, with wabt; shared by the build script and the test that
// keeps the committed output in step with the source.
import wabtInit from 'wabt';

/** Base64 of the module, importing a shared memory (tfjs's threaded wasm build) or an unshared one. */
export async function assemble(source, shared) {
  const wabt = await wabtInit();
  const text = source
    .replace('MEMORY_SHARED', shared ? 'shared' : '')
    .replace('(memory 1 65536 )', '(memory 1)');
  const module = wabt.parseWat('kernels.wat', text, { simd: true, threads: true });
  const { buffer } = module.toBinary({});
  module.destroy();
  // wabt's own validator rejects shared memories whatever the features; V8's is the one that matters.
  if (!WebAssembly.validate(buffer))
    throw new Error(`kernels.wat (${shared ? 'shared' : 'unshared'}) is not valid wasm`);
  return Buffer.from(buffer).toString('base64');
}
