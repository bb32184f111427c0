import { resolve } from 'node:path';

// This file sits directly in src/ and is bundled into dist/main.js: one level below the app
// root either way, so the samples resolve the same from sources (tests, tsx) and from the build.
/** The sample emails shipped with the app (`apps/starter/samples`). */
export const DEFAULT_SAMPLES_DIR = resolve(__dirname, '..', 'samples');
