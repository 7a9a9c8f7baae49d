// Shared map set-up: the tile layer named by the server, a view of Kazakhstan, a full-screen button.
window.QalaMap = (function () {
  "use strict";
  var KAZAKHSTAN = [[40.5, 46.4], [55.5, 87.4]];

  function fullscreenControl(label) {
    var Control = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function (map) {
        var button = L.DomUtil.create("button", "map-fullscreen");
        button.type = "button";
        button.title = label;
        button.setAttribute("aria-label", label);
        button.innerHTML = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">' +
          '<path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
        L.DomEvent.disableClickPropagation(button);
        L.DomEvent.on(button, "click", function () {
          var box = map.getContainer();
          if (document.fullscreenElement) { document.exitFullscreen(); }
          else if (box.requestFullscreen) { box.requestFullscreen(); }
          else { box.classList.toggle("fullscreen-fallback"); map.invalidateSize(); }
        });
        document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
        return button;
      }
    });
    return new Control();
  }

  function create(element) {
    var map = L.map(element, { zoomControl: true });
    var tiles = document.body.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 19, attribution: document.body.dataset.attribution }).addTo(map);
    }
    map.fitBounds(KAZAKHSTAN);
    fullscreenControl(element.dataset.fullscreen || "Full screen").addTo(map);
    return map;
  }

  // A draggable marker that writes its point into two form fields (and starts from theirs, shown at
  // restoreZoom); a tap moves it; the returned place(latlng, zoom) moves it from code.
  function pointPicker(map, lat, lon, restoreZoom) {
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
    if (lat.value && lon.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lon.value)), restoreZoom); }
    map.on("click", function (e) { place(e.latlng); });
    return place;
  }

  // A popup with a link and one line of text under it, built without HTML strings.
  function linkPopup(href, title, line) {
    var link = document.createElement("a");
    link.href = href;
    link.textContent = title;
    var popup = document.createElement("div");
    popup.appendChild(link);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(line));
    return popup;
  }

  return { create: create, pointPicker: pointPicker, linkPopup: linkPopup };
})();
