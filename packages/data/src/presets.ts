import type { Channels } from './types.js';

/** Names of the built-in presets. */
export type PresetName = 'seed' | 'default';

/** A preset's image geometry and a line on what it draws. */
export interface Preset {
  name: PresetName;
  size: number;
  channels: Channels;
  description: string;
}

/** The built-in presets. */
export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  seed: {
    name: 'seed',
    size: 256,
    channels: 3,
    description:
      "The original demo's images: 256x256 RGB, black background, one filled shape of a random colour, often cut by the border.",
  },
  default: {
    name: 'default',
    size: 64,
    channels: 1,
    description:
      'Shapes as people draw or photograph them: 64x64 grayscale; filled, outline or hand-drawn; any pose, polarity and contrast; some noise, blur and clutter.',
  },
};
