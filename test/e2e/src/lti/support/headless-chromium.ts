import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium package (`.ci/run` installs it); nothing ever downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * A headless Chromium with a fresh profile, kept off the network it does not need: no sandbox (CI
 * runs as root), no background networking, component updates or sync. `withoutLocalNetworkChecks`
 * for a test that rewrites responses.
 */
export async function startChromium(
  options: { withoutLocalNetworkChecks?: boolean } = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium), as .ci/run does`);
  const profile = mkdtempSync(join(tmpdir(), 'sisbridge-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // A response a test rewrites (page.route) has no address, so Chromium counts it as a public page,
      // and its Local Network Access checks then block it from reaching the loopback servers.
      ...(options.withoutLocalNetworkChecks ? ['--disable-features=LocalNetworkAccessChecks'] : []),
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
