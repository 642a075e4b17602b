import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { childElement, childText, generateDistrict, parseXmlDocument, type XmlElement } from '@sisbridge/sandbox-district';
import { listen, type ListeningServer } from '@sisbridge/sim-common';
import { objectsIn, TestAgent, type PulledMessage } from '../test-agent/test-agent';
import { startSifZoneSimulator, type SifZoneSimulator } from '../zone/start-sif-zone-simulator';
import { CHANGE_KINDS } from './change-mix';
import type { EventStreamReport, StreamClock } from './event-stream';

const district = () => generateDistrict({ size: 'tiny', seed: 4, schoolYear: 2026 });
const SUBSCRIBED = [
  'StudentPersonal',
  'StudentSchoolEnrollment',
  'StudentSectionEnrollment',
  'SectionInfo',
  'StaffPersonal',
  'SchoolInfo',
  'SchoolCourseInfo',
  'TermInfo',
];

/** Time that passes only when the stream waits: the whole stream runs at once, and its publish times are exact. */
class VirtualClock implements StreamClock {
  time = Date.parse('2026-03-02T14:00:00.000Z');
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (!signal.aborted) this.time += ms;
  }
}

function eventObject(message: PulledMessage): { objectName: string; action: string; object: XmlElement | undefined } {
  const data = childElement(message.body, 'SIF_ObjectData');
  const event = data ? childElement(data, 'SIF_EventObject') : undefined;
  return {
    objectName: event?.attributes['ObjectName'] ?? '',
    action: event?.attributes['Action'] ?? '',
    object: objectsIn(message.body)[0],
  };
}

