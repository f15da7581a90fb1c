import type { Host } from '../host/host.ts';
import type { Link } from '../link/link.ts';
import { BROADCAST_MAC, type EthernetFrame, type Mac } from '../wire/types.ts';

/** A host interface attached to a link's far side. */
interface Station {
  readonly host: Host;
  readonly ifIndex: number;
}

/**
 * The far (B) side of a link as a tiny bridge, so a `route-change` can give a peer a
 * second path through another port's link. A frame from the local host goes to the
 * station whose MAC it is addressed to; broadcasts, and unicast to a MAC no station has
 * (a peer's old MAC after a gratuitous ARP), are flooded as a switch floods unknown
 * unicast, so each host's MAC filter drops and counts them as before.
 *
 * With one station (every scenario without a route change) the link delivers straight to
 * it, so the common path costs nothing more than before.
 */
export class PeerBridge {
  private readonly stations: Station[] = [];

  constructor(private readonly link: Link) {}

  attach(host: Host, ifIndex: number): void {
    this.stations.push({ host, ifIndex });
    if (this.stations.length === 1) {
      this.link.attach('b', (frame) => host.receive(ifIndex, frame));
    } else {
      this.link.attach('b', (frame) => this.deliver(frame));
    }
  }

  /** Whether some station on this side currently has `mac` (ground truth for metrics). */
  answers(mac: Mac): boolean {
    for (let i = 0; i < this.stations.length; i++) {
      const s = this.stations[i]!;
      if (s.host.macOf(s.ifIndex) === mac) return true;
    }
    return false;
  }

  private deliver(frame: EthernetFrame): void {
    if (frame.dst !== BROADCAST_MAC) {
      for (const s of this.stations) {
        if (s.host.macOf(s.ifIndex) === frame.dst) {
          s.host.receive(s.ifIndex, frame);
          return;
        }
      }
    }
    for (const s of this.stations) s.host.receive(s.ifIndex, frame);
  }
}
