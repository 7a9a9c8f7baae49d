// The directory on a map: clustered points that follow the filters; a tap opens the entry.
(function () {
  "use strict";
  var box = document.getElementById("directory-map");
  var map = QalaMap.create(box);
  map.setView([51.15, 71.45], 11);
  var cluster = L.markerClusterGroup();
  map.addLayer(cluster);
  var params = new URLSearchParams(new FormData(document.getElementById("directory-filters")));
  fetch(box.dataset.url + "?" + params.toString()).then(function (r) { return r.json(); }).then(function (data) {
    cluster.addLayers(data.markers.map(function (m) {
      var popup = QalaMap.linkPopup(box.dataset.link.replace("CODE", m.code), m.name, m.kind_label + " · " + m.address);
      return L.marker([m.lat, m.lon]).bindPopup(popup);
    }));
    box.dataset.loaded = String(data.markers.length);
  });
})();
