import type { ClassMetrics } from '../metrics/classification-report.js';

/** A picture to embed: 8-bit pixels, HWC order, gray (1 channel) or RGB (3). */
export interface ReportImage {
  /** `height * width * channels` bytes, 0-255. */
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

/** One image the model answered, with what it said and whether that counts as right. */
export interface SampleImage extends ReportImage {
  /** True class name, when known ('unknown-class' images may carry their folder name, e.g. 'hexagon'). */
  truth?: string;
  /** What the model answered: a class name or 'unknown'. */
  predicted: string;
  /** Probability of the top class, 0-1. */
  confidence: number;
  /** Whether the answer counts as right (e.g. an unseen hexagon answered 'unknown' is right). */
  correct: boolean;
  /** Optional caption, e.g. the file name. */
  caption?: string;
}

/** One epoch of training. Accuracies are fractions (0-1). */
export interface HistoryPoint {
  epoch: number;
  loss: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** The learning rate used in this epoch. */
  rate?: number;
}

/** One point of a learning curve: accuracy (0-1) with `shots` examples per class; `std` over seeds. */
export interface CurvePoint {
  shots: number;
  accuracy: number;
  std?: number;
}

/** Per-class figures (fractions 0-1) and the number of test images of the class. */
export type ReportClassMetrics = Omit<ClassMetrics, 'name'>;

/** One card of the report; `kind` picks how it is drawn. */
export type ReportSection =
  /** A key/value table of headline figures. */
  | { kind: 'summary'; title: string; rows: Array<[string, string]> }
  /** Plain text, one paragraph per string. */
  | { kind: 'text'; title: string; paragraphs: string[] }
  /** Loss and accuracy per epoch, train and validation, as two charts. */
  | { kind: 'history'; title: string; history: HistoryPoint[] }
  /** Rows are true labels, columns predicted ones (default: the same as `labels`). */
  | { kind: 'confusion'; title: string; labels: string[]; columns?: string[]; matrix: number[][] }
  /** Precision, recall, F1 and support per class. */
  | { kind: 'classes'; title: string; perClass: Record<string, ReportClassMetrics> }
  /** Thumbnails with their predictions, mistakes first; at most `limit` (default 48). */
  | { kind: 'samples'; title: string; samples: SampleImage[]; limit?: number }
  /** Accuracy against examples per class (log scale), one line per series. */
  | {
      kind: 'curves';
      title: string;
      series: Array<{ name: string; points: CurvePoint[] }>;
      xLabel?: string;
      yLabel?: string;
    }
  /** A ROC curve with its area. */
  | { kind: 'roc'; title: string; points: Array<{ fpr: number; tpr: number }>; auroc: number }
  /** One picture, e.g. a contact sheet. */
  | { kind: 'image'; title: string; image: ReportImage; caption?: string };

/** A whole report: a title, an optional subtitle, and its cards in order. */
export interface Report {
  title: string;
  subtitle?: string;
  sections: ReportSection[];
}
