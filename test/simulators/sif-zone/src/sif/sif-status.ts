/** SIF_Status codes (reference/sif.md §1.5, OpenADK SIFStatusCodes). */
export const SIF_STATUS = {
  /** Success (ZIS only); SIF_Data may hold a message or an ACL. */
  success: 0,
  /** Immediate ack (agent only): processed, the sender may discard the message. */
  immediate: 1,
  /** Intermediate ack (agent only, SMB): keep the event; a Final ack follows. */
  intermediate: 2,
  /** Final ack (agent only, SMB). */
  final: 3,
  alreadyRegistered: 4,
  alreadySubscribed: 5,
  alreadyProvider: 6,
  /** Already have a message with this SIF_MsgId from this sender. */
  duplicateMessage: 7,
  receiverSleeping: 8,
  noMessages: 9,
} as const;

export const SIF_STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  0: 'Success',
  5: 'Already subscribed to this object',
  7: 'Already have a message with this SIF_MsgId from this sender',
  8: 'Receiver is sleeping',
  9: 'No messages available',
};
