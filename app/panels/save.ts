/** Offers bytes or text as a download under a file name. */
export function save(name: string, data: Blob | Uint8Array | string, type: string): void {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser may still be reading the blob when the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
