// Adds a "Copy" button beside every sentence marked data-copyable. Without JavaScript the text
// stays selectable, so the page loses nothing.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copyable]").forEach(function (text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary outline copy-button";
    button.textContent = "Copy sentence";
    button.setAttribute("aria-describedby", text.id);
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text.textContent.trim()).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy sentence"; }, 2000);
      });
    });
    text.insertAdjacentElement("afterend", button);
  });
})();
