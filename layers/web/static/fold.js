// Frontier Atlas: a legend that folds away (see layers/web/fold.py). Its heading becomes a button
// that folds and unfolds it; after each explicit move (a focus, a tour scene) it folds by
// itself when the map is narrow or when it would cover the view's subject (the highlighted
// features) or a label, and unfolds when it covers none. A reader's own choice holds until the next move.
var atlas = window.atlas = window.atlas || {};  // the one namespace of our scripts
atlas.legendFold = function(map) {
    var container = map.getContainer(), legend = container.querySelector('.fa-legend');
    var head = legend && legend.querySelector('h4');
    if (!head) return;
    var button = L.DomUtil.create('button', 'fa-fold');
    button.type = 'button';
    button.textContent = head.textContent;
    head.textContent = '';
    head.appendChild(button);
    var state = null, move = null, chosen = false;
    function fold(on) {
        legend.classList.toggle('fa-folded', on);
        button.setAttribute('aria-expanded', on ? 'false' : 'true');
    }
    L.DomEvent.on(button, 'click', function() {
        chosen = true;
        fold(!legend.classList.contains('fa-folded'));
    });
    function subject() {  // pixel boxes of the highlighted features
        var boxes = [], layers = atlas.layers || {};
        (state.highlight || []).forEach(function(pair) {
            var entry = layers[pair[0]];
            if (!entry || !entry.geojson) return;
            entry.geojson.eachLayer(function(f) {
                if (f.feature.properties.id !== pair[1]) return;
                var b = f.getBounds ? f.getBounds() : L.latLngBounds([f.getLatLng(), f.getLatLng()]);
                var nw = map.latLngToContainerPoint(b.getNorthWest());
                var se = map.latLngToContainerPoint(b.getSouthEast());
                boxes.push([nw.x - 8, nw.y - 8, se.x + 8, se.y + 8]);
            });
        });
        return boxes;
    }
    function labels(at) {  // boxes of the labels shown, in the same pixels
        var boxes = [];
        container.querySelectorAll('.fa-label, .fa-dist').forEach(function(e) {
            if (e.offsetParent === null) return;
            var r = e.getBoundingClientRect();
            boxes.push([r.left - at.left, r.top - at.top, r.right - at.left, r.bottom - at.top]);
        });
        return boxes;
    }
    function check() {
        if (!state || chosen) return;
        fold(false);
        var at = container.getBoundingClientRect(), r = legend.getBoundingClientRect();
        var box = [r.left - at.left, r.top - at.top, r.right - at.left, r.bottom - at.top];
        var covers = subject().concat(labels(at)).some(function(o) {
            return o[0] < box[2] && box[0] < o[2] && o[1] < box[3] && box[1] < o[3];
        });
        fold(covers || at.width < 560);
    }
    (atlas.onState = atlas.onState || []).push(function(s) {
        state = s;
        if (s.fit.move !== move) { move = s.fit.move; chosen = false; }
        check();
    });
    map.on('moveend', check);
    // Labels widen when the carried font arrives (Japanese, say, in a map opened straight
    // into it from an address): look again then.
    if (document.fonts) document.fonts.addEventListener('loadingdone', check);
};
