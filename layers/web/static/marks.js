// Frontier Atlas: a reader's own marks (see layers/web/marks.py). atlas.markTools(map) adds
// a toolbar ("Draw a line", "Draw an area", "Add a point", "Add a text label", "Delete
// marks"): a line or an area is drawn by clicking its vertices (or Space: the map's centre)
// and finished by clicking the last vertex again or pressing Enter (Escape cancels). A
// click on a mark selects it: its vertices and a move handle can be dragged, and a panel
// sets its colour, dashes, arrow head and label. Lines show their geodesic length, areas
// their geodesic area (atlas.geodesic: WGS84, Vincenty and the authalic sphere, checked
// against pyproj.Geod in tests/web/test_marks_browser.py). Labels are set as text, never
// HTML. Marks live in window.drawnItems and each change fires draw:created / draw:edited /
// draw:deleted: streamlit-folium sends them to the page as `all_drawings`.
var atlas = window.atlas = window.atlas || {};  // the one namespace of our scripts
atlas.geodesic = (function() {
    var A = 6378137, F = 1 / 298.257223563, B = A * (1 - F), E2 = F * (2 - F), E = Math.sqrt(E2);
    var RAD = Math.PI / 180;
    function metres(p, q) {  // Vincenty's inverse formula on WGS84; p, q: [lat, lng]
        var L0 = (q[1] - p[1]) * RAD, U1 = Math.atan((1 - F) * Math.tan(p[0] * RAD));
        var U2 = Math.atan((1 - F) * Math.tan(q[0] * RAD)), sU1 = Math.sin(U1), cU1 = Math.cos(U1);
        var sU2 = Math.sin(U2), cU2 = Math.cos(U2), lam = L0, prev, sS, cS, sig, cA2, c2m;
        for (var i = 0; i < 200; i++) {
            var sl = Math.sin(lam), cl = Math.cos(lam);
            sS = Math.sqrt(Math.pow(cU2 * sl, 2) + Math.pow(cU1 * sU2 - sU1 * cU2 * cl, 2));
            if (sS === 0) return 0;
            cS = sU1 * sU2 + cU1 * cU2 * cl;
            sig = Math.atan2(sS, cS);
            var sA = cU1 * cU2 * sl / sS;
            cA2 = 1 - sA * sA;
            c2m = cA2 ? cS - 2 * sU1 * sU2 / cA2 : 0;
            var C = F / 16 * cA2 * (4 + F * (4 - 3 * cA2));
            prev = lam;
            lam = L0 + (1 - C) * F * sA * (sig + C * sS * (c2m + C * cS * (2 * c2m * c2m - 1)));
            if (Math.abs(lam - prev) < 1e-12) break;
        }
        var u2 = cA2 * (A * A - B * B) / (B * B);
        var a = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
        var b = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
        var dS = b * sS * (c2m + b / 4 * (cS * (2 * c2m * c2m - 1) -
            b / 6 * c2m * (4 * sS * sS - 3) * (4 * c2m * c2m - 3)));
        return B * a * (sig - dS);
    }
    function q(phi) {  // for the authalic latitude
        var s = Math.sin(phi);
        return (1 - E2) * (s / (1 - E2 * s * s) - Math.log((1 - E * s) / (1 + E * s)) / (2 * E));
    }
    var QP = q(Math.PI / 2), RQ = A * Math.sqrt(QP / 2);
    function km(points) {  // a path's length
        var m = 0;
        for (var i = 1; i < points.length; i++) m += metres(points[i - 1], points[i]);
        return m / 1000;
    }
    function km2(points) {  // a ring's area: equal-area onto the authalic sphere, exact excess
        var sum = 0, n = points.length;
        for (var i = 0; i < n; i++) {
            var p = points[i], r = points[(i + 1) % n];
            var b1 = Math.asin(q(p[0] * RAD) / QP), b2 = Math.asin(q(r[0] * RAD) / QP);
            var t1 = Math.tan(b1 / 2), t2 = Math.tan(b2 / 2), dl = (r[1] - p[1]) * RAD;
            sum += 2 * Math.atan2(Math.tan(dl / 2) * (t1 + t2), 1 + t1 * t2);
        }
        return Math.abs(sum) * RQ * RQ / 1e6;
    }
    return {km: km, km2: km2};
})();
atlas.markTools = function(map) {
    var cfg = atlas.markConfig, colors = Object.keys(cfg.colors);
    var renderer = L.svg({padding: 0.5}), group = L.featureGroup().addTo(map);
    window.drawnItems = group;
    var mode = null, points = [], sketch = null, selected = null, handles = [], made = 0;
    var deleted = {};  // ids the reader deleted: a state sent before it cannot bring them back
    var NAMES = {line: 'Draw a line', area: 'Draw an area', point: 'Add a point',
                 text: 'Add a text label'};
    var GLYPHS = {line: '\u2571', area: '\u25B1', point: '\u2022', text: 'T', del: '\u2715'};
    function named(b, name) { b.setAttribute('aria-label', name); b.title = name; }
    var bar = L.control({position: 'topleft'}), box, status, panel, fields = {}, buttons = {};
    function el(tag, cls, parent, text) {
        var e = L.DomUtil.create(tag, cls || '', parent);
        if (text) e.textContent = text;
        return e;
    }
    function fmt(x) { return x.toLocaleString('en-US', {minimumFractionDigits: 1, maximumFractionDigits: 1}); }
    function latlngs(m) {
        var ll = m.getLatLng ? [m.getLatLng()] : m.getLatLngs();
        return (Array.isArray(ll[0]) ? ll[0] : ll).map(function(p) { return [p.lat, p.lng]; });
    }
    function measure(m) {
        var p = m.feature.properties;
        if (p.kind === 'line') {
            var k = atlas.geodesic.km(latlngs(m));
            return fmt(k) + ' km (' + fmt(k / 1.852) + ' nmi)';
        }
        return p.kind === 'area' ? fmt(atlas.geodesic.km2(latlngs(m))) + ' km²' : '';
    }
    function arrowDefs() {
        var svg = renderer._container, ns = 'http://www.w3.org/2000/svg';
        if (!svg || svg.querySelector('defs.fa-arrows')) return;
        var defs = document.createElementNS(ns, 'defs');
        defs.setAttribute('class', 'fa-arrows');
        colors.forEach(function(c, i) {
            var mk = document.createElementNS(ns, 'marker'), path = document.createElementNS(ns, 'path');
            [['id', 'fa-arrow-' + i], ['viewBox', '0 0 10 10'], ['refX', '8'], ['refY', '5'],
             ['markerWidth', '5'], ['markerHeight', '5'], ['orient', 'auto-start-reverse']]
                .forEach(function(a) { mk.setAttribute(a[0], a[1]); });
            path.setAttribute('d', 'M0,0 L10,5 L0,10 z');
            path.setAttribute('fill', c);
            mk.appendChild(path);
            defs.appendChild(mk);
        });
        svg.insertBefore(defs, svg.firstChild);
    }
    function decorate(m) {  // style, arrow head, and a tooltip of label and measure (as text)
        var p = m.feature.properties, tip = el('span'), said = measure(m);
        if (p.label) el('span', 'fa-mark-label', tip, p.label);
        if (p.label && said) el('br', '', tip);
        if (said) el('span', 'fa-mark-measure', tip, said);
        if (m.setStyle) {
            m.setStyle({color: p.color, weight: 3, opacity: 0.95, dashArray: p.dashed ? '8 6' : null,
                        fillColor: p.color, fillOpacity: p.kind === 'area' ? 0.12 : 0});
            arrowDefs();
            if (m._path) {
                if (p.arrow) m._path.setAttribute('marker-end', 'url(#fa-arrow-' + colors.indexOf(p.color) + ')');
                else m._path.removeAttribute('marker-end');
            }
        } else {
            var icon = el('span', p.kind === 'text' ? 'fa-mark-text' : 'fa-mark-dot');
            icon.style.color = p.color;
            icon.style.borderColor = p.color;
            if (p.kind === 'text') icon.textContent = p.label || 'Label';
            m.setIcon(L.divIcon({className: 'fa-mark-icon', html: icon, iconSize: null}));
        }
        var shown = tip.childNodes.length && p.kind !== 'text', old = m.getTooltip();
        if (old && shown) { old.setContent(tip); m.openTooltip(); }  // one tooltip, kept
        else if (old) m.unbindTooltip();
        else if (shown)
            m.bindTooltip(tip, {permanent: true, direction: p.kind === 'point' ? 'right' : 'center',
                                className: 'fa-mark-tip'});
    }
    function report(kind, m) { map.fire('draw:' + kind, {layer: m, layers: L.layerGroup(m ? [m] : [])}); }
    function make(kind, at, props) {
        var p = L.extend({id: 'mark-' + Date.now().toString(36) + '-' + (made++), kind: kind,
                          color: colors[0], dashed: false, arrow: false, label: ''}, props || {});
        var opts = {renderer: renderer, bubblingMouseEvents: false};
        var m = kind === 'line' ? new L.Polyline(at, opts) : kind === 'area' ? new L.Polygon(at, opts)
            : L.marker(at[0], {keyboard: false, bubblingMouseEvents: false,
                               icon: L.divIcon({className: 'fa-mark-icon'})});
        m.feature = {type: 'Feature', properties: p};
        group.addLayer(m);
        decorate(m);
        m.on('click', function(e) { L.DomEvent.stop(e); if (!mode) select(m); });
        return m;
    }
    function setMode(kind) {
        cancel();
        mode = kind;
        Object.keys(buttons).forEach(function(k) { buttons[k].setAttribute('aria-pressed', k === kind ? 'true' : 'false'); });
        if (kind) map.doubleClickZoom.disable();
        // while drawing, a click on a feature is a vertex, not its popup
        map.getContainer().classList.toggle('fa-drawing', !!kind);
        status.textContent = !kind ? '' : kind === 'line' || kind === 'area'
            ? 'Click the map for each vertex (or Space for its centre); click the last vertex again or press Enter to finish; Escape cancels.'
            : 'Click the map where it goes (or press Enter for its centre); Escape cancels.';
    }
    function cancel() {
        if (sketch) map.removeLayer(sketch);
        sketch = null; points = []; mode = null;
        map.doubleClickZoom.enable();
        map.getContainer().classList.remove('fa-drawing');
        Object.keys(buttons).forEach(function(k) { buttons[k].setAttribute('aria-pressed', 'false'); });
        if (status) status.textContent = '';
    }
    function finish() {
        var kind = mode, at = points.slice();
        cancel();
        if (at.length < (kind === 'area' ? 3 : 2)) return;
        var m = make(kind, at);
        report('created', m);
        select(m);
    }
    function addPoint(ll) {
        if (mode === 'point' || mode === 'text') {
            var kind = mode;
            cancel();
            var m = make(kind, [ll], kind === 'text' ? {label: 'Label'} : {});
            report('created', m);
            select(m);
            if (kind === 'text') fields.label.focus();
            return;
        }
        var last = points[points.length - 1], first = points[0];
        var near = function(p) { return p && map.latLngToContainerPoint(p).distanceTo(map.latLngToContainerPoint(ll)) < 10; };
        if (near(last) || (mode === 'area' && points.length > 2 && near(first))) { finish(); return; }
        points.push(ll);
        if (!sketch) sketch = new L.Polyline([], {renderer: renderer, interactive: false, dashArray: '4 4',
                                               color: colors[0], weight: 2}).addTo(map);
        sketch.setLatLngs(points);
        status.textContent = points.length + ' vertices; click the last one again or press Enter to finish.';
    }
    map.on('click', function(e) { if (mode) addPoint(e.latlng); else select(null); });
    document.addEventListener('keydown', function(e) {
        if (!mode) return;
        if (e.key === 'Escape') { cancel(); e.preventDefault(); return; }
        if (box.contains(e.target)) return;  // the toolbar's own controls keep their keys
        if (e.key === 'Enter' && (mode === 'line' || mode === 'area')) { finish(); e.preventDefault(); }
        else if (e.key === 'Enter' || e.key === ' ') {
            addPoint(map.getCenter()); e.preventDefault();
        }
    });
    function clearHandles() { handles.forEach(function(h) { map.removeLayer(h); }); handles = []; }
    function handle(at, cls, onDrag) {
        var h = L.marker(at, {draggable: true, keyboard: false, zIndexOffset: 1000,
                              icon: L.divIcon({className: cls, iconSize: [12, 12]})}).addTo(map);
        h.on('drag', onDrag);
        h.on('dragend', function() { report('edited', selected); });
        handles.push(h);
        return h;
    }
    function showHandles(m) {
        clearHandles();
        if (m.getLatLng) { m.dragging.enable(); return; }
        var ring = m.getLatLngs(), flat = Array.isArray(ring[0]) ? ring[0] : ring;
        flat.forEach(function(ll, i) {
            handle(ll, 'fa-mark-vertex', function(e) { flat[i] = e.target.getLatLng(); m.setLatLngs(ring); decorate(m); });
        });
        var start = null, from = null;
        var mover = handle(m.getBounds().getCenter(), 'fa-mark-move', function(e) {
            var at = e.target.getLatLng(), dlat = at.lat - start.lat, dlng = at.lng - start.lng;
            from.forEach(function(ll, i) { flat[i] = L.latLng(ll.lat + dlat, ll.lng + dlng); });
            m.setLatLngs(ring);
            decorate(m);
            handles.forEach(function(h, i) { if (i < flat.length) h.setLatLng(flat[i]); });
        });
        mover.on('dragstart', function() { start = mover.getLatLng(); from = flat.slice(); });
    }
    function select(m) {
        if (selected && selected.dragging) selected.dragging.disable();
        clearHandles();
        selected = m;
        panel.hidden = !m;
        if (!m) return;
        var p = m.feature.properties;
        fields.color.value = p.color;
        fields.dashed.checked = p.dashed;
        fields.arrow.checked = p.arrow;
        fields.arrow.parentNode.hidden = p.kind !== 'line';
        fields.dashed.parentNode.hidden = !m.setStyle;
        fields.label.value = p.label;
        showHandles(m);
    }
    group.on('dragend', function(e) { report('edited', e.layer); });  // a moved point or text
    function restyle() {
        if (!selected) return;
        var p = selected.feature.properties;
        p.color = fields.color.value;
        p.dashed = fields.dashed.checked;
        p.arrow = fields.arrow.checked && p.kind === 'line';
        p.label = fields.label.value.slice(0, cfg.maxLabel);
        decorate(selected);
        report('edited', selected);
    }
    bar.onAdd = function() {
        box = el('div', 'fa-marks leaflet-bar');
        box.setAttribute('role', 'toolbar');
        box.setAttribute('aria-label', 'Marks');
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        Object.keys(NAMES).forEach(function(k) {
            var b = buttons[k] = el('button', 'fa-tool-' + k, box, GLYPHS[k]);
            b.type = 'button';
            named(b, NAMES[k]);
            b.setAttribute('aria-pressed', 'false');
            b.addEventListener('click', function() {
                if (mode === k) { cancel(); return; }
                if (group.getLayers().length >= cfg.maxMarks) { status.textContent = 'At most ' + cfg.maxMarks + ' marks: delete one first.'; return; }
                select(null);
                setMode(k);
                map.getContainer().focus({preventScroll: true});  // arrows pan, Space, Enter
            });
        });
        var del = el('button', 'fa-tool-delete', box, GLYPHS.del);
        del.type = 'button';
        named(del, 'Delete marks');
        del.addEventListener('click', function() {
            cancel();
            var gone = selected ? [selected] : group.getLayers();
            select(null);
            gone.forEach(function(m) { deleted[m.feature.properties.id] = true; m.unbindTooltip(); group.removeLayer(m); });
            report('deleted', null);
            status.textContent = gone.length ? 'Deleted ' + gone.length + ' mark(s).' : 'No marks to delete.';
        });
        status = el('div', 'fa-mark-status', box);
        status.setAttribute('role', 'status');
        panel = el('div', 'fa-mark-panel', box);
        panel.hidden = true;
        var row = el('label', '', panel, 'Colour ');
        fields.color = el('select', '', row);
        colors.forEach(function(c) { var o = el('option', '', fields.color, cfg.colors[c]); o.value = c; });
        [['dashed', 'Dashed'], ['arrow', 'Arrow head']].forEach(function(f) {
            var lab = el('label', '', panel);
            fields[f[0]] = el('input', '', lab);
            fields[f[0]].type = 'checkbox';
            lab.appendChild(document.createTextNode(' ' + f[1]));
        });
        var lrow = el('label', '', panel, 'Label ');
        fields.label = el('input', '', lrow);
        fields.label.type = 'text';
        fields.label.maxLength = cfg.maxLabel;
        ['color', 'dashed', 'arrow'].forEach(function(k) { fields[k].addEventListener('change', restyle); });
        fields.label.addEventListener('change', restyle);
        fields.label.addEventListener('keydown', function(e) { if (e.key === 'Enter') { restyle(); e.preventDefault(); } });
        return box;
    };
    bar.addTo(map);
    function load(features) {  // marks the page hands over (a saved scene, an export): once each
        var have = {};
        group.eachLayer(function(m) { have[m.feature.properties.id] = true; });
        (features || []).forEach(function(f) {
            var g = f.geometry, p = f.properties, c = g.coordinates;
            if (have[p.id] || deleted[p.id]) return;
            var at = g.type === 'Polygon' ? c[0].slice(0, -1) : g.type === 'Point' ? [c] : c;
            make(p.kind, at.map(function(x) { return [x[1], x[0]]; }), p);
        });
    }
    (atlas.onState = atlas.onState || []).push(function(s) { load(s.marks); });
    if (atlas.state) load(atlas.state.marks);
};
