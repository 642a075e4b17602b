import { objectList } from './register';
import { sifMessage, type BuiltMessage, type HeaderFields, type SifSender } from './sif-header';

export interface ProvisionOptions {
  subscribe: readonly string[];
  request: readonly string[];
}

/** SIF_Provision (2.x): declares every object this agent subscribes to and requests, in one message. */
export function buildProvision(sender: SifSender, options: ProvisionOptions, fields?: HeaderFields): BuiltMessage {
  const subscribe = options.subscribe.length > 0 ? `<SIF_SubscribeObjects>${objectList(options.subscribe)}</SIF_SubscribeObjects>` : '';
  const request = options.request.length > 0 ? `<SIF_RequestObjects>${objectList(options.request)}</SIF_RequestObjects>` : '';
  return sifMessage(sender, 'SIF_Provision', `${subscribe}${request}`, fields);
}

/** The pre-2.x per-object SIF_Subscribe, for zones that answer SIF_Provision with 12/2 "message not supported". */
export function buildSubscribe(sender: SifSender, objectNames: readonly string[], fields?: HeaderFields): BuiltMessage {
  return sifMessage(sender, 'SIF_Subscribe', objectList(objectNames), fields);
}
