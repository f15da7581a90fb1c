import { NS_PER_S, type Nanoseconds } from '../core/time.ts';

/**
 * The classic libpcap file format, nanosecond variant (pcap-savefile(5),
 * draft-ietf-opsawg-pcap §4–5), written little-endian. Streams each record through
 * `write` so a long run's capture never sits in memory.
 */
export const PCAP_MAGIC_NANOSECONDS = 0xa1b2_3c4d;
export const PCAP_VERSION_MAJOR = 2;
export const PCAP_VERSION_MINOR = 4;
/** LINKTYPE_ETHERNET (tcpdump.org link-layer header types). */
export const PCAP_LINKTYPE_ETHERNET = 1;
/** tcpdump's default snapshot length since 4.0. */
export const PCAP_DEFAULT_SNAPLEN = 262_144;
export const PCAP_GLOBAL_HEADER = 24;
export const PCAP_RECORD_HEADER = 16;

export interface PcapWriterOptions {
  /** Receives the file's bytes in order; chunks are not reused after the call. */
  write: (chunk: Uint8Array) => void;
  /** Bytes kept of each frame (incl_len); the original length is always recorded. */
  snaplen?: number;
}

export class PcapWriter {
  readonly #write: (chunk: Uint8Array) => void;
  readonly #snaplen: number;
  #packets = 0;
  #bytesWritten = 0;

  constructor(options: PcapWriterOptions) {
    const snaplen = options.snaplen ?? PCAP_DEFAULT_SNAPLEN;
    if (!Number.isInteger(snaplen) || snaplen < 1 || snaplen > 0x7fff_ffff) {
      throw new RangeError(`pcap snaplen must be an integer in 1..${0x7fff_ffff}, got ${snaplen}`);
    }
    this.#write = options.write;
    this.#snaplen = snaplen;
    const header = new Uint8Array(PCAP_GLOBAL_HEADER);
    const view = new DataView(header.buffer);
    view.setUint32(0, PCAP_MAGIC_NANOSECONDS, true);
    view.setUint16(4, PCAP_VERSION_MAJOR, true);
    view.setUint16(6, PCAP_VERSION_MINOR, true);
    // Bytes 8–15: thiszone and sigfigs, both 0. Simulated time 0 reads as the Unix epoch.
    view.setUint32(16, snaplen, true);
    view.setUint32(20, PCAP_LINKTYPE_ETHERNET, true);
    this.#emit(header);
  }

  /** Frames captured so far. */
  get packets(): number {
    return this.#packets;
  }

  /** Bytes handed to `write` so far, global header included. */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** Appends one frame (as `serializeFrame` returns it) seen at simulated time `timeNs`. */
  add(timeNs: Nanoseconds, frame: Uint8Array): void {
    if (!Number.isSafeInteger(timeNs) || timeNs < 0) {
      throw new RangeError(`pcap timestamp must be a non-negative integer ns, got ${timeNs}`);
    }
    const seconds = Math.floor(timeNs / NS_PER_S);
    if (seconds > 0xffff_ffff)
      throw new RangeError(`pcap timestamp ${timeNs} ns overflows 32-bit seconds`);
    const included = Math.min(frame.length, this.#snaplen);
    // One chunk per record: one write call (one syscall for a file sink) per frame.
    const record = new Uint8Array(PCAP_RECORD_HEADER + included);
    const view = new DataView(record.buffer);
    view.setUint32(0, seconds, true);
    view.setUint32(4, timeNs - seconds * NS_PER_S, true);
    view.setUint32(8, included, true);
    view.setUint32(12, frame.length, true);
    record.set(frame.subarray(0, included), PCAP_RECORD_HEADER);
    this.#packets += 1;
    this.#emit(record);
  }

  #emit(chunk: Uint8Array): void {
    this.#bytesWritten += chunk.length;
    this.#write(chunk);
  }
}

/** An in-memory sink: pass it as the writer's options (it has `write`), then read `bytes()`. */
export interface PcapCollector {
  write: (chunk: Uint8Array) => void;
  /** Everything written so far, concatenated. */
  bytes(): Uint8Array;
}

export function collectPcap(): PcapCollector {
  const chunks: Uint8Array[] = [];
  return {
    write: (chunk) => {
      chunks.push(chunk);
    },
    bytes: () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let off = 0;
      for (const c of chunks) {
        out.set(c, off);
        off += c.length;
      }
      return out;
    },
  };
}

export interface PcapRecord {
  timeNs: Nanoseconds;
  /** The frame's length before the snaplen cut. */
  originalLength: number;
  /** The captured bytes (a view into the file). */
  data: Uint8Array;
}

export interface PcapFile {
  snaplen: number;
  linktype: number;
  records: PcapRecord[];
}

/**
 * Reads a file this writer produced (little-endian, nanosecond magic), for tests and
 * tools that check a capture. Throws a RangeError on anything else or a truncated file.
 */
export function parsePcap(bytes: Uint8Array): PcapFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < PCAP_GLOBAL_HEADER || view.getUint32(0, true) !== PCAP_MAGIC_NANOSECONDS) {
    throw new RangeError('not a little-endian nanosecond pcap file');
  }
  const records: PcapRecord[] = [];
  let off = PCAP_GLOBAL_HEADER;
  while (off < bytes.length) {
    if (off + PCAP_RECORD_HEADER > bytes.length)
      throw new RangeError(`truncated record header at ${off}`);
    const included = view.getUint32(off + 8, true);
    const start = off + PCAP_RECORD_HEADER;
    if (start + included > bytes.length) throw new RangeError(`truncated record data at ${start}`);
    records.push({
      timeNs: view.getUint32(off, true) * NS_PER_S + view.getUint32(off + 4, true),
      originalLength: view.getUint32(off + 12, true),
      data: bytes.subarray(start, start + included),
    });
    off = start + included;
  }
  return { snaplen: view.getUint32(16, true), linktype: view.getUint32(20, true), records };
}
