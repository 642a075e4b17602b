import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { generateDistrict } from './generate/generate-district';
import { DISTRICT_SIZES, EXIT_DATE_SEMANTICS, type DistrictSize, type ExitDateSemantics } from './model/sandbox-district';
import { countObjects, SIF_OBJECT_NAMES } from './model/sif-object-names';
import { toPtpDistrict } from './ptp/to-ptp-district';
import { writeSifDirectory } from './sif-xml/sif-directory';

function integer(name: string) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number.`);
    return Number(value);
  };
}

/**
 * `npm run district -- --size S --seed N [--export DIR] [--ptp FILE]`: generates the sandbox
 * district, prints how many objects of each kind it holds, and writes it out when asked.
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('npm run district --')
    .description('Generate the sandbox PowerSchool district (SIF 2.x objects and the PowerTeacher Pro view), deterministic from a seed.')
    .addOption(new Option('--size <size>', 'district size').choices(DISTRICT_SIZES).default('small'))
    .option('--seed <n>', 'seed: the same seed gives the same district', integer('--seed'), 1)
    .option(
      '--school-year <year>',
      'SIF SchoolYear, the year the school year ends (2026 = 2025-26); default the current one',
      integer('--school-year'),
    )
    .addOption(
      new Option('--exit-dates <reading>', 'how ExitDate is written [U]').choices(EXIT_DATE_SEMANTICS).default('day-after-last-attended'),
    )
    .option('--dcid-element <name>', 'SIF_ExtendedElement that carries DCIDs, or "none" [U]', 'DCID')
    .option('--export <dir>', 'write the district as SIF XML files into this (empty) directory')
    .option('--ptp <file>', 'write the PowerTeacher Pro view of the district as JSON to this file')
    .parse(process.argv);
  const options = program.opts<{
    size: DistrictSize;
    seed: number;
    schoolYear?: number;
    exitDates: ExitDateSemantics;
    dcidElement: string;
    export?: string;
    ptp?: string;
  }>();

  const started = Date.now();
  const district = generateDistrict({
    size: options.size,
    seed: options.seed,
    ...(options.schoolYear === undefined ? {} : { schoolYear: options.schoolYear }),
    exitDateSemantics: options.exitDates,
    dcidElementName: options.dcidElement === 'none' ? null : options.dcidElement,
  });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(
    `sandbox district: size ${district.size}, seed ${district.seed}, SchoolYear ${district.schoolYear} (generated in ${Date.now() - started} ms)`,
  );
  const counts = countObjects(district);
  for (const objectName of SIF_OBJECT_NAMES) {
    const current =
      objectName === 'LEAInfo' || objectName === 'SchoolInfo' || objectName === 'StaffPersonal' || objectName === 'StudentPersonal'
        ? ''
        : ` (${currentYearCount(district, objectName)} in ${district.schoolYear})`;
    print(`  ${objectName.padEnd(26)} ${String(counts[objectName]).padStart(9)}${current}`);
  }
  if (options.export) {
    await writeSifDirectory(district, options.export);
    print(`SIF XML written to ${options.export}`);
  }
  if (options.ptp) {
    const ptp = toPtpDistrict(district);
    await writeFile(options.ptp, `${JSON.stringify(ptp, null, 2)}\n`, 'utf8');
    print(
      `PowerTeacher Pro view written to ${options.ptp}: ${ptp.teachers.length} teachers, ${ptp.sections.length} sections, ${ptp.terms.length} terms, ${ptp.teacherCategories.length} teacher categories`,
    );
  }
}

function currentYearCount(district: ReturnType<typeof generateDistrict>, objectName: (typeof SIF_OBJECT_NAMES)[number]): number {
  const lists: Record<string, ReadonlyArray<{ schoolYear: number }>> = {
    TermInfo: district.terms,
    SchoolCourseInfo: district.courses,
    SectionInfo: district.sections,
    StaffAssignment: district.staffAssignments,
    StudentSchoolEnrollment: district.schoolEnrollments,
    StudentSectionEnrollment: district.sectionEnrollments,
  };
  return (lists[objectName] ?? []).filter((object) => object.schoolYear === district.schoolYear).length;
}

main().catch((error: unknown) => {
  process.stderr.write(`district: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
