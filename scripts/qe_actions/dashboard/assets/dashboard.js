// qe-actions dashboard: draws window.QE_DASHBOARD (data.js) as SVG charts, each with a caption that says what
// it shows and a table of the same numbers. Our own code, no library, no network. Text from the data is only
// ever set with textContent or setAttribute, never parsed as HTML, so markup in a branch name or test id stays text.
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#b8860b'];
  var W = 760, H = 240, LEFT = 64, RIGHT = 12, TOP = 12, BOTTOM = 34;
  var started = performance.now();

  function el(name, attrs, text) {
    var node = document.createElement(name);
    setAll(node, attrs, text);
    return node;
  }

  function svg(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    setAll(node, attrs, text);
    return node;
  }

  function setAll(node, attrs, text) {
    if (attrs) {
      for (var key in attrs) {
        if (Object.prototype.hasOwnProperty.call(attrs, key)) node.setAttribute(key, String(attrs[key]));
      }
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
  }

  function format(value, unit) {
    if (value === null || value === undefined) return '';
    return String(value) + (unit === '%' ? '%' : unit ? ' ' + unit : '');
  }

  function shortSha(sha) {
    return String(sha).slice(0, 12);
  }

  function day(time) {
    return String(time).slice(0, 10);
  }

  function niceMax(max) {
    if (max <= 0) return 1;
    var step = Math.pow(10, Math.floor(Math.log10(max)));
    var scaled = max / step;
    var nice = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
    return nice * step;
  }

  function bounds(chart) {
    var lo = Infinity, hi = -Infinity;
    chart.series.forEach(function (s) {
      s.values.forEach(function (v) {
        if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      });
    });
    if (chart.unit === '%') return [Math.max(0, Math.floor((lo - 1) / 10) * 10), 100];
    return [Math.min(0, lo), niceMax(hi)];
  }

  function commitLink(run, text) {
    if (!run.url) return document.createTextNode(text);
    return el('a', { href: run.url, rel: 'noopener noreferrer' }, text);
  }

  function describe(chart, runs) {
    var parts = chart.series.map(function (s) {
      var kept = s.values.filter(function (v) { return v !== null; });
      var first = kept[0], last = kept[kept.length - 1];
      return s.name + ': ' + kept.length + ' point' + (kept.length === 1 ? '' : 's') + ', first ' +
        format(first, chart.unit) + ', last ' + format(last, chart.unit) + ', lowest ' +
        format(Math.min.apply(null, kept), chart.unit) + ', highest ' + format(Math.max.apply(null, kept), chart.unit);
    });
    var span = runs.length ? ' from ' + day(runs[0].time) + ' to ' + day(runs[runs.length - 1].time) : '';
    return chart.title + ' over ' + runs.length + ' run' + (runs.length === 1 ? '' : 's') + span + '. ' +
      parts.join('; ') + '.';
  }

  function drawChart(chart, runs, captionId) {
    var range = bounds(chart), lo = range[0], hi = range[1];
    var n = runs.length;
    var x = function (i) { return LEFT + (n <= 1 ? (W - LEFT - RIGHT) / 2 : i * (W - LEFT - RIGHT) / (n - 1)); };
    var y = function (v) { return TOP + (H - TOP - BOTTOM) * (1 - (v - lo) / (hi - lo || 1)); };
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': captionId, class: 'chart' });
    var axis = svg('g', { class: 'axis', 'aria-hidden': 'true' });
    for (var t = 0; t <= 4; t++) {
      var value = lo + (hi - lo) * t / 4;
      var ty = y(value);
      axis.appendChild(svg('line', { x1: LEFT, x2: W - RIGHT, y1: ty, y2: ty }));
      axis.appendChild(svg('text', { x: LEFT - 6, y: ty + 4, 'text-anchor': 'end' },
        format(Math.round(value * 100) / 100, chart.unit)));
    }
    if (n) {
      axis.appendChild(svg('text', { x: LEFT, y: H - 10, 'text-anchor': 'start' }, day(runs[0].time)));
      axis.appendChild(svg('text', { x: W - RIGHT, y: H - 10, 'text-anchor': 'end' }, day(runs[n - 1].time)));
    }
    root.appendChild(axis);
    chart.series.forEach(function (s, index) {
      var d = '', pen = 'M';
      s.values.forEach(function (v, i) {
        if (v === null) { pen = 'M'; return; }
        d += pen + x(i).toFixed(1) + ' ' + y(v).toFixed(1) + ' ';
        pen = 'L';
      });
      root.appendChild(svg('path', { class: 'line', 'data-series': s.name, d: d, fill: 'none',
        stroke: PALETTE[index % PALETTE.length], 'stroke-width': 1.5 }));
    });
    // One link per run holds that run's points of every series and one tooltip naming them all: half the
    // elements of a link per point, so a thousand runs still draw in well under a second.
    var points = svg('g', { class: 'points' });
    runs.forEach(function (run, i) {
      var parts = [];
      chart.series.forEach(function (s) {
        if (s.values[i] !== null) parts.push(s.name + ' ' + format(s.values[i], chart.unit));
      });
      if (!parts.length) return;
      var holder = run.url ? svg('a', { href: run.url }) : svg('g');
      holder.appendChild(svg('title', null, shortSha(run.sha) + ' (' + run.ref + ', ' + day(run.time) + '): ' +
        parts.join(', ')));
      chart.series.forEach(function (s, index) {
        var v = s.values[i];
        if (v === null) return;
        holder.appendChild(svg('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 3,
          fill: PALETTE[index % PALETTE.length], 'data-series': s.name, 'data-run': i }));
      });
      points.appendChild(holder);
    });
    root.appendChild(points);
    return root;
  }

  function legend(chart) {
    var list = el('ul', { class: 'legend' });
    chart.series.forEach(function (s, index) {
      var item = el('li');
      item.appendChild(el('span', { class: 'swatch', 'data-color': index % PALETTE.length }));
      item.appendChild(document.createTextNode(s.name));
      list.appendChild(item);
    });
    return list;
  }

  // The table is built when its <details> first opens: a thousand-row table per chart would double the page's
  // start-up work for something most readers never open. `QE_openTables()` opens them all (tests, printing).
  function table(chart, runs) {
    var details = el('details', { 'data-chart': chart.id });
    details.appendChild(el('summary', null, 'Table: ' + chart.title + ' (' + countRows(chart, runs) + ' rows)'));
    details.addEventListener('toggle', function () {
      if (details.open && !details.querySelector('table')) details.appendChild(buildTable(chart, runs));
    });
    return details;
  }

  function countRows(chart, runs) {
    var n = 0;
    for (var i = 0; i < runs.length; i++) {
      if (chart.series.some(function (s) { return s.values[i] !== null; })) n++;
    }
    return n;
  }

  function buildTable(chart, runs) {
    var tbl = el('table', { 'data-chart': chart.id });
    tbl.appendChild(el('caption', null, chart.title + (chart.unit ? ' (' + chart.unit + ')' : '')));
    var head = el('tr');
    ['Run time', 'Commit', 'Ref'].concat(chart.series.map(function (s) { return s.name; })).forEach(function (name) {
      head.appendChild(el('th', { scope: 'col' }, name));
    });
    tbl.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    runs.forEach(function (run, i) {
      var values = chart.series.map(function (s) { return s.values[i]; });
      if (values.every(function (v) { return v === null; })) return;
      var row = el('tr', { 'data-run': i });
      row.appendChild(el('td', null, run.time));
      var commit = el('td');
      commit.appendChild(commitLink(run, shortSha(run.sha)));
      row.appendChild(commit);
      row.appendChild(el('td', null, run.ref + (run.pr ? ' (#' + run.pr + ')' : '')));
      values.forEach(function (v) { row.appendChild(el('td', { class: 'num' }, format(v, chart.unit))); });
      body.appendChild(row);
    });
    tbl.appendChild(body);
    return tbl;
  }

  window.QE_openTables = function () {
    var all = document.querySelectorAll('details[data-chart]');
    for (var i = 0; i < all.length; i++) all[i].open = true;
  };

  function flakySection(tests) {
    var section = el('section', { id: 'flaky-tests' });
    section.appendChild(el('h2', null, 'Known-flaky tests'));
    if (!tests.length) {
      section.appendChild(el('p', null, 'No test is known to be flaky in these runs.'));
      return section;
    }
    var tbl = el('table', { 'data-chart': 'flaky-tests' });
    var head = el('tr');
    ['Test', 'Why', 'Failed', 'Runs'].forEach(function (name) { head.appendChild(el('th', { scope: 'col' }, name)); });
    tbl.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    tests.forEach(function (t) {
      var row = el('tr');
      row.appendChild(el('td', { class: 'test' }, t.test_id));
      row.appendChild(el('td', null, t.reason));
      row.appendChild(el('td', { class: 'num' }, t.failures));
      row.appendChild(el('td', { class: 'num' }, t.runs));
      body.appendChild(row);
    });
    tbl.appendChild(body);
    section.appendChild(tbl);
    return section;
  }

  function render(data) {
    var main = document.getElementById('charts');
    var page = document.createDocumentFragment();
    if (!data || data.format !== 'qe-dashboard/1') {
      page.appendChild(el('p', { class: 'problem' }, 'No dashboard data: data.js is missing or not a qe-dashboard/1 document.'));
      main.appendChild(page);
      return;
    }
    if (!data.runs.length) page.appendChild(el('p', null, 'No runs are recorded yet.'));
    data.charts.forEach(function (chart, index) {
      var section = el('section', { id: 'chart-' + chart.id, class: 'chart-section' });
      section.appendChild(el('h2', null, chart.title));
      var figure = el('figure');
      var captionId = 'caption-' + index;
      figure.appendChild(drawChart(chart, data.runs, captionId));
      figure.appendChild(legend(chart));
      figure.appendChild(el('figcaption', { id: captionId }, describe(chart, data.runs)));
      section.appendChild(figure);
      section.appendChild(table(chart, data.runs));
      page.appendChild(section);
    });
    page.appendChild(flakySection(data.flaky_tests || []));
    if (data.not_recorded && data.not_recorded.length) {
      page.appendChild(el('p', { class: 'note' }, 'Not recorded in these runs: ' + data.not_recorded.join(', ') + '.'));
    }
    main.appendChild(page);
  }

  render(window.QE_DASHBOARD);
  window.QE_RENDER_MS = performance.now() - started;
  document.documentElement.setAttribute('data-rendered', 'yes');
})();
