import { fitDrawing, grayOfRgba } from './fit-drawing.js';

/** Pen width on the 256-pixel pad: about 3 pixels once a drawing is framed at 64, like the hand-drawn real set. */
const PEN = 12;

/**
 * A canvas to draw on with a mouse, a pen or a finger (pointer events cover all three), dark ink on white.
 * `onStroke` runs when a stroke ends, so the page can predict as soon as the user lifts the pen.
 */
export class DrawPad {
  readonly #canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  #last: { x: number; y: number } | undefined;
  #ink = false;

  constructor(canvas: HTMLCanvasElement, onStroke: () => void) {
    this.#canvas = canvas;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('This browser has no 2D canvas.');
    this.#ctx = ctx;
    this.clear();
    canvas.style.touchAction = 'none';
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      this.#last = this.#point(e);
      this.#line(this.#last, this.#last);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.#last) return;
      const p = this.#point(e);
      this.#line(this.#last, p);
      this.#last = p;
    });
    const end = () => {
      if (!this.#last) return;
      this.#last = undefined;
      onStroke();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  /** Whether anything has been drawn since the last clear. */
  get hasInk(): boolean {
    return this.#ink;
  }

  /** Wipes the pad white. */
  clear(): void {
    this.#ctx.fillStyle = '#fff';
    this.#ctx.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
    this.#ink = false;
  }

  /** The drawing framed and scaled to `size` x `size` gray bytes, as the model takes it. */
  toImage(size: number): Uint8Array {
    const { width, height } = this.#canvas;
    const rgba = this.#ctx.getImageData(0, 0, width, height).data;
    return fitDrawing(grayOfRgba(rgba), width, height, size).pixels;
  }

  #point(e: PointerEvent): { x: number; y: number } {
    const r = this.#canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - r.left) * this.#canvas.width) / r.width,
      y: ((e.clientY - r.top) * this.#canvas.height) / r.height,
    };
  }

  #line(a: { x: number; y: number }, b: { x: number; y: number }): void {
    const ctx = this.#ctx;
    ctx.strokeStyle = '#111';
    ctx.lineWidth = PEN;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
    this.#ink = true;
  }
}
