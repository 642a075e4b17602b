/** SIF_Status/SIF_Code values (reference/sif.md §1.5, ADK `SIFStatusCodes`). */
export const SifStatusCodes = {
  success: 0,
  immediate: 1,
  intermediate: 2,
  final: 3,
  alreadyRegistered: 4,
  alreadySubscribed: 5,
  alreadyProvider: 6,
  duplicateMessage: 7,
  receiverSleeping: 8,
  noMessages: 9,
} as const;

export type SifStatusCode = (typeof SifStatusCodes)[keyof typeof SifStatusCodes];

const DESCRIPTIONS: Record<number, string> = {
  0: 'success',
  1: 'immediate acknowledgement: the message is stored',
  2: 'intermediate acknowledgement: processing continues',
  3: 'final acknowledgement',
  4: 'already registered using this protocol',
  5: 'already subscribed to this object',
  6: 'already registered as a provider of this object',
  7: 'a message with this SIF_MsgId from this sender was already received',
  8: 'the receiver is sleeping',
  9: 'no messages available',
};

export function describeSifStatus(code: number): string {
  return DESCRIPTIONS[code] ?? `status code ${code}`;
}
