// The centres that offer the chosen service, on a map; a marker's link opens the centre's days.
(function () {
  "use strict";
  var box = document.getElementById("centre-map");
  var markers = JSON.parse(document.getElementById("centre-markers").textContent);
  var map = QalaMap.create(box);
  var points = markers.map(function (m) {
    var popup = QalaMap.linkPopup(m.url, m.name, m.kind + " · " + m.address);
    L.marker([m.lat, m.lon], { title: m.name }).bindPopup(popup).addTo(map);
    return [m.lat, m.lon];
  });
  map.fitBounds(points, { maxZoom: 14, padding: [30, 30] });
  box.dataset.loaded = String(points.length);
})();
