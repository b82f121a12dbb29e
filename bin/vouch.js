#!/usr/bin/env node
// The installed `vouch` command: runs the compiled CLI (npm ci builds it through the prepare script).
import { runCli } from '../dist/cli/main.js';

const exitCode = await runCli(process.argv.slice(2));
// `serve` keeps running until a signal stops it, so only its failure to start ends the process here.
if (process.argv[2] !== 'serve') process.exitCode = exitCode;
else if (exitCode !== 0) process.exit(exitCode);
