// The public map: clustered markers coloured by status, reloaded when the view or the filters change.
(function () {
  "use strict";
  var box = document.getElementById("public-map");
  var map = QalaMap.create(box);
  var cluster = L.markerClusterGroup({ chunkedLoading: true });
  map.addLayer(cluster);
  var filters = document.getElementById("map-filters");
  var truncated = document.getElementById("map-truncated");
  var pending = null;

  function popup(m) {
    var wrap = document.createElement("div");
    wrap.className = "map-popup";
    if (m.thumbnail) {
      var img = document.createElement("img");
      img.src = m.thumbnail; img.alt = ""; img.width = 96;
      wrap.appendChild(img);
    }
    var title = document.createElement("strong");
    title.textContent = m.number;
    wrap.appendChild(title);
    [m.icon + " " + m.category, m.status_label, new Date(m.date).toLocaleString(document.documentElement.lang)].forEach(function (text) {
      var line = document.createElement("div"); line.textContent = text; wrap.appendChild(line);
    });
    var link = document.createElement("a");
    link.href = box.dataset.detail.replace("NUMBER", m.number);
    link.textContent = box.dataset.open;
    wrap.appendChild(link);
    return wrap;
  }

  function load() {
    var b = map.getBounds();
    var params = new URLSearchParams(new FormData(filters));
    Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) { params.delete(k); } });
    params.set("bbox", [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map(function (v) { return v.toFixed(5); }).join(","));
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(box.dataset.url + "?" + params.toString(), { signal: pending.signal })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        cluster.clearLayers();
        cluster.addLayers(data.markers.map(function (m) {
          return L.circleMarker([m.lat, m.lon], { radius: 9, className: "marker status-" + m.status, fillOpacity: 0.9 })
            .bindPopup(popup(m));
        }));
        truncated.hidden = !data.truncated;
        box.dataset.loaded = String(data.markers.length);
      })
      .catch(function () { /* an aborted or failed request leaves the last markers in place */ });
  }
  map.on("moveend", load);
  filters.addEventListener("change", load);
  load();
})();
