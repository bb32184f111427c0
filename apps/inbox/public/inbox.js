// Keeps "My tasks" current without a reload: every few seconds the table is fetched again and
// swapped in (the region is aria-live="polite"). Without this script the page still works.
(function () {
  var region = document.getElementById('tasks');
  if (!region || !window.fetch) return;
  var url = region.getAttribute('data-refresh');
  var last = region.innerHTML;
  function refresh() {
    if (document.hidden) return;
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && html !== last) { region.innerHTML = html; last = html; }
      })
      .catch(function () {});
  }
  setInterval(refresh, 3000);
})();
