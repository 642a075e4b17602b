import { createRequire } from 'node:module';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
export const DOCKERFILE = resolve(REPO_ROOT, 'deploy/docker/Dockerfile');
export const STAGE_SCRIPT = resolve(REPO_ROOT, 'deploy/docker/stage.js');
export const HEALTHCHECK_SCRIPT = resolve(REPO_ROOT, 'deploy/docker/healthcheck.js');

/** One image, as deploy/docker/stage.js (what the Dockerfile runs) defines it. */
export interface Deployable {
  /** The Dockerfile target and the image name. */
  name: string;
  /** Its workspace directory. */
  dir: string;
  /** The image's command: `node <dir>/<entry>`. */
  entry: string;
  /** Files the image cannot work without. */
  requires: string[];
}

/** The deployables, read from stage.js itself so the tests and the images never disagree. */
export function deployables(): Deployable[] {
  const loaded: unknown = createRequire(__filename)(STAGE_SCRIPT);
  const table = (loaded as { DEPLOYABLES?: unknown }).DEPLOYABLES;
  if (typeof table !== 'object' || table === null) throw new Error(`${STAGE_SCRIPT} exports no DEPLOYABLES`);
  return Object.entries(table as Record<string, { dir: string; entry: string; requires: string[] }>).map(([name, value]) => ({
    name,
    dir: value.dir,
    entry: value.entry,
    requires: value.requires,
  }));
}
