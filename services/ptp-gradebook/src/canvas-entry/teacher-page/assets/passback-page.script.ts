/**
 * The page's whole script, served as /lti/assets/passback-page.js. It reads the session token
 * from the address's fragment (never sent to a server, so never in access logs), asks the status
 * endpoint with it as a bearer token, and puts the HTML it gets (rendered and escaped by the
 * service) into the page: every two seconds while the run is going, and then no more.
 */
export const PASSBACK_PAGE_SCRIPT = `(function () {
  'use strict';
  var view = document.getElementById('passback-view');
  var match = /(?:^#|&)session=([^&]+)/.exec(window.location.hash);
  if (!view) return;
  if (!match) {
    view.textContent = 'This page shows a grade sync started from Canvas. Open it with Sync Grades in your Canvas gradebook.';
    return;
  }
  var token = decodeURIComponent(match[1]);
  var statusUrl = new URL('passback/status', window.location.href).toString();
  var failures = 0;
  function show(markup) {
    view.innerHTML = markup;
  }
  function poll() {
    fetch(statusUrl, { headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' }, cache: 'no-store', credentials: 'omit' })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        failures = 0;
        if (answer.body && typeof answer.body.html === 'string') show(answer.body.html);
        if (answer.body && answer.body.done === false) window.setTimeout(poll, 2000);
      })
      .catch(function () {
        failures += 1;
        var note = document.createElement('p');
        note.className = 'connection';
        note.textContent = 'Lost the connection to sisbridge; trying again…';
        if (failures === 1) view.appendChild(note);
        window.setTimeout(poll, Math.min(30000, 2000 * Math.pow(2, failures)));
      });
  }
  poll();
})();
`;
