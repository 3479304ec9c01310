/* Idea boards, enhanced: votes and filters without reloading (similar ideas while typing:
   wagtail_participation/js/similar.js).
   Every feature here also works without JavaScript (plain forms and links). */
(function () {
  "use strict";

  function announce(container, text) {
    var status = container.querySelector(".wp-vote__status");
    if (status) { status.textContent = ""; window.setTimeout(function () { status.textContent = text; }, 50); }
  }


  // Voting: send the form with fetch, then fetch the fresh buttons for this idea.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("wp-vote__form")) { return; }
    event.preventDefault();
    var container = form.closest("[data-wp-vote]");
    var ideaId = container.getAttribute("data-wp-vote");
    var buttons = container.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
    }).then(function (result) {
      if (result.status === 401 && result.data.sign_in_url) { window.location.href = result.data.sign_in_url; return; }
      if (!result.ok) { buttons.forEach(function (b) { b.disabled = false; }); announce(container, result.data.error || ""); return; }
      // Re-render the buttons from the server's HTML so labels stay translated.
      return fetch(window.location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector('[data-wp-vote="' + ideaId + '"]');
        document.querySelectorAll('[data-wp-support-count="' + ideaId + '"]').forEach(function (el) {
          var src = doc.querySelector('[data-wp-support-count="' + ideaId + '"]');
          if (src) { el.textContent = src.textContent; }
        });
        document.querySelectorAll('[data-wp-oppose-count="' + ideaId + '"]').forEach(function (el) {
          var src = doc.querySelector('[data-wp-oppose-count="' + ideaId + '"]');
          if (src) { el.textContent = src.textContent; }
        });
        if (fresh) {
          container.replaceWith(fresh);
          var button = fresh.querySelector("button");
          if (button) { button.focus(); }
          announce(fresh, result.data.message);
        }
      });
    }).catch(function () { form.submit(); });
  });

  // Filters and pagination: fetch the results and swap them in, keeping the URL shareable.
  var filters = document.querySelector("[data-wp-idea-filters]");
  var results = document.getElementById("wp-idea-results");
  function load(url, push) {
    results.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.getElementById("wp-idea-results");
      if (!fresh) { window.location.href = url; return; }
      results.innerHTML = fresh.innerHTML;
      results.removeAttribute("aria-busy");
      if (push) { window.history.pushState({ wpIdeas: true }, "", url); }
    }).catch(function () { window.location.href = url; });
  }
  if (filters && results && window.fetch && window.history) {
    filters.addEventListener("submit", function (event) {
      event.preventDefault();
      var params = new URLSearchParams(new FormData(filters));
      Array.from(params.keys()).forEach(function (key) { if (!params.get(key)) { params.delete(key); } });
      load((filters.getAttribute("action") || window.location.pathname).split("?")[0] + (params.toString() ? "?" + params.toString() : ""), true);
    });
    filters.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { filters.requestSubmit ? filters.requestSubmit() : filters.submit(); });
    });
    results.addEventListener("click", function (event) {
      var link = event.target.closest(".wp-pagination a[href]");
      if (!link) { return; }
      event.preventDefault();
      load(link.href, true);
      results.scrollIntoView();
    });
    window.addEventListener("popstate", function () { load(window.location.href, false); });
  }
})();
