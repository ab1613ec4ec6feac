import { defineConfig } from 'vite';

// Cross-origin isolation lets tfjs run its multi-threaded wasm build (SharedArrayBuffer); without these headers
// the page still works, on one thread. A deployment that wants the threads must send them too.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    target: 'es2022',
    // tfjs and its backends are one large chunk by nature; splitting it buys nothing for a single page.
    chunkSizeWarningLimit: 5000,
  },
});
