export { renderReport } from './render-report.js';
export type { SamplesOfOptions } from './sample-images.js';
export { samplesOf } from './sample-images.js';
export type {
  CurvePoint,
  HistoryPoint,
  Report,
  ReportClassMetrics,
  ReportImage,
  ReportSection,
  SampleImage,
} from './types.js';
