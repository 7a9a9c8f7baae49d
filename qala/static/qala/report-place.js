// Step 2: place a marker by geolocation, by a chosen region, or by a tap; fill the hidden fields.
(function () {
  "use strict";
  var box = document.getElementById("place-map");
  var map = QalaMap.create(box);
  var confirmNote = document.getElementById("confirm");
  var place = QalaMap.pointPicker(map, document.getElementById("id_latitude"), document.getElementById("id_longitude"), 16);
  if (box.dataset.lat && box.dataset.lon) {  // the server's own guess wins over the fields' old value
    place(L.latLng(parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)), 16);
  }

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
