import { useId, useState } from 'react';
import type { FireableEvent } from '../../protocol/messages.ts';
import { useLab } from '../state/store.ts';

/**
 * Fire the scenario events (DESIGN.md §6) at the current simulated time. Values are
 * checked by the worker with the scenario schema; a refused one is reported in the
 * notice line. A route change sends the chosen port's peer traffic out of another port
 * (the peer is reachable there too), as after a fail-over.
 */
export function EventButtons() {
  const ports = useLab((s) => s.scenario?.nic.ports ?? 1);
  const disabled = useLab((s) => s.health !== 'running' || s.scenario === null);
  const fire = useLab((s) => s.fire);
  const [port, setPort] = useState(0);
  const [forMs, setForMs] = useState('200');
  const [mtu, setMtu] = useState('1200');
  const [count, setCount] = useState('1');
  const [macSuffix, setMacSuffix] = useState(0x99);
  const [toPort, setToPort] = useState(1);
  const ids = {
    port: useId(),
    forMs: useId(),
    mtu: useId(),
    count: useId(),
    route: useId(),
    toPort: useId(),
  };
  const p = Math.min(port, ports - 1);
  const others = Array.from({ length: ports }, (_, i) => i).filter((i) => i !== p);
  const q = others.includes(toPort) ? toPort : (others[0] ?? -1);

  const send = (event: FireableEvent) => fire(event);
  const mac = `02:00:00:00:10:${macSuffix.toString(16).padStart(2, '0')}`;

  return (
    <section className="panel events" aria-labelledby="events-heading">
      <h2 id="events-heading">Fire an event now</h2>
      <div className="field">
        <label htmlFor={ids.port}>Port</label>
        <select id={ids.port} value={p} onChange={(e) => setPort(Number(e.target.value))}>
          {Array.from({ length: ports }, (_, i) => (
            <option key={i} value={i}>
              port {i}
            </option>
          ))}
        </select>
      </div>
      <div className="event-row">
        <button
          type="button"
          disabled={disabled}
          onClick={() => {
            send({ kind: 'gratuitous-arp', port: p, newMac: mac });
            setMacSuffix((m) => (m + 1) % 256);
          }}
        >
          Gratuitous ARP
        </button>
        <span className="hint">peer moves to {mac}</span>
      </div>
      <div className="event-row">
        <button
          type="button"
          disabled={disabled}
          onClick={() => send({ kind: 'link-down', port: p, forMs: Number(forMs) })}
        >
          Link down
        </button>
        <label htmlFor={ids.forMs}>for</label>
        <input
          id={ids.forMs}
          inputMode="decimal"
          size={5}
          value={forMs}
          onChange={(e) => setForMs(e.target.value)}
        />
        <span className="field__unit">ms</span>
      </div>
      <div className="event-row">
        <button
          type="button"
          disabled={disabled}
          onClick={() => send({ kind: 'pmtu', port: p, mtu: Number(mtu) })}
        >
          Path MTU drop
        </button>
        <label htmlFor={ids.mtu}>to</label>
        <input
          id={ids.mtu}
          inputMode="numeric"
          size={5}
          value={mtu}
          onChange={(e) => setMtu(e.target.value)}
        />
        <span className="field__unit">bytes</span>
      </div>
      <div className="event-row">
        <button
          type="button"
          disabled={disabled}
          onClick={() =>
            send({
              kind: 'drop-frames',
              port: p,
              direction: 'tx',
              match: 'data',
              count: Number(count),
            })
          }
        >
          Drop frames
        </button>
        <label htmlFor={ids.count}>count</label>
        <input
          id={ids.count}
          inputMode="numeric"
          size={4}
          value={count}
          onChange={(e) => setCount(e.target.value)}
        />
        <span className="field__unit">TX data frames</span>
      </div>
      <div className="event-row">
        <button
          type="button"
          disabled={disabled || q < 0}
          aria-describedby={ids.route}
          onClick={() => send({ kind: 'route-change', port: p, toPort: q })}
        >
          Route change
        </button>
        <label htmlFor={ids.toPort}>via</label>
        <select
          id={ids.toPort}
          value={q}
          disabled={q < 0}
          onChange={(e) => setToPort(Number(e.target.value))}
        >
          {others.map((i) => (
            <option key={i} value={i}>
              port {i}
            </option>
          ))}
        </select>
        <span id={ids.route} className="hint">
          {q < 0 ? 'needs a second port' : `peer ${p}'s traffic leaves by port ${q}`}
        </span>
      </div>
    </section>
  );
}
