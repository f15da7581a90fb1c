import { describe, expect, it } from 'vitest';
import { describeAchieved, sustainableSpeed } from './speed.ts';

describe('the achieved speed says what to do when it falls behind', () => {
  it('names the fastest offered speed the simulation keeps up with, and the other way out', () => {
    const text = describeAchieved(true, 1, 0.38, true);
    expect(text).toBe(
      'running at 0.38×: this computer cannot simulate 1× here: choose 1/10× for a steady pace, ' +
        'or “as fast as possible” (the results are the same at any speed)',
    );
  });

  it('below the slowest speed offered, suggests running as fast as possible or a lighter scenario', () => {
    expect(sustainableSpeed(0.0005)).toBeNull();
    expect(describeAchieved(true, 0.001, 0.0005, true)).toContain(
      'choose “as fast as possible”, or fewer ports or connections',
    );
  });

  it('says nothing more while it keeps up', () => {
    expect(describeAchieved(true, 1, 0.99, false)).toBe('running at 0.99×');
    expect(describeAchieved(true, 'max', 0.25, false)).toBe(
      'running at 0.25× (as fast as possible)',
    );
  });
});
