import { describe, expect, it } from 'vitest';
import { parseIpv4 as ip } from '../wire/address.ts';
import { RoutingTable, inPrefix, prefixMask, type Route } from './routing-table.ts';

describe('RoutingTable', () => {
  it('picks the longest matching prefix', () => {
    const t = new RoutingTable();
    t.add({ prefix: 0, prefixLength: 0, nextHop: ip('10.0.0.1'), interfaceIndex: 0 });
    t.add({ prefix: ip('10.1.0.0'), prefixLength: 16, nextHop: 0, interfaceIndex: 1 });
    t.add({
      prefix: ip('10.1.2.0'),
      prefixLength: 24,
      nextHop: ip('10.1.0.254'),
      interfaceIndex: 2,
    });
    expect(t.lookup(ip('10.1.2.3'))?.interfaceIndex).toBe(2);
    expect(t.lookup(ip('10.1.3.3'))?.interfaceIndex).toBe(1);
    expect(t.lookup(ip('192.168.1.1'))?.interfaceIndex).toBe(0);
    expect(t.list().map((r) => r.prefixLength)).toEqual([24, 16, 0]);
  });

  it('distinguishes on-link routes from next hops', () => {
    const t = new RoutingTable();
    t.add({ prefix: ip('10.0.1.0'), prefixLength: 24, nextHop: 0, interfaceIndex: 0 });
    t.add({
      prefix: ip('10.0.2.0'),
      prefixLength: 24,
      nextHop: ip('10.0.1.254'),
      interfaceIndex: 0,
    });
    expect(t.lookup(ip('10.0.1.7'))?.nextHop).toBe(0);
    expect(t.lookup(ip('10.0.2.7'))?.nextHop).toBe(ip('10.0.1.254'));
    expect(t.lookup(ip('10.0.3.7'))).toBeNull();
  });

  it('adds, refuses duplicates, replaces and removes, telling listeners', () => {
    const t = new RoutingTable();
    const log: string[] = [];
    t.onChange((kind, r, prev) =>
      log.push(`${kind}:${r.interfaceIndex}:${prev?.interfaceIndex ?? '-'}`),
    );
    // Host bits are cleared on add.
    const r = t.add({ prefix: ip('10.0.1.9'), prefixLength: 24, nextHop: 0, interfaceIndex: 0 });
    expect(r.prefix).toBe(ip('10.0.1.0'));
    expect(() => t.add({ ...r, interfaceIndex: 3 })).toThrow(/already exists/);
    expect(t.lookup(ip('10.0.1.1'))?.interfaceIndex).toBe(0);
    t.replace({ ...r, interfaceIndex: 1, mtu: 1400 });
    // The lookup cache is invalidated by the change.
    expect(t.lookup(ip('10.0.1.1'))).toMatchObject({ interfaceIndex: 1, mtu: 1400 });
    expect(t.remove(ip('10.0.1.0'), 24)).toBe(true);
    expect(t.remove(ip('10.0.1.0'), 24)).toBe(false);
    expect(t.lookup(ip('10.0.1.1'))).toBeNull();
    expect(log).toEqual(['add:0:-', 'replace:1:0', 'remove:1:-']);
    expect(t.generation).toBe(3);
  });

  it('computes masks for every prefix length', () => {
    expect(prefixMask(0)).toBe(0);
    expect(prefixMask(8)).toBe(0xff00_0000);
    expect(prefixMask(32)).toBe(0xffff_ffff);
    expect(() => prefixMask(33)).toThrow(RangeError);
    expect(inPrefix(ip('172.16.5.4'), ip('172.16.0.0'), 12)).toBe(true);
    expect(inPrefix(ip('172.32.0.1'), ip('172.16.0.0'), 12)).toBe(false);
    const host: Route = { prefix: ip('1.2.3.4'), prefixLength: 32, nextHop: 0, interfaceIndex: 0 };
    const t = new RoutingTable();
    t.add(host);
    expect(t.lookup(ip('1.2.3.4'))).not.toBeNull();
    expect(t.lookup(ip('1.2.3.5'))).toBeNull();
  });
});
