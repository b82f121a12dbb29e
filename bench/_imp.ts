import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/runtime.js';
const rows = Number(process.argv[2] ?? 200000);
const file = `/tmp/imp-${rows}.csv`;
if (!fs.existsSync(file)) {
  let b = 'customer email,customer name,reference number\n';
  for (let i = 0; i < rows; i++) b += `customer${i}@example.com,Customer Number ${i},ORDER-${1_000_000 + i}\n`;
  fs.writeFileSync(file, b);
}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-imp-'));
const runtime = await openRuntime(loadConfig({ VOUCH_DATA_DIR: dataDir, ...(process.env.CACHE ? {} : {}) }));
const business = await runtime.businesses.create({ name: 'Bench Shop', domain: 'bench-import.example' });
let peak = { rss: 0 } as NodeJS.MemoryUsage;
const timer = setInterval(() => { const m = process.memoryUsage(); if (m.rss > peak.rss) peak = m; }, 50);
const t = performance.now();
const report = await runtime.imports.run(business.domain, file);
const s = (performance.now() - t) / 1000;
clearInterval(timer);
const mb = (n: number) => (n / 1048576).toFixed(0);
console.log(`${report.accepted} rows ${(rows / s).toFixed(0)} rows/s; peak rss ${mb(peak.rss)} heapTotal ${mb(peak.heapTotal)} heapUsed ${mb(peak.heapUsed)} external ${mb(peak.external)} ab ${mb(peak.arrayBuffers)}; maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`);
await runtime.close();
fs.rmSync(dataDir, { recursive: true, force: true });
