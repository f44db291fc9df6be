/**
 * `npm run bench:publication-check`: precision and recall of the publication check per kind over
 * the labelled corpus (test/fixtures/publication-corpus.json), and its throughput in MB/s on a
 * synthetic report of about 5 MB made by concatenating the corpus passages. Writes the
 * "Publication check" section of BENCHMARKS.md (between its markers) and prints it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findIdentifiers, loadCorpus, scoreCorpus } from '../src/modules/publication-check/index.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_BYTES = 5 * 1024 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = '<!-- publication-check:start -->';
const END = '<!-- publication-check:end -->';

const corpus = loadCorpus();
const scores = scoreCorpus(corpus);

// A long report: passages joined into paragraphs, repeated until about 5 MB (UTF-8).
const paragraphs = corpus.map((p) => p.text);
const parts: string[] = [];
let bytes = 0;
for (let i = 0; bytes < TARGET_BYTES; i++) {
  const p = paragraphs[i % paragraphs.length]!;
  parts.push(p);
  bytes += Buffer.byteLength(p) + 2;
}
const report = parts.join('\n\n');
const mb = Buffer.byteLength(report) / (1024 * 1024);

/** Median seconds of ROUNDS runs over one text, and the findings of the last. */
function time(text: string) {
  const timings: number[] = [];
  let found = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    found = findIdentifiers(text).length;
    timings.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  timings.sort((a, b) => a - b);
  return { timings, found, median: timings[Math.floor(timings.length / 2)]! };
}
const { timings, found, median } = time(report);

// An anonymised report is mostly sentences with nothing to find: the clean passages, about 1 MB.
const cleanPassages = corpus.filter((p) => p.expected.length === 0).map((p) => p.text);
const cleanParts: string[] = [];
for (let i = 0, n = 0; n < 1024 * 1024; i++) {
  const p = cleanPassages[i % cleanPassages.length]!;
  cleanParts.push(p);
  n += Buffer.byteLength(p) + 2;
}
const cleanReport = cleanParts.join('\n\n');
const cleanMb = Buffer.byteLength(cleanReport) / (1024 * 1024);
const clean = time(cleanReport);

const pct = (n: number) => n.toFixed(3);
const rows = scores.map(
  (s) =>
    `| ${s.kind} | ${s.expected} | ${s.found} | ${s.truePositives} | ${pct(s.precision)} | ${pct(s.recall)} |`,
);
const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const section = `${START}
## Publication check (\`npm run bench:publication-check\`)

### How it is measured
- **Corpus**: ${corpus.length} synthetic passages written like published review text
  (\`test/fixtures/publication-corpus.json\`), ${corpus.filter((p) => p.expected.length === 0).length} of
  them with nothing to find but tempting look-alikes (role titles, "Child K", month-and-year dates,
  organisation names, reference numbers, "Ward 4"). Each passage lists the findings expected of it.
- **Matching**: a finding matches an expected one when they are of the same kind and their spans
  overlap (so "Priya Shah" found inside the expected "Mrs Priya Shah" counts). Precision = matching
  findings / findings of that kind; recall = expected findings matched / expected of that kind.
- **Throughput**: \`findIdentifiers\` over one ${mb.toFixed(1)} MB report (the corpus passages
  concatenated as paragraphs), median of ${ROUNDS} runs, on ${os.cpus().length} cores shared with
  other work. compromise (names) takes most of the time; the patterns alone are much faster.
- Passages 260 onwards were written after the detector had been tuned on the earlier ones, as a
  check on over-fitting; the misses there are the ones to read.

### Results (run of ${when} UTC)
| kind | expected | found | matching | precision | recall |
|---|---|---|---|---|---|
${rows.join('\n')}

Throughput: **${(mb / median).toFixed(2)} MB/s** (${mb.toFixed(1)} MB in ${median.toFixed(1)} s; ${found} findings;
runs ${timings.map((t) => t.toFixed(1)).join(', ')} s). This report is dense with identifiers (nearly every
sentence names someone), the worst case. On ${cleanMb.toFixed(1)} MB of the passages with nothing to find, closer
to an anonymised report: **${(cleanMb / clean.median).toFixed(2)} MB/s** (median ${clean.median.toFixed(1)} s,
${clean.found} findings).

Targets (issue 7): recall ≥ 0.95 for names, dates of birth, postcodes and NHS numbers; precision
≥ 0.8. \`src/modules/publication-check/corpus.test.ts\` fails CI if they are no longer met.
${END}`;

const file = path.join(root, 'BENCHMARKS.md');
const current = readFileSync(file, 'utf8');
const at = current.indexOf(START);
const next =
  at >= 0
    ? current.slice(0, at) + section + current.slice(current.indexOf(END) + END.length)
    : `${current.trimEnd()}\n\n${section}\n`;
writeFileSync(file, next);
console.log(section);
