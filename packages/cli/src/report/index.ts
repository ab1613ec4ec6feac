export { renderReport } from './render-report.js';
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
