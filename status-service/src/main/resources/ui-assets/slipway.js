// Slipway's dashboard: live updates without reloading. Each page opens an EventSource on /ui/events
// (the session cookie authenticates it); on each `build` event it fetches the HTML of what changed
// (a fragment, rendered by the same templates as the page) and swaps it in. No inline script, no
// framework, no build step: this file is served as it is.
(function () {
  'use strict';

  var main = document.getElementById('main');
  if (!main || !main.dataset.events) {
    return; // the sign-in and message pages have nothing live
  }
  var body = document.body;
  var page = main.dataset.page;

  function signIn() {
    window.location.assign('/ui/sign-in?next=' + encodeURIComponent(window.location.pathname + window.location.search));
  }

  // A fragment's HTML as an element; a session that ended leads to the sign-in page.
  function fetchFragment(url) {
    return fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } }).then(function (response) {
      if (response.status === 401) {
        signIn();
        throw new Error('signed out');
      }
      if (!response.ok) {
        throw new Error(url + ' answered ' + response.status);
      }
      return response.text();
    }).then(function (html) {
      var template = document.createElement('template');
      template.innerHTML = html.trim();
      return template.content.firstElementChild;
    });
  }

  function replace(selector, element) {
    var current = document.querySelector(selector);
    if (current && element) {
      current.replaceWith(element);
    }
  }

  // Calls fn at most once per `wait` ms, and once more after the last call (events come in bursts).
  function debounce(fn, wait) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, wait);
    };
  }

  function escapeValue(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, '\\$&');
  }

  // ---- what each page does on a change

  function onPlans(build) {
    var url = '/ui/fragments/plans/' + encodeURIComponent(build.plan);
    fetchFragment(url).then(function (row) {
      var current = document.querySelector('#plans tr.plan[data-plan="' + escapeValue(build.plan) + '"]');
      if (current) {
        current.replaceWith(row);
        return;
      }
      var rows = document.querySelectorAll('#plans tbody tr.plan');
      var before = Array.prototype.find.call(rows, function (other) { return other.dataset.plan > build.plan; });
      document.querySelector('#plans tbody').insertBefore(row, before || null);
    }).catch(report);
  }

  function onPlan(build) {
    var table = document.getElementById('builds');
    var ref = build.number !== null && build.number !== undefined ? String(build.number) : build.request;
    if (!table || !ref) {
      return;
    }
    var url = '/ui/fragments/plans/' + encodeURIComponent(build.plan) + '/builds/' + encodeURIComponent(ref) + '/row';
    fetchFragment(url).then(function (row) {
      var current = table.querySelector('tr.build[data-build="' + escapeValue(ref) + '"]')
        || (build.request ? table.querySelector('tr.build[data-request="' + escapeValue(build.request) + '"]') : null);
      if (current) {
        current.replaceWith(row);
      } else if (table.dataset.pageNumber === '0') {
        table.querySelector('tbody').insertBefore(row, table.querySelector('tbody tr'));
      }
    }).catch(report);
  }

  var section = document.getElementById('build');
  var logTimer = null;

  function imageRunning() {
    var parts = document.getElementById('build-parts');
    return parts && parts.dataset.imageRunning === 'true';
  }

  function refreshLog() {
    return fetchFragment(section.dataset.logUrl).then(function (box) {
      var log = document.getElementById('log');
      var following = log && log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
      replace('#log-box', box);
      var fresh = document.getElementById('log');
      if (fresh && following) {
        fresh.scrollTop = fresh.scrollHeight;
      }
    }).catch(report);
  }

  // While the image is being built, the log is fetched again every log-refresh ms; once more when it ends.
  function followLog() {
    if (imageRunning() && logTimer === null) {
      logTimer = setInterval(refreshLog, Number(section.dataset.logRefresh) || 2000);
    } else if (!imageRunning() && logTimer !== null) {
      clearInterval(logTimer);
      logTimer = null;
      refreshLog();
    }
  }

  var refreshBuild = debounce(function () {
    fetchFragment(section.dataset.partsUrl).then(function (parts) {
      replace('#build-parts', parts);
      if (imageRunning()) {
        refreshLog();
      }
      followLog();
    }).catch(report);
  }, 150);

  var bus = document.getElementById('bus');
  function refreshBus() {
    fetchFragment(bus.dataset.fragmentUrl).then(function (table) {
      replace('#bus-table', table);
    }).catch(report);
  }

  function onChange(build) {
    if (page === 'plans') {
      onPlans(build);
    } else if (page === 'plan') {
      onPlan(build);
    } else if (page === 'build' && section) {
      refreshBuild(); // any build of the plan: a deployment of another build changes this one's actions
    }
  }

  function report(error) {
    if (error && error.message !== 'signed out' && window.console) {
      console.warn('Slipway: ' + error.message);
    }
  }

  // ---- the stream

  var live = document.getElementById('live');
  var reconnects = 0; // how often the stream was interrupted: after that, the page catches up when it is back
  var failures = 0;   // interruptions in a row, for the wait before trying again
  function connect() {
    var source = new EventSource(main.dataset.events);
    source.addEventListener('open', function () {
      body.dataset.live = 'connected';
      failures = 0;
      if (live) {
        live.textContent = '';
      }
      if (reconnects > 0) {
        catchUp(); // what changed while the stream was down
      }
    });
    source.addEventListener('build', function (event) {
      try {
        onChange(JSON.parse(event.data));
      } catch (error) {
        report(error);
      }
    });
    source.addEventListener('error', function () {
      body.dataset.live = 'reconnecting';
      if (live) {
        live.textContent = 'Live updates interrupted: reconnecting…';
      }
      if (source.readyState === EventSource.CLOSED) {
        // The browser gives up on an answer that is not a stream: a session that ended (401: then to the
        // sign-in page), or a server that is away (then try again, less and less often).
        reconnects += 1;
        failures += 1;
        var probe = new AbortController();
        fetch(main.dataset.events, { credentials: 'same-origin', headers: { 'Accept': 'text/event-stream' }, signal: probe.signal })
          .then(function (response) {
            probe.abort(); // only its status was wanted
            if (response.status === 401) {
              signIn();
            } else {
              setTimeout(connect, Math.min(30000, 1000 * failures));
            }
          }, function () {
            setTimeout(connect, Math.min(30000, 1000 * failures));
          });
      } else {
        reconnects += 1;
      }
    });
  }

  // What changed while the stream was down: the whole table (or the build's parts) again.
  function catchUp() {
    if (page === 'plans') {
      fetchFragment('/ui/fragments/plans').then(function (rows) { replace('#plans tbody', rows); }).catch(report);
    } else if (page === 'plan') {
      var table = document.getElementById('builds');
      fetchFragment('/ui/fragments/plans/' + encodeURIComponent(table.dataset.plan) + '/builds?page=' + table.dataset.pageNumber)
        .then(function (rows) { replace('#builds tbody', rows); }).catch(report);
    } else if (page === 'build' && section) {
      refreshBuild();
    } else if (page === 'bus' && bus) {
      refreshBus();
    }
  }

  connect();
  if (page === 'build' && section) {
    followLog();
  }
  if (page === 'bus' && bus) {
    setInterval(refreshBus, Number(bus.dataset.refresh) || 5000);
  }
}());
