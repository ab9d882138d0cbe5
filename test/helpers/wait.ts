/** Polls `check` until it holds, failing after 10 s with `what` (events and sockets are asynchronous). */
export async function waitFor(check: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  for (const deadline = Date.now() + 10_000; !(await check());) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
