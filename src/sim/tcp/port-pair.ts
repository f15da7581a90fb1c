/**
 * The key of a connection's port pair within one remote address's table: local port ·
 * 65536 + remote port, folded to a signed 32-bit integer. The fold is one-to-one on 32
 * bits and keeps the key a small integer (a V8 Smi): unfolded, every key with an
 * ephemeral local port (≥ 32768) exceeds 2^31 and each Map lookup boxes it as a heap
 * number and hashes it the slow way — once per segment in and out.
 */
export function portPairKey(localPort: number, remotePort: number): number {
  return (localPort * 65536 + remotePort) | 0;
}
