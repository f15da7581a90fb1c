/**
 * `offload-lab tcp-script FILE.pkt...`: replays packetdrill-style scripts against the
 * simulated TCP (src/sim/tcp/script) and prints each transcript.
 */
import fs from 'node:fs';
import { parseScript, type Script } from '../sim/tcp/script/parse.ts';
import { ScriptError } from '../sim/tcp/script/packet.ts';
import { runScript } from '../sim/tcp/script/runner.ts';
import type { TcpProfile } from '../sim/tcp/config.ts';
import type { Command } from './args.ts';
import { InputError } from './args.ts';
import type { CliIo } from './cli.ts';
import { describeFsError } from './files.ts';

type TcpScriptCommand = Extract<Command, { kind: 'tcp-script' }>;

/** 0 when every script held, 1 on a mismatch; bad scripts throw InputError (exit 2). */
export function tcpScript(command: TcpScriptCommand, io: CliIo): number {
  // Every script is read before any runs: a typo in the last file is found at once.
  const scripts = command.files.map((file): [string, Script] => [file, load(file)]);
  let failed = 0;
  for (const [file, script] of scripts) {
    const profiles: TcpProfile[] =
      command.profile !== undefined ? [command.profile] : (script.profiles ?? ['linux']);
    for (const profile of profiles) {
      let result;
      try {
        result = runScript(script, { profile });
      } catch (error) {
        if (error instanceof ScriptError)
          throw new InputError(`${file}:${error.line}: ${error.message}`);
        throw error;
      }
      const declared = script.profiles ?? ['linux'];
      const note = declared.includes(profile)
        ? ''
        : ` (the script is written for ${declared.join(', ')})`;
      if (!command.quiet) io.stdout(`${file}\n${result.transcript.join('\n')}\n`);
      if (result.mismatch === null) {
        io.stdout(`PASS ${file} [${profile}]${note}\n`);
      } else {
        failed++;
        const m = result.mismatch;
        io.stdout(
          `FAIL ${file}:${m.line} [${profile}]${note}\n  expected: ${m.expected}\n  actual:   ${m.actual}\n`,
        );
      }
    }
  }
  return failed === 0 ? 0 : 1;
}

function load(file: string): Script {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read (${describeFsError(error)})`);
  }
  try {
    return parseScript(text);
  } catch (error) {
    if (error instanceof ScriptError)
      throw new InputError(`${file}:${error.line}: ${error.message}`);
    throw error;
  }
}
