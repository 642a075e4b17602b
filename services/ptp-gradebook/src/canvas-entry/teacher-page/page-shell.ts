import { html, type SafeHtml } from './html';

/**
 * The teacher's page around its content: the heading, a live region the script fills from
 * `/lti/passback/status`, and the script and styles (served by this service, not inline, so the
 * Content-Security-Policy can forbid inline scripts).
 */
export function pageShell(options: { title: string; body: SafeHtml; live?: boolean; scripts?: readonly string[] }): SafeHtml {
  const scripts = [...(options.live ? ['/lti/assets/passback-page.js'] : []), ...(options.scripts ?? [])];
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${options.title}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/lti/assets/passback-page.css">
  ${scripts.map((script) => html`<script src="${script}" defer></script>`)}
</head>
<body>
  <header><h1>${options.title}</h1></header>
  <main id="passback-view" aria-live="polite">${options.body}</main>
</body>
</html>`;
}

/** The page a launch lands on; the script reads the session from the address's fragment. */
export function passbackPage(): SafeHtml {
  return pageShell({
    title: 'Sync Grades to PowerTeacher Pro',
    live: true,
    body: html`<p class="loading">Loading the grade sync…</p><noscript><p>This page needs JavaScript to show the progress of your grade sync.</p></noscript>`,
  });
}

/** A refused launch: what happened and what to do; `data-refusal` carries the code for support. */
export function refusalPage(code: string, explanation: string): SafeHtml {
  return pageShell({ title: 'Sync Grades could not start', body: refusalSection(code, explanation) });
}

export function refusalSection(code: string, explanation: string): SafeHtml {
  return html`<section class="refusal" data-refusal="${code}" role="alert"><h2>Sync Grades could not start</h2><p class="explanation">${explanation}</p><p class="code">Reference: ${code}</p></section>`;
}
