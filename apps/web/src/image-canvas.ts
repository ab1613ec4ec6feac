/** Paints gray or RGB bytes (HWC) into a canvas at `scale` pixels per pixel. */
export function paintImage(
  canvas: HTMLCanvasElement,
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
  scale = 1,
  at: { x: number; y: number } = { x: 0, y: 0 },
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const r = pixels[i * channels] as number;
    image.data[i * 4] = r;
    image.data[i * 4 + 1] = channels === 3 ? (pixels[i * 3 + 1] as number) : r;
    image.data[i * 4 + 2] = channels === 3 ? (pixels[i * 3 + 2] as number) : r;
    image.data[i * 4 + 3] = 255;
  }
  if (scale === 1) {
    ctx.putImageData(image, at.x, at.y);
    return;
  }
  // putImageData cannot scale; a 1:1 scratch canvas drawn with smoothing off keeps the pixels crisp.
  const scratch = document.createElement('canvas');
  scratch.width = width;
  scratch.height = height;
  scratch.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, at.x, at.y, width * scale, height * scale);
}
