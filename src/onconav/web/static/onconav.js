// onconav: small enhancements. Every page works without this file.
(function () {
  "use strict";

  // A citation number opens the passage it cites and takes focus there.
  function openCitation(hash) {
    if (!hash || hash.indexOf("#cite-") !== 0) return;
    var item = document.getElementById(hash.slice(1));
    if (!item) return;
    var details = item.querySelector("details");
    if (details) details.open = true;
    item.focus({ preventScroll: false });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.cite-link");
    if (!link) return;
    var hash = link.getAttribute("href");
    // Let the browser move to the anchor (and keep history), then open the passage.
    window.setTimeout(function () { openCitation(hash); }, 0);
  });
  window.addEventListener("hashchange", function () { openCitation(window.location.hash); });
  document.addEventListener("DOMContentLoaded", function () { openCitation(window.location.hash); });

  // In the question box, Enter asks and Shift+Enter starts a new line.
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box || box.id !== "question" || event.key !== "Enter") return;
    if (event.shiftKey || event.isComposing) return;
    event.preventDefault();
    var form = box.form;
    if (form && typeof form.requestSubmit === "function") form.requestSubmit();
    else if (form) form.submit();
  });

  // After htmx puts new content in, move focus to its heading so screen readers and
  // keyboard users continue from the answer (or the upload results, or an error).
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (!target) return;
    // The first in the page: an emergency warning comes before the answer's title.
    var heading = target.querySelector("#triage-title, #answer-title, .results-title, .error-box h2");
    var focusable = heading ? (heading.closest("[tabindex]") || heading) : null;
    if (heading && !heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    if (focusable) focusable.focus();
  });

  // Once files are on their way, empty the box so that they are not sent twice.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || form.id !== "upload-form" || !event.detail.successful) return;
    form.reset();
    var list = form.querySelector("[data-chosen-files]");
    if (list) list.textContent = "";
  });

  // Files: list the chosen ones, and accept files dropped on the box.
  function describeFiles(input, list) {
    list.textContent = "";
    Array.prototype.forEach.call(input.files || [], function (file) {
      var item = document.createElement("li");
      item.textContent = file.name;
      list.appendChild(item);
    });
  }

  function enhanceDropzone(zone) {
    var input = zone.querySelector("input[type=file]");
    var list = zone.querySelector("[data-chosen-files]");
    var hint = zone.querySelector("[data-drop-hint]");
    if (!input || !list) return;
    if (hint && "draggable" in document.createElement("span") && window.DataTransfer) {
      hint.hidden = false;
    }
    input.addEventListener("change", function () { describeFiles(input, list); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      var transfer = new DataTransfer();
      Array.prototype.forEach.call(input.files || [], function (file) { transfer.items.add(file); });
      Array.prototype.forEach.call(event.dataTransfer.files, function (file) {
        transfer.items.add(file);
      });
      input.files = transfer.files;
      describeFiles(input, list);
    });
  }

  function enhance(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-dropzone]"), enhanceDropzone);
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
})();
