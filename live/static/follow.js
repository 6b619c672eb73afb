// Frontier Atlas: a follower's page (see live/routes.py). The map in the frame is the atlas's
// web map; the presenter's state arrives as server-sent events and is handed to the map by
// its own steering (window.atlas.apply, layers/web/static/steering.js) and card
// (atlas.present, presenter.js). Every text is set with textContent: never parsed as HTML.
(function() {
    var atlas = window.atlas = window.atlas || {};
    var code = (new URLSearchParams(window.location.search).get('follow') || '').toUpperCase();
    var base = '/follow/' + encodeURIComponent(code);
    var frame = document.getElementById('fa-map');
    var latest = null, following = true, ended = false, snaps = 0, source = null;

    function byId(id) { return document.getElementById(id); }
    function say(text) { byId('fa-status').textContent = text; }
    function setText(id, text) { byId(id).textContent = text || ''; }

    function drawText(scene) {
        setText('fa-tour', scene.tour_title);
        setText('fa-count', 'Scene ' + scene.number + ' of ' + scene.count);
        setText('fa-title', scene.title);
        setText('fa-caption', scene.caption);
        var box = byId('fa-quotes');
        box.textContent = '';
        scene.quotes.forEach(function(q) {
            var quote = document.createElement('blockquote');
            quote.textContent = '“' + q.text + '”';
            var cite = document.createElement('cite');
            cite.textContent = 'the article, ¶' + q.paragraph;
            quote.appendChild(cite);
            box.appendChild(quote);
        });
        document.title = scene.title + ' — following the class';
    }

    // snap: a new move name, so the map flies back to the scene even if it was there before
    function drawMap(snap) {
        var scene = latest && latest.scene;
        if (!scene) return;
        var state = scene.state;
        if (snap) {
            state = JSON.parse(JSON.stringify(state));
            state.fit.move += '#snap' + (++snaps);
        }
        atlas.state = state;  // a map still loading applies it when it starts
        var win = frame.contentWindow;
        if (!win || !win.atlas || !win.atlas.apply) return;
        win.atlas.apply(state);
        if (win.atlas.present) {
            var card = latest.card ? {number: scene.number, count: scene.count,
                title: scene.title, quotes: scene.quotes} : null;
            if (card || win.atlas.presented) win.atlas.present(card, card ? state.fit.bounds : null);
            win.atlas.presented = !!card;
        }
    }

    function draw(snap) {
        if (!latest || !latest.scene) { say('Waiting for the presenter’s first scene…'); return; }
        drawText(latest.scene);
        drawMap(snap);
        byId('fa-side').setAttribute('data-seq', latest.seq);
        say('Following the presenter (class ' + code + ')');
    }

    function show(pub) {
        if (latest && pub.seq < latest.seq) return;  // an older answer arriving late
        var same = latest && pub.seq === latest.seq;
        latest = pub;
        if (same) return;
        if (following) draw(false);
        else say('The presenter is on scene ' + (pub.scene ? pub.scene.number : '?') +
            ': press “Follow the presenter” to catch up.');
    }

    function showEnded() {
        ended = true;
        if (source) source.close();
        document.body.classList.add('fa-ended');
        say('This class session has ended or the code is wrong. Check the code with your teacher.');
        byId('fa-explore').hidden = true;
        byId('fa-follow').hidden = true;
    }

    // The last state, asked once: on waking, coming back online, or when the stream fails.
    function poll() {
        if (ended) return;
        fetch(base + '/state', {cache: 'no-store'}).then(function(response) {
            if (response.status === 404) { showEnded(); return null; }
            return response.ok ? response.json() : null;
        }).then(function(pub) { if (pub) show(pub); }).catch(function() {
            say('Offline: the scene will catch up when the network is back.');
        });
    }

    function listen() {
        if (ended || (source && source.readyState !== 2)) return;  // 2: CLOSED
        source = new EventSource(base + '/events');
        source.addEventListener('state', function(e) { show(JSON.parse(e.data)); });
        source.addEventListener('ended', showEnded);
        source.onerror = function() { if (source.readyState === 2) poll(); };
    }

    function catchUp() {
        if (document.visibilityState !== 'visible') return;
        poll();
        listen();
    }

    byId('fa-explore').addEventListener('click', function() {
        following = false;
        byId('fa-explore').hidden = true;
        byId('fa-follow').hidden = false;
        say('Exploring on your own: pan, zoom and open the map’s popups.');
        byId('fa-follow').focus();
    });
    byId('fa-follow').addEventListener('click', function() {
        following = true;
        byId('fa-follow').hidden = true;
        byId('fa-explore').hidden = false;
        draw(true);
        byId('fa-explore').focus();
    });
    frame.addEventListener('load', function() {
        var doc = frame.contentDocument, style = doc && doc.createElement('style');
        if (style) {  // the presenter's full-screen button: the presenter's, not a follower's
            style.textContent = '.fa-full-button { display: none !important; }';
            doc.head.appendChild(style);
        }
        if (following) drawMap(false);
    });
    document.addEventListener('visibilitychange', catchUp);
    window.addEventListener('online', catchUp);
    // a lost network may leave the stream half open, silent: drop it, and start again online
    window.addEventListener('offline', function() {
        if (source) source.close();
        if (!ended) say('Offline: the scene will catch up when the network is back.');
    });
    window.setInterval(function() { if (source && source.readyState === 2) catchUp(); }, 5000);
    atlas.follower = {code: code, latest: function() { return latest; }};
    listen();
})();
