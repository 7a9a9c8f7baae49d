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

  return { create: create };
})();
