import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser). The flags keep a
 * headless Chromium running as root from sandboxing and from calling out to the network.
 */
export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (the browser tests use Debian's chromium; they never download one).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1366, height: 900 };
