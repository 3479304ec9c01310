/* Similar items while a resident types (of any method), so they can join one instead of
   posting a duplicate. A form opts in with data-similar-url (answering {"results": [{title, url}]}),
   data-similar-field (the input to watch) and data-similar-param (the query parameter), and holds
   a [data-wp-similar] box with a data-heading. The box moves right under the watched field, so a
   resident on a phone sees the suggestions where they type, not below the whole form. Without
   JavaScript the form shows the suggestions after a submit with errors. */
(function () {
  "use strict";
  if (!window.fetch) { return; }
  document.querySelectorAll("form[data-similar-url]").forEach(function (form) {
    var input = form.querySelector('[name="' + form.getAttribute("data-similar-field") + '"]');
    var box = form.querySelector("[data-wp-similar]");
    if (!input || !box) { return; }
    // The field's wrapper in our template pack (div_<id>) or a common one of other packs.
    var wrapper = (input.id && document.getElementById("div_" + input.id)) ||
      input.closest(".wp-field, .form-group, .govuk-form-group, .mb-3") || input;
    if (form.contains(wrapper)) { wrapper.insertAdjacentElement("afterend", box); }
    var template = box.innerHTML;
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var url = form.getAttribute("data-similar-url") + "?" + form.getAttribute("data-similar-param") + "=" +
          encodeURIComponent(input.value);
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
  });
})();
