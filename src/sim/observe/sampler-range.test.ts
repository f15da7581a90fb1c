import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/schema.ts';
import { getPreset } from '../scenario/presets.ts';
import { Simulation } from '../session.ts';

/**
 * At slow playback the lab samples every 10 µs, shorter than one 64 KB copy or a train of
 * DMA bursts booked ahead. Utilisations and shares must still stay within 0–100 %.
 */
describe('sampled utilisations over short intervals', () => {
  for (const architecture of ['host-stack', 'full-toe'] as const) {
    it(`stay within 0–1 every 10 µs (${architecture}, 4 × 1 GbE)`, () => {
      const parsed = parseScenario({
        ...getPreset('4x1g-bulk-send')!.scenario,
        architecture,
      });
      if (!parsed.ok) throw new Error('preset does not validate');
      const sim = new Simulation(parsed.scenario);
      sim.setSampleInterval(10_000);
      const percent = sim.series.flatMap((s, i) => (s.unit === '%' ? [[s.id, i] as const] : []));
      expect(percent.length).toBeGreaterThan(5);
      const outside: string[] = [];
      let rows = 0;
      for (let ms = 0; ms < 40; ms++) {
        sim.step(1_000_000);
        const batch = sim.takeBatch();
        if (!batch) continue;
        for (let r = 0; r < batch.length / sim.columns; r++, rows++) {
          for (const [id, i] of percent) {
            const v = batch[r * sim.columns + 1 + i]!;
            if (v < -1e-9 || v > 1 + 1e-9) outside.push(`${id} = ${v} at row ${r}`);
          }
        }
      }
      expect(rows).toBeGreaterThan(3000);
      expect(outside.slice(0, 5)).toEqual([]);
    });
  }
});
