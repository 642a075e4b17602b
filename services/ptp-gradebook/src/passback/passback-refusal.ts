import { DomainRefusal } from '@sisbridge/activity-failures';

/** Why a passback cannot start or go on, for a reason no retry changes. */
export type PassbackRefusalType = 'TeacherNotFound' | 'TeacherAmbiguous' | 'NoRoster' | 'NoDcid' | 'RunNotFound';

/**
 * A passback that cannot start or go on, for a reason no retry changes (ids only in the message).
 * The domain throws it; the activities' failure mapping (@sisbridge/activity-failures) makes it a
 * non-retryable failure of this type.
 */
export class PassbackRefusal extends DomainRefusal {
  constructor(
    readonly type: PassbackRefusalType,
    message: string,
  ) {
    super(type, message);
  }
}
