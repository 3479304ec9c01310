/* Petitions, enhanced: a live count from the count endpoint (similar petitions while typing:
   wagtail_participation/js/similar.js).
   Without JavaScript the page shows the count it was rendered with and everything works. */
(function () {
  "use strict";
  if (!window.fetch || window.wpPetitions) { return; }
  window.wpPetitions = true;  // a page with several petition blocks loads this file more than once

  // Live counts: every petition (page or block) with a count URL refreshes every 15 seconds.
  document.querySelectorAll("[data-wp-petition][data-count-url]").forEach(function (petition) {
    var url = petition.getAttribute("data-count-url");
    var target = petition.querySelector("[data-wp-petition-count]");
    var bar = petition.querySelector("progress");
    if (!url || !target) { return; }
    function refresh() {
      if (document.hidden) { return; }
      fetch(url, { credentials: "omit" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (!data || typeof data.count !== "number") { return; }
        target.textContent = data.count.toLocaleString(document.documentElement.lang || undefined);
        if (bar) { bar.value = Math.min(data.count, Number(bar.max)); }
      }).catch(function () {});
    }
    window.setInterval(refresh, 15000);
  });
})();
