import { existsSync } from 'node:fs';

/**
 * Debian's Chromium (installed by tools/scripts/system-deps.sh `install_chromium`), or `CHROMIUM_PATH`.
 * Playwright never downloads a browser here.
 */
export function chromiumPath(): string {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(`no Chromium found (tried ${candidates.join(', ')}): run tools/scripts/test-all.sh, or apt-get install chromium, or set CHROMIUM_PATH`);
  return found;
}
