/** How an adapter is named to the user, and whether it is a software one (correct, but slower than the CPU workers). */
type AdapterInfo = Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'description'> & { isFallbackAdapter?: boolean };

export function adapterName(info: AdapterInfo | undefined): string {
  return [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'an unnamed adapter';
}

/** SwiftShader, llvmpipe and lavapipe run shaders on the CPU: auto passes over them. */
export function isSoftwareAdapter(info: AdapterInfo | undefined): boolean {
  return Boolean(info?.isFallbackAdapter) || /swiftshader|llvmpipe|lavapipe|software/i.test(adapterName(info));
}
