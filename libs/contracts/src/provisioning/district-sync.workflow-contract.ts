import { defineQuery, defineSignal } from '@temporalio/workflow';
import { SearchAttributes } from '../search-attributes';
import { TaskQueues } from '../task-queues';
import { workflowId } from '../workflow-ids';

/**
 * The district sync workflow: one per district, long-lived, the only writer to the district's
 * Canvas. It gathers the SIF events PowerSchool publishes during the day into short windows and
 * sends each window to Canvas as one small SIS import (a `provisionDistrictWorkflow` child with
 * trigger `intraday`), and it lends the district's Canvas to every other provisioning run (the
 * nightly one, an operator's) one at a time, through a lease: a run asks for it, waits until it
 * is granted, and gives it back when it ends. Nothing else writes SIS imports for the district.
 */
export const DISTRICT_SYNC_WORKFLOW = 'districtSyncWorkflow';

/** `district-sync-springfield`: one per district (the district id encoded, as every id built from outside values is). */
export function districtSyncWorkflowId(districtId: string): string {
  return workflowId('district-sync', districtId);
}

/**
 * How every caller starts the district sync when it is not running (always with signal-with-start,
 * so whichever signal comes first starts it and none is lost): id, queue, input, summary, search
 * attributes.
 */
export function districtSyncStartOptions(districtId: string) {
  return {
    workflowId: districtSyncWorkflowId(districtId),
    taskQueue: TaskQueues.orchestration,
    args: [{ districtId }] as [DistrictSyncInput],
    staticSummary: `District sync of ${districtId}: intra-day imports, and the one writer to its Canvas`,
    typedSearchAttributes: [
      { key: SearchAttributes.district, value: districtId },
      { key: SearchAttributes.runKind, value: 'district-sync' },
    ],
  };
}

/** `intraday-springfield-2026-12-07T14-02-00Z`: one intra-day import, a child of the district sync workflow. */
export function intradayWorkflowId(districtId: string, at: Date): string {
  // The encoded district part holds no '-', so the time after it cannot be mistaken for part of it.
  return `${workflowId('intraday', districtId)}-${at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-')}`;
}

export interface DistrictSyncInput {
  districtId: string;
  /** Intra-day imports before the workflow continues as new (default 50; tests use fewer). */
  runsPerHistory?: number;
  /** What a run hands to the next when it continues as new. */
  carried?: DistrictSyncCarried;
}

export interface DistrictSyncCarried {
  /** Runs waiting for the Canvas writer lease, in the order they asked. */
  waiting: CanvasWriterRequest[];
  /** The run holding the lease when the last run continued as new. */
  holder?: CanvasWriterRequest;
  /** When the oldest event not yet sent to Canvas was stored (ISO), if any is pending. */
  eventsPendingSince?: string;
  lastIntraday?: IntradayRunSummary;
  intradayRuns: number;
}

/** A provisioning run that wants to write to the district's Canvas. */
export interface CanvasWriterRequest {
  workflowId: string;
  runId: string;
  /** What the run is, for the status query and Temporal UI ("nightly", "operator"). */
  purpose: string;
}

/** The last intra-day import the district sync made, for `sisbridge events` and Temporal UI. */
export interface IntradayRunSummary {
  workflowId: string;
  outcome: string;
  eventsApplied: number;
  /** Rows sent to Canvas (0 when the events changed nothing Canvas holds). */
  rows: number;
  canvasImportIds: number[];
  startedAt: string;
  finishedAt: string;
  reason?: string;
}

/** The settings the district sync reads from the districts file (through canvas-provisioner). */
export interface IntradaySettings {
  enabled: boolean;
  /** How long changes are gathered after the first unapplied one before they go to Canvas. */
  windowSeconds: number;
  /** Pull: the workflow keeps draining the zone's queue; push: the push endpoint stores events. */
  mode: 'pull' | 'push';
  /** Pull mode: how long one drain activity waits for events before it returns. */
  drainSeconds: number;
}

export interface DistrictSyncStatus {
  districtId: string;
  intraday: IntradaySettings;
  /** Who holds the Canvas writer lease now (an intra-day import or another provisioning run). */
  holder?: CanvasWriterRequest;
  waiting: CanvasWriterRequest[];
  eventsPendingSince?: string;
  /** When the pending events will be sent, if nothing holds the lease then. */
  nextIntradayAt?: string;
  lastIntraday?: IntradayRunSummary;
  intradayRuns: number;
  /** Why intra-day sync is not sending now, in words, if it is not. */
  paused?: string;
}

/** A provisioning run asks for the district's Canvas (sent with signal-with-start, so the district sync starts if needed). */
export const acquireCanvasWriterSignal = defineSignal<[CanvasWriterRequest]>('acquireCanvasWriter');
/** The run gives the lease back (every way it ends; the district sync also notices a run that closed without it). */
export const releaseCanvasWriterSignal = defineSignal<[{ workflowId: string; runId: string }]>('releaseCanvasWriter');
/** Sent by the district sync to the run that may now write to Canvas. */
export const canvasWriterGrantedSignal = defineSignal<[{ districtId: string }]>('canvasWriterGranted');
/** sif-ingest stored SIF events for the district (push endpoint or pull drain). */
export const sifEventsStoredSignal = defineSignal<[{ events: number; firstStoredAt: string }]>('sifEventsStored');
/** The districts file may have changed (`sisbridge schedules apply` sends it): read the settings again. */
export const districtSettingsChangedSignal = defineSignal('districtSettingsChanged');
export const districtSyncStatusQuery = defineQuery<DistrictSyncStatus>('districtSyncStatus');
