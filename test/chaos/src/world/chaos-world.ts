import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { dropDatabase, ensureDatabase } from '@sisbridge/persistence';
import type { TemporalCliSource } from '@sisbridge/local-infra';
import { startCanvasSimulator, type CanvasSimulator, type ThrottleSettings } from '@sisbridge/canvas-simulator';
import { startPtpSimulator, type PtpSimulator } from '@sisbridge/ptp-simulator';
import { generateDistrict, toPtpDistrict, type DistrictSize, type PtpDistrict, type SandboxDistrict } from '@sisbridge/sandbox-district';
import { startSifZoneSimulator, type SifZoneSimulator } from '@sisbridge/sif-zone-simulator';
import { TcpProxy } from '@sisbridge/test-support';
import { HttpGate } from '../infrastructure/http-gate';
import { RestartableTemporal } from '../infrastructure/restartable-temporal';
import type { ScratchPostgres } from '../infrastructure/scratch-postgres';
import { SupervisedSystem } from '../infrastructure/supervised-system';

export const DISTRICT_ID = 'chaos';
export const ZONE_ID = 'ChaosZone';

export interface WorldSettings {
  /** Names the scenario's database and scratch directory. */
  slug: string;
  size: DistrictSize;
  seed: number;
  /** Canvas's throttle bucket (unset: Canvas's defaults). */
  canvasThrottle?: Partial<ThrottleSettings> | false;
  /** Requests per second the district lets sisbridge send Canvas. */
  canvasRequestsPerSecond: number;
  /** Teachers whose passbacks run at once in the nightly passback. */
  maxConcurrentTeachers: number;
  /** How long Canvas takes over a SIS import (default 1 s); longer keeps an import running through a restart. */
  canvasProcessingTimeMs?: number;
  /** Temporal keeps its database in a file, so the server can be restarted without losing workflows (slower). */
  persistentTemporal?: boolean;
}

/** What every scenario shares: the scratch Postgres server and the Temporal CLI. */
export interface SharedInfrastructure {
  postgres: ScratchPostgres;
  temporalCli: TemporalCliSource;
}

/**
 * One scenario's whole system on loopback: the generated district served by the SIF zone
 * simulator, the Canvas and PTP simulators, each behind an HTTP gate (where a scenario chooses
 * the moment of a fault); a database of its own on the scratch Postgres and a Temporal dev
 * server of its own, each reached by the services through a TCP proxy (where a partition is
 * made); and the compiled services and workflow worker, supervised as Kubernetes would. The
 * harness itself talks to Postgres and Temporal directly, so a partition never blinds it.
 */
export class ChaosWorld {
  private constructor(
    readonly settings: WorldSettings,
    readonly directory: string,
    readonly district: SandboxDistrict,
    readonly ptpDistrict: PtpDistrict,
    readonly zone: SifZoneSimulator,
    readonly canvas: CanvasSimulator,
    readonly ptp: PtpSimulator,
    readonly gates: { sif: HttpGate; canvas: HttpGate; ptp: HttpGate },
    readonly databaseUrl: string,
    readonly temporal: RestartableTemporal,
    readonly proxies: { postgres: TcpProxy; temporal: TcpProxy },
    readonly system: SupervisedSystem,
    readonly client: Client,
    readonly postgres: ScratchPostgres,
  ) {}

