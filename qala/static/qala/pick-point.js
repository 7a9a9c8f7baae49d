// A point picked by a tap, written to the form's hidden latitude and longitude.
(function () {
  "use strict";
  var box = document.getElementById("place-map");
  var map = QalaMap.create(box);
  var lat = document.getElementById("id_latitude"), lon = document.getElementById("id_longitude");
  var marker = null;
  function place(at) {
    if (!marker) { marker = L.marker(at, { draggable: true }).addTo(map); marker.on("dragend", function () { place(marker.getLatLng()); }); }
    marker.setLatLng(at);
    lat.value = at.lat.toFixed(6);
    lon.value = at.lng.toFixed(6);
  }
  if (lat.value && lon.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lon.value))); map.setView(marker.getLatLng(), 15); }
  map.on("click", function (e) { place(e.latlng); });
})();
