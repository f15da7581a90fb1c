import type { Results } from '../sim/metrics/results.ts';

/**
 * The short human summary `run` prints when no `--out` is given: goodput per port,
 * what happened to each connection, and what saturated first.
 */

/** Beyond this many connections the table would scroll away; the rest is counted. */
const MAX_CONNECTION_ROWS = 32;

type Align = 'left' | 'right';

/** Columns padded to their widest cell; numbers right-aligned like `ss` and `netstat`. */
export function formatTable(
  header: readonly string[],
  rows: readonly string[][],
  align: readonly Align[],
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return align[column] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function mbps(value: number): string {
  return value.toFixed(1);
}

/** Byte counts with thousands separators, independent of the machine's locale. */
function bytes(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function portsTable(results: Results): string {
  const rows = results.ports.map((port) => [
    String(port.port),
    mbps(port.txGoodputMbps),
    mbps(port.rxGoodputMbps),
    mbps(port.txWireMbps),
    mbps(port.rxWireMbps),
    String(port.framesDropped),
  ]);
  const total = (pick: (p: Results['ports'][number]) => number): string =>
    mbps(results.ports.reduce((sum, port) => sum + pick(port), 0));
  if (results.ports.length > 1) {
    rows.push([
      'all',
      total((p) => p.txGoodputMbps),
      total((p) => p.rxGoodputMbps),
      total((p) => p.txWireMbps),
      total((p) => p.rxWireMbps),
      String(results.ports.reduce((sum, port) => sum + port.framesDropped, 0)),
    ]);
  }
  return formatTable(
    [
      'port',
      'tx goodput Mbit/s',
      'rx goodput Mbit/s',
      'tx wire Mbit/s',
      'rx wire Mbit/s',
      'dropped',
    ],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right'],
  );
}

function connectionsTable(results: Results): string {
  const shown = results.connections.slice(0, MAX_CONNECTION_ROWS);
  const rows = shown.map((c) => [
    String(c.id),
    String(c.port),
    c.direction,
    c.offloaded ? 'yes' : 'no',
    bytes(c.bytesDelivered),
    String(c.retransmits),
    String(c.timeouts),
    c.streamIntact ? 'yes' : 'NO',
    c.state,
  ]);
  const table = formatTable(
    [
      'conn',
      'port',
      'dir',
      'offloaded',
      'bytes delivered',
      'retransmits',
      'timeouts',
      'intact',
      'state',
    ],
    rows,
    ['right', 'right', 'left', 'left', 'right', 'right', 'right', 'left', 'left'],
  );
  const hidden = results.connections.length - shown.length;
  return hidden > 0 ? `${table}\n… and ${hidden} more connections (use --out for all)` : table;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

/** Where the time and the bytes went: CPU, buses, card, copies (measured half). */
function resourcesTable(results: Results): string {
  const { host, bus, nic, copies } = results;
  if (!host || !bus || !nic || !copies) return 'resources: not modelled';
  const breakdown = Object.entries(host.cpuBreakdown)
    .filter(([, v]) => v > 0.0005)
    .map(([k, v]) => `${k} ${pct(v)}`)
    .join(', ');
  const rows = [
    [
      'host CPU',
      pct(host.cpuUtilization),
      `${host.cyclesPerPayloadByte.toFixed(2)} cycles/B; ${breakdown}`,
    ],
    [
      'memory bus',
      pct(host.memoryBusUtilization),
      `${copies.memoryBusBytesPerByte.toFixed(2)} B per payload byte`,
    ],
    [
      'PCI-X bus',
      pct(bus.utilization),
      `${bus.kind}, efficiency ${pct(bus.efficiency)}, ${copies.pciBytesPerByte.toFixed(3)} B per payload byte`,
    ],
    [
      'card engine',
      pct(nic.engineUtilization),
      `card memory peak ${bytes(nic.cardMemoryPeakBytes)} B, ${nic.connectionsFallenBack} connection(s) fell back`,
    ],
    ['CPU copies', copies.cpuCopiesPerByte.toFixed(2), 'per payload byte'],
  ];
  return formatTable(['resource', 'load', 'detail'], rows, ['left', 'right', 'left']);
}

function workloadLine(results: Results): string | null {
  const w = results.workload;
  if (!w) return null;
  if (w.kind === 'udp-stream') {
    return `udp-stream: ${bytes(w.completed)} datagrams delivered in the measured half; in order ${w.streamIntact ? 'yes' : 'NO'}`;
  }
  const rate =
    w.transactionsPerSecond !== undefined
      ? `${bytes(Math.round(w.transactionsPerSecond))} transactions/s`
      : `${bytes(Math.round(w.connectionsPerSecond ?? 0))} connections/s`;
  const lat = w.latencyUs
    ? `latency p50 ${w.latencyUs.p50.toFixed(1)} µs, p90 ${w.latencyUs.p90.toFixed(1)} µs, p99 ${w.latencyUs.p99.toFixed(1)} µs`
    : 'no latency samples';
  return `${w.kind}: ${rate}; ${lat}; ${w.failed} failed; intact ${w.streamIntact ? 'yes' : 'NO'}`;
}

/** Beyond these, a sync timeline would drown the summary; the results JSON has them all. */
const MAX_SYNC_ENTRIES = 8;
const MAX_SYNC_INTERVALS = 6;

function millis(value: number): string {
  return value < 1 ? value.toFixed(4) : value.toFixed(1);
}

/** How the card kept its shadow ARP entries and routes (full-toe), or why there are none. */
function syncLines(results: Results): string[] {
  const sync = results.sync;
  if (!sync) return results.syncNote ? [`sync: none (${results.syncNote})`] : [];
  const plural = (n: number, word: string): string => `${bytes(n)} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `sync: ${sync.strategy}; max staleness ${millis(sync.maxStalenessMs)} ms, ` +
      `${sync.staleEntrySeconds.toFixed(6)} stale entry-seconds, ` +
      `${plural(sync.framesToStaleMac, 'frame')} to a stale MAC, ${plural(sync.updatesSent, 'update')} sent`,
  ];
  for (const e of sync.entries.slice(0, MAX_SYNC_ENTRIES)) {
    const shown = e.intervals.slice(-MAX_SYNC_INTERVALS);
    const skipped = e.intervals.length - shown.length;
    // Microsecond resolution: a push repair is a few µs after the change.
    const spans = shown.map((i) => `${i.status} ${i.fromMs.toFixed(3)}–${i.toMs.toFixed(3)} ms`);
    lines.push(
      `  port ${e.port} ${e.kind === 'route' ? 'route to ' : ''}${e.ip}: ${skipped > 0 ? `(${skipped} earlier) ` : ''}${spans.join(', ')}`,
    );
  }
  const hidden = sync.entries.length - MAX_SYNC_ENTRIES;
  if (hidden > 0) lines.push(`  … and ${hidden} more entries (use --out for all)`);
  return lines;
}

/** The host's filter and full-toe's policy, when the scenario has rules. */
function filterLines(results: Results): string[] {
  const f = results.filter;
  if (f.rules.length === 0) return [];
  const plural = (n: number, word: string): string => `${bytes(n)} ${word}${n === 1 ? '' : 's'}`;
  const where = f.enforcedOnCard ? ', enforced on the card' : '';
  const lines = [
    `filter: ${f.policy}, ${plural(f.rules.length, 'rule')}${where}; dropped by host ${bytes(f.droppedByHost)}, ` +
      `by card ${bytes(f.droppedByCard)}; ${plural(f.violations, 'violation')}; ` +
      `${plural(f.refusedOffload, 'connection')} refused offload`,
  ];
  const pair = (c: { in: number; out: number }): string => `in ${bytes(c.in)} out ${bytes(c.out)}`;
  f.rules.forEach((r, i) => {
    lines.push(
      `  rule ${i} ${r.rule}: host ${pair(r.droppedByHost)}; card ${pair(r.droppedByCard)}; ` +
        `violations ${pair(r.violations)}`,
    );
  });
  return lines;
}

/** The verdict and the what-if re-runs behind it. */
function bottleneckLines(results: Results): string[] {
  const check = results.bottleneckCheck;
  if (check === null)
    return [`bottleneck: ${results.bottleneck} (live utilisation rule; --no-check)`];
  const lines = [`bottleneck: ${check.verdict} — ${check.reason}`];
  for (const t of check.trials) {
    const sign = t.gain >= 0 ? '+' : '';
    lines.push(
      `  ${t.resource}: ${t.change}: ${mbps(check.goodputMbps)} → ${mbps(t.goodputMbps)} Mbit/s (${sign}${(t.gain * 100).toFixed(1)} %)`,
    );
  }
  if (check.joint !== null) {
    const j = check.joint;
    const sign = j.gain >= 0 ? '+' : '';
    lines.push(
      `  ${j.resources.join(' + ')}: ${j.change}: ${mbps(check.goodputMbps)} → ${mbps(j.goodputMbps)} Mbit/s (${sign}${(j.gain * 100).toFixed(1)} %)`,
    );
  }
  if (check.window !== null) {
    const w = check.window;
    lines.push(
      `  window ${bytes(w.windowBytes)} B ${w.belowBdp ? '<' : '≥'} BDP at the measured RTT ${bytes(w.bdpBytes)} B`,
    );
  }
  if (check.liveRule !== check.verdict)
    lines.push(`  (the live badge's utilisation rule says ${check.liveRule})`);
  return lines;
}

/** Each port's queues over the measured half (mean / peak) and where frames were lost. */
function queuesTable(results: Results): string {
  const depth = (d: { mean: number; peak: number }): string =>
    `${bytes(d.mean)} / ${bytes(d.peak)}`;
  const rows = results.ports.map((p) => {
    const q = p.queues;
    const d = p.drops;
    const lost = [
      d.qdisc > 0 ? `qdisc ${bytes(d.qdisc)}` : '',
      d.rxFifoOverflow > 0 ? `rx FIFO overflow ${bytes(d.rxFifoOverflow)}` : '',
      d.rxRingEmpty > 0 ? `rx ring empty ${bytes(d.rxRingEmpty)}` : '',
      d.socketQueueFull > 0 ? `socket queue full ${bytes(d.socketQueueFull)}` : '',
      d.peerQueue > 0 ? `peer queue ${bytes(d.peerQueue)}` : '',
      d.wire > 0 ? `wire ${bytes(d.wire)}` : '',
    ].filter((s) => s !== '');
    return [
      String(p.port),
      depth(q.qdiscPackets),
      depth(q.txRingDescriptors),
      depth(q.txFifoBytes),
      depth(q.rxFifoBytes),
      depth(q.rxRingDescriptors),
      depth(q.peerQueueFrames),
      lost.length > 0 ? lost.join(', ') : 'none',
    ];
  });
  return formatTable(
    [
      'port',
      'qdisc pkts',
      'tx ring desc',
      'tx FIFO B',
      'rx FIFO B',
      'rx ring desc',
      'peer queue',
      'dropped (whole run)',
    ],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
}

/** UDP workloads: each port's datagrams, each way, whole run, and where the lost ones went. */
function udpTable(results: Results): string | null {
  if (results.ports.every((p) => p.udp === undefined)) return null;
  const rows: string[][] = [];
  for (const p of results.ports) {
    for (const dir of ['tx', 'rx'] as const) {
      const u = p.udp?.[dir];
      if (u === undefined || u.datagramsSent === 0) continue;
      const lost = Object.entries(u.drops)
        .filter(([, n]) => n > 0)
        .map(([why, n]) => `${why} ${bytes(n)}`);
      rows.push([
        `${p.port} ${dir}`,
        bytes(u.datagramsSent),
        bytes(u.fragmentsSent),
        bytes(u.datagramsDelivered),
        bytes(u.inFlight),
        lost.length > 0 ? lost.join(', ') : 'none',
      ]);
    }
  }
  return formatTable(
    ['port', 'datagrams sent', 'fragments', 'delivered', 'in flight', 'lost (by where)'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'left'],
  );
}

/** Which card the run used (issue 13): its profile, what overrode it, the bus grade it ran. */
function profileLine(results: Results): string {
  const use = results.nic?.profile;
  if (!use) return `card: ${results.scenario.nic.profile}`;
  const overrides = use.overrides.length > 0 ? use.overrides.join(', ') : 'none';
  const bus =
    use.busKind === results.scenario.bus.kind
      ? ''
      : `; the card holds the ${results.scenario.bus.kind} slot at ${use.busKind}`;
  return `card: ${use.id} (${use.name}, ${use.confidence} confidence); overrides: ${overrides}${bus}`;
}

/** The whole summary, ending in a newline. */
export function formatSummary(results: Results): string {
  const scenario = results.scenario;
  const parts = [
    `${scenario.name}: ${scenario.architecture}, ${scenario.nic.ports} × ${scenario.nic.portSpeedMbps} Mbit/s, ` +
      `${scenario.bus.kind}, MTU ${scenario.link.mtu}, ${scenario.workload.kind}, seed ${scenario.seed}`,
    profileLine(results),
    `simulated ${results.simulatedMs} ms in ${Math.round(results.wallMs)} ms (${bytes(results.events)} events)`,
    '',
    portsTable(results),
    '',
    results.connections.length > 0 ? connectionsTable(results) : 'no connections',
  ];
  parts.push('', resourcesTable(results));
  const workload = workloadLine(results);
  if (workload) parts.push('', workload);
  const udp = udpTable(results);
  if (udp) parts.push('', 'UDP datagrams, whole run:', udp);
  if (results.bottleneck !== null) parts.push('', ...bottleneckLines(results));
  parts.push('', 'queues over the measured half, mean / peak:', queuesTable(results));
  const sync = syncLines(results);
  if (sync.length > 0) parts.push('', ...sync);
  const filter = filterLines(results);
  if (filter.length > 0) parts.push('', ...filter);
  if (results.log.length > 0) {
    parts.push('', 'events:');
    for (const e of results.log) parts.push(`  ${(e.timeNs / 1e6).toFixed(3)} ms  ${e.text}`);
  }
  if (results.notModelled.length > 0) {
    parts.push('', 'not modelled yet:');
    for (const line of results.notModelled) parts.push(`  - ${line}`);
  }
  return `${parts.join('\n')}\n`;
}
