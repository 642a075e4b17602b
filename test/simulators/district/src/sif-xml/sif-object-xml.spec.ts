import { generateDistrict } from '../generate/generate-district';
import { objectsOf, SIF_OBJECT_NAMES } from '../model/sif-object-names';
import type { StudentPersonal } from '../model/sif-objects';
import { SifObjectError } from './object-codec';
import { codecOf, decodeSifObject, SIF_NAMESPACE, toSifXml, writeSifObject } from './sif-object-xml';
import { parseXmlDocument } from './xml-tree-parser';

const district = generateDistrict({ size: 'tiny', seed: 5, schoolYear: 2026 });

const awkward: StudentPersonal = {
  refId: '0123456789ABCDEF0123456789ABCDEF',
  dcid: 4711,
  localId: '100200',
  name: { type: '04', lastName: "O'Brien-Łukasz, Jr.", firstName: 'Zoë "Z" <&>', fullName: 'O\'Brien-Łukasz, Jr., Zoë "Z" <&>' },
  emails: [{ type: 'Primary', address: 'mom@example.com, dad@example.com' }],
  extendedElements: [{ name: 'NOTE & "QUOTE"', value: 'a<b' }],
};

describe('SIF XML of one object', () => {
  it('is namespace-correct and reads back as the same object, for every object of the district', () => {
    for (const objectName of SIF_OBJECT_NAMES) {
      for (const object of objectsOf(district, objectName)) {
        const root = parseXmlDocument(toSifXml(objectName, object));
        expect([root.name, root.uri]).toEqual([objectName, SIF_NAMESPACE]);
        expect(decodeSifObject(root)).toEqual({ objectName, object, hasDcid: true });
      }
    }
  });

  it('escapes &, <, >, quotes and keeps non-ASCII letters as UTF-8 text', () => {
    const xml = toSifXml('StudentPersonal', awkward);
    expect(xml).toContain("<LastName>O'Brien-Łukasz, Jr.</LastName>");
    expect(xml).toContain('<FirstName>Zoë "Z" &lt;&amp;&gt;</FirstName>');
    expect(xml).toContain('<SIF_ExtendedElement Name="NOTE &amp; &quot;QUOTE&quot;">a&lt;b</SIF_ExtendedElement>');
    expect(decodeSifObject(parseXmlDocument(xml)).object).toEqual(awkward);
  });

  it('drops characters XML 1.0 cannot carry instead of writing an unreadable document', () => {
    const xml = toSifXml('StudentPersonal', { ...awkward, localId: 'A\u0001B\u0008C' });
    expect(decodeSifObject(parseXmlDocument(xml)).object).toMatchObject({ localId: 'ABC' });
  });

  it('writes children in schema order, the DCID first among the extended elements', () => {
    for (const objectName of SIF_OBJECT_NAMES) {
      const order = codecOf(objectName).elementOrder;
      for (const object of objectsOf(district, objectName).slice(0, 5)) {
        const children = parseXmlDocument(toSifXml(objectName, object)).children;
        const positions = children.map((child) => order.indexOf(child.name));
        expect(positions.every((position) => position >= 0)).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        const extended = children.find((child) => child.name === 'SIF_ExtendedElements');
        expect(extended?.children[0]?.attributes).toEqual({ Name: 'DCID' });
      }
    }
  });

  it('writes no DCID when the district publishes none [U], and reads such an object with DCID 0', () => {
    const xml = writeSifObject('StudentPersonal', awkward, { dcidElementName: null });
    expect(xml).not.toContain('DCID');
    expect(decodeSifObject(parseXmlDocument(xml))).toMatchObject({ hasDcid: false, object: { dcid: 0 } });
    expect(
      decodeSifObject(parseXmlDocument(writeSifObject('StudentPersonal', awkward, { dcidElementName: 'PS_DCID' })), {
        dcidElementName: 'PS_DCID',
      }).object.dcid,
    ).toBe(4711);
  });

  it('keeps elements it does not model from a real export, and writes them back at their schema place', () => {
    const exported =
      `<StudentPersonal xmlns="${SIF_NAMESPACE}" RefId="0123456789ABCDEF0123456789ABCDEF">` +
      '<LocalId>100200</LocalId>' +
      '<Name Type="04"><LastName>Nguyễn</LastName><FirstName>An</FirstName></Name>' +
      '<EmailList><Email Type="Primary">an@example.org</Email></EmailList>' +
      '<Demographics><Gender>F</Gender><BirthDate>2012-03-04</BirthDate></Demographics>' +
      '<AddressList><Address Type="0765"><Street><Line1>1 Main &amp; Elm</Line1></Street></Address></AddressList>' +
      '<SIF_ExtendedElements><SIF_ExtendedElement Name="DCID">77</SIF_ExtendedElement><SIF_ExtendedElement Name="StudentEthnicity">N</SIF_ExtendedElement></SIF_ExtendedElements>' +
      '</StudentPersonal>';
    const { object } = decodeSifObject(parseXmlDocument(exported));
    expect(object).toMatchObject({ dcid: 77, extendedElements: [{ name: 'StudentEthnicity', value: 'N' }] });
    const rewritten = parseXmlDocument(toSifXml('StudentPersonal', object as StudentPersonal));
    // Demographics and AddressList go back between Name and EmailList, as the schema orders them.
    expect(rewritten.children.map((child) => child.name)).toEqual([
      'LocalId',
      'Name',
      'Demographics',
      'AddressList',
      'EmailList',
      'SIF_ExtendedElements',
    ]);
    expect(toSifXml('StudentPersonal', object as StudentPersonal)).toContain('<Line1>1 Main &amp; Elm</Line1>');
  });

  it('says which object is wrong and what is missing', () => {
    const read = (xml: string) => () => decodeSifObject(parseXmlDocument(xml));
    expect(
      read('<StudentPersonal RefId="AB"><Name Type="04"><LastName>X</LastName><FirstName>Y</FirstName></Name></StudentPersonal>'),
    ).toThrow(new SifObjectError('StudentPersonal AB: missing mandatory element LocalId'));
    expect(
      read(
        '<TermInfo RefId="AB" SchoolInfoRefId="CD" SchoolYear="25"><StartDate>2024-08-01</StartDate><EndDate>2025-06-01</EndDate></TermInfo>',
      ),
    ).toThrow('TermInfo AB: SchoolYear must be a four-digit year (got "25")');
    expect(
      read(
        '<StaffAssignment RefId="AB" SchoolInfoRefId="C" SchoolYear="2025" StaffPersonalRefId="D"><PrimaryAssignment>Maybe</PrimaryAssignment></StaffAssignment>',
      ),
    ).toThrow('StaffAssignment AB: PrimaryAssignment must be Yes or No (got "Maybe")');
    expect(read('<StudentDailyAttendance RefId="AB"/>')).toThrow('StudentDailyAttendance is not a SIF object this district holds');
  });
});
