// Live totals on a ballot: the page works without this (the "Check my total" button).
(function () {
  "use strict";
  var fieldset = document.querySelector("[data-wp-ballot]");
  var totals = document.querySelector("[data-wp-ballot-totals] p");
  if (!fieldset || !totals) { return; }
  var method = fieldset.getAttribute("data-wp-ballot");
  var budget = parseInt(fieldset.getAttribute("data-wp-budget"), 10) || 0;
  var points = parseInt(fieldset.getAttribute("data-wp-points"), 10) || 0;
  var format = function (n) { return n.toLocaleString(document.documentElement.lang || undefined); };
  function update() {
    if (method === "knapsack") {
      var spent = 0;
      fieldset.querySelectorAll("input[data-wp-cost]:checked").forEach(function (box) {
        spent += parseInt(box.getAttribute("data-wp-cost"), 10) || 0;
      });
      var spentEl = totals.querySelector("[data-wp-spent]");
      var remainingEl = totals.querySelector("[data-wp-remaining]");
      if (spentEl) { spentEl.textContent = format(spent); }
      if (remainingEl) { remainingEl.textContent = format(budget - spent); }
      var overEl = totals.querySelector("[data-wp-over]");
      if (overEl) { overEl.hidden = spent <= budget; }
    } else if (method === "cumulative") {
      var used = 0;
      fieldset.querySelectorAll("input[type=number]").forEach(function (input) {
        used += parseInt(input.value, 10) || 0;
      });
      var usedEl = totals.querySelector("[data-wp-used]");
      var leftEl = totals.querySelector("[data-wp-left]");
      if (usedEl) { usedEl.textContent = used; }
      if (leftEl) { leftEl.textContent = points - used; }
    } else if (method === "approval") {
      var chosenEl = totals.querySelector("[data-wp-chosen]");
      if (chosenEl) { chosenEl.textContent = fieldset.querySelectorAll("input[type=checkbox]:checked").length; }
    }
  }
  fieldset.addEventListener("change", update);
  fieldset.addEventListener("input", update);
  update();
}());
