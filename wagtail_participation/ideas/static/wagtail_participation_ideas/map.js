/* Idea boards' maps, with Leaflet and Leaflet.markercluster (vendored in ./vendor/):
   - the board's map of ideas ([data-wp-idea-map]): one marker per listed idea with a place,
     clustered; a marker is a link to its idea (click, or Enter when it has the focus);
   - the map a resident taps to place an idea ([data-wp-place-picker]): fills the hidden
     latitude and longitude of the idea form.
   Everything comes from the page (data- attributes, JSON script elements): no inline script or
   style, so it runs under the Content-Security-Policy. Without JavaScript, or without Leaflet,
   the board shows its list and the form its address field. */
(function () {
  "use strict";

  if (!window.L) { return; }

  function readJSON(id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text || "";
    return span.innerHTML;
  }

  // A Leaflet map with the configured tiles, zoom buttons named in the page's language.
  function baseMap(container) {
    var map = L.map(container, { zoomControl: false, scrollWheelZoom: false });
    L.control.zoom({
      zoomInTitle: container.getAttribute("data-zoom-in") || "Zoom in",
      zoomOutTitle: container.getAttribute("data-zoom-out") || "Zoom out"
    }).addTo(map);
    L.tileLayer(container.getAttribute("data-tile-url"), {
      maxZoom: 19,
      attribution: escapeText(container.getAttribute("data-attribution"))
    }).addTo(map);
    map.on("focus", function () { map.scrollWheelZoom.enable(); });
    map.on("blur", function () { map.scrollWheelZoom.disable(); });
    return map;
  }

  function openAt(map, bounds, center) {
    if (bounds) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    } else if (center) {
      map.setView([center[0], center[1]], center[2]);
    } else {
      map.setView([20, 0], 2);
    }
  }

  // The board's map of ideas.
  function ideaMap(container) {
    var markers = readJSON("wp-idea-map-markers") || [];
    var clusterLabel = container.getAttribute("data-cluster-label") || "{count}";
    var hint = document.querySelector("[data-wp-idea-map-hint]");
    if (hint) { hint.hidden = false; }
    container.hidden = false;  // an empty region without JavaScript: hidden until now
    var map = baseMap(container);
    var group = L.markerClusterGroup({
      showCoverageOnHover: false,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        return L.divIcon({
          className: "wp-idea-map__cluster",
          iconSize: L.point(44, 44),
          html: '<span class="wp-idea-map__cluster-count" aria-hidden="true">' + count + "</span>" +
            '<span class="wp-visually-hidden">' + escapeText(clusterLabel.replace("{count}", count)) + "</span>"
        });
      }
    });
    markers.forEach(function (idea) {
      var marker = L.marker([idea.lat, idea.lon], { alt: idea.title, keyboard: true, riseOnHover: true });
      function open() { window.location.href = idea.url; }
      marker.on("click", open);
      marker.on("keypress", function (event) {
        if (event.originalEvent && event.originalEvent.key === "Enter") { open(); }
      });
      marker.on("add", function () {
        var element = marker.getElement();
        if (element) {
          element.setAttribute("role", "link");  // it opens the idea's page
          element.setAttribute("data-wp-idea-id", idea.id);
        }
      });
      marker.bindTooltip(escapeText(idea.title) + (idea.status ? "<br>" + escapeText(idea.status) : ""), { direction: "top", offset: [0, -36] });
      group.addLayer(marker);
    });
    map.addLayer(group);
    openAt(map, markers.length ? group.getBounds() : null, readJSON("wp-idea-map-center"));
    var fallback = document.querySelector("[data-wp-idea-map-fallback]");
    if (fallback) { fallback.hidden = true; }  // the map works: the list is a link away
  }

  // The map to place an idea: a tap (or "Place it at the centre") sets the hidden coordinates.
  function placePicker(picker) {
    var latitude = document.getElementById(picker.getAttribute("data-latitude-input"));
    var longitude = document.getElementById(picker.getAttribute("data-longitude-input"));
    if (!latitude || !longitude) { return; }
    picker.hidden = false;
    var container = picker.querySelector("[data-wp-place-map]");
    container.setAttribute("data-tile-url", picker.getAttribute("data-tile-url"));
    container.setAttribute("data-attribution", picker.getAttribute("data-attribution") || "");
    container.setAttribute("data-zoom-in", picker.getAttribute("data-zoom-in") || "");
    container.setAttribute("data-zoom-out", picker.getAttribute("data-zoom-out") || "");
    var status = picker.querySelector("[data-wp-place-status]");
    var clear = picker.querySelector("[data-wp-place-clear]");
    var map = baseMap(container);
    var marker = null;

    function show(latlng, announce) {
      if (latlng) {
        if (!marker) {
          marker = L.marker(latlng, { alt: picker.getAttribute("data-marker-label") || "", keyboard: false, draggable: true }).addTo(map);
          marker.on("dragend", function () { place(marker.getLatLng()); });
        } else {
          marker.setLatLng(latlng);
        }
      } else if (marker) {
        map.removeLayer(marker);
        marker = null;
      }
      clear.hidden = !latlng;
      var text = picker.getAttribute(latlng ? "data-placed" : "data-not-placed") || "";
      if (announce) { status.textContent = text; }
    }

    function place(latlng) {
      var wrapped = latlng.wrap();
      latitude.value = wrapped.lat.toFixed(6);
      longitude.value = wrapped.lng.toFixed(6);
      show(wrapped, true);
    }

    map.on("click", function (event) { place(event.latlng); });
    picker.querySelector("[data-wp-place-centre]").addEventListener("click", function () { place(map.getCenter()); });
    clear.addEventListener("click", function () {
      latitude.value = "";
      longitude.value = "";
      show(null, true);
      container.focus();
    });

    var lat = parseFloat(latitude.value), lon = parseFloat(longitude.value);
    if (isFinite(lat) && isFinite(lon)) {
      map.setView([lat, lon], 16);
      show(L.latLng(lat, lon), false);
      status.textContent = picker.getAttribute("data-placed") || "";
    } else {
      var bounds = readJSON("wp-place-picker-bounds");
      openAt(map, bounds, readJSON("wp-place-picker-center"));
      show(null, false);
    }
  }

  document.querySelectorAll("[data-wp-idea-map]").forEach(ideaMap);
  document.querySelectorAll("[data-wp-place-picker]").forEach(placePicker);
})();
