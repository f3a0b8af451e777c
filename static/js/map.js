// Draws every .map element from the JSON its data-markers attribute names, over the offline
// basemap its data-basemap attribute points at (land, country borders and oblast boundaries from
// Natural Earth, served from this site), which lies in a pane under the markers. Nearby markers are clustered until zoomed in; each place is labelled with its
// name. Runs on page load and after htmx swaps a fragment in. Marker text is set with
// textContent, never parsed as HTML.
(function () {
  "use strict";

  // Oblast lines are fainter than country borders, so the two cannot be mistaken for each other.
  var BASEMAP_STYLES = {
    land: { stroke: false, fillColor: "#f4f2ec", fillOpacity: 1 },
    admin1: { color: "#b4afa3", weight: 0.8, fill: false },
    borders: { color: "#8a8a8a", weight: 1, dashArray: "4 3", fill: false },
  };

  function popup(marker) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    var label = document.createElement("div");
    label.textContent = marker.label + " · " + marker.verdict;
    box.appendChild(link);
    box.appendChild(label);
    return box;
  }

  function draw(container) {
    if (container.dataset.drawn) {
      return;
    }
    container.dataset.drawn = "1";
    var source = document.getElementById(container.dataset.markers);
    var markers = source ? JSON.parse(source.textContent) : [];
    var map = L.map(container, { scrollWheelZoom: false, maxZoom: 14 });
    // Leaflet's default prefix carries a national flag; a neutral site names its sources only.
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(
      container.dataset.attribution || "Leaflet · Boundaries: Natural Earth (public domain)"
    );
    if (container.dataset.basemap) {
      map.createPane("basemap").style.zIndex = 200;
      fetch(container.dataset.basemap)
        .then(function (response) { return response.json(); })
        .then(function (shapes) {
          L.geoJSON(shapes, {
            pane: "basemap",
            interactive: false,
            style: function (shape) {
              return BASEMAP_STYLES[shape.properties.layer];
            },
          }).addTo(map);
        });
    }
    if (container.dataset.tileUrl) {
      L.tileLayer(container.dataset.tileUrl, {
        attribution: container.dataset.tileAttribution,
        maxZoom: 18,
      }).addTo(map);
    }
    var layer = L.markerClusterGroup({
      maxClusterRadius: 28,
      disableClusteringAtZoom: 10,
      showCoverageOnHover: false,
    });
    markers.forEach(function (marker) {
      L.circleMarker([marker.lat, marker.lon], {
        radius: 8,
        color: "#ffffff",
        weight: 2,
        fillColor: marker.colour,
        fillOpacity: 0.9,
      })
        .bindTooltip(marker.name, {
          permanent: true,
          direction: "right",
          offset: [8, 0],
          className: "place-label",
        })
        .bindPopup(popup(marker))
        .addTo(layer);
    });
    layer.addTo(map);
    if (markers.length) {
      map.fitBounds(layer.getBounds().pad(0.4), { maxZoom: 9 });
    } else {
      map.setView([48.5, 37.5], 6);
    }
  }

  function drawAll() {
    document.querySelectorAll(".map[data-markers]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  document.addEventListener("htmx:afterSettle", drawAll);
})();
