import { sifMessage, type BuiltMessage, type HeaderFields, type SifSender } from './sif-header';

export type SystemControlCommand = 'SIF_Ping' | 'SIF_Sleep' | 'SIF_Wakeup' | 'SIF_GetMessage' | 'SIF_GetZoneStatus' | 'SIF_GetAgentACL';

/** SIF_SystemControl with one empty command element (§1.4): GetMessage for pull, Ping, Sleep, Wakeup… */
export function buildSystemControl(sender: SifSender, command: SystemControlCommand, fields?: HeaderFields): BuiltMessage {
  return sifMessage(sender, 'SIF_SystemControl', `<SIF_SystemControlData><${command}/></SIF_SystemControlData>`, fields);
}
