// Adds a "Copy" button beside every sentence marked data-copyable. Without JavaScript the text
// stays selectable, so the page loses nothing.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copyable]").forEach(function (text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary outline copy-button";
    // The labels come from the page, in its language.
    var label = text.dataset.copyLabel || "Copy sentence";
    var done = text.dataset.copiedLabel || "Copied";
    button.textContent = label;
    button.setAttribute("aria-describedby", text.id);
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent.trim()).then(function () {
        button.textContent = done;
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
    text.insertAdjacentElement("afterend", button);
  });
})();
