// The template editor's preview follows the typing: a moment after the last keystroke the form is posted
// to the preview endpoint, which answers the preview section drawn (and escaped) on the server, or the
// text's error. Without scripts the Preview button posts the same form and the page shows the same.
(function () {
  'use strict';
  var region = document.querySelector('[data-preview-url]');
  var form = document.querySelector('form.template-form');
  if (!region || !form || typeof fetch !== 'function' || typeof FormData !== 'function') return;
  var url = region.getAttribute('data-preview-url');
  var timer = null;
  var latest = 0;

  function update() {
    var ticket = ++latest;
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
      body: new URLSearchParams(new FormData(form)),
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        // An older answer arriving after a newer one is dropped: the preview is always of the latest text.
        if (answer && typeof answer.html === 'string' && ticket === latest) region.innerHTML = answer.html;
      })
      .catch(function () {
        // The Preview button still works; a failed live update leaves the last preview in place.
      });
  }

  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(update, 400);
  });
})();
