import { createHash } from 'node:crypto';
import { canvasTime } from '../http/canvas-time';
import type { StoredFile } from '../model/entities';

/** The verifier that lets a download URL work without a token, like Canvas's file verifiers. */
export function fileVerifier(file: StoredFile): string {
  return createHash('sha256').update(`canvas-simulator-file-${file.id}`).digest('hex').slice(0, 32);
}

/** The File object (Files API), for SIS import CSVs and error reports. */
export function fileJson(file: StoredFile, baseUrl: string): Record<string, unknown> {
  return {
    id: file.id,
    uuid: fileVerifier(file),
    folder_id: null,
    display_name: file.displayName,
    filename: file.displayName,
    'content-type': file.contentType,
    url: `${baseUrl}/files/${file.id}/download?download_frd=1&verifier=${fileVerifier(file)}`,
    size: file.bytes.length,
    created_at: canvasTime(file.createdAt),
    updated_at: canvasTime(file.createdAt),
    modified_at: canvasTime(file.createdAt),
    unlock_at: null,
    locked: false,
    hidden: false,
    lock_at: null,
    hidden_for_user: false,
    thumbnail_url: null,
    mime_class: 'file',
    media_entry_id: null,
    locked_for_user: false,
  };
}
