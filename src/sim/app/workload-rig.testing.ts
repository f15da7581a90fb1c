/**
 * Test fixture for the transaction workloads: the local host and one link peer per
 * port, each with its own TCP stack, joined by full-duplex links and nothing else — no
 * CPU, bus or NIC costs, so the times the tests assert are the wire's and TCP's alone
 * (the World adds the cost model on top of the same pieces).
 */
import { RandomStream } from '../core/random.ts';
import { Scheduler } from '../core/scheduler.ts';
import type { Nanoseconds } from '../core/time.ts';
import { Host } from '../host/host.ts';
import { Link } from '../link/link.ts';
import type { WorkloadResult, WorkloadRun } from '../metrics/workload-results.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { TcpProfile } from '../tcp/config.ts';
import { TcpStack } from '../tcp/stack.ts';
import { localIp, localMac, peerIp, peerMac, SUBNET_PREFIX } from '../world/addresses.ts';
import type { WorkloadAppSetup } from './request-response.ts';
import { DirectSocketLayer } from './socket.ts';
import { PayloadPattern } from './stream.ts';

export interface Rig {
  scheduler: Scheduler;
  localTcp: TcpStack;
  run: WorkloadRun;
  /** Runs to `half`, marks the measured half there, runs to `end`, summarises. */
  measure(half: Nanoseconds, end: Nanoseconds): WorkloadResult;
}

function stackFor(
  scheduler: Scheduler,
  host: Host,
  scenario: Scenario,
  name: string,
  profile: TcpProfile,
) {
  const t = scenario.tcp;
  const stack = new TcpStack({
    scheduler,
    lower: { output: (s, d, seg) => host.sendTcp(s, d, seg), mtuFor: (d) => host.mtuFor(d) },
    config: {
      profile,
      timestamps: t.timestamps,
      sack: t.sack,
      windowScaling: t.windowScaling,
      delayedAck: t.delayedAck,
      nagle: t.nagle,
      sendBufferBytes: t.sendBufferKB * 1024,
      recvBufferBytes: t.recvBufferKB * 1024,
    },
    random: new RandomStream(scenario.seed, `${name}.tcp`),
    name,
  });
  host.setTransport({
    input: (src, dst, seg) => stack.input(src, dst, seg),
    pmtuChanged: (remote, mtu) => stack.pmtuChanged(remote, mtu),
  });
  return stack;
}

function hostOn(scheduler: Scheduler, scenario: Scenario, name: string): Host {
  return new Host({ scheduler, name, random: new RandomStream(scenario.seed, `${name}.neigh`) });
}

/** Builds the zero-cost network for `scenario` and starts the workload on it. */
export function workloadRig(
  scenario: Scenario,
  start: (setup: WorkloadAppSetup) => WorkloadRun,
): Rig {
  const scheduler = new Scheduler();
  const local = hostOn(scheduler, scenario, 'host');
  const localTcp = stackFor(scheduler, local, scenario, 'host', scenario.tcp.profile);
  const peerTcp: TcpStack[] = [];
  for (let port = 0; port < scenario.nic.ports; port++) {
    const link = new Link({
      scheduler,
      name: `port${port}`,
      mbps: scenario.nic.portSpeedMbps,
      rttUs: scenario.link.rttUs,
      lossRate: scenario.link.lossRate,
      seed: scenario.seed,
    });
    const ifIndex = local.addInterface({
      mac: localMac(port),
      ip: localIp(port),
      prefixLength: SUBNET_PREFIX,
      mtu: scenario.link.mtu,
      device: link.endpoint('a'),
    });
    link.attach('a', (frame) => local.receive(ifIndex, frame));
    const peer = hostOn(scheduler, scenario, `peer${port}`);
    const peerIf = peer.addInterface({
      mac: peerMac(port),
      ip: peerIp(port),
      prefixLength: SUBNET_PREFIX,
      mtu: scenario.link.mtu,
      device: link.endpoint('b'),
    });
    link.attach('b', (frame) => peer.receive(peerIf, frame));
    peerTcp.push(stackFor(scheduler, peer, scenario, `peer${port}`, 'linux'));
  }
  const run = start({
    scenario,
    pattern: new PayloadPattern(scenario.seed),
    local: new DirectSocketLayer(localTcp),
    peers: peerTcp.map((t) => new DirectSocketLayer(t)),
    scheduler,
  });
  return {
    scheduler,
    localTcp,
    run,
    measure(half, end) {
      scheduler.runUntil(half);
      run.markHalf(half);
      scheduler.runUntil(end);
      return run.summarize(end);
    },
  };
}
