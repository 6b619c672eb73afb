// Frontier Atlas: steer the map in the browser (see layers/web/steering.py).
// atlas.steer(map, tiles, initial) defines atlas.apply(state) and applies the first
// state: layers, timeline year, labels, distances, language, highlights, base tiles, and
// a fly to new bounds only when the state names a new explicit move (fit.move): the
// frame (fit.bounds) on a wide map, the subject (fit.subject) on one narrower than fit.narrow px.
// Points that share a position (reports placed on one island's reference point): the one
// drawn on top stays there, the others move out to a ring of RING_PX pixels around it at
// every zoom, so each can be clicked (a marker is at most 7 px in radius, 11 highlighted).
// The ring is turned (in steps of 45°) to keep as far as it can from other points.
var atlas = window.atlas = window.atlas || {};  // the one namespace of our scripts
atlas.spread = function(map, layers) {
    var RING_PX = 16, spots = {}, all = [];
    Object.keys(layers).forEach(function(k) {
        (layers[k].geojson ? layers[k].geojson.getLayers() : []).forEach(function(f) {
            if (!(f instanceof L.CircleMarker)) return;
            var home = f.getLatLng(), key = home.lat.toFixed(6) + ',' + home.lng.toFixed(6);
            f.atlasHome = home;
            all.push(f);
            (spots[key] = spots[key] || []).push(f);
        });
    });
    var shared = Object.keys(spots).map(function(k) { return spots[k]; })
        .filter(function(group) { return group.length > 1; });
    function ring(centre, moved, turn) {
        var out = [];
        for (var i = 0; i < moved; i++) {
            var a = turn + 2 * Math.PI * i / moved;
            out.push(centre.add(L.point(RING_PX * Math.cos(a), RING_PX * Math.sin(a))));
        }
        return out;
    }
    function place() {
        shared.forEach(function(group) {
            var centre = map.latLngToLayerPoint(group[0].atlasHome), moved = group.length - 1;
            var others = all.filter(function(f) { return group.indexOf(f) < 0; })
                .map(function(f) { return map.latLngToLayerPoint(f.atlasHome); });
            var best = null, bestGap = -1;
            for (var step = 0; step < 8; step++) {
                var spots = ring(centre, moved, step * Math.PI / 4), gap = Infinity;
                spots.forEach(function(spot) {
                    others.forEach(function(o) { gap = Math.min(gap, spot.distanceTo(o)); });
                });
                if (gap > bestGap + 0.5) { best = spots; bestGap = gap; }
            }
            group.slice(0, moved).forEach(function(f, i) {
                f.setLatLng(map.layerPointToLatLng(best[i]));
            });
        });
    }
    map.on('zoomend viewreset', place);
    place();
};
atlas.steer = function(map, tiles, initial) {
    var layers = atlas.layers || {};
    atlas.spread(map, layers);
    var host = null, lastMove = null, tileLayer = null, tileKey = null, lastFocus = null;
    try { host = window.parent !== window && window.parent.document ? window.parent : null; }
    catch (e) { host = null; }  // a map opened from disk has no page around it
    if (host) host.atlas = host.atlas || {};  // the page's half: the state it handed over, the view
    var members = {};
    Object.keys(layers).forEach(function(k) {
        members[k] = layers[k].geojson ? layers[k].geojson.getLayers().slice() : [];
    });
    // y: a feature's [start year, end year] (either may be null), both ends included
    // year null: now, when what has ended is gone
    function inTime(year, y) {
        if (year == null) return !y || y[1] == null;
        return !y || ((y[0] == null || y[0] <= year) && (y[1] == null || year <= y[1]));
    }
    function show(group, thing, on) {
        if (on && !group.hasLayer(thing)) group.addLayer(thing);
        if (!on && group.hasLayer(thing)) group.removeLayer(thing);
    }
    function steerLayer(k, s, marked) {
        var entry = layers[k], on = k === '_distances' ? s.distances : s.layers.indexOf(k) >= 0;
        if (on !== map.hasLayer(entry.group)) on ? entry.group.addTo(map) : map.removeLayer(entry.group);
        members[k].forEach(function(f) {
            var p = f.feature.properties, hl = !!marked[k + '/' + p.id];
            show(entry.geojson, f, inTime(s.year, p.years));
            if (f.setStyle) f.setStyle(hl ? p.hl : p.style);
            if (hl && f.bringToFront && entry.geojson.hasLayer(f)) f.bringToFront();
        });
        entry.labels.forEach(function(m) {
            var d = m.options.atlas, keep = d.keepable && !!marked[k + '/' + d.id];
            show(entry.group, m, inTime(s.year, d.year));
            if (keep !== d.keep) {
                d.keep = keep;
                m.setIcon(L.divIcon({className: 'fa-label-icon', iconSize: [0, 0],
                    html: keep ? d.html.replace('class="fa-label', 'class="fa-label fa-keep') : d.html}));
            }
        });
        map.getContainer().querySelectorAll('.fa-legend [data-layer]').forEach(function(row) {
            if (row.dataset.layer === k) row.style.display = on ? '' : 'none';
        });
    }
    function steerTiles(key) {
        if (key === tileKey) return;
        if (tileLayer) { map.removeLayer(tileLayer); tileLayer = null; }
        tileKey = key;
        if (key && tiles[key]) {
            tileLayer = L.tileLayer(tiles[key][0], {attribution: tiles[key][1], maxZoom: 12});
            tileLayer.addTo(map).bringToBack();
        }
    }
    // A narrow map (a phone) fits the view's subject; a wide one its whole frame.
    function framed(fit) {
        return fit.subject && map.getSize().x < fit.narrow ? fit.subject : fit.bounds;
    }
    function steerView(fit, first) {
        if (!fit || fit.move === lastMove) return;
        var kept = first && host && host.atlas.view && host.atlas.move === fit.move;
        if (kept) map.setView(host.atlas.view.center, host.atlas.view.zoom, {animate: false});
        else if (first) map.fitBounds(framed(fit), {animate: false});
        else map.flyToBounds(framed(fit), {duration: 0.8});
        lastMove = fit.move;
        if (host) host.atlas.move = fit.move;
    }
    // A feature chosen in the page's table: show it (its layer too), fly to it and open
    // its popup; once per choice, so a later change does not fly back to it.
    function steerFocus(focus) {
        var key = focus ? focus.join('/') : null;
        if (key === lastFocus) return;
        lastFocus = key;
        var entry = focus && layers[focus[0]];
        var f = entry && members[focus[0]].find(function(m) { return m.feature.properties.id === focus[1]; });
        if (!f) return;
        if (!map.hasLayer(entry.group)) entry.group.addTo(map);
        show(entry.geojson, f, true);
        var spot = f.getLatLng ? f.getLatLng() : f.getBounds().getCenter();
        map.once('moveend', function() { f.fire('click', {latlng: spot}, true); });
        if (f.getLatLng) map.flyTo(spot, Math.max(map.getZoom(), 8), {duration: 0.8});
        else map.flyToBounds(f.getBounds(), {maxZoom: 9, duration: 0.8});
    }
    function apply(s, first) {
        var c = map.getContainer(), marked = {};
        ['en', 'ja', 'ru'].forEach(function(l) { c.classList.toggle('fa-lang-' + l, s.lang === l); });
        c.classList.toggle('fa-nolabels', !s.labels);
        (s.highlight || []).forEach(function(p) { marked[p[0] + '/' + p[1]] = true; });
        Object.keys(layers).forEach(function(k) { steerLayer(k, s, marked); });
        var title = c.querySelector('.fa-title'), asOf = c.querySelector('.fa-asof');
        if (title) title.textContent = s.title;
        var sources = c.querySelector('.fa-sources-line');
        if (sources) sources.textContent = s.sources;
        if (asOf) asOf.textContent = s.year === null ? '' : ', as of ' + s.year;
        steerTiles(s.tiles);
        steerView(s.fit, first);
        steerFocus(s.focus);
        (atlas.onState || []).forEach(function(f) { f(s); });  // labels.js, fold.js
        c.setAttribute('data-atlas-state', s.version);
        atlas.state = s;  // what the map shows now (layers/web/static/a11y.js orders Tab by it)
    }
    // The map may draw before the page hands over its first state (it is sent first): that
    // state is applied as a start, without a flight; every later one is a change.
    var started = !!(host && host.atlas.state);
    atlas.apply = function(s) { apply(s, !started); started = true; };
    apply((host && host.atlas.state) || initial, true);
    map.on('moveend', function() {
        if (host) host.atlas.view = {center: map.getCenter(), zoom: map.getZoom()};
    });
};
