// A small toolbar above each rich-text area (data-richtext): buttons wrap the selection in one of the
// tags the server keeps (accord/communication/richtext.py). Without JavaScript the textarea takes the
// tags typed by hand; the server cleans both the same way. No inline script or style (CSP).
(function () {
  "use strict";
  var fr = (document.documentElement.lang || "fr").slice(0, 2) !== "en";
  var BUTTONS = [
    ["p", fr ? "Paragraphe" : "Paragraph"],
    ["strong", fr ? "Gras" : "Bold"],
    ["em", fr ? "Italique" : "Italic"],
    ["h2", fr ? "Intertitre" : "Heading"],
    ["ul", fr ? "Liste" : "List"],
    ["a", fr ? "Lien" : "Link"],
  ];

  function wrap(area, tag) {
    var start = area.selectionStart, end = area.selectionEnd;
    var text = area.value.slice(start, end);
    var open = "<" + tag + ">", close = "</" + tag + ">";
    if (tag === "ul") {
      var items = (text || "…").split(/\n/).map(function (line) { return "<li>" + line + "</li>"; });
      text = "\n" + items.join("\n") + "\n";
    } else if (tag === "a") {
      var href = window.prompt(fr ? "Adresse du lien (https://…)" : "Link address (https://…)", "https://");
      if (!href) { return; }
      open = '<a href="' + href.replace(/"/g, "&quot;") + '">';
    }
    area.setRangeText(open + text + close, start, end, "select");
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function toolbar(area) {
    var bar = document.createElement("div");
    bar.className = "richtext-toolbar";
    bar.setAttribute("role", "toolbar");
    var label = document.querySelector('label[for="' + area.id + '"]');
    bar.setAttribute("aria-label", (fr ? "Mise en forme : " : "Formatting: ") + (label ? label.textContent : ""));
    if (area.id) { bar.setAttribute("aria-controls", area.id); }
    BUTTONS.forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button secondary";
      button.textContent = pair[1];
      button.addEventListener("click", function () { wrap(area, pair[0]); });
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
  }

  function init() {
    document.querySelectorAll("textarea[data-richtext]").forEach(toolbar);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
