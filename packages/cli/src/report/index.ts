export { renderReport } from './render-report.js';
export type { SamplesOfOptions } from './sample-images.js';
export { samplesOf } from './sample-images.js';
export type {
  ClassMetrics,
  CurvePoint,
  HistoryPoint,
  Report,
  ReportImage,
  ReportSection,
  SampleImage,
} from './types.js';
export { writeReport } from './write-report.js';
