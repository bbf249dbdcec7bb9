// The Tollgate dashboard: reads the admin API with the session cookie (reads only) and draws it with Chart.js.
// No inline script anywhere (the Content-Security-Policy forbids it); no build step.
(() => {
  'use strict';

  const RANGES = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };
  const HOUR_MS = 3600e3;
  const REFRESH_MS = 30e3;
  const PALETTE = ['#2f6fde', '#1f8a4c', '#d97706', '#9333ea', '#0891b2', '#c53030', '#65a30d', '#db2777', '#475569', '#a16207'];
  const charts = {};
  let loads = 0;
  let loading = null;

  const $ = (id) => document.getElementById(id);

  // Formatters made once: toLocaleString with options makes a new one on every call, which the tables and the
  // charts' ticks call thousands of times a load.
  const USD = [2, 4, 6].map((digits) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits }));
  const COUNT = new Intl.NumberFormat('en-US');
  const PERCENT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'medium' });
  const HOUR = new Intl.DateTimeFormat('en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const DAY = new Intl.DateTimeFormat('en-GB', { month: 'short', day: 'numeric' });

  const usd = (v) => {
    if (v === null || v === undefined) return 'unknown';
    const format = Math.abs(v) >= 100 ? USD[0] : Math.abs(v) >= 1 ? USD[1] : USD[2];
    return '$' + format.format(v);
  };
  const count = (v) => COUNT.format(v ?? 0);
  const percent = (v) => (v === null || v === undefined ? '–' : PERCENT.format(v * 100) + '%');
  const when = (iso) => DATE_TIME.format(new Date(iso));
  const label = (group) => (group === null || group === undefined ? '(none)' : group);

  function period() {
    const range = $('range').value;
    if (range === 'custom') {
      const from = $('range-from').value;
      const to = $('range-to').value;
      if (!from || !to) return null;
      return { since: new Date(from), until: new Date(to) };
    }

    // The page's own periods are whole UTC hours, the hourly rollup's: from the start of the hour the range begins in to
    // the end of the current hour. Every read of the page is then the rollup's buckets (and the few rows committed since
    // its last flush), however busy the hours at the edges were; a custom period is read as given.
    const now = Date.now();
    return { since: new Date(Math.floor((now - RANGES[range]) / HOUR_MS) * HOUR_MS), until: new Date(Math.ceil(now / HOUR_MS) * HOUR_MS) };
  }

  async function read(path) {
    const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      window.location.assign('/ui/sign-in');
      throw new Error('signed out');
    }

    if (!response.ok) {
      let message = response.status + ' ' + response.statusText;
      try { message = (await response.json()).error.message; } catch { /* not JSON */ }
      throw new Error(path.split('?')[0] + ': ' + message);
    }

    return response.json();
  }

  function cell(row, text, className, value) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    if (value !== undefined) td.dataset.value = value === null ? '' : String(value);
    row.appendChild(td);
    return td;
  }

  function fill(tbodyId, items, columns, testId, emptyText) {
    const body = $(tbodyId);
    body.replaceChildren();
    if (items.length === 0) {
      const row = body.insertRow();
      const td = cell(row, emptyText || 'Nothing in this period.', 'empty');
      td.colSpan = body.parentElement.tHead.rows[0].cells.length;
      return;
    }

    for (const item of items) {
      const row = body.insertRow();
      row.dataset.testid = testId;
      for (const column of columns) column(row, item);
    }
  }

  function kpi(id, text, value) {
    const element = $(id);
    element.textContent = text;
    element.dataset.value = value === null || value === undefined ? '' : String(value);
  }

  // A chart is made once and given new data and options on later loads, which Chart.js redraws without building it again.
  function draw(name, canvasId, config) {
    if (typeof Chart === 'undefined') return;
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options);
    const chart = charts[name];
    if (chart && chart.config.type === config.type) {
      chart.data = config.data;
      chart.options = config.options;
      chart.update('none');
      return;
    }

    if (chart) chart.destroy();
    charts[name] = new Chart($(canvasId), config);
  }

  function renderTotals(report) {
    const t = report.totals;
    kpi('kpi-cost', usd(t.cost_usd), t.cost_usd);
    kpi('kpi-baseline', usd(t.baseline_cost_usd), t.baseline_cost_usd);
    kpi('kpi-saved', usd(t.saved_usd), t.saved_usd);
    kpi('kpi-requests', count(t.requests), t.requests);
    const hitRate = t.requests > 0 ? t.hits / t.requests : null;
    kpi('kpi-hit-rate', percent(hitRate), hitRate);
    kpi('kpi-cpuo', t.cost_per_usable_output_usd === null ? '–' : usd(t.cost_per_usable_output_usd), t.cost_per_usable_output_usd);
    kpi('kpi-waste', percent(t.waste_rate), t.waste_rate);
    kpi('kpi-unpriced', count(t.unpriced_requests), t.unpriced_requests);
  }

  function renderGroups(report) {
    fill('spend-rows', report.rows, [
      (r, i) => { r.dataset.group = label(i.group); cell(r, label(i.group)); },
      (r, i) => cell(r, count(i.requests), 'num', i.requests),
      (r, i) => cell(r, usd(i.cost_usd), 'num', i.cost_usd),
      (r, i) => cell(r, usd(i.saved_usd), 'num', i.saved_usd),
      (r, i) => cell(r, count(i.hits), 'num', i.hits),
    ], 'spend-row');
  }

  function renderLevers(report) {
    const levers = report.rows.filter((r) => r.group !== null);
    fill('lever-rows', levers, [
      (r, i) => { r.dataset.lever = i.group; cell(r, i.group); },
      (r, i) => cell(r, count(i.requests), 'num', i.requests),
      (r, i) => cell(r, count(i.hits), 'num', i.hits),
      (r, i) => cell(r, usd(i.group === 'discount' ? i.discount_usd : i.saved_usd), 'num', i.group === 'discount' ? i.discount_usd : i.saved_usd),
    ], 'lever-row', 'No lever saved anything in this period.');
    draw('levers', 'lever-chart', {
      type: 'bar',
      data: { labels: levers.map((l) => l.group), datasets: [{ label: 'saved (USD)', data: levers.map((l) => (l.group === 'discount' ? l.discount_usd : l.saved_usd) ?? 0), backgroundColor: '#1f8a4c' }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { ticks: { callback: (v) => usd(v) } } } },
    });
  }

  function renderModels(report) {
    fill('model-rows', report.rows, [
      (r, i) => { r.dataset.model = label(i.group); cell(r, label(i.group)); },
      (r, i) => cell(r, count(i.requests), 'num', i.requests),
      (r, i) => cell(r, usd(i.cost_usd), 'num', i.cost_usd),
    ], 'model-row');
    draw('models', 'model-chart', {
      type: 'doughnut',
      data: { labels: report.rows.map((m) => label(m.group)), datasets: [{ data: report.rows.map((m) => m.requests), backgroundColor: PALETTE }] },
      options: { plugins: { legend: { position: 'right' } } },
    });
  }

  function renderTimeline(timeline) {
    const starts = [...new Set(timeline.points.map((p) => p.start))].sort();
    const format = timeline.bucket === 'hour' ? HOUR : DAY;
    const labels = starts.map((s) => format.format(new Date(s)));

    // The dearest groups of the period each in a colour of their own, the rest together as "other": a stack of
    // thousands of users would be unreadable (and slow to draw).
    const totals = new Map();
    for (const p of timeline.points) totals.set(label(p.group), (totals.get(label(p.group)) ?? 0) + (p.cost_usd ?? 0));
    const ranked = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
    const shown = ranked.length > PALETTE.length ? ranked.slice(0, PALETTE.length - 1) : ranked;
    const other = ranked.length > shown.length ? 'other (' + count(ranked.length - shown.length) + ')' : null;
    const named = new Set(shown);
    const costs = new Map();
    for (const p of timeline.points) {
      const key = p.start + '\n' + (named.has(label(p.group)) ? label(p.group) : other);
      costs.set(key, (costs.get(key) ?? 0) + (p.cost_usd ?? 0));
    }

    const datasets = (other ? [...shown, other] : shown).map((group, index) => ({
      label: group,
      backgroundColor: group === other ? '#9ca3af' : PALETTE[index % PALETTE.length],
      data: starts.map((start) => costs.get(start + '\n' + group) ?? 0),
    }));
    $('timeline-chart').dataset.points = String(timeline.points.length);
    draw('timeline', 'timeline-chart', {
      type: 'bar',
      data: { labels, datasets },
      options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: (v) => usd(v) }, title: { display: true, text: 'USD per ' + timeline.bucket } } } },
    });
  }

  function renderTokens(histogram) {
    const labels = histogram.buckets.map((b) => (b.max_tokens === null ? '≥ ' + count(b.min_tokens) : count(b.min_tokens) + '–' + count(b.max_tokens - 1)));
    $('tokens-chart').dataset.requests = String(histogram.buckets.reduce((sum, b) => sum + b.requests, 0));
    draw('tokens', 'tokens-chart', {
      type: 'bar',
      data: { labels, datasets: [{ label: 'requests', data: histogram.buckets.map((b) => b.requests), backgroundColor: '#2f6fde' }] },
      options: { plugins: { legend: { display: false } }, scales: { x: { title: { display: true, text: 'tokens per request (in + out)' } } } },
    });
  }

  function renderOutliers(outliers) {
    fill('outlier-rows', outliers.data, [
      (r, i) => { r.dataset.requestId = i.request_id; cell(r, i.request_id); },
      (r, i) => cell(r, when(i.created_at)),
      (r, i) => cell(r, label(i.feature)),
      (r, i) => cell(r, label(i.model)),
      (r, i) => cell(r, label(i.user)),
      (r, i) => cell(r, label(i.team)),
      (r, i) => cell(r, count(i.input_tokens), 'num', i.input_tokens),
      (r, i) => cell(r, count(i.output_tokens), 'num', i.output_tokens),
      (r, i) => cell(r, usd(i.cost_usd), 'num', i.cost_usd),
    ], 'outlier-row');
  }

  function budgetState(b) {
    if (b.unit) return b.unit.exceeded ? 'exhausted' : 'ok';
    if (b.remaining_usd !== null && b.remaining_usd <= 0) return 'exhausted';
    if (b.remaining_tokens !== null && b.remaining_tokens <= 0) return 'exhausted';
    const used = b.limit_usd ? b.spent_usd / b.limit_usd : null;
    return used !== null && used >= 0.8 ? 'warning' : 'ok';
  }

  function renderBudgets(budgets) {
    fill('budget-rows', budgets, [
      (r, i) => { r.dataset.budget = i.id; cell(r, i.name); },
      (r, i) => cell(r, i.budget.scope ?? ''),
      (r, i) => { const state = budgetState(i); cell(r, state, 'state-' + state).dataset.testid = 'budget-state'; },
      (r, i) => cell(r, usd(i.spent_usd), 'num', i.spent_usd),
      (r, i) => cell(r, i.limit_usd === null ? '–' : usd(i.limit_usd), 'num', i.limit_usd),
      (r, i) => cell(r, i.remaining_usd === null ? '–' : usd(i.remaining_usd), 'num', i.remaining_usd),
      (r, i) => {
        const td = cell(r, '');
        if (i.limit_usd) {
          const meter = document.createElement('span');
          meter.className = 'meter';
          const bar = document.createElement('i');
          bar.style.width = Math.min(100, (100 * i.spent_usd) / i.limit_usd).toFixed(1) + '%';
          meter.appendChild(bar);
          td.appendChild(meter);
        }
      },
      (r, i) => cell(r, i.resets_at ? when(i.resets_at) : '–'),
    ], 'budget-row', 'No budgets configured.');
  }

  function list(id, items, render, emptyText) {
    const ul = $(id);
    ul.replaceChildren();
    if (items.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = emptyText;
      ul.appendChild(li);
      return;
    }

    for (const item of items) ul.appendChild(render(item));
  }

  function renderAlerts(alerts) {
    list('alert-list', alerts.alerts.slice(0, 20), (a) => {
      const li = document.createElement('li');
      li.dataset.testid = 'alert';
      const severity = document.createElement('span');
      severity.className = 'sev-' + a.severity;
      severity.textContent = a.severity + ' ';
      li.append(severity, when(a.created_at) + ' · ' + a.message);
      return li;
    }, 'No alerts.');
  }

  function renderFindings(findings) {
    list('finding-list', findings.data, (f) => {
      const li = document.createElement('li');
      li.dataset.testid = 'finding';
      li.textContent = f.feature + ' (' + (f.model ?? 'any model') + '): ' + f.message;
      return li;
    }, 'No prompt findings.');
  }

  async function load() {
    const p = period();
    const error = $('error');
    if (!p || !(p.since < p.until)) {
      error.textContent = 'Choose a period whose start is before its end.';
      error.hidden = false;
      return;
    }

    const since = p.since.toISOString();
    const until = p.until.toISOString();
    const range = 'since=' + encodeURIComponent(since) + '&until=' + encodeURIComponent(until);
    const group = $('group-by').value;
    for (const span of document.querySelectorAll('.group-name')) span.textContent = group;

    const [groups, levers, models, timeline, tokens, outliers, budgets, alerts, findings] = await Promise.all([
      read('/admin/spend?group_by=' + group + '&' + range),
      read('/admin/spend?group_by=lever&' + range),
      read('/admin/spend?group_by=model&' + range),
      read('/admin/spend/timeline?group_by=' + group + '&' + range),
      read('/admin/tokens/histogram?' + range),
      read('/admin/outliers?limit=10&' + range),
      read('/admin/budgets'),
      read('/admin/alerts?limit=20'),
      read('/admin/findings'),
    ]);

    renderTotals(groups);
    renderGroups(groups);
    renderLevers(levers);
    renderModels(models);
    renderTimeline(timeline);
    renderTokens(tokens);
    renderOutliers(outliers);
    renderBudgets(budgets);
    renderAlerts(alerts);
    renderFindings(findings);

    const shown = $('period');
    shown.dataset.since = since;
    shown.dataset.until = until;
    shown.textContent = 'From ' + DATE_TIME.format(p.since) + ' to ' + DATE_TIME.format(p.until) + ' (' + timeline.bucket + 'ly buckets)';
    error.hidden = true;
    $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString('en-GB');
    document.body.dataset.loads = String(++loads);
  }

  // One load at a time; a refresh asked meanwhile waits for it, then loads the newest choice.
  function refresh() {
    const run = (loading || Promise.resolve()).catch(() => {}).then(load).catch((e) => {
      if (e.message === 'signed out') return;
      $('error').textContent = 'Could not load: ' + e.message;
      $('error').hidden = false;
    });
    loading = run;
    return run;
  }

  function localInput(date) {
    const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60e3);
    return shifted.toISOString().slice(0, 16);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('range').addEventListener('change', () => {
      const custom = $('range').value === 'custom';
      $('custom-range').hidden = !custom;
      if (custom) {
        const until = new Date();
        $('range-from').value = $('range-from').value || localInput(new Date(until.getTime() - RANGES['24h']));
        $('range-to').value = $('range-to').value || localInput(until);
      }

      refresh();
    });
    $('apply-range').addEventListener('click', refresh);
    $('group-by').addEventListener('change', refresh);
    $('refresh').addEventListener('click', refresh);
    setInterval(() => { if (!document.hidden) refresh(); }, REFRESH_MS);
    refresh();
  });
})();
