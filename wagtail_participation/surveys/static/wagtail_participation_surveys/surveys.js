/* Surveys, enhanced: conditional questions show and hide as residents answer.
   Without JavaScript every question of the step is shown with its condition written
   under it, and the server ignores answers to questions that do not apply. */
(function () {
  "use strict";
  var data = document.getElementById("wp-survey-conditions");
  var form = document.querySelector("[data-wp-survey]");
  if (!form) { return; }
  var conditions = JSON.parse((data && data.textContent) || "{}");
  function norm(text) { return String(text || "").trim().replace(/\s+/g, " ").toLowerCase(); }
  function answered(fieldName) {
    var values = [];
    form.querySelectorAll('[name="' + fieldName + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      if (input.tagName === "SELECT") { values.push(input.value); return; }
      values.push(input.value);
    });
    return values.map(norm);
  }
  function update() {
    Object.keys(conditions).forEach(function (id) {
      var condition = conditions[id];
      var item = document.getElementById("item-" + id);
      if (!item) { return; }
      var sourceField = form.querySelector('[name="' + condition.field + '"]');
      if (!sourceField) { return; }  // the question it depends on is on an earlier step: the server decided
      var sourceItem = sourceField.closest(".wp-survey__item");
      var shown = (!sourceItem || !sourceItem.hidden) && answered(condition.field).indexOf(norm(condition.answer)) !== -1;
      item.hidden = !shown;
      var note = item.querySelector(".wp-survey__condition");
      if (note) { note.hidden = true; }
    });
  }
  // "Other (please say)": its box shows only while "Other" is chosen (it keeps what was typed).
  function updateOther() {
    form.querySelectorAll("[data-wp-other-for]").forEach(function (box) {
      var chosen = answered(box.getAttribute("data-wp-other-for")).indexOf("__other__") !== -1;
      var hasError = box.classList.contains("wp-field--error");
      box.hidden = !chosen && !hasError;
    });
  }
  form.addEventListener("change", function () { update(); updateOther(); });
  update();
  updateOther();
})();
