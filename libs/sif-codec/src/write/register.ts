import { SIF_VERSION_WILDCARD } from '../sif-namespace';
import { sifMessage, type BuiltMessage, type HeaderFields, type SifSender } from './sif-header';
import { attribute, element } from './xml-text';

export interface RegisterOptions {
  name: string;
  maxBufferSize: number;
  mode: 'Pull' | 'Push';
  /** Push mode: where the zone POSTs messages (SIF_Protocol/SIF_URL). */
  pushUrl?: string;
  application?: { vendor: string; product: string; version: string };
}

/** SIF_Register (§1.4, §1.7). Offers the agent's own version and `2.*`. */
export function buildRegister(sender: SifSender, options: RegisterOptions, fields?: HeaderFields): BuiltMessage {
  if (options.mode === 'Push' && !options.pushUrl) throw new Error('a push-mode SIF_Register needs the push URL (SIF_Protocol/SIF_URL)');
  const versions = [...new Set([sender.version, SIF_VERSION_WILDCARD])].map((version) => element('SIF_Version', version)).join('');
  const protocol =
    options.mode === 'Push' && options.pushUrl
      ? `<SIF_Protocol Type="${options.pushUrl.startsWith('https:') ? 'HTTPS' : 'HTTP'}" Secure="${options.pushUrl.startsWith('https:') ? 'Yes' : 'No'}">${element('SIF_URL', options.pushUrl)}</SIF_Protocol>`
      : '';
  const application = options.application
    ? `<SIF_Application>${element('SIF_Vendor', options.application.vendor)}${element('SIF_Product', options.application.product)}${element('SIF_Version', options.application.version)}</SIF_Application>`
    : '';
  const body = `${element('SIF_Name', options.name)}${versions}${element('SIF_MaxBufferSize', options.maxBufferSize)}${element('SIF_Mode', options.mode)}${protocol}${application}`;
  return sifMessage(sender, 'SIF_Register', body, fields);
}

/** SIF_Unregister. */
export function buildUnregister(sender: SifSender, fields?: HeaderFields): BuiltMessage {
  return sifMessage(sender, 'SIF_Unregister', '', fields);
}

/** `<SIF_Object ObjectName="…"/>` for each name. */
export function objectList(names: readonly string[]): string {
  return names.map((name) => `<SIF_Object${attribute('ObjectName', name)}/>`).join('');
}