describe('the zone publishes a school day of changes as SIF_Events', () => {
  const zones: SifZoneSimulator[] = [];
  afterEach(async () => {
    for (const zone of zones.splice(0)) await zone.close();
  });

  async function pullZone(): Promise<{ zone: SifZoneSimulator; agent: TestAgent }> {
    const zone = await startSifZoneSimulator({ district: district() });
    zones.push(zone);
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    await agent.register();
    await agent.provision({ subscribe: SUBSCRIBED });
    return { zone, agent };
  }

  /** A summary that does not depend on SIF_MsgIds (new ones every run): kinds, and the objects of each change. */
  const shape = (report: EventStreamReport) =>
    report.changes.map((change) => [change.kind, change.objects.map((object) => `${object.role} ${object.refId}`)]);

  it('at its rate, in its mix, the same changes from the same seed, until its total', async () => {
    const { zone, agent } = await pullZone();
    const clock = new VirtualClock();
    const report = await zone.startEventStream({ rate: 120, total: 80, seed: 11, clock }).finished;
    expect(report.stopReason).toBe('total');
    expect(report.events).toBeGreaterThanOrEqual(80);
    expect(report.events - (report.changes.at(-1)?.events.length ?? 0)).toBeLessThan(80);
    // Every kind of change comes, in the default mix.
    for (const kind of CHANGE_KINDS) expect(report.byKind[kind]).toBeGreaterThan(0);
    // 120 events a minute: each change waits 500 ms for each event of the change before it.
    for (const [index, change] of report.changes.entries()) {
      if (index === 0) continue;
      const previous = report.changes[index - 1];
      expect(Date.parse(change.publishedAt) - Date.parse(previous?.publishedAt ?? '')).toBe(500 * (previous?.events.length ?? 0));
    }

    // What the agent pulls is what the report says was published, in order, a duplicate under its first SIF_MsgId.
    const pulled = await agent.drain();
    expect(pulled.map((message) => message.msgId)).toEqual(report.changes.flatMap((change) => change.events.map((event) => event.msgId)));
    expect(new Set(pulled.map((message) => message.msgId)).size).toBe(pulled.length - report.byKind.duplicate);

    // The same seed on the same district: the same changes; another seed: others.
    const again = await pullZone();
    expect(shape(await again.zone.startEventStream({ rate: 120, total: 80, seed: 11, clock: new VirtualClock() }).finished)).toEqual(
      shape(report),
    );
    const other = await pullZone();
    expect(shape(await other.zone.startEventStream({ rate: 120, total: 80, seed: 12, clock: new VirtualClock() }).finished)).not.toEqual(
      shape(report),
    );
  });

  it('each kind of change publishes what PowerSchool would', async () => {
    const { zone, agent } = await pullZone();
    const evenly = CHANGE_KINDS.map((kind) => `${kind}=1`).join(',');
    const report = await zone.startEventStream({ rate: 600, total: 120, seed: 3, mix: evenly, clock: new VirtualClock() }).finished;
    const byMsgId = new Map<string, PulledMessage>();
    for (const message of await agent.drain()) byMsgId.set(message.msgId, message);
    const published = (kind: string) => {
      const change = report.changes.find((candidate) => candidate.kind === kind);
      if (!change) throw new Error(`no ${kind} in the report`);
      return {
        change,
        events: change.events.map((event) => {
          const message = byMsgId.get(event.msgId ?? '');
          if (!message) throw new Error(`event ${event.msgId} was not pulled`);
          return eventObject(message);
        }),
      };
    };

    // A new student: the student, the school enrollment, then three section enrollments, all Adds.
    const newStudent = published('new-student');
    expect(newStudent.events.map((event) => `${event.action} ${event.objectName}`)).toEqual([
      'Add StudentPersonal',
      'Add StudentSchoolEnrollment',
      'Add StudentSectionEnrollment',
      'Add StudentSectionEnrollment',
      'Add StudentSectionEnrollment',
    ]);
    const student = newStudent.change.objects.find((object) => object.role === 'student');
    expect(newStudent.events[0]?.object?.attributes['RefId']).toBe(student?.refId);
    for (const enrollment of newStudent.events.slice(2)) expect(enrollment.object?.attributes['StudentPersonalRefId']).toBe(student?.refId);
    // … and the zone serves them from now on.
    expect(zone.context.dataset.get('StudentPersonal', student?.refId ?? '')).toBeDefined();

    // An enrollment before its student: the section enrollments come first.
    expect(published('enrollment-before-student').events.map((event) => `${event.action} ${event.objectName}`)).toEqual([
      'Add StudentSectionEnrollment',
      'Add StudentSectionEnrollment',
      'Add StudentSectionEnrollment',
      'Add StudentPersonal',
      'Add StudentSchoolEnrollment',
    ]);

    // A drop: the section enrollment changes, with only its ExitDate.
    const [drop] = published('drop').events;
    expect([drop?.action, drop?.objectName, drop?.object?.children.map((child) => child.name)]).toEqual([
      'Change',
      'StudentSectionEnrollment',
      ['ExitDate'],
    ]);

    // A teacher change: the section's ScheduleInfo, with the new lead teacher first.
    const teacherChange = published('teacher-change');
    const newTeacher = teacherChange.change.objects.find((object) => object.role === 'new-teacher');
    expect([teacherChange.events[0]?.action, teacherChange.events[0]?.objectName]).toEqual(['Change', 'SectionInfo']);
    const teachers = at(teacherChange.events[0]?.object, 'ScheduleInfoList', 'ScheduleInfo', 'TeacherList');
    expect(teachers && childText(teachers, 'StaffPersonalRefId')).toBe(newTeacher?.refId);

    // A rename: the section's Description.
    const rename = published('section-rename');
    expect(rename.events[0]?.object?.children.map((child) => child.name)).toEqual(['Description']);
    expect(rename.change.note).toBe(`Description "${at(rename.events[0]?.object, 'Description')?.text ?? ''}"`);

    // A duplicate: an event already delivered, again, under the same SIF_MsgId.
    const duplicate = report.changes.find((change) => change.kind === 'duplicate');
    const msgId = duplicate?.events[0]?.msgId;
    const firstTime = report.changes.find((change) => change !== duplicate && change.events.some((event) => event.msgId === msgId));
    expect(firstTime?.seq).toBeLessThan(duplicate?.seq ?? 0);
  });

  it('stops by itself after its duration', async () => {
    const { zone } = await pullZone();
    const clock = new VirtualClock();
    const started = clock.time;
    const report = await zone.startEventStream({ rate: 60, durationMs: 30_000, seed: 5, clock }).finished;
    expect(report.stopReason).toBe('duration');
    expect(report.changes.every((change) => Date.parse(change.publishedAt) < started + 30_000)).toBe(true);
    // One event a second for 30 s: at least 30 published, and the last change began before the end.
    expect(report.events).toBeGreaterThanOrEqual(30);
    expect(report.events - (report.changes.at(-1)?.events.length ?? 0)).toBeLessThan(30);
  });

  it('in push mode, POSTs each event to the agent, signed with the shared secret', async () => {
    const secret = 'springfield-push-secret';
    const zone = await startSifZoneSimulator({ district: district(), pushSecret: secret });
    zones.push(zone);
    const endpoint = await PushEndpoint.start();
    try {
      const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
      await agent.register({ mode: 'Push', url: endpoint.url });
      await agent.provision({ subscribe: SUBSCRIBED });
      const report = await zone.startEventStream({ rate: 6_000, total: 12, seed: 2 }).finished;
      const sent = report.changes.flatMap((change) => change.events.map((event) => event.msgId));
      const received = await endpoint.until(sent.length);
      expect(received.map((push) => push.msgId)).toEqual(sent);
      for (const push of received) {
        expect(push.signatureValid(secret)).toBe(true);
        expect(Math.abs(Number(push.timestamp) - Date.now() / 1000)).toBeLessThan(300);
      }
      expect(received[0]?.signatureValid('another-secret')).toBe(false);
      expect(zone.state().settings.pushSigned).toBe(true);
    } finally {
      await endpoint.close();
    }
  });

  it('is started, read and stopped through the admin endpoints', async () => {
    const { zone } = await pullZone();
    const admin = (method: string, body?: unknown) =>
      fetch(`${zone.url}/__admin/events/stream`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await admin('GET')).status).toBe(404);
    expect(await (await admin('POST', { rate: 60, mix: 'new-student=1,homework=2' })).json()).toEqual({
      error: expect.stringContaining('a mix is kind=weight pairs'),
    });
    // One event a second: running until stopped.
    const started = await admin('POST', { rate: 60, seed: 9, mix: { 'new-student': 1, duplicate: 0 } });
    expect(started.status).toBe(201);
    expect(await started.json()).toMatchObject({ state: 'running', settings: { rate: 60, seed: 9, mix: { 'new-student': 1, drop: 3 } } });
    expect((await admin('POST', { rate: 60 })).status).toBe(409);
    const stopped = (await (await admin('DELETE')).json()) as EventStreamReport;
    expect(stopped).toMatchObject({ state: 'stopped', stopReason: 'stopped' });
    expect(stopped.changes.length).toBeGreaterThan(0);
    expect(await (await admin('GET')).json()).toEqual(stopped);
  });
});

