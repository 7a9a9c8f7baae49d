// One appeal's point on a map; on a triage page the marker can be dragged to correct it.
(function () {
  "use strict";
  var box = document.querySelector("[data-lat][data-lon].map");
  if (!box) { return; }
  var point = [parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)];
  var map = QalaMap.create(box);
  map.setView(point, 16);
  var marker = L.marker(point, { draggable: !!box.dataset.editable }).addTo(map);
  var form = document.getElementById("edit-form");
  if (form) {
    marker.on("dragend", function () {
      var at = marker.getLatLng();
      form.elements.latitude.value = at.lat.toFixed(6);
      form.elements.longitude.value = at.lng.toFixed(6);
    });
  }
})();
