/** WebGPU reports a refused buffer or dispatch through error scopes, not exceptions: these bracket the calls to watch. */

/** Catches the validation and out-of-memory errors of what follows, until watchedError. */
export function watchErrors(device: GPUDevice): void {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
}

/** The first error since watchErrors, or null. */
export async function watchedError(device: GPUDevice): Promise<GPUError | null> {
  const invalid = await device.popErrorScope();
  const memory = await device.popErrorScope();
  return invalid ?? memory;
}
