export type { BaseCheck, DenseWeights } from './base-check.js';
export { baseCheckProblem, whyNoBaseCheck } from './base-check.js';
export type { CalibrateOptions, OpenSetRule } from './calibrate.js';
export { calibrateOpenSet, ruleFromOutputs, ruleScores } from './calibrate.js';
export type { Prediction } from './predict.js';
export { predict } from './predict.js';
export type { OpenSetMethod } from './scores.js';
export { classPrototypes, nearestCosine, OPEN_SET_METHODS, openSetScores } from './scores.js';
export { checkKnownRate, DEFAULT_KNOWN_RATE, rejects, thresholdKeeping } from './threshold.js';
