import { html, type SafeHtml } from '../teacher-page/html';
import { pageShell } from '../teacher-page/page-shell';

/** The login page when the platform offers its storage: keeps the binding there, then goes on to Canvas's sign-in. */
export function storingLoginPage(options: { target: string; key: string; value: string; next: string }): SafeHtml {
  return pageShell({
    title: 'Sync Grades to PowerTeacher Pro',
    scripts: ['/lti/assets/platform-storage.js'],
    body: html`<section id="platform-storage" data-mode="login" data-target="${options.target}" data-key="${options.key}" data-value="${options.value}" data-next="${options.next}"><p>Signing you in to Sync Grades…</p></section>`,
  });
}

/** The launch page when the browser kept no cookie: reads the binding back from the platform's storage and confirms the launch. */
export function confirmingLaunchPage(options: { target: string; key: string; ticket: string; confirm: string }): SafeHtml {
  return pageShell({
    title: 'Sync Grades to PowerTeacher Pro',
    scripts: ['/lti/assets/platform-storage.js'],
    body: html`<section id="platform-storage" data-mode="launch" data-target="${options.target}" data-key="${options.key}" data-ticket="${options.ticket}" data-confirm="${options.confirm}"><p>Starting the grade sync…</p></section>`,
  });
}

/** After a Dynamic Registration: what was registered, and the message that hands the administrator back to Canvas. */
export function registrationDonePage(options: { title: string }): SafeHtml {
  return pageShell({
    title: options.title,
    scripts: ['/lti/assets/registration-done.js'],
    body: html`<section id="registration-done" class="status" data-state="completed"><h2>Registered</h2><p>Sync Grades is registered with this Canvas. Canvas shows what it will install next; enable it there.</p></section>`,
  });
}
