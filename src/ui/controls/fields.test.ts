import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../protocol/scenario.ts';
import { choiceValue, numberFromText, PARAMETER_FIELDS } from './fields.ts';
import { withValue } from '../state/scenario-paths.ts';

describe('parameter fields', () => {
  it('every choice the panel offers is a value the schema accepts', () => {
    for (const field of PARAMETER_FIELDS) {
      if (field.kind !== 'choice') continue;
      for (const option of field.options) {
        const input = withValue({ version: 1 }, field.path, choiceValue(field, option));
        expect(parseScenario(input).ok, `${field.path} = ${option}`).toBe(true);
      }
    }
  });

  it('"Read posted" sets workload.receiveBufferPosted as a boolean', () => {
    const field = PARAMETER_FIELDS.find((f) => f.path === 'workload.receiveBufferPosted');
    expect(field?.kind).toBe('choice');
    if (field?.kind !== 'choice') return;
    expect(choiceValue(field, 'false')).toBe(false);
    expect(choiceValue(field, 'true')).toBe(true);
  });

  it('numbers are read as numbers, anything else is kept as typed', () => {
    expect(numberFromText(' 2.5 ')).toBe(2.5);
    expect(numberFromText('four')).toBe('four');
  });
});
