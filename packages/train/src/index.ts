export { ShapesTrainError } from './errors/shapes-train-error.js';
