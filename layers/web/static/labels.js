// Frontier Atlas: labels that do not collide (see layers/plan/label_placement.py). state.place gives each
// label a code per zoom level: the side of its point it goes on, or "-" (hidden there).
// atlas.labelPlacement(map) adds to atlas.onState a function the steering calls with
// each state; the map re-places its labels after every zoom.
var atlas = window.atlas = window.atlas || {};  // the one namespace of our scripts
atlas.labelPlacement = function(map) {
    var last = null;
    function placeAll() {
        var place = last && last.place, layers = atlas.layers || {};
        if (!place) return;
        var top = place.labels[Object.keys(place.labels)[0]] || [''];
        var level = Math.round((map.getZoom() - place.min) / place.step);
        level = Math.max(0, Math.min(level, (top[0] || '').length - 1));
        Object.keys(place.labels).forEach(function(key) {
            var entry = layers[key], codes = place.labels[key];
            if (!entry) return;
            entry.labels.forEach(function(marker, i) {
                var icon = marker._icon;
                if (icon) icon.setAttribute('data-place', (codes[i] || '').charAt(level) || '-');
            });
        });
    }
    (atlas.onState = atlas.onState || []).push(function(state) {
        last = state;
        map.getContainer().classList.toggle('fa-tour', state.fit.move.indexOf('scene:') === 0);
        placeAll();
    });
    map.on('zoomend', placeAll);
};
