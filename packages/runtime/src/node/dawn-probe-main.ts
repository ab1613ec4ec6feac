import { startDawnBackend } from './dawn.js';

// `node dist/node/dawn-probe.js [DAWN_OPTION...]`: tries the WebGPU-through-Dawn route alone and prints one JSON
// line, e.g. {"ok":false,"stage":"adapter","reason":"Dawn found no GPU adapter ..."}. Options go to Dawn's
// create() (`backend=vulkan`, `adapter=NAME`; `backend=null` shows a dummy adapter being refused by the compute
// check). Its own process, because Dawn may crash while tearing a device down at a natural exit: it exits at once.
const dawnOptions = process.argv.slice(2);
const result = await startDawnBackend({ dawnOptions });
process.stdout.write(`${JSON.stringify({ dawnOptions, ...result })}\n`, () =>
  process.exit(result.ok ? 0 : 1),
);
