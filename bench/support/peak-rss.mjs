// Preloaded into a measured process (`node --import`): at exit, writes the process's own peak resident
// set size in bytes to the file VOUCH_BENCH_PEAK_RSS_FILE names. It reads VmHWM from /proc, not
// process.resourceUsage().maxRSS: on Linux the latter is inherited across fork and exec, so a child of a
// large parent would report the parent's size. Plain JavaScript, so the process it measures runs as users
// run it, without a TypeScript loader in its memory.
import fs from 'node:fs';

const file = process.env.VOUCH_BENCH_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kilobytes === undefined) throw new Error('no VmHWM in /proc/self/status: peak RSS needs Linux');
    fs.writeFileSync(file, String(Number(kilobytes) * 1024));
  });
}
