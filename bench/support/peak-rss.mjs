// Preloaded into a measured process (`node --import`): at exit, writes the process's peak resident set
// size in bytes to the file VOUCH_BENCH_PEAK_RSS_FILE names. Plain JavaScript, so the process it measures
// runs as users run it, without a TypeScript loader in its memory.
import fs from 'node:fs';

const file = process.env.VOUCH_BENCH_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
}
