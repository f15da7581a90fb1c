/** Recent frames on one port, filterable. */
export function PacketList() {
  return null;
}
