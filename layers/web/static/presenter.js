// Frontier Atlas: presenter mode (see layers/presenter.py). One key map serves the page, the
// map inside its frame and the static site: each document listens, and hands the action
// to its owner's window.atlasPresenterAct(action), which says whether it did anything.
var ATLAS_KEYS = {
    ArrowRight: 'next', PageDown: 'next', ' ': 'next',
    ArrowLeft: 'prev', PageUp: 'prev',
    Home: 'first', End: 'last', f: 'full', F: 'full'
};
// four corners: drawn, so it needs no font (\x3c: the page's HTML sanitiser keeps this
// file whole only while it holds no tag)
var ATLAS_FULL_ICON = '\x3csvg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" ' +
    'fill="none" stroke="currentColor" stroke-width="2.4">\x3cpath d="M1 6V1h5M12 1h5v5M17 ' +
    '12v5h-5M6 17H1v-5"/>\x3c/svg>';
var ATLAS_OWN_KEYS = /^(slider|radio|listbox|combobox|option|menuitem|tab|textbox|spinbutton|searchbox)$/;

function atlasKeyAction(e) {
    var t = e.target;
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || !t) return null;
    // typing, or a control that uses these keys itself (a slider, a radio group, a list)
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return null;
    if (t.getAttribute && ATLAS_OWN_KEYS.test(t.getAttribute('role') || '')) return null;
    if (e.key === ' ' && t.closest && t.closest('button, a, summary, [role="button"]')) return null;
    return ATLAS_KEYS[e.key] || null;
}

function atlasListenKeys(doc, act) {
    if (doc.__atlasKeys) return;
    doc.__atlasKeys = true;
    doc.addEventListener('keydown', function(e) {
        var action = atlasKeyAction(e);
        if (action && act(action)) { e.preventDefault(); e.stopPropagation(); }
    }, true);  // before the map's own keys (arrows pan it): in the tour they change scenes
}

// The owner of the presenter: the page around the map's frame, or the map's own page.
function atlasPresenterOwner() {
    try {
        if (window.parent !== window && window.parent.atlasPresenterAct) return window.parent;
    } catch (e) { /* a page of another origin */ }
    return window;
}

// In the map: keys, a full-screen button, and atlasPresent(card, bounds) which shows the
// scene's title, progress and quotes over the map (card null: hides them).
function atlasPresenterMap(map) {
    function act(action) {
        var owner = atlasPresenterOwner();
        return owner.atlasPresenterAct ? owner.atlasPresenterAct(action) : false;
    }
    atlasListenKeys(document, act);
    var Full = L.Control.extend({
        options: {position: 'topleft'},
        onAdd: function() {
            var button = L.DomUtil.create('button', 'fa-full-button');
            button.type = 'button';
            button.title = 'Full screen, with the quote (F)';
            button.setAttribute('aria-label', 'Full screen map with the quote (F)');
            button.innerHTML = ATLAS_FULL_ICON;
            L.DomEvent.disableClickPropagation(button);
            L.DomEvent.on(button, 'click', function() { act('full'); });
            return button;
        }
    });
    new Full().addTo(map);
    // The card sits below the map, not over it: the map gives up its height, so every fit
    // (this one, and the steering's flights to later scenes) frames the scene above the card.
    var container = map.getContainer(), height = container.style.height;
    var overlay = L.DomUtil.create('div', 'fa-present', container.parentNode);
    overlay.setAttribute('aria-live', 'polite');
    window.atlasPresent = function(card, bounds) {
        var on = !!card;
        container.classList.toggle('fa-presenting', on);
        overlay.classList.toggle('fa-presenting', on);
        overlay.textContent = '';
        if (on) {
            var head = L.DomUtil.create('div', 'fa-present-head', overlay);
            head.textContent = card.number + ' / ' + card.count + '  ' + card.title;
            var bar = L.DomUtil.create('div', 'fa-present-bar', overlay);
            L.DomUtil.create('span', '', bar).style.width = (100 * card.number / card.count) + '%';
            card.quotes.forEach(function(q) {
                var quote = L.DomUtil.create('blockquote', '', overlay);
                quote.textContent = '“' + q.text + '”';
                L.DomUtil.create('cite', '', quote).textContent = 'the article, ¶' + q.paragraph;
            });
        }
        requestAnimationFrame(function() {
            container.style.height = on ? (window.innerHeight - overlay.offsetHeight) + 'px' : height;
            map.invalidateSize({animate: false});
            if (bounds) map.fitBounds(bounds, {animate: false});
        });
    };
}

// In the Streamlit page: keys move the tour by its own buttons; F makes the map's frame
// full screen, with the scene's card over the map in the tour. ``card``: the scene shown
// now, or null while exploring.
function atlasPresenterPage(card, frameSelector) {
    window.__atlasCard = card;
    function frame() { return document.querySelector(frameSelector); }
    function sync() {
        var f = frame(), win = f && f.contentWindow;
        if (!win || !win.atlasPresent) return;
        var full = document.fullscreenElement === f, shown = full ? window.__atlasCard : null;
        var bounds = window.__atlasCard && window.__atlasState && window.__atlasState.fit.bounds;
        if (full || win.__atlasPresented) win.atlasPresent(shown, bounds);
        win.__atlasPresented = full;
    }
    if (!window.atlasPresenterAct) {
        window.atlasPresenterAct = function(action) {
            if (action === 'full') {
                var f = frame();
                if (!f) return false;
                if (document.fullscreenElement) document.exitFullscreen();
                else f.requestFullscreen();
                return true;
            }
            var button = document.querySelector('.st-key-' + action + ' button');
            if (!button || button.disabled) return false;
            button.click();
            return true;
        };
        atlasListenKeys(document, window.atlasPresenterAct);
        document.addEventListener('fullscreenchange', function() { sync(); });
    }
    window.__atlasPresenterSync = sync;
    sync();
}

// In a page of the static site (layers/site.py): keys and the page's links move through the
// tour; F puts the page full screen with the scene's card under the map.
function atlasPresenterSite(card, links, bounds) {
    window.atlasPresenterAct = function(action) {
        if (action === 'full') {
            if (document.fullscreenElement) document.exitFullscreen();
            else document.documentElement.requestFullscreen();
            return true;
        }
        if (!links[action]) return false;
        window.location.href = links[action];
        return true;
    };
    atlasListenKeys(document, window.atlasPresenterAct);
    document.addEventListener('fullscreenchange', function() {
        if (window.atlasPresent) window.atlasPresent(document.fullscreenElement ? card : null, bounds);
    });
}
