import { test, type TestContext } from 'node:test';

/**
 * Steps that share one page, run in order: after a failure the later steps are skipped, so the
 * report names the step that went wrong rather than a cascade after it.
 */
export function stepper() {
  let failed = false;
  return (name: string, fn: () => Promise<void>) =>
    test(name, async (t: TestContext) => {
      if (failed) return t.skip('an earlier step failed');
      try {
        await fn();
      } catch (err) {
        failed = true;
        throw err;
      }
    });
}
