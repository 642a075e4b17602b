import type { StaffAssignment, StaffPersonal } from '../model/sif-objects';
import { loginPart, UniqueNames } from './email-addresses';
import type { GenerationContext, SchoolPlan } from './generation-context';
import { lastFirst, NAME_MESS, PeopleNames } from './people-names';
import { MESS_RATES } from './size-profiles';

/** Makes USERS rows (StaffPersonal) and their SCHOOLSTAFF rows (StaffAssignment). */
export class StaffFactory {
  readonly staff: StaffPersonal[] = [];
  readonly assignments: StaffAssignment[] = [];
  private readonly random;
  private readonly names;
  private readonly logins = new UniqueNames();
  private teacherNumber: number;

  constructor(
    private readonly context: GenerationContext,
    private readonly domain: string,
  ) {
    this.random = context.random('staff');
    this.names = new PeopleNames(context.random('staff-names'));
    this.teacherNumber = 1_000 + this.random.int(0, 8_999);
  }

  person(title: string): StaffPersonal {
    const index = this.staff.length;
    // The first staff show every awkward name; one has no e-mail at all.
    const name = index < NAME_MESS.length ? this.names.withMess(NAME_MESS[index] ?? 'apostrophe') : this.names.next();
    const dcid = this.context.dcids.users.next();
    const localId = String(this.teacherNumber++);
    const login = this.logins.take(`${loginPart(name.firstName, 'staff').slice(0, 1)}${loginPart(name.lastName, localId)}`);
    const withoutEmail = index === NAME_MESS.length || (index > NAME_MESS.length && this.random.chance(MESS_RATES.staffWithoutEmail));
    const person: StaffPersonal = {
      refId: this.context.refId('StaffPersonal', dcid),
      dcid,
      localId,
      stateProvinceId: String(20_000_000 + dcid),
      otherIds: [{ type: '0154', value: localId }],
      name: {
        type: '04',
        lastName: name.lastName,
        firstName: name.firstName,
        ...(name.middleName ? { middleName: name.middleName } : {}),
        fullName: lastFirst(name),
      },
      title,
      ...(withoutEmail ? {} : { emails: [{ type: 'Primary' as const, address: `${login}@${this.domain}` }] }),
      extendedElements: [{ name: 'USERNAME', value: login }],
    };
    this.staff.push(person);
    return person;
  }

  assign(
    person: StaffPersonal,
    school: SchoolPlan,
    schoolYear: number,
    options: { primary: boolean; description: string },
  ): StaffAssignment {
    const dcid = this.context.dcids.schoolStaff.next();
    const assignment: StaffAssignment = {
      refId: this.context.refId('StaffAssignment', dcid),
      dcid,
      schoolInfoRefId: school.info.refId,
      schoolYear,
      staffPersonalRefId: person.refId,
      description: options.description,
      primaryAssignment: options.primary,
      jobFunctionCode: '9999',
    };
    this.assignments.push(assignment);
    return assignment;
  }
}
