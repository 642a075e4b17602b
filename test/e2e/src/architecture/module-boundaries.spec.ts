import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../../../..');

/**
 * The layering of docs/architecture.md is enforced by lint, not by review: these probes are files a
 * careless change might add, linted in place (never written to disk) with the repo's config.
 */
describe('module boundaries (lint)', () => {
  beforeAll(() => {
    // The Nx rule reads the cached project graph; make sure it reflects the current tree.
    execFileSync('npx', ['nx', 'show', 'projects'], { cwd: REPO_ROOT, stdio: 'ignore' });
  });

  /** Runs the repo's ESLint (the same command as `npm run lint`) on `code` as if it were `filePath`. */
  async function lintProbe(filePath: string, code: string): Promise<string[]> {
    const eslint = spawnSync('npx', ['eslint', '--format', 'json', '--stdin', '--stdin-filename', filePath], {
      cwd: REPO_ROOT,
      input: code,
      encoding: 'utf8',
    });
    if (eslint.status !== 0 && eslint.status !== 1) throw new Error(`eslint failed: ${eslint.stderr}`);
    const [result] = JSON.parse(eslint.stdout) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
    return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
  }

  it('accepts what the architecture allows', async () => {
    const messages = await lintProbe(
      'services/sif-ingest/src/probe.ts',
      "import { TaskQueues } from '@sisbridge/contracts';\nimport { ServiceKitModule } from '@sisbridge/service-kit';\nexport const probe = [TaskQueues, ServiceKitModule];\n",
    );
    expect(messages).toEqual([]);
  });

  it('refuses a service importing another service, by package name or by path', async () => {
    const byName = await lintProbe(
      'services/sif-ingest/src/probe.ts',
      "import { CanvasProvisionerModule } from '@sisbridge/canvas-provisioner';\nexport const probe = CanvasProvisionerModule;\n",
    );
    expect(byName).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: .*apps are forbidden/)]);
    const byPath = await lintProbe(
      'services/ptp-gradebook/src/probe.ts',
      "import { SifIngestModule } from '../../sif-ingest/src/sif-ingest.module';\nexport const probe = SifIngestModule;\n",
    );
    expect(byPath).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: /)]);
  });

  it('refuses NestJS, I/O libraries and Node built-ins in workflow code', async () => {
    const messages = await lintProbe(
      'workflows/definitions/src/probe.ts',
      [
        "import { Injectable } from '@nestjs/common';",
        "import { DataSource } from 'typeorm';",
        "import { readFileSync } from 'node:fs';",
        "import { ServiceKitModule } from '@sisbridge/service-kit';",
        'export const probe = [Injectable, DataSource, readFileSync, ServiceKitModule];',
        '',
      ].join('\n'),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/enforce-module-boundaries: .*"runtime:workflow" is not allowed to import "@nestjs\/common"/),
        expect.stringMatching(/enforce-module-boundaries: .*"runtime:workflow" is not allowed to import "typeorm"/),
        expect.stringMatching(/^no-restricted-imports: 'node:fs'/),
        expect.stringMatching(/enforce-module-boundaries: .*"type:workflows" can only depend on libs tagged with "type:contracts"/),
      ]),
    );
  });

  it('keeps NestJS out of the orchestration worker and I/O out of the contracts', async () => {
    const worker = await lintProbe(
      'workflows/worker/src/probe.ts',
      "import { ServiceKitModule } from '@sisbridge/service-kit';\nexport const probe = ServiceKitModule;\n",
    );
    expect(worker).toEqual([expect.stringMatching(/runtime:node" can not depend on libs tagged with "runtime:nest"/)]);
    const contracts = await lintProbe('libs/contracts/src/probe.ts', "import axios from 'axios';\nexport const probe = axios;\n");
    expect(contracts).toEqual([expect.stringMatching(/"runtime:pure" is not allowed to import "axios"/)]);
  });
});
