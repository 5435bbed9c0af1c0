// Lets the test worker's event loop turn between tests. Many tests here run git and the CLI
// synchronously; when consecutive tests never reach the event loop, vitest's worker cannot
// read the main process's replies, and its RPC times out ("Timeout calling onTaskUpdate") after a
// minute even though every test passes. A timer and an immediate after each test let it read them.
import { afterEach } from 'vitest';

afterEach(async () => {
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  await new Promise<void>((resolve) => setImmediate(resolve));
});
