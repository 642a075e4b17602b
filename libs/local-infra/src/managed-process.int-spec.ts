import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ManagedProcess', () => {
  it('kills its child when the owning process exits without stopping it', async () => {
    // The owner (the compiled library, as services and the stack use it) starts a long-lived child,
    // prints its pid and exits at once, as a force-exited Jest worker would.
    const owner = `
      const { ManagedProcess } = require(${JSON.stringify(join(__dirname, '../dist/managed-process.js'))});
      const child = new ManagedProcess({ name: 'sleeper', command: process.execPath, args: ['-e', 'setTimeout(() => {}, 60000)'], env: process.env });
      process.stdout.write(String(child.child.pid));
      process.exit(0);
    `;
    const { stdout } = await run(process.execPath, ['-e', owner]);
    const pid = Number(stdout);
    expect(pid).toBeGreaterThan(0);
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(pid)).toBe(false);
  });
});
