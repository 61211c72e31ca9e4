/**
 * gradfold/node: what needs Node's file system or a terminal. Checkpoints on disk (atomic writes), CSV and
 * JSON datasets read from files, CSV streamed from a file, the terminal progress bar for `fit`, and charts
 * written to a folder with an index page.
 *
 * @module gradfold/node
 */
export { saveCheckpoint, loadCheckpoint } from './node/checkpoint-file.js';
export { loadCsv, loadJson } from './node/load-file.js';
export { csvBatches } from './node/csv-stream.js';
export { type ProgressBarOptions, progressBar } from './node/progress-bar.js';
export { type WrittenReport, writeReport } from './node/write-report.js';
