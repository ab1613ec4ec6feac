// Loaded with `node --import` through NODE_OPTIONS, so the Dawn probe's child process gets it too: the optional
// `webgpu` package then looks absent, as on a machine where it is not installed.
import { register } from 'node:module';

register('./hide-webgpu-hooks.mjs', import.meta.url);
