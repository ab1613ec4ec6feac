import type { Dataset } from '@shapes/data';
import { paintImage } from './image-canvas.js';

const LABEL_WIDTH = 80;
const GAP = 4;

/** Draws up to `columns` images of each class, one row per class with its name, into `canvas`. */
export function renderDatasetGrid(canvas: HTMLCanvasElement, data: Dataset, columns = 10): void {
  const [n, h, w, c] = data.shape;
  const k = data.classNames.length;
  const scale = w <= 64 ? 1 : 64 / w;
  const cell = Math.round(w * scale);
  const shown = Math.min(columns, Math.ceil(n / k));
  canvas.width = LABEL_WIDTH + shown * (cell + GAP);
  canvas.height = k * (cell + GAP);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#f4f4f5';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#111';
  ctx.font = '14px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const count = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const label = data.labels[i] as number;
    const col = count[label] as number;
    if (col >= shown) continue;
    count[label] = col + 1;
    const pixels = data.images.subarray(i * h * w * c, (i + 1) * h * w * c) as Uint8Array;
    const at = { x: LABEL_WIDTH + col * (cell + GAP), y: label * (cell + GAP) };
    if (scale === 1) paintImage(canvas, pixels, w, h, c, 1, at);
    else paintScaledDown(canvas, pixels, w, h, c, cell, at);
  }
  data.classNames.forEach((name, label) => {
    ctx.fillText(name, 4, label * (cell + GAP) + cell / 2);
  });
}

function paintScaledDown(
  canvas: HTMLCanvasElement,
  pixels: Uint8Array,
  w: number,
  h: number,
  c: number,
  cell: number,
  at: { x: number; y: number },
): void {
  const scratch = document.createElement('canvas');
  scratch.width = w;
  scratch.height = h;
  paintImage(scratch, pixels, w, h, c);
  canvas.getContext('2d')?.drawImage(scratch, at.x, at.y, cell, cell);
}
