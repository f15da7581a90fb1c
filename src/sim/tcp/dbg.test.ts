import { it } from 'vitest';
import { run } from './property.test.ts';
it('dbg', () => {
  let pair;
  try {
  pair = run({"seed":0,"loss":0.02651829290187369,"duplicate":0,"reorder":5e-324,"bytesAB":15929,"bytesBA":14431,"chunk":5,"recvBuffer":16384,"sack":false,"timestamps":true,"windowScaling":false,"delayedAck":true,"nagle":false,"profile":"linux"});
  } catch (e) { console.log(String(e)); }
});
