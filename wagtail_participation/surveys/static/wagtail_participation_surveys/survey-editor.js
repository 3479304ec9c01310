/* The survey editor: a condition chooses its earlier question from a list.
   The condition's question id is kept in the text input Wagtail renders (and saves); this
   script hides it and shows a list of the questions above this block instead, built from
   the blocks as they are in the editor now (unsaved ones too), refreshed when the list is
   opened. The answer field gets the chosen question's choices as suggestions.
   The server checks every condition when the page is saved. */
(function () {
  "use strict";

  // The StreamField child holding `element`: the nearest ancestor with its own "-type" and "-id" inputs.
  function streamChild(element) {
    for (var node = element.parentElement; node; node = node.parentElement) {
      var type = node.querySelector(':scope > input[name$="-type"]');
      if (type && node.querySelector(':scope > input[name$="-id"]')) { return node; }
    }
    return null;
  }

  function childInfo(node) {
    var type = node.querySelector(':scope > input[name$="-type"]');
    if (!type) { return null; }
    var prefix = type.name.slice(0, -"-type".length);
    var deleted = node.querySelector(':scope > input[name="' + prefix + '-deleted"]');
    var id = node.querySelector(':scope > input[name="' + prefix + '-id"]');
    var label = node.querySelector('[name="' + prefix + '-value-label"]');
    return {
      node: node, prefix: prefix, type: type.value, id: id ? id.value : "",
      deleted: Boolean(deleted && deleted.value), label: label ? label.value.trim() : ""
    };
  }

  // The blocks of the stream holding `child`, in order, deleted ones left out.
  function siblings(child) {
    var found = [];
    Array.prototype.forEach.call(child.parentElement.children, function (node) {
      var info = childInfo(node);
      if (info && !info.deleted) { found.push(info); }
    });
    return found;
  }

  function register() {
    var wagtail = window.wagtail;
    var Stimulus = window.StimulusModule;
    if (!wagtail || !wagtail.app || !Stimulus) { return false; }

    class EarlierQuestionController extends Stimulus.Controller {
      static values = { sources: Array, messages: Object };

      connect() {
        this.input = this.element.querySelector("input");
        if (!this.input || this.select) { return; }
        this.select = document.createElement("select");
        this.select.id = this.input.id;
        this.input.id = this.input.id + "-value";
        this.input.type = "hidden";
        this.element.appendChild(this.select);
        this.select.addEventListener("change", () => {
          this.input.value = this.select.value;
          this.input.dispatchEvent(new Event("change", { bubbles: true }));
        });
        ["focus", "mousedown"].forEach((name) => this.select.addEventListener(name, () => this.refresh()));
        this.refresh();
      }

      options() {
        var options = [["", this.messagesValue.none || "-"]];
        var child = streamChild(this.element);
        if (!child || !child.parentElement) { return options; }
        var sources = this.sourcesValue;
        siblings(child).some((info, index) => {
          if (info.node === child) { return true; }  // only the questions above this block
          if (info.id && sources.indexOf(info.type) !== -1) {
            options.push([info.id, (index + 1) + ". " + (info.label || this.messagesValue.untitled || info.id)]);
          }
          return false;
        });
        return options;
      }

      refresh() {
        var current = this.input.value;
        var options = this.options();
        if (current && !options.some((option) => option[0] === current)) {
          options.push([current, this.messagesValue.unknown || current]);
        }
        var signature = JSON.stringify(options);
        if (signature !== this.signature) {
          this.signature = signature;
          this.select.replaceChildren.apply(this.select, options.map((option) => new Option(option[1], option[0])));
        }
        this.select.value = current;
      }
    }

    wagtail.app.register("wp-earlier-question", EarlierQuestionController);
    return true;
  }

  // The answer: the chosen question's choices, offered in a datalist.
  function suggestAnswers(input) {
    var suffix = "-show_if_answer";
    if (input.name.slice(-suffix.length) !== suffix) { return; }
    var structPrefix = input.name.slice(0, -suffix.length);
    var chosen = document.querySelector('[name="' + structPrefix + '-show_if_question"]');
    var child = streamChild(input);
    if (!chosen || !child || !child.parentElement) { return; }
    var source = siblings(child).filter(function (info) { return info.id && info.id === chosen.value; })[0];
    var choices = [];
    if (source) {
      // Choices are typed one per line in one box.
      var box = source.node.querySelector('textarea[name="' + source.prefix + '-value-choices"]');
      if (box) {
        box.value.split(/\r?\n/).forEach(function (line) {
          if (line.trim() && choices.indexOf(line.trim()) === -1) { choices.push(line.trim()); }
        });
      }
    }
    var listId = input.id + "-choices";
    var list = document.getElementById(listId);
    if (!list) {
      list = document.createElement("datalist");
      list.id = listId;
      input.after(list);
      input.setAttribute("list", listId);
    }
    list.replaceChildren.apply(list, choices.map(function (choice) { return new Option(choice, choice); }));
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-wp-condition-answer]")) { suggestAnswers(event.target); }
  });

  if (!register()) { document.addEventListener("DOMContentLoaded", register); }
})();
