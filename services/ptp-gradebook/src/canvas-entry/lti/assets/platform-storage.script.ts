/**
 * The login and launch pages' script, served as /lti/assets/platform-storage.js, for the LTI
 * Platform Storage postMessage API (lti.put_data, lti.get_data). At login it stores the login's
 * binding in the platform's storage and then goes on to Canvas's sign-in; at launch (when the
 * browser kept no cookie) it reads the binding back and hands it to the tool with the launch's
 * ticket. Messages go to the frame the platform named (`lti_storage_target`) with the target
 * origin '*', as Canvas documents (it does not accept its OIDC origin as the target yet); only
 * answers to this page's own message ids are read. No answer within five seconds counts as none:
 * the cookie, if the browser kept it, still binds the launch.
 */
export const PLATFORM_STORAGE_SCRIPT = `(function () {
  'use strict';
  var element = document.getElementById('platform-storage');
  if (!element) return;
  var data = element.dataset;
  function storageFrame() {
    try {
      var frame = window.parent.frames[data.target];
      if (frame) return frame;
    } catch (error) {}
    return window.parent;
  }
  function ask(message, then) {
    var id = 'sisbridge-' + Math.random().toString(36).slice(2);
    var answered = false;
    function finish(answer) {
      if (answered) return;
      answered = true;
      window.removeEventListener('message', listen);
      then(answer);
    }
    function listen(event) {
      var answer = event.data;
      if (!answer || answer.message_id !== id || answer.subject !== message.subject + '.response') return;
      finish(answer.error ? undefined : answer);
    }
    message.message_id = id;
    window.addEventListener('message', listen);
    storageFrame().postMessage(message, '*');
    window.setTimeout(function () { finish(undefined); }, 5000);
  }
  if (data.mode === 'login') {
    ask({ subject: 'lti.put_data', key: data.key, value: data.value }, function () {
      window.location.replace(data.next);
    });
  } else if (data.mode === 'launch') {
    ask({ subject: 'lti.get_data', key: data.key }, function (answer) {
      fetch(data.confirm, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ ticket: data.ticket, binding: answer && typeof answer.value === 'string' ? answer.value : null })
      })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (body && typeof body.location === 'string') window.location.replace(body.location);
          else if (body && typeof body.html === 'string') element.innerHTML = body.html;
        })
        .catch(function () {
          element.textContent = 'sisbridge could not finish the launch. Click Sync Grades again in Canvas.';
        });
    });
  }
})();
`;

/** The registration page's script, served as /lti/assets/registration-done.js: tells Canvas the registration is done. */
export const REGISTRATION_DONE_SCRIPT = `(function () {
  'use strict';
  if (document.getElementById('registration-done') && window.parent !== window) {
    window.parent.postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
  }
})();
`;
