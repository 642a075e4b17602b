import type { CanvasHttp } from '../http/canvas-http';
import type { CanvasProgress, SisImport, SisImportErrorRow } from '../types/canvas-types';

export interface CreateSisImportOptions {
  /** The upload's file name: sisbridge makes it unique per build, so a retried upload can be recognised. */
  filename: string;
  overrideSisStickiness?: boolean;
  addSisStickiness?: boolean;
  changeThreshold?: number;
}

/** SIS Imports API (canvas.md §2), on the district's root account. */
export class SisImportsApi {
  constructor(
    private readonly http: CanvasHttp,
    private readonly rootAccountId: number | string,
  ) {}

  /** Uploads a zip of CSVs as multipart `attachment`. */
  async create(zip: Uint8Array, options: CreateSisImportOptions): Promise<SisImport> {
    const form = new FormData();
    form.append('attachment', new Blob([zip], { type: 'application/zip' }), options.filename);
    form.append('import_type', 'instructure_csv');
    form.append('extension', 'zip');
    if (options.overrideSisStickiness) form.append('override_sis_stickiness', 'true');
    if (options.addSisStickiness) form.append('add_sis_stickiness', 'true');
    if (options.changeThreshold !== undefined) form.append('change_threshold', String(options.changeThreshold));
    return (await this.http.request<SisImport>('POST', `${this.base()}/sis_imports`, { body: form })).data;
  }

  get(id: number): Promise<SisImport> {
    return this.http.get<SisImport>(`${this.base()}/sis_imports/${id}`);
  }

  /** Recent imports (the list is wrapped in `{"sis_imports": […]}`), newest first. */
  list(createdSince?: Date): AsyncGenerator<SisImport> {
    return this.http.paginate<SisImport>(`${this.base()}/sis_imports`, { created_since: createdSince?.toISOString() }, 'sis_imports');
  }

  /** Every warning and error row of an import (wrapped in `{"sis_import_errors": […]}`). */
  errors(id: number): AsyncGenerator<SisImportErrorRow> {
    return this.http.paginate<SisImportErrorRow>(`${this.base()}/sis_imports/${id}/errors`, {}, 'sis_import_errors');
  }

  /** Undoes the workflow-state changes the import made; returns a Progress to poll. */
  async restoreStates(
    id: number,
    options: { batchMode?: boolean; undeleteOnly?: boolean; unconcludeOnly?: boolean } = {},
  ): Promise<CanvasProgress> {
    const query = {
      batch_mode: options.batchMode,
      undelete_only: options.undeleteOnly,
      unconclude_only: options.unconcludeOnly,
    };
    return (await this.http.request<CanvasProgress>('PUT', `${this.base()}/sis_imports/${id}/restore_states`, { query })).data;
  }

  async abort(id: number): Promise<SisImport> {
    return (await this.http.request<SisImport>('PUT', `${this.base()}/sis_imports/${id}/abort`)).data;
  }

  private base(): string {
    return `/api/v1/accounts/${encodeURIComponent(String(this.rootAccountId))}`;
  }
}

export class ProgressApi {
  constructor(private readonly http: CanvasHttp) {}

  get(id: number): Promise<CanvasProgress> {
    return this.http.get<CanvasProgress>(`/api/v1/progress/${id}`);
  }
}
