// The tasks on the current page as markers; overdue ones in red.
(function () {
  "use strict";
  var box = document.getElementById("tasks-map");
  var map = QalaMap.create(box);
  var markers = JSON.parse(box.dataset.markers || "[]");
  var bounds = [];
  markers.forEach(function (m) {
    var link = document.createElement("a");
    link.href = box.dataset.link.replace("NUMBER", m.number);
    link.textContent = m.number + " · " + m.category;
    L.circleMarker([m.lat, m.lon], { radius: 9, className: "marker status-" + (m.overdue ? "rejected" : m.status), fillOpacity: 0.9 })
      .bindPopup(link).addTo(map);
    bounds.push([m.lat, m.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] }); }
})();
