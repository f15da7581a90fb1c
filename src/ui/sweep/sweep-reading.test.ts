import { describe, expect, it } from 'vitest';
import {
  formatRatio,
  offloadReading,
  readingLine,
  winnerOf,
  type ReadingPoint,
} from './sweep-reading.ts';

const p = (
  architecture: string,
  goodputMbps: number,
  cpuUtilization: number | null,
  bottleneck: ReadingPoint['bottleneck'],
): ReadingPoint => ({ architecture, goodputMbps, cpuUtilization, bottleneck });

// The 4 × 1 GbE bulk-send sweep of CPU clock (offload-lab sweep, 500 ms per point).
const AT_1_GHZ = [
  p('host-stack', 972.8589, 1, 'host-cpu'),
  p('csum-tso', 1921.2795, 0.9459, 'host-cpu'),
  p('full-toe', 3765.0929, 0.1902, 'wire'),
];

describe('where offload pays', () => {
  it('ratios: one decimal, two near 1, none from 10', () => {
    expect(formatRatio(2.0526)).toBe('2.1×');
    expect(formatRatio(1.0252)).toBe('1.03×');
    expect(formatRatio(0.98)).toBe('0.98×');
    expect(formatRatio(1)).toBe('1.00×');
    expect(formatRatio(12.4)).toBe('12×');
  });

  it('the winner has the most goodput; a tie goes to the one with less CPU', () => {
    expect(winnerOf(AT_1_GHZ)?.architecture).toBe('full-toe');
    const tie = [p('host-stack', 941.2, 0.43, 'wire'), p('full-toe', 941.3, 0.02, 'wire')];
    expect(winnerOf(tie)?.architecture).toBe('full-toe');
    expect(winnerOf([])).toBeUndefined();
  });

  it('a gain in goodput: the ratio to host-stack, both goodputs and CPUs, and why', () => {
    expect(readingLine({ label: '1 GHz', points: AT_1_GHZ }, 'host-stack')).toBe(
      "at 1 GHz full-toe delivers 3.9× host-stack's goodput: 3,765 vs 973 Mbit/s, " +
        'CPU 19 % vs 100 % (host-stack CPU-limited, full-toe wire-limited)',
    );
  });

  it('the same goodput: the ratio is 1 and the CPU saved is what offload buys', () => {
    const points = [
      p('host-stack', 941.2064, 0.3695, 'wire'),
      p('full-toe', 941.3478, 0.0159, 'wire'),
    ];
    expect(readingLine({ label: '3 GHz', points }, 'host-stack')).toBe(
      "at 3 GHz 1.00× (both wire-limited): full-toe matches host-stack's 941 Mbit/s with CPU 2 % instead of 37 %",
    );
  });

  it('host-stack ahead: offload does not pay, and the best offload is named', () => {
    const points = [p('host-stack', 941, 0.2, 'wire'), p('full-toe', 400, 0.1, 'pci-bus')];
    expect(readingLine({ label: 'bus pci-66', points }, 'host-stack')).toBe(
      'at bus pci-66 offload does not pay: host-stack does as well as any (941 Mbit/s, CPU 20 %); ' +
        'the best offload, full-toe, reaches 0.4× (host-stack wire-limited, full-toe PCI-X-limited)',
    );
  });

  it('a missing baseline or a lone result is said, not guessed', () => {
    expect(
      readingLine({ label: '2 GHz', points: [p('full-toe', 3765, 0.1, 'wire')] }, 'host-stack'),
    ).toBe(
      'at 2 GHz: full-toe delivers the most (3,765 Mbit/s, wire-limited); host-stack has no result to compare with',
    );
    expect(
      readingLine({ label: '2 GHz', points: [p('host-stack', 1885, 1, 'host-cpu')] }, 'host-stack'),
    ).toBe('at 2 GHz: only host-stack has finished (1,885 Mbit/s, CPU 100 %, CPU-limited)');
  });

  it('one line per value with results, in order', () => {
    const lines = offloadReading(
      [
        { label: '1 GHz', points: AT_1_GHZ },
        { label: '2 GHz', points: [] },
        {
          label: '4 GHz',
          points: [p('host-stack', 2096.2, 1, 'host-cpu'), p('full-toe', 3765.1, 0.0475, 'wire')],
        },
      ],
      'host-stack',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^at 1 GHz full-toe delivers 3\.9×/);
    expect(lines[1]).toMatch(/^at 4 GHz full-toe delivers 1\.8× host-stack's goodput/);
  });
});
