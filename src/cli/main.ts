/**
 * The `offload-lab` entry (bin/offload-lab.mjs imports this through tsx). Everything
 * testable lives in cli.ts; this file only connects it to the process.
 */
import { runCli, type CliIo, type RunScenario } from './cli.ts';

// A computed specifier keeps the simulator out of `presets` and `--help`, and lets the
// command line type-check before src/sim/run.ts exists.
const SIMULATOR_ENTRY = '../sim/run.ts';

async function loadRunScenario(): Promise<RunScenario> {
  const entry = (await import(/* @vite-ignore */ SIMULATOR_ENTRY)) as {
    runScenario?: RunScenario;
  };
  if (typeof entry.runScenario !== 'function') {
    throw new Error(`${SIMULATOR_ENTRY} does not export runScenario`);
  }
  return entry.runScenario;
}

const nodeIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  loadRunScenario,
};

// `offload-lab presets | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// exitCode rather than exit(): lets buffered stdout drain when piped.
process.exitCode = await runCli(process.argv.slice(2), nodeIo);
