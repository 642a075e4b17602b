import { FaultInjector, listen, parseFaultSpec, type FaultSpec } from '@sisbridge/sim-common';
import { createCanvasApp } from './canvas-app';
import type { CanvasRuntime } from './canvas-runtime';
import { CANVAS_THROTTLE_DEFAULTS, type ThrottleSettings } from './http/leaky-bucket';
import { CanvasStore, type SisAccountSettings } from './model/canvas-store';
import { canvasSnapshot, type SnapshotValue } from './model/snapshot';
import { SisImportQueue } from './sis-import/import-queue';

export interface CanvasSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Always loopback unless told otherwise. */
  host?: string;
  /** The API token clients must send as `Authorization: Bearer …`. */
  token?: string;
  /** The root account's id (default 1); SIS imports go to it. */
  rootAccountId?: number;
  rootAccountName?: string;
  /** How long a SIS import takes from `created` to its final state, and a restore to complete (default 2000). */
  processingTimeMs?: number;
  /**
   * How SIS imports and restores wait between their stages (default: a timer of their share of
   * `processingTimeMs`). A test passes `HeldImportStages.wait` to see every stage, whatever the machine's speed.
   */
  importStageWait?: (ms: number) => Promise<void>;
  /** Canvas's leaky bucket; `false` turns throttling off. Unset fields take Canvas's defaults. */
  throttle?: Partial<ThrottleSettings> | false;
  /** The throttle's clock in ms (default Date.now): a test advances it to drain the bucket without waiting. */
  throttleNow?: () => number;
  /**
   * Holds every API request the throttle let in (its up-front cost reserved) until the promise
   * settles: a test keeps a burst in flight on purpose, instead of hoping the requests overlap.
   */
  holdApiRequest?: () => Promise<void>;
  /** Injected faults, as a spec or in the `--faults` syntax. */
  faults?: FaultSpec | string;
  /** Whether SIS grade export is enabled (default true); without it `/api/sis/...` answers `not_enabled`. */
  postGradesEnabled?: boolean;
  /** The root account's SIS settings (name length limit, due date required, …). */
  sisSettings?: Partial<SisAccountSettings>;
  /** The clock (tests pin it to make due dates and `missing` predictable). */
  now?: () => Date;
}

export interface CanvasSimulator {
  url: string;
  token: string;
  rootAccountId: number;
  /** The live state (tests may read it; changing it bypasses the API). */
  state: CanvasStore;
  /** The same JSON `GET /__admin/state` returns. */
  snapshot(): { [key: string]: SnapshotValue };
  faults: FaultInjector;
  runtime: CanvasRuntime;
  close(): Promise<void>;
}

export const DEFAULT_CANVAS_TOKEN = 'canvas-simulator-token';

/** Starts a simulated Canvas on 127.0.0.1 and resolves once it is listening. */
export async function startCanvasSimulator(options: CanvasSimulatorOptions = {}): Promise<CanvasSimulator> {
  const token = options.token ?? DEFAULT_CANVAS_TOKEN;
  const rootAccountId = options.rootAccountId ?? 1;
  const store = new CanvasStore({
    rootAccountId,
    rootAccountName: options.rootAccountName ?? 'Simulated District',
    now: options.now ?? (() => new Date()),
  });
  store.sisSettings = { ...store.sisSettings, ...options.sisSettings };
  const imports = new SisImportQueue(store, options.processingTimeMs ?? 2000, options.importStageWait);
  const runtime: CanvasRuntime = { store, imports, postGradesEnabled: options.postGradesEnabled ?? true };
  const faults = new FaultInjector(
    typeof options.faults === 'string' || options.faults === undefined ? parseFaultSpec(options.faults) : options.faults,
  );
  const throttle = options.throttle === false ? false : { ...CANVAS_THROTTLE_DEFAULTS, ...options.throttle };
  const app = createCanvasApp(runtime, {
    token,
    throttle,
    faults,
    ...(options.throttleNow ? { throttleNow: options.throttleNow } : {}),
    ...(options.holdApiRequest ? { holdApiRequest: options.holdApiRequest } : {}),
  });
  const server = await listen(app, { port: options.port, host: options.host });
  return {
    url: server.url,
    token,
    rootAccountId,
    state: store,
    snapshot: () => canvasSnapshot(store),
    faults,
    runtime,
    async close() {
      imports.close();
      await server.close();
    },
  };
}
