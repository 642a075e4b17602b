export interface SisIdParts {
  dcid?: number | string;
  refId: string;
  localId?: string;
}

/** A template needs a part the object does not have. */
export class SisIdPartMissingError extends Error {
  constructor(readonly part: string) {
    super(`the SIS id template needs {${part}}, which this object does not have`);
    this.name = 'SisIdPartMissingError';
  }
}

/** Fills a SIS id template such as `S{dcid}` from an object's parts. */
export function renderSisId(template: string, parts: SisIdParts): string {
  return template.replace(/\{(dcid|refId|localId)\}/g, (_, part: keyof SisIdParts) => {
    const value = parts[part];
    if (value === undefined || value === '') throw new SisIdPartMissingError(part);
    return String(value);
  });
}
