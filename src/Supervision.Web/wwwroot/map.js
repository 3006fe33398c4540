// 单位与隐患分布 (issue 16 §3): with Leaflet vendored (ops/lib.sh ensure_web_libs), the server-drawn SVG grid of /map becomes
// an interactive map of the same units (#map-data): a coordinate grid (no tile server can be reached here), the units as
// markers clustered where they crowd (leaflet.markercluster), coloured like the grid's circles, each opening its name, area,
// open hazards and a link to the unit. The list beside stays the page's text; without this script the SVG is the map.
(function () {
  'use strict';
  const data = document.getElementById('map-data');
  const svg = document.getElementById('unit-map');
  if (!window.L || !L.markerClusterGroup || !data || !svg) return;
  const units = JSON.parse(data.textContent).filter(u => u.lat !== null && u.lon !== null);
  if (units.length === 0) return;

  const box = document.createElement('div');
  box.id = 'leaflet-map';
  box.className = 'leaflet-map';
  box.setAttribute('role', 'application');
  box.setAttribute('aria-label', '单位与隐患分布图（可缩放、拖动；单位详见右侧列表）');
  svg.replaceWith(box);
  const map = L.map(box, { attributionControl: false, zoomSnap: 0.5, minZoom: 3, maxZoom: 16 });

  const kind = u => (u.overdue > 0 ? 'overdue' : u.open > 0 ? 'open' : 'none');
  const worst = kinds => (kinds.includes('overdue') ? 'overdue' : kinds.includes('open') ? 'open' : 'none');
  const text = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    iconCreateFunction: c => {
      const markers = c.getAllChildMarkers();
      return L.divIcon({
        className: 'map-cluster map-' + worst(markers.map(m => m.options.unitKind)),
        html: '<span>' + markers.length + '</span>',
        iconSize: [34, 34],
      });
    },
  });
  const bounds = [];
  for (const u of units) {
    const marker = L.marker([u.lat, u.lon], {
      unitKind: kind(u),
      title: u.name,
      icon: L.divIcon({ className: 'map-point map-' + kind(u), iconSize: [16, 16] }),
    });
    marker.bindPopup('<a href="/units/' + text(u.id) + '">' + text(u.name) + '</a><br>' + text(u.area) +
      (u.open > 0 ? '<br>未整改隐患 ' + u.open + ' 项' + (u.overdue > 0 ? '（逾期 ' + u.overdue + '）' : '') : '<br>无未整改隐患'));
    clusters.addLayer(marker);
    bounds.push([u.lat, u.lon]);
  }

  // The grid: meridians and parallels at a round step for the view, labelled in degrees, drawn again as the view moves.
  const grid = L.layerGroup().addTo(map);
  const label = (at, text, anchor) => L.marker(at, { interactive: false, keyboard: false,
    icon: L.divIcon({ className: 'map-gridlabel', html: text, iconSize: [64, 14], iconAnchor: anchor }) });
  function drawGrid() {
    grid.clearLayers();
    const b = map.getBounds(), south = b.getSouth(), north = b.getNorth(), west = b.getWest(), east = b.getEast();
    const step = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5].find(s => Math.max(north - south, east - west) / s <= 8) || 5;
    const digits = Math.max(0, -Math.floor(Math.log10(step)));
    for (let lon = Math.ceil(west / step) * step; lon <= east; lon += step) {
      grid.addLayer(L.polyline([[south, lon], [north, lon]], { className: 'map-gridline', color: '#c9c4b5', weight: 1, interactive: false }));
      grid.addLayer(label([south, lon], lon.toFixed(digits) + '°E', [-2, 16]));
    }
    for (let lat = Math.ceil(south / step) * step; lat <= north; lat += step) {
      grid.addLayer(L.polyline([[lat, west], [lat, east]], { className: 'map-gridline', color: '#c9c4b5', weight: 1, interactive: false }));
      grid.addLayer(label([lat, west], lat.toFixed(digits) + '°N', [-4, 16]));
    }
  }
  map.on('moveend', drawGrid);
  clusters.addTo(map);
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 });
  drawGrid();
  box.dataset.ready = 'true'; // drawn (the browser test waits for it)
})();
