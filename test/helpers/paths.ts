import { join } from 'node:path';

/** The repository's root folder. */
export const REPO_ROOT = join(__dirname, '..', '..');

/** The shared real Sentry payloads (`../shared/fixtures` beside the clone; read-only). */
export const SHARED_FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures');
