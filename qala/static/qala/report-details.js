// Step 3: keep what is typed in this browser until the appeal is created, in case the page reloads.
(function () {
  "use strict";
  var form = document.getElementById("details-form");
  var key = form.dataset.draftKey;
  var fields = ["description", "address", "contact_phone", "category"];
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
  fields.forEach(function (name) {
    var input = form.elements[name];
    if (!input) { return; }
    if (!input.value && saved[name]) { input.value = saved[name]; }
    input.addEventListener("input", store);
    input.addEventListener("change", store);
  });
  function store() {
    var data = {};
    fields.forEach(function (name) { if (form.elements[name]) { data[name] = form.elements[name].value; } });
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* private mode: the server copy remains */ }
  }
})();