  static async start(settings: WorldSettings, shared: SharedInfrastructure): Promise<ChaosWorld> {
    const directory = mkdtempSync(join(tmpdir(), `sisbridge-chaos-${settings.slug}-`));
    const district = generateDistrict({ size: settings.size, seed: settings.seed });
    const ptpDistrict = toPtpDistrict(district);
    const zone = await startSifZoneSimulator({ district, zoneId: ZONE_ID });
    const canvas = await startCanvasSimulator({
      processingTimeMs: settings.canvasProcessingTimeMs ?? 1_000,
      throttle: settings.canvasThrottle,
    });
    const ptp = await startPtpSimulator({ district: ptpDistrict });
    const gates = {
      sif: await HttpGate.start(zone.url),
      canvas: await HttpGate.start(canvas.url),
      ptp: await HttpGate.start(ptp.url),
    };
    const database = `chaos_${settings.slug.replace(/-/g, '_')}`;
    const databaseUrl = shared.postgres.databaseUrl(database);
    await dropDatabase(databaseUrl).catch(() => undefined);
    await ensureDatabase(databaseUrl);
    const temporal = await RestartableTemporal.start(shared.temporalCli, directory, settings.persistentTemporal ?? false);
    const proxies = {
      postgres: await TcpProxy.start('127.0.0.1', shared.postgres.port),
      temporal: await TcpProxy.start('127.0.0.1', temporal.port),
    };
    const districtsFile = join(directory, 'districts.json');
    writeFileSync(districtsFile, JSON.stringify({ districts: [districtEntry(settings, district.schoolYear, gates)] }, null, 2));
    const system = new SupervisedSystem({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${proxies.postgres.port}/${database}`,
      TEMPORAL_ADDRESS: `127.0.0.1:${proxies.temporal.port}`,
      DISTRICTS_FILE: districtsFile,
      CANVAS_TOKEN_CHAOS: canvas.token,
      PTP_CLIENT_ID_CHAOS: ptp.clientId,
      PTP_CLIENT_SECRET_CHAOS: ptp.clientSecret,
      RUN_MIGRATIONS_ON_START: 'true',
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_SECONDS: '10',
      CANVAS_POLL_INTERVAL_MS: '500',
    });
    await system.start();
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });
    return new ChaosWorld(
      settings,
      directory,
      district,
      ptpDistrict,
      zone,
      canvas,
      ptp,
      gates,
      databaseUrl,
      temporal,
      proxies,
      system,
      client,
      shared.postgres,
    );
  }

  async close(): Promise<void> {
    await this.system.stopAll();
    await this.client.connection.close().catch(() => undefined);
    await Promise.all([this.proxies.postgres.cut(), this.proxies.temporal.cut()]);
    await this.temporal.stop();
    await Promise.all([this.gates.sif.close(), this.gates.canvas.close(), this.gates.ptp.close()]);
    await Promise.all([this.zone.close(), this.canvas.close(), this.ptp.close()]);
    await dropDatabase(this.databaseUrl).catch(() => undefined);
    rmSync(this.directory, { recursive: true, force: true });
  }
}

function districtEntry(settings: WorldSettings, schoolYear: number, gates: { sif: HttpGate; canvas: HttpGate; ptp: HttpGate }): unknown {
  return {
    id: DISTRICT_ID,
    name: 'Chaos district',
    timeZone: 'America/Chicago',
    schoolYear,
    sif: {
      zoneUrl: `${gates.sif.url}/zone/${ZONE_ID}`,
      pollIntervalSeconds: 0.2,
      missingPacketTimeoutSeconds: 20,
      // A zone that stops answering is noticed in 20 s, not the default minute.
      requestTimeoutSeconds: 20,
      maxBufferSize: 262_144,
    },
    canvas: {
      baseUrl: gates.canvas.url,
      rootAccountId: 1,
      tokenEnv: 'CANVAS_TOKEN_CHAOS',
      maxRequestsPerSecond: settings.canvasRequestsPerSecond,
    },
    ptp: {
      baseUrl: gates.ptp.url,
      clientIdEnv: 'PTP_CLIENT_ID_CHAOS',
      clientSecretEnv: 'PTP_CLIENT_SECRET_CHAOS',
      // Small batches: a passback is many writes, so a kill lands between two of them.
      scores: { batchSize: 25 },
    },
    schedules: { passback: { enabled: true, at: '21:00', maxConcurrentTeachers: settings.maxConcurrentTeachers } },
  };
}
