import type { ComparePoint } from '@shapes/train';

/** The points of `compareMethods` as one series per method, for the report's curves chart. */
export function curveSeries(points: readonly ComparePoint[]) {
  const methods = [...new Set(points.map((p) => p.method))];
  return methods.map((name) => ({
    name,
    points: points.filter((p) => p.method === name).map((p) => ({ shots: p.shots, accuracy: p.accuracy })),
  }));
}

/** One line of progress for a point of `compareMethods`. */
export function formatPoint(p: ComparePoint): string {
  const accuracy = `${(p.accuracy * 100).toFixed(1)}%`;
  return `  ${p.method.padEnd(9)} ${String(p.shots).padStart(3)} per class: ${accuracy} in ${p.seconds.toFixed(1)} s`;
}
