/**
 * Saving files from the browser: every export (scenario, results, CSV, pcap, PNG, SVG)
 * goes through `download`, so names and MIME types are decided in one place.
 */
export const MIME = {
  json: 'application/json',
  csv: 'text/csv',
  pcap: 'application/vnd.tcpdump.pcap',
  png: 'image/png',
  svg: 'image/svg+xml',
} as const;

export type ExportKind = keyof typeof MIME;

/** Offers `data` as a file called `name` (the browser's download, no server involved). */
export function download(name: string, data: BlobPart | Blob, kind: ExportKind): void {
  const blob = data instanceof Blob ? data : new Blob([data], { type: MIME[kind] });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe stem: letters, digits, dots and dashes. */
export function fileStem(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'offload-lab'
  );
}
