/* Petitions, enhanced: a live count from the count endpoint, similar petitions while typing.
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

  // Similar petitions while typing the request.
  var form = document.querySelector("[data-wp-petition-start]");
  if (form) {
    var input = form.querySelector('[name="request"]');
    var box = form.querySelector("[data-wp-similar]");
    var timer = null;
    var template = box ? box.innerHTML : "";
    if (input && box) {
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          var url = form.getAttribute("data-similar-url") + "?q=" + encodeURIComponent(input.value);
          fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
            box.textContent = "";
            if (!data.results || !data.results.length) { return; }
            var heading = document.createElement("h2");
            heading.className = "wp-similar__title";
            heading.textContent = box.getAttribute("data-heading") || "";
            var list = document.createElement("ul");
            data.results.forEach(function (item) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.href = item.url; a.textContent = item.title; a.target = "_blank"; a.rel = "noopener";
              li.appendChild(a); list.appendChild(li);
            });
            box.appendChild(heading);
            box.appendChild(list);
          }).catch(function () { box.innerHTML = template; });
        }, 400);
      });
    }
  }
})();
