/** Polls `check` until it holds; throws after `timeoutMs` (a test's own deadline, so a hang fails with a clear message). */
export async function until(check: () => Promise<boolean>, timeoutMs = 60_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