interface Push {
  msgId: string;
  timestamp: string | undefined;
  signatureValid(secret: string): boolean;
}

/** A push agent's endpoint that keeps each POST's headers and exact body, and acks it. */
class PushEndpoint {
  readonly received: Push[] = [];
  private waiting: Array<() => void> = [];

  private constructor(private readonly server: ListeningServer) {}

  static async start(): Promise<PushEndpoint> {
    const holder: { endpoint?: PushEndpoint } = {};
    const server = await listen((req, res) => void holder.endpoint?.handle(req, res));
    holder.endpoint = new PushEndpoint(server);
    return holder.endpoint;
  }

  get url(): string {
    return `${this.server.url}/sif/push/springfield`;
  }

  /** Resolves once `count` pushes have arrived; fails the test if they have not after a minute. */
  async until(count: number): Promise<Push[]> {
    const deadline = Date.now() + 60_000;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.received.length} of ${count} pushes arrived`);
      // Woken by each push; the timer only lets a stuck test fail at its deadline.
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        setTimeout(resolve, 1_000);
      });
    }
    return this.received;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const message = parseXmlDocument(body.toString('utf8'));
    const inner = message.children[0] ?? message;
    const msgId = childText(childElement(inner, 'SIF_Header') ?? inner, 'SIF_MsgId') ?? '';
    const timestamp = header(req, 'x-sisbridge-timestamp');
    const signature = header(req, 'x-sisbridge-signature') ?? '';
    this.received.push({
      msgId,
      timestamp,
      signatureValid: (secret) => {
        const expected = Buffer.from(
          `v1=${createHmac('sha256', secret)
            .update(`${timestamp ?? ''}.`)
            .update(body)
            .digest('hex')}`,
        );
        return Buffer.byteLength(signature) === expected.length && timingSafeEqual(Buffer.from(signature), expected);
      },
    });
    const ack =
      `<SIF_Message xmlns="http://www.sifinfo.org/infrastructure/2.x" Version="2.0r1"><SIF_Ack><SIF_Header><SIF_MsgId>${'A'.repeat(32)}</SIF_MsgId>` +
      `<SIF_Timestamp>2026-03-02T08:00:00-06:00</SIF_Timestamp><SIF_SourceId>sisbridge</SIF_SourceId></SIF_Header>` +
      `<SIF_OriginalSourceId>PowerSchool</SIF_OriginalSourceId><SIF_OriginalMsgId>${msgId}</SIF_OriginalMsgId><SIF_Status><SIF_Code>1</SIF_Code></SIF_Status></SIF_Ack></SIF_Message>`;
    res.writeHead(200, { 'Content-Type': 'application/xml;charset="utf-8"' }).end(ack);
    for (const wake of this.waiting.splice(0)) wake();
  }
}

/** The element at a path of child names, if every step is there. */
function at(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  return path.reduce<XmlElement | undefined>((current, name) => (current ? childElement(current, name) : undefined), element);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
