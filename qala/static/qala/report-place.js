// Step 2: place a marker by geolocation, by a chosen region, or by a tap; fill the hidden fields.
(function () {
  "use strict";
  var box = document.getElementById("place-map");
  var map = QalaMap.create(box);
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  var confirmNote = document.getElementById("confirm");
  var marker = null;

  function place(latlng, zoom) {
    if (!marker) {
      marker = L.marker(latlng, { draggable: true }).addTo(map);
      marker.on("dragend", function () { place(marker.getLatLng()); });
    }
    marker.setLatLng(latlng);
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (zoom) { map.setView(latlng, zoom); }
  }

  if (box.dataset.lat && box.dataset.lon) {
    place(L.latLng(parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)), 16);
  } else if (lat.value && lon.value) {
    place(L.latLng(parseFloat(lat.value), parseFloat(lon.value)), 16);
  }
  map.on("click", function (e) { place(e.latlng); });

  document.getElementById("region").addEventListener("change", function () {
    var option = this.selectedOptions[0];
    if (option && option.dataset.lat) {
      map.setView([parseFloat(option.dataset.lat), parseFloat(option.dataset.lon)], 11);
    }
  });

  document.getElementById("locate").addEventListener("click", function () {
    var failure = document.getElementById("locate-error");
    failure.hidden = true;
    if (!navigator.geolocation) { failure.textContent = failure.dataset.denied; failure.hidden = false; return; }
    navigator.geolocation.getCurrentPosition(function (position) {
      place(L.latLng(position.coords.latitude, position.coords.longitude), 17);
      confirmNote.hidden = false;
    }, function () {
      failure.textContent = failure.dataset.denied;
      failure.hidden = false;
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
})();
