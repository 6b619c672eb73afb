// Frontier Atlas: the map by keyboard and screen reader (see layers/web/a11y.py).
// atlas.a11y(map, layers, text): names the map and every feature, gives the features a
// Tab order a person would choose (the scene's highlighted subject first, then layer by
// layer, north to south), draws a dark-and-light ring around the focused feature, opens
// its popup with Enter (focus on the popup's heading) and closes it with Escape (focus
// back on the feature); adds a "skip the map" link; keeps a click on the map from
// scrolling the page. Keys it binds: Tab, Shift+Tab, Enter, Escape (nothing else).
var atlas = window.atlas = window.atlas || {};  // the one namespace of our scripts
atlas.a11y = function(map, layers, text) {
    var c = map.getContainer(), doc = document, host = null, ring = [], watch = null;
    try { host = window.parent !== window && window.parent.document ? window.parent : null; }
    catch (e) { host = null; }  // a map opened from disk has no page around it
    c.setAttribute('role', 'region');
    c.setAttribute('aria-label', text.label);
    if (host && window.frameElement) window.frameElement.title = text.label;
    if (host && !host.document.getElementById('fa-page-a11y')) {  // the page's own rules
        var script = host.document.createElement('script');
        script.id = 'fa-page-a11y';
        script.textContent = text.page;
        host.document.head.appendChild(script);
    }

    var names = {};  // popup HTML -> {lang: "name, layer"}
    function lang() { return (atlas.state && atlas.state.lang) || 'en'; }
    function nameOf(f) {
        var html = f.feature.properties.popup_html, key = lang();
        if (!names[html]) {
            var d = new DOMParser().parseFromString(html, 'text/html'), out = {};
            var h = d.querySelector('h3'), layer = d.querySelector('.fa-layer');
            ['en', 'ja', 'ru'].forEach(function(l) {
                var own = h && (h.querySelector('[lang="' + l + '"]') || h);
                out[l] = (own ? own.textContent.trim() : '') +
                    (layer ? ', ' + layer.textContent.trim() : '');
            });
            names[html] = out;
        }
        return names[html][key];
    }
    function prep(f) {  // every drawn path: out of the page's Tab order, named if it has a popup
        var p = f && f._path;
        if (!p) return;
        p.setAttribute('tabindex', '-1');
        if (f.feature && f.feature.properties.popup_html) {
            p.setAttribute('role', 'button');
            p.setAttribute('aria-haspopup', 'dialog');
            p.setAttribute('aria-label', nameOf(f));
        } else {
            p.setAttribute('aria-hidden', 'true');
        }
    }
    map.eachLayer(prep);
    map.on('layeradd', function(e) { prep(e.layer); });
    new MutationObserver(function() { map.eachLayer(prep); })  // a new language: new names
        .observe(c, {attributes: true, attributeFilter: ['class']});

    // The Tab order: features on the map and in view, highlighted first, then by layer.
    function features() {
        var s = atlas.state || {}, marked = {}, view = map.getBounds(), out = [];
        (s.highlight || []).forEach(function(p) { marked[p[0] + '/' + p[1]] = true; });
        Object.keys(layers).forEach(function(k, rank) {
            var entry = layers[k];
            if (!entry.geojson || !map.hasLayer(entry.group)) return;
            entry.geojson.eachLayer(function(f) {
                var p = f.feature.properties;
                if (!f._path || !p.popup_html || !map.hasLayer(f)) return;
                var b = f.getLatLng ? L.latLngBounds([f.getLatLng()]) : f.getBounds();
                if (!view.intersects(b)) return;
                // an unfilled line (a route, a range ring) counts when a vertex of it is in
                // view: a ring's box can meet the view while the ring itself is off screen
                if (!f.getLatLng && f.options.fill === false &&
                    !f.getLatLngs().flat(2).some(function(ll) { return view.contains(ll); })) return;
                var mid = b.getCenter();
                out.push({f: f, hl: marked[k + '/' + p.id] ? 0 : 1, rank: rank, lat: mid.lat,
                          lng: mid.lng});
            });
        });
        out.sort(function(a, b) {
            return a.hl - b.hl || a.rank - b.rank || b.lat - a.lat || a.lng - b.lng;
        });
        return out.map(function(o) { return o.f; });
    }
    function featureOf(el) {
        var found = null;
        if (el && el.tagName && el.tagName.toLowerCase() === 'path') {
            map.eachLayer(function(f) { if (f._path === el && f.feature) found = f; });
        }
        return found;
    }
    function focusFeature(f) { prep(f); f._path.focus(); }
    function controls() {
        return Array.prototype.filter.call(c.querySelectorAll(
            '.leaflet-control-container a[href], .leaflet-control-container button, ' +
            '.leaflet-control-container input, .leaflet-control-container [tabindex="0"]'),
            function(el) { return el.offsetParent !== null; });
    }
    function onTab(e) {
        var here = doc.activeElement, list = features(), f = featureOf(here);
        var i = f ? list.indexOf(f) : -1;
        if (!list.length) return;
        if (!e.shiftKey && here === c) { focusFeature(list[0]); }
        else if (!e.shiftKey && i >= 0 && i < list.length - 1) { focusFeature(list[i + 1]); }
        else if (e.shiftKey && i > 0) { focusFeature(list[i - 1]); }
        else if (e.shiftKey && i === 0) { c.focus(); }
        else if (e.shiftKey && here === controls()[0]) { focusFeature(list[list.length - 1]); }
        else return;
        e.preventDefault();
    }

    // A ring on the focused feature: a wide dark stroke under a narrow light one, on top of
    // the feature, so it shows against light land and dark lines alike.
    function clearRing() {
        ring.forEach(function(r) { r.remove(); });
        ring = [];
        if (watch) { watch.disconnect(); watch = null; }
    }
    function drawRing(p) {
        clearRing();
        p.classList.add('fa-ringed');
        var width = parseFloat(p.getAttribute('stroke-width')) || 2, next = p.nextSibling;
        [['#111111', width + 7], ['#ffffff', width + 2]].forEach(function(pen) {
            var r = doc.createElementNS('http://www.w3.org/2000/svg', 'path');
            r.setAttribute('class', 'fa-ring');
            r.setAttribute('d', p.getAttribute('d'));
            r.setAttribute('fill', 'none');
            r.setAttribute('stroke', pen[0]);
            r.setAttribute('stroke-width', pen[1]);
            r.setAttribute('stroke-linejoin', 'round');
            r.setAttribute('stroke-linecap', 'round');
            r.setAttribute('aria-hidden', 'true');
            p.parentNode.insertBefore(r, next);  // dark first, light on top of it
            ring.push(r);
        });
        watch = new MutationObserver(function() {  // the map moved: Leaflet redrew the path
            ring.forEach(function(r) { r.setAttribute('d', p.getAttribute('d')); });
        });
        watch.observe(p, {attributes: true, attributeFilter: ['d']});
    }
    c.addEventListener('focusin', function(e) { if (featureOf(e.target)) drawRing(e.target); });
    c.addEventListener('focusout', function(e) { if (featureOf(e.target)) clearRing(); });

    // Enter opens the popup as a click would; the popup is a dialog named by its heading.
    var opener = null;
    function openFrom(f) {
        var at = f.getLatLng ? f.getLatLng() : f.getCenter();
        opener = f;
        f.fire('click', {latlng: at, originalEvent: null}, true);
    }
    map.on('popupopen', function(e) {
        var box = e.popup.getElement(), h = box && box.querySelector('h3');
        if (!h) return;
        h.id = h.id || 'fa-popup-heading';
        h.setAttribute('tabindex', '-1');
        box.setAttribute('role', 'dialog');
        box.setAttribute('aria-labelledby', h.id);
        if (opener) h.focus({preventScroll: true});
    });
    map.on('popupclose', function(e) {
        var back = opener || e.popup._source, box = e.popup.getElement();
        var inside = box && box.contains(doc.activeElement);
        opener = null;
        if (back && back._path && (inside || doc.activeElement === doc.body)) focusFeature(back);
    });
    c.addEventListener('keydown', function(e) {
        if (e.key === 'Tab') { onTab(e); return; }
        var f = featureOf(doc.activeElement);
        if (e.key === 'Enter' && f) { e.preventDefault(); openFrom(f); }
        else if (e.key === 'Escape' && map._popup && map.hasLayer(map._popup)) {
            var source = map._popup._source;
            opener = opener || (source && source._path ? source : null);
            e.preventDefault();
            map.closePopup();
        }
    });

    // A click focuses the map (for its arrow keys) without scrolling the page under the
    // pointer: Leaflet's own focus would scroll it, and the click would land elsewhere.
    if (map.keyboard) {
        map.keyboard.disable();
        map.keyboard._onMouseDown = function() {
            if (!this._focused) c.focus({preventScroll: true});
        };
        map.keyboard.enable();
    }
    c.addEventListener('mousedown', function(e) {  // a feature takes no focus from a click
        if (featureOf(e.target)) e.preventDefault();
    });

    // "Skip the map": the first stop in the frame, to the page's next control after it.
    if (host && window.frameElement) {
        var skip = doc.createElement('a');
        skip.href = '#';
        skip.className = 'fa-skip';
        skip.textContent = text.skip;
        skip.addEventListener('click', function(e) {
            e.preventDefault();
            var frame = window.frameElement, next = null;
            host.document.querySelectorAll(text.tabbable).forEach(function(el) {
                if (!next && !frame.contains(el) && el.offsetParent !== null &&
                    (frame.compareDocumentPosition(el) & 4)) next = el;  // follows the frame
            });
            if (next) next.focus();
        });
        doc.body.insertBefore(skip, doc.body.firstChild);
    }
};
