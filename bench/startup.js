// Start-up time of odin relative to bare Node: `npm run bench:startup` (after `npm run build`).
// Prints the median wall-clock time of each command over BENCH_RUNS runs and its ratio to
// `node -e 0`; the target is at most 3x. Run it with another Node.js binary to measure that
// version (e.g. `~/.cache/odin/node-24/node_modules/node/bin/node bench/startup.js`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 15));
const TARGET_RATIO = 3;
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = join(root, 'bin', 'run.js');

function manifestPath() {
  const example = join(root, 'examples', 'target-group.odin.yml');
  if (existsSync(example)) return example;
  // Without the example any small manifest exercises the same start-up path.
  const file = join(mkdtempSync(join(tmpdir(), 'odin-bench-')), 'odin.yml');
  writeFileSync(file, 'service: bench\nregion: us-east-1\naccount: "123456789012"\n');
  return file;
}

function timeOnce(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, status: result.status };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function measure(label, args) {
  timeOnce(args); // warm the file-system cache so the first run does not skew the median
  const runs = Array.from({ length: RUNS }, () => timeOnce(args));
  return { label, ms: median(runs.map((run) => run.ms)), status: runs[0].status };
}

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

const manifest = manifestPath();
const shown = manifest.startsWith(root) ? relative(root, manifest) : manifest;
const baseline = measure('node -e 0', ['-e', '0']);
const rows = [
  baseline,
  measure('odin --version', [bin, '--version']),
  measure('odin --help', [bin, '--help']),
  measure(`odin validate -f ${shown}`, [bin, 'validate', '-f', manifest]),
];

const width = Math.max(...rows.map((row) => row.label.length));
console.log(`node ${process.version}, median of ${RUNS} runs`);
console.log(`${'command'.padEnd(width)}  ${'median'.padStart(9)}  ${'ratio'.padStart(6)}  exit`);
for (const row of rows) {
  const ratio = row.ms / baseline.ms;
  const verdict = row === baseline ? '' : ratio <= TARGET_RATIO ? '  ok' : `  over ${TARGET_RATIO}x`;
  const cells = [
    row.label.padEnd(width),
    `${row.ms.toFixed(1).padStart(7)}ms`,
    `${ratio.toFixed(2).padStart(5)}x`,
  ];
  console.log(`${cells.join('  ')}  ${String(row.status).padStart(4)}${verdict}`);
}
