// Step 1: send a photo as soon as it is chosen, so it is safe on the server before the next step.
// On a slow connection a 10 MB camera photo is shrunk in the browser first; the server still
// checks and re-encodes whatever arrives, and a photo the browser cannot shrink goes as it is.
(function () {
  "use strict";
  var form = document.querySelector("[data-auto-submit]");
  if (!form) { return; }
  var MAX_SIDE = 2560, SHRINK_ABOVE = 1500000, SHRINKABLE = /^image\/(jpeg|png|webp)$/;

  function shrink(file) {
    if (file.size < SHRINK_ABOVE || !SHRINKABLE.test(file.type) || !window.createImageBitmap) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          resolve(blob && blob.size < file.size ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });
  }

  form.querySelectorAll("input[type=file]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (!input.files.length) { return; }
      form.querySelectorAll("input[type=file]").forEach(function (other) { if (other !== input) { other.disabled = true; } });
      form.querySelector(".uploading").hidden = false;
      Promise.all(Array.from(input.files).map(shrink)).then(function (files) {
        try {
          var transfer = new DataTransfer();
          files.forEach(function (f) { transfer.items.add(f); });
          input.files = transfer.files;
        } catch (e) { /* an old browser keeps the original files */ }
        form.submit();
      });
    });
  });
})();
