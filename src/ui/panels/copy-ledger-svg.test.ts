import { describe, expect, it } from 'vitest';
import { copyLedgerSvg, ledgerScale } from './copy-ledger-svg.ts';
import type { CopyLedgerSvgInput } from './copy-ledger-svg.ts';

const input: CopyLedgerSvgInput = {
  copies: { cpuCopiesPerByte: 0, memoryBusBytesPerByte: 2.02, pciBytesPerByte: 1.1 },
  reference: { cpuCopiesPerByte: 1, memoryBusBytesPerByte: 4.1, pciBytesPerByte: 1.1 },
  referenceLabel: 'host-stack',
  architecture: 'full-toe',
  color: '#D55E00',
  nullText: 'not modelled yet',
  width: 400,
};

describe('copyLedgerSvg', () => {
  it('draws a bar, a reference marker and the values for each figure', () => {
    const doc = copyLedgerSvg(input);
    expect(doc.width).toBe(400);
    expect(doc.markup).toContain(`viewBox="0 0 400 ${doc.height}"`);
    expect(doc.markup.match(/<rect class="bar"/g)).toHaveLength(3);
    expect(doc.markup.match(/<line class="reference"/g)).toHaveLength(3);
    expect(doc.markup).toContain('2.02 B/B');
    expect(doc.markup).toContain('host-stack 4.10 B/B');
    expect(doc.markup).toContain('0.00 copies/B');
    expect(doc.markup).toContain('fill="#D55E00"');
    expect(doc.markup).toContain('full-toe');
  });

  it('shares one axis with the screen: the longest bar ends where its value is on the scale', () => {
    const x = ledgerScale(input.copies, input.reference);
    expect(x.domain()).toEqual([0, 5]);
    expect(copyLedgerSvg(input).markup).toMatch(/>5<\/text>/);
  });

  it('writes the null text and no bar for a figure not measured yet', () => {
    const doc = copyLedgerSvg({
      ...input,
      copies: { ...input.copies, pciBytesPerByte: null },
      reference: null,
      nullText: '— (no payload yet)',
    });
    expect(doc.markup.match(/<rect class="bar"/g)).toHaveLength(2);
    expect(doc.markup).toContain('— (no payload yet)');
    expect(doc.markup).not.toContain('class="reference"');
  });
});
