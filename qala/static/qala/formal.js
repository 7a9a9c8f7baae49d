// The formal appeal form shows only the fields that apply: IIN or BIN, the deputy list, the organisation thanked.
(function () {
  "use strict";
  var form = document.getElementById("formal-form");
  function show(name, visible) {
    var box = form.querySelector('[data-field="' + name + '"]');
    if (box) { box.hidden = !visible; }
  }
  function update() {
    var type = (form.querySelector("input[name=applicant_type]:checked") || {}).value;
    var individual = type === "individual", legal = type === "legal_entity";
    show("iin", individual && form.elements.is_resident.checked);
    show("full_name", individual);
    ["bin", "company_name", "representative"].forEach(function (name) { show(name, legal); });
    show("deputy", form.elements.to_deputy.checked);
    show("organisation", form.elements.kind.value === "gratitude");
  }
  form.addEventListener("change", update);
  update();
})();
