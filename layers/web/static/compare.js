// Frontier Atlas: two years side by side (see layers/web/compare.py, layers/plan/comparison.py).
// atlas.compare(map) adds to atlas.onState a function the steering calls with each state.
// A state with `compare` ({years: [left, right], names}) shows what either year shows: a
// feature of both years stays in its own pane, a feature of one year only moves to that
// side's copy of its pane, and each side's panes are clipped at the divider. The divider is
// a focusable separator: dragged by mouse or touch, moved by the arrow keys (Home, End).
var atlas = window.atlas = window.atlas || {};  // the one namespace of our scripts
atlas.compare = function(map) {
    var c = map.getContainer(), pair = null, frac = 0.5, dragging = false;
    var BASES = {overlayPane: 400, 'fa-lines': 410, 'fa-points': 420, markerPane: 600};
    var SIDES = ['left', 'right'], layers = atlas.layers || {}, members = {};
    SIDES.forEach(function(side) {
        Object.keys(BASES).forEach(function(base) {
            var pane = map.createPane('fa-cmp-' + side + '-' + base);
            pane.style.zIndex = BASES[base];
            pane.setAttribute('data-side', side);
        });
    });
    Object.keys(layers).forEach(function(k) {  // every feature, before the timeline hides any
        members[k] = layers[k].geojson ? layers[k].geojson.getLayers().slice() : [];
    });
    var bar = L.DomUtil.create('div', 'fa-compare-bar', c);
    var tags = SIDES.map(function(side) {
        return L.DomUtil.create('div', 'fa-compare-tag fa-compare-' + side, c);
    });
    bar.tabIndex = 0;
    bar.setAttribute('role', 'separator');
    bar.setAttribute('aria-orientation', 'vertical');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    L.DomEvent.disableClickPropagation(bar);
    L.DomEvent.disableScrollPropagation(bar);
    function inTime(year, y) {  // as steering.js: [start, end] both included; null: now
        if (year == null) return !y || y[1] == null;
        return !y || ((y[0] == null || y[0] <= year) && (y[1] == null || year <= y[1]));
    }
    function sideOf(y) {
        if (!pair) return 'own';
        var l = inTime(pair.years[0], y), r = inTime(pair.years[1], y);
        return l && r ? 'own' : l ? 'left' : r ? 'right' : null;
    }
    function put(group, thing, side) {  // show ``thing`` in ``side``'s pane (null: hide it)
        if (thing.atlasPane === undefined) thing.atlasPane = thing.options.pane;
        var pane = side === 'own' ? thing.atlasPane : 'fa-cmp-' + side + '-' + thing.atlasPane;
        var had = group.hasLayer(thing);
        if (side === null) { if (had) group.removeLayer(thing); return; }
        if (had && thing.options.pane === pane) return;
        if (had) group.removeLayer(thing);
        thing.options.pane = pane;
        if (had || pair) group.addLayer(thing);
    }
    function clip() {
        var size = map.getSize(), x = Math.round(size.x * frac);
        var nw = map.containerPointToLayerPoint([0, 0]), se = map.containerPointToLayerPoint(size);
        var mid = nw.x + x, spans = {left: [nw.x, mid], right: [mid, se.x]};
        SIDES.forEach(function(side) {
            var s = spans[side], box = 'polygon(' + [[s[0], nw.y], [s[1], nw.y], [s[1], se.y],
                [s[0], se.y]].map(function(p) { return p[0] + 'px ' + p[1] + 'px'; }).join(',') + ')';
            Object.keys(BASES).forEach(function(base) {
                map.getPane('fa-cmp-' + side + '-' + base).style.clipPath = box;
            });
        });
        bar.style.left = x + 'px';
        tags[0].style.right = (size.x - x + 10) + 'px';
        tags[1].style.left = (x + 10) + 'px';
        var now = Math.round(frac * 100);
        bar.setAttribute('aria-valuenow', String(now));
        if (pair) bar.setAttribute('aria-valuetext', now + '%: ' + pair.names[0] +
            ' left of the divider, ' + pair.names[1] + ' right of it');
    }
    function move(to) { frac = Math.max(0, Math.min(1, to)); clip(); }
    bar.addEventListener('keydown', function(e) {
        var step = e.shiftKey ? 0.2 : 0.05, keys = {ArrowLeft: frac - step, ArrowDown: frac - step,
            ArrowRight: frac + step, ArrowUp: frac + step, Home: 0, End: 1};
        if (!(e.key in keys)) return;
        move(keys[e.key]);
        e.preventDefault();
        e.stopPropagation();
    });
    bar.addEventListener('pointerdown', function(e) {
        dragging = true;
        bar.setPointerCapture(e.pointerId);
        map.dragging.disable();
        e.preventDefault();
    });
    bar.addEventListener('pointermove', function(e) {
        if (!dragging) return;
        var r = c.getBoundingClientRect();
        move((e.clientX - r.left) / r.width);
    });
    function drop() { if (dragging) { dragging = false; map.dragging.enable(); } }
    bar.addEventListener('pointerup', drop);
    bar.addEventListener('pointercancel', drop);
    (atlas.onState = atlas.onState || []).push(function(s) {
        pair = s.compare;
        c.classList.toggle('fa-comparing', !!pair);
        Object.keys(layers).forEach(function(k) {
            var entry = layers[k];
            members[k].forEach(function(f) { put(entry.geojson, f, sideOf(f.feature.properties.years)); });
            entry.labels.forEach(function(m) { put(entry.group, m, sideOf(m.options.atlas.year)); });
        });
        if (!pair) return;
        var name = pair.names.join(' | '), asOf = c.querySelector('.fa-asof');
        bar.setAttribute('aria-label', 'Compare divider: ' + name);
        tags[0].textContent = pair.names[0];
        tags[1].textContent = pair.names[1];
        if (asOf) asOf.textContent = ', ' + name;
        clip();
    });
    map.on('move zoom zoomend resize viewreset', function() { if (pair) clip(); });
};
