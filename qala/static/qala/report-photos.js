// Step 1: send a photo as soon as it is chosen, so it is safe on the server before the next step.
(function () {
  "use strict";
  var form = document.querySelector("[data-auto-submit]");
  if (!form) { return; }
  form.querySelectorAll("input[type=file]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (!input.files.length) { return; }
      form.querySelectorAll("input[type=file]").forEach(function (other) { if (other !== input) { other.disabled = true; } });
      form.querySelector(".uploading").hidden = false;
      form.submit();
    });
  });
})();
