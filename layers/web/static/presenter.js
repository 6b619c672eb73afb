// Frontier Atlas: presenter mode (see layers/web/presenter.py). One key map serves the page, the
// map inside its frame and the static site: each document listens, and hands the action
// to its owner's atlas.presenterAct(action), which says whether it did anything.
var atlas = window.atlas = window.atlas || {};  // the one namespace of our scripts
atlas.KEYS = {
    ArrowRight: 'next', PageDown: 'next', ' ': 'next',
    ArrowLeft: 'prev', PageUp: 'prev',
    Home: 'first', End: 'last', f: 'full', F: 'full'
};
// four corners: drawn, so it needs no font (\x3c: the page's HTML sanitiser keeps this
// file whole only while it holds no tag)
atlas.FULL_ICON = '\x3csvg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" ' +
    'fill="none" stroke="currentColor" stroke-width="2.4">\x3cpath d="M1 6V1h5M12 1h5v5M17 ' +
    '12v5h-5M6 17H1v-5"/>\x3c/svg>';
atlas.OWN_KEYS = /^(slider|radio|listbox|combobox|option|menuitem|tab|textbox|spinbutton|searchbox)$/;

atlas.keyAction = function(e) {
    var t = e.target;
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || !t) return null;
    // typing, or a control that uses these keys itself (a slider, a radio group, a list)
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return null;
    if (t.getAttribute && atlas.OWN_KEYS.test(t.getAttribute('role') || '')) return null;
    if (e.key === ' ' && t.closest && t.closest('button, a, summary, [role="button"]')) return null;
    return atlas.KEYS[e.key] || null;
};

atlas.listenKeys = function(doc, act) {
    if (doc.__atlasKeys) return;
    doc.__atlasKeys = true;
    doc.addEventListener('keydown', function(e) {
        var action = atlas.keyAction(e);
        if (action && act(action)) { e.preventDefault(); e.stopPropagation(); }
    }, true);  // before the map's own keys (arrows pan it): in the tour they change scenes
};

// The owner of the presenter: the page around the map's frame, or the map's own page.
atlas.presenterOwner = function() {
    try {
        if (window.parent !== window && window.parent.atlas && window.parent.atlas.presenterAct) return window.parent;
    } catch (e) { /* a page of another origin */ }
    return window;
};

// In the map: keys, a full-screen button, and atlas.present(card, bounds) which shows the
// scene's title, progress and quotes over the map (card null: hides them).
atlas.presenterMap = function(map) {
    function act(action) {
        var owner = atlas.presenterOwner();
        var act = owner.atlas && owner.atlas.presenterAct;
        return act ? act(action) : false;
    }
    atlas.listenKeys(document, act);
    var Full = L.Control.extend({
        options: {position: 'topleft'},
        onAdd: function() {
            var button = L.DomUtil.create('button', 'fa-full-button');
            button.type = 'button';
            button.title = 'Full screen, with the quote (F)';
            button.setAttribute('aria-label', 'Full screen map with the quote (F)');
            button.innerHTML = atlas.FULL_ICON;
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
    atlas.present = function(card, bounds) {
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
};

// In the Streamlit page: keys move the tour by its own buttons; F makes the map's frame
// full screen, with the scene's card over the map in the tour. ``card``: the scene shown
// now, or null while exploring.
atlas.presenterPage = function(card, frameSelector) {
    atlas.card = card;
    function frame() { return document.querySelector(frameSelector); }
    function sync() {
        var f = frame(), win = f && f.contentWindow;
        if (!win || !win.atlas || !win.atlas.present) return;
        var full = document.fullscreenElement === f, shown = full ? atlas.card : null;
        var bounds = atlas.card && atlas.state && atlas.state.fit.bounds;
        if (full || win.atlas.presented) win.atlas.present(shown, bounds);
        win.atlas.presented = full;
    }
    if (!atlas.presenterAct) {
        atlas.presenterAct = function(action) {
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
        atlas.listenKeys(document, atlas.presenterAct);
        document.addEventListener('fullscreenchange', function() {
            sync();
            atlas.liveCard(document.fullscreenElement === frame());
        });
    }
    atlas.presenterSync = sync;
    sync();
};

// A class session (page/class_session.py sets atlas.live = {code, secret} on the
// presenter's page only): followers see the full-screen card open and close with it.
atlas.liveCard = function(open) {
    var live = atlas.live;
    if (!live || !window.fetch) return;
    fetch('/follow/' + encodeURIComponent(live.code) + '/publish', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-Class-Secret': live.secret},
        body: JSON.stringify({card: !!open})
    }).catch(function() { /* offline: the next scene publishes the page's state again */ });
};

// In a page of the static site (layers/classroom/site.py): keys and the page's links move through the
// tour; F puts the page full screen with the scene's card under the map.
atlas.presenterSite = function(card, links, bounds) {
    atlas.presenterAct = function(action) {
        if (action === 'full') {
            if (document.fullscreenElement) document.exitFullscreen();
            else document.documentElement.requestFullscreen();
            return true;
        }
        if (!links[action]) return false;
        window.location.href = links[action];
        return true;
    };
    atlas.listenKeys(document, atlas.presenterAct);
    document.addEventListener('fullscreenchange', function() {
        if (atlas.present) atlas.present(document.fullscreenElement ? card : null, bounds);
    });
};
