// A point picked by a tap, written to the form's hidden latitude and longitude.
(function () {
  "use strict";
  var map = QalaMap.create(document.getElementById("place-map"));
  QalaMap.pointPicker(map, document.getElementById("id_latitude"), document.getElementById("id_longitude"), 15);
})();
