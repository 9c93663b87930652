/**
 * Asks a backend again, under the same reference, for what a step that may or may not have
 * happened took (a reservation, a points hold): the answer is what the first attempt took. A
 * refusal that `nothingTaken` recognises means nothing is held under that reference; any other
 * failure is thrown, so the job is retried.
 */
export async function reissue<T>(
  call: () => Promise<T>,
  nothingTaken: (error: unknown) => boolean,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (nothingTaken(error)) return undefined;
    throw error;
  }
}

/**
 * Makes a settling call (release, consume, cancel) that a retried job may make twice: only the
 * backend's own "already done" answer, as `alreadyDone` recognises it, counts as done. Any other
 * refusal (consuming a released reservation) is thrown, so the step is not recorded as done.
 */
export async function settle(
  call: () => Promise<unknown>,
  alreadyDone: (error: unknown) => boolean,
): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!alreadyDone(error)) throw error;
  }
}
