/** One line of a {@link LiveChart}. */
export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

/**
 * A small line chart on a canvas, redrawn as points arrive (training loss per batch, accuracy per epoch). A
 * charting library would be larger than the whole playground for two lines.
 */
export class LiveChart {
  readonly #canvas: HTMLCanvasElement;
  readonly #series: Series[];
  readonly #yMax: number | undefined;
  #xMax = 1;

  constructor(canvas: HTMLCanvasElement, series: { name: string; color: string }[], yMax?: number) {
    this.#canvas = canvas;
    this.#series = series.map((s) => ({ ...s, points: [] }));
    this.#yMax = yMax;
    this.draw();
  }

  /** Forgets every point; `xMax` is the x the chart spans (e.g. the epochs of the run). */
  reset(xMax: number): void {
    for (const s of this.#series) s.points = [];
    this.#xMax = xMax;
    this.draw();
  }

  add(name: string, x: number, y: number): void {
    const s = this.#series.find((t) => t.name === name);
    if (!s || !Number.isFinite(y)) return;
    s.points.push({ x, y });
  }

  draw(): void {
    const ctx = this.#canvas.getContext('2d');
    if (!ctx) return;
    const { width, height } = this.#canvas;
    const pad = { left: 36, right: 8, top: 8, bottom: 20 };
    const all = this.#series.flatMap((s) => s.points.map((p) => p.y));
    const yMax = this.#yMax ?? Math.max(0.1, ...all) * 1.05;
    const px = (x: number) => pad.left + (x / this.#xMax) * (width - pad.left - pad.right);
    const py = (y: number) => height - pad.bottom - (y / yMax) * (height - pad.top - pad.bottom);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.strokeStyle = '#ddd';
    ctx.fillStyle = '#666';
    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = (yMax * i) / 4;
      ctx.beginPath();
      ctx.moveTo(pad.left, py(y));
      ctx.lineTo(width - pad.right, py(y));
      ctx.stroke();
      ctx.fillText(y.toFixed(2), 2, py(y) + 4);
    }
    ctx.fillText('epochs', width - 48, height - 4);
    for (const s of this.#series) {
      ctx.strokeStyle = s.color;
      ctx.fillStyle = s.color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      s.points.forEach((p, i) => {
        if (i === 0) ctx.moveTo(px(p.x), py(p.y));
        else ctx.lineTo(px(p.x), py(p.y));
      });
      ctx.stroke();
      for (const p of s.points.length < 20 ? s.points : []) {
        ctx.beginPath();
        ctx.arc(px(p.x), py(p.y), 3, 0, Math.PI * 2);
        ctx.fill();
      }
    }
    this.#series.forEach((s, i) => {
      ctx.fillStyle = s.color;
      ctx.fillText(s.name, pad.left + 8 + i * 110, pad.top + 10);
    });
  }
}
