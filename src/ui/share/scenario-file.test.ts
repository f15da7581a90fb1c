import { describe, expect, it } from 'vitest';
import { readScenarioFile } from './scenario-file.ts';

describe('importing a scenario file', () => {
  it('reads a valid file as written', () => {
    const reading = readScenarioFile('{"version":1,"nic":{"ports":2}}');
    expect(reading).toEqual({ ok: true, input: { version: 1, nic: { ports: 2 } } });
  });

  it('refuses a file nested 100,000 levels deep with one line naming the field', () => {
    const deep = (open: string, close: string) =>
      `${open.repeat(100_000)}1${close.repeat(100_000)}`;
    const inPorts = readScenarioFile(`{"version":1,"nic":{"ports":${deep('[', ']')}}}`);
    expect(inPorts.ok).toBe(false);
    if (!inPorts.ok) {
      expect(inPorts.messages).toHaveLength(1);
      expect(inPorts.messages[0]).toMatch(/^nic\.ports: must be an integer from 1 to 8/);
    }
    const atRoot = readScenarioFile(deep('[', ']'));
    expect(atRoot.ok).toBe(false);
    if (!atRoot.ok)
      expect(atRoot.messages).toEqual([expect.stringMatching(/^\(scenario\): must be an object/)]);
  });
});
