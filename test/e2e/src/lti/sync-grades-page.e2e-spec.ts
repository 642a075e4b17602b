import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request, type BrowserContext } from 'playwright-core';
import { passbackWorkflowId } from '@sisbridge/contracts';
import { LtiRoles, type LaunchContext } from '@sisbridge/test-support';
import { startChromium } from './support/headless-chromium';
import { DISTRICT, PassbackStack } from './support/passback-services';
import { COURSE, COURSES, PEOPLE, STUDENT_NAMES, TEACHER } from './support/roster-fixture';

/**
 * A teacher clicks "Sync Grades" in Canvas: the test platform (Canvas's LTI side) runs the OIDC
 * login and posts a signed launch to ptp-gradebook, which starts the passback and sends the
 * browser to the page; headless Chromium reads the page as the teacher would.
 */
describe('Sync Grades: an LTI launch in a browser starts the passback and shows it', () => {
  let stack: PassbackStack;
  let browser: { context: BrowserContext; close: () => Promise<void> };

  beforeAll(async () => {
    stack = await PassbackStack.start({ purpose: 'lti-page', courses: COURSES, people: PEOPLE, passbackWorkflow: 'stand-in' });
    browser = await startChromium({ withoutLocalNetworkChecks: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  function teacherLaunch(): LaunchContext {
    return {
      user: {
        canvasId: stack.roster.userId(TEACHER),
        sisId: TEACHER,
        roles: [LtiRoles.instructor, LtiRoles.institutionInstructor],
        enrollmentTypes: ['TeacherEnrollment'],
      },
      course: { canvasId: stack.roster.courseId(COURSE), sisId: COURSE, title: 'Biology 1' },
    };
  }

  it('shows what will be sent, each invalid assignment with its rule and fix, live progress, and the results', async () => {
    const page = await browser.context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} ${message.location().url}`);
    });
    await page.goto(stack.platform.syncGradesUrl(stack.loginUrl(), stack.launchUrl(), teacherLaunch()));
    await page.waitForURL(/\/lti\/passback#session=/, { timeout: 60_000 });

    // The report: what will be sent, and what to fix (with the rule and the fix, in words).
    await page.locator('.will-send').waitFor({ timeout: 60_000 });
    expect(await page.locator('.will-send h2').innerText()).toBe('What will be sent (2 assignments)');
    expect(await page.locator('.will-send tbody tr').allInnerTexts()).toEqual([
      expect.stringContaining('Cell Structure Worksheet'),
      expect.stringContaining('Photosynthesis Quiz'),
    ]);
    const invalid = page.locator('.invalid-assignment');
    expect(await invalid.count()).toBe(2);
    expect(await invalid.nth(0).locator('h3').innerText()).toBe('Comprehensive Laboratory Report on Cellular Respiration and Fermentation');
    expect(await invalid.nth(0).locator('.rule').innerText()).toBe('Name too long');
    expect(await invalid.nth(0).locator('.fix').innerText()).toBe(
      'How to fix: Shorten the name to 30 characters or fewer in Canvas (Assignments → Edit).',
    );
    expect(await invalid.nth(1).locator('.rule').innerText()).toBe('No due date');
    expect(await invalid.nth(1).locator('.fix').innerText()).toContain('Give the assignment a due date');

    // Live progress, then the results per assignment.
    await page.locator('.status[data-state="running"] progress').waitFor({ timeout: 30_000 });
    await page.locator('.results').waitFor({ timeout: 60_000 });
    expect(await page.locator('.status h2').innerText()).toBe('Done, but not everything could be sent');
    const rows = page.locator('.results tr.outcome');
    expect(await rows.count()).toBe(4);
    expect(await rows.nth(0).getAttribute('data-status')).toBe('sent');
    expect(await rows.nth(0).innerText()).toMatch(/Cell Structure Worksheet\s+Sent\s+Created\s+24\s+0\s+0/);
    expect(await page.locator('.will-send h2').innerText()).toBe('Passed the checks (2 assignments)');
    expect(await rows.nth(2).getAttribute('data-status')).toBe('invalid');
    expect(await page.locator('.results .totals').innerText()).toContain('44 scores written');

    // Only what the teacher sees in Canvas anyway: no student, by name, anywhere on the page.
    const text = await page.locator('body').innerText();
    for (const name of STUDENT_NAMES) expect(text).not.toContain(name);
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: join(process.env['SISBRIDGE_SCREENSHOT_DIR'] ?? tmpdir(), 'sync-grades-page.png'), fullPage: true });

    // One run, under the teacher's (and course's) deterministic id, started by the launch.
    const runs = await stack.passbackRuns();
    expect(runs.map((run) => run.workflowId)).toEqual([passbackWorkflowId(DISTRICT, TEACHER, COURSE)]);
    await page.close();
  });

  it('keeps the page readable after a reload, without launching again', async () => {
    const page = await browser.context.newPage();
    await page.goto(stack.platform.syncGradesUrl(stack.loginUrl(), stack.launchUrl(), teacherLaunch()));
    await page.waitForURL(/\/lti\/passback#session=/, { timeout: 60_000 });
    await page.locator('.will-send').waitFor({ timeout: 60_000 });
    const before = (await stack.passbackRuns()).length;
    await page.reload();
    await page.locator('.will-send').waitFor({ timeout: 30_000 });
    expect((await stack.passbackRuns()).length).toBe(before);
    await page.close();
  });

  it('tells someone who opens the page without a launch to use Sync Grades in Canvas', async () => {
    const page = await browser.context.newPage();
    await page.goto(stack.ptp.url('/lti/passback'));
    await page.locator('.loading').waitFor({ state: 'detached' });
    expect(await page.locator('main').innerText()).toContain('Open it with Sync Grades in your Canvas gradebook');
    await page.goto(stack.ptp.url('/lti/passback#session=not-a-token'));
    await page.reload();
    await page.locator('.refusal').waitFor();
    expect(await page.locator('.refusal').innerText()).toContain('This page has expired or was not opened from Canvas');
    await page.close();
  });

  it('launches inside Canvas’s page in a browser that keeps no cookie for the tool, through Canvas’s platform storage', async () => {
    const page = await browser.context.newPage();
    // The browser of a teacher whose browser blocks third-party cookies: the tool's cookies never stick.
    // (Each fetched outside any cookie jar, redirects left to the browser, Set-Cookie dropped.)
    await page.route(`${stack.toolUrl}/lti/**`, async (route) => {
      const outside = await request.newContext();
      const response = await outside.fetch(route.request(), { maxRedirects: 0 });
      const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => name.toLowerCase() !== 'set-cookie'));
      await route.fulfill({ status: response.status(), headers, body: await response.body() });
      await outside.dispose();
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const cookiesBefore = (await browser.context.cookies(stack.toolUrl)).map((cookie) => cookie.name);
    const confirmed = page.waitForResponse((response) => response.url().endsWith('/launch/confirm'));
    await page.goto(stack.platform.syncGradesUrl(stack.loginUrl(), stack.launchUrl(), teacherLaunch(), { embedded: true }));
    const tool = page.frameLocator('#tool_content');
    await tool.locator('.will-send').waitFor({ timeout: 60_000 });
    const frame = page.frame({ name: 'tool_content' });
    expect(frame?.url()).toMatch(/\/lti\/passback#session=/);
    expect((await confirmed).status()).toBe(200);
    expect((await browser.context.cookies(stack.toolUrl)).map((cookie) => cookie.name)).toEqual(cookiesBefore);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
