// The import page without reloading: while an import (or a preview's dry run) runs, its numbers are
// fetched every 2 seconds and written into the page; when it ends the page is loaded again to show the
// report. Without scripts the page has a Refresh link and works the same.
(function () {
  'use strict';
  var region = document.querySelector('[data-progress-url]');
  if (!region || typeof fetch !== 'function') return;
  var url = region.getAttribute('data-progress-url');
  var lang = document.documentElement.lang || undefined;

  function show(field, value) {
    var element = region.querySelector('[data-field="' + field + '"]');
    if (element && typeof value === 'number') element.textContent = value.toLocaleString(lang);
  }

  function tick() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (progress) {
        if (!progress) return setTimeout(tick, 5000);
        show('rows', progress.rows);
        show('accepted', progress.accepted);
        show('rejected', progress.rejected);
        var bar = region.querySelector('progress');
        var percent = region.querySelector('[data-field="percent"]');
        if (typeof progress.percent === 'number') {
          if (bar) bar.value = progress.percent;
          if (percent) {
            percent.textContent = percent
              .getAttribute('data-template')
              .replace('{percent}', progress.percent.toLocaleString(lang));
          }
        }
        if (progress.status !== 'running') return window.location.reload();
        setTimeout(tick, 2000);
      })
      .catch(function () {
        setTimeout(tick, 5000);
      });
  }

  setTimeout(tick, 2000);
})();
