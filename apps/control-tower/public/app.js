// The control tower page: signs in with a control tower key, polls the operations API, and shows
// the mending buttons to operators only. Plain JS, no dependencies, no CDN.
(function () {
  'use strict';
  const $ = (selector) => document.querySelector(selector);
  const REFRESH_MS = 3000;
  let key = sessionStorage.getItem('towerKey');
  let session = null;
  let timer = null;
  let openFlow = null;
  let openReport = null;
  let loop = 0;
  const rendered = {};

  /** Replaces a part of the page only when what it shows changed, so rows stay put between polls. */
  function render(part, data, build) {
    const json = JSON.stringify(data);
    if (rendered[part] === json) return;
    rendered[part] = json;
    build();
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(name, value);
    }
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child == null ? '' : String(child)));
    return node;
  }

  async function api(path, init) {
    const response = await fetch('/api/' + path, { ...init, headers: { 'x-control-tower-key': key, ...(init && init.body ? { 'content-type': 'application/json' } : {}) } });
    const body = await response.json().catch(() => null);
    return { status: response.status, body };
  }

  const ago = (iso) => {
    if (!iso) return '';
    const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    return s < 120 ? s + ' s ago' : s < 7200 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago';
  };
  const problemText = (answer) => (answer.body && (answer.body.detail || answer.body.title)) || 'HTTP ' + answer.status;

  async function signIn(candidate) {
    key = candidate;
    const answer = await api('session');
    if (answer.status !== 200) {
      $('#sign-in-error').textContent = problemText(answer);
      key = null;
      sessionStorage.removeItem('towerKey');
      return;
    }
    session = answer.body;
    sessionStorage.setItem('towerKey', key);
    $('#sign-in').hidden = true;
    $('#tower').hidden = false;
    $('#who').hidden = false;
    $('#person').textContent = session.person;
    $('#role').textContent = session.role;
    document.body.dataset.role = session.role;
    refresh();
  }

  function signOut() {
    sessionStorage.removeItem('towerKey');
    key = null;
    session = null;
    clearTimeout(timer);
    location.reload();
  }

  function flowQuery() {
    const params = new URLSearchParams();
    if ($('#flow-key').value.trim()) params.set('key', $('#flow-key').value.trim());
    if ($('#flow-state').value.trim()) params.set('state', $('#flow-state').value.trim().toUpperCase());
    if ($('#flow-stuck').checked) params.set('stuckForMin', $('#flow-minutes').value || '0');
    return params.toString();
  }

  async function loadFlows() {
    const answer = await api('flows?' + flowQuery());
    const body = $('#flow-table tbody');
    if (answer.status !== 200) throw new Error('flows: ' + problemText(answer));
    render('flows', answer.body, () => body.replaceChildren(
      ...answer.body.flows.map((flow) =>
        el(
          'tr',
          { class: 'clickable', 'data-flow-id': flow.flowId, onclick: () => { openFlow = flow; loadFlow(); } },
          el('td', {}, flow.workflow),
          el('td', {}, el('code', {}, flow.flowId)),
          el('td', {}, flow.state),
          el('td', {}, flow.keys.storeId || ''),
          el('td', {}, new Date(flow.updatedAt).toLocaleString()),
          el('td', { class: 'error last-error' }, flow.lastError ? flow.lastError.message + ' (' + flow.lastError.queue + ', attempt ' + flow.lastError.attempts + ')' : ''),
        ),
      ),
    ));
  }

  async function loadFlow() {
    if (!openFlow) return;
    const answer = await api('flows/' + openFlow.workflow + '/' + encodeURIComponent(openFlow.flowId));
    const detail = $('#flow-detail');
    detail.hidden = false;
    if (answer.status !== 200) return detail.replaceChildren(el('p', { class: 'error' }, problemText(answer)));
    const f = answer.body;
    detail.replaceChildren(
      el('h3', {}, f.workflow + ' ', el('code', {}, f.flowId), ' — ' + f.state),
      el('p', {}, Object.entries(f.keys).map(([k, v]) => k + ': ' + v).join(' · ')),
      // The page re-renders every few seconds, so the reason is asked in a prompt rather than a field that would be wiped.
      session.role === 'operator' && f.releasable ? el('button', { class: 'release-flow secondary', type: 'button', onclick: () => releaseFlow(f) }, 'Release holds') : '',
      f.lastError ? el('p', { class: 'error' }, 'Last error: ' + f.lastError.message) : '',
      el('table', { class: 'timeline' },
        el('thead', {}, el('tr', {}, el('th', {}, 'When'), el('th', {}, 'Step'), el('th', {}, 'Outcome'), el('th', {}, 'Backend documents'))),
        el('tbody', {}, ...f.timeline.map((e) =>
          el('tr', {}, el('td', {}, new Date(e.at).toLocaleTimeString()), el('td', {}, e.step), el('td', {}, e.outcome),
            el('td', {}, el('code', {}, Object.entries(e.detail || {}).map(([k, v]) => k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(' ')))),
        )),
      ),
      el('h3', {}, 'ERP postings'),
      el('ul', {}, ...f.postings.map((p) => el('li', {}, p.kind + ' ' + p.postingId + ': ' + p.status + (p.erpDocumentId ? ' → ERP document ' + p.erpDocumentId : '') + (p.lastError ? ' (' + p.lastError + ')' : '')))),
    );
  }

  async function releaseFlow(f) {
    const reason = window.prompt('Release the stock and points ' + f.flowId + ' holds? Why (kept in the audit):');
    if (!reason) return;
    const answer = await api('flows/' + f.workflow + '/' + encodeURIComponent(f.flowId) + '/release', { method: 'POST', body: JSON.stringify({ reason: reason.trim() }) });
    $('#action-result').textContent = answer.status === 200 ? f.flowId + ': released, now ' + answer.body.state : f.flowId + ': refused — ' + problemText(answer);
    $('#action-result').className = answer.status === 200 ? '' : 'error';
    await refresh();
  }

  async function replay(path, label) {
    const answer = await api(path, { method: 'POST', body: '{}' });
    $('#action-result').textContent = answer.status === 202 ? label + ': replayed' : label + ': refused — ' + problemText(answer);
    $('#action-result').className = answer.status === 202 ? '' : 'error';
    await refresh();
  }

  async function pauseOrResume(queue, pausing) {
    const reason = $('#pause-reason').value.trim();
    if (pausing && !reason) {
      $('#action-result').textContent = queue + ': say why it is paused first';
      $('#action-result').className = 'error';
      return;
    }
    const answer = await api('queues/' + queue + (pausing ? '/pause' : '/resume'), { method: 'POST', body: JSON.stringify(pausing ? { reason } : {}) });
    $('#action-result').textContent = answer.status === 200 ? queue + (pausing ? ': paused' : ': resumed') : queue + ': refused — ' + problemText(answer);
    $('#action-result').className = answer.status === 200 ? '' : 'error';
    if (pausing && answer.status === 200) $('#pause-reason').value = '';
    await refresh();
  }

  const pausedText = (p) => p ? 'paused by ' + p.by + ' ' + ago(p.since) + ': ' + p.reason : '';

  async function loadQueues() {
    const answer = await api('queues');
    if (answer.status !== 200) throw new Error('queues: ' + problemText(answer));
    const operator = session.role === 'operator';
    const postings = answer.body.erpPostings;
    $('#posting-lag').textContent = postings
      ? 'ERP postings: ' + postings.backlog.pending + ' pending, ' + postings.backlog.posted + ' posted, ' + postings.backlog.dead + ' dead; oldest pending ' +
        (postings.backlog.oldestPendingAgeS == null ? '—' : postings.backlog.oldestPendingAgeS + ' s') + '; throttle ' + postings.throttle.inFlight + ' in flight'
      : 'ERP postings: unknown';
    $('#queue-table tbody').replaceChildren(
      ...answer.body.queues.map((q) =>
        el('tr', { 'data-queue': q.queue, class: q.paused ? 'paused' : '' }, el('td', {}, q.queue), el('td', {}, q.depth), el('td', {}, q.oldestAgeS == null ? '' : q.oldestAgeS + ' s'), el('td', {}, q.scheduled), el('td', {}, q.deadLetters),
          el('td', { class: 'pause-state' }, pausedText(q.paused)),
          el('td', {}, operator && q.deadLetters > 0 ? el('button', { class: 'replay-all secondary', type: 'button', onclick: () => replay('dead-letters/' + q.queue + '/replay-all', q.queue) }, 'Replay all') : '',
            operator ? el('button', { class: (q.paused ? 'resume' : 'pause') + ' secondary', type: 'button', onclick: () => pauseOrResume(q.queue, !q.paused) }, q.paused ? 'Resume' : 'Pause') : '')),
      ),
    );
    const letters = answer.body.queues.flatMap((q) => q.letters);
    $('#dead-letters').replaceChildren(
      letters.length ? el('h3', {}, 'Dead letters') : '',
      ...letters.map((d) =>
        el('div', { class: 'card dead-letter', 'data-dead-letter-id': d.id },
          el('strong', {}, d.queue), ' ', el('code', {}, JSON.stringify(d.payload)),
          el('p', { class: 'error' }, (d.error && d.error.message) || 'no reason recorded'),
          el('p', {}, d.attempts + ' attempts, dead since ' + ago(d.deadLetteredAt)),
          operator ? el('button', { class: 'replay', type: 'button', onclick: () => replay('dead-letters/' + d.queue + '/' + d.id + '/replay', d.id) }, 'Replay') : '',
        ),
      ),
    );
  }

  /** ", 3 failed, 12 refused in the last 10 s, changed 2 min ago": what the breaker's window counted and when it last moved. */
  const breakerText = (b) => {
    if (b.failures == null) return '';
    const counts = [b.failures + ' failed', ...(b.rejects > 0 ? [b.rejects + ' refused'] : [])].join(', ');
    return ', ' + counts + ' in the last ' + Math.round(b.windowMs / 1000) + ' s' + (b.changedAt ? ', changed ' + ago(b.changedAt) : '');
  };

  async function loadHealth() {
    const answer = await api('health');
    if (answer.status !== 200) throw new Error('health: ' + problemText(answer));
    $('#apps').replaceChildren(
      ...answer.body.apps.map((a) =>
        el('div', { class: 'card', 'data-app': a.app }, el('h3', {}, a.app + (a.ready ? ' ✓' : ' ✗ not ready')),
          ...a.breakers.map((b) => el('div', { class: 'breaker-row', 'data-operation': b.operation }, b.operation + ': ',
            el('span', { class: 'breaker state-' + b.state }, b.state), breakerText(b)))),
      ),
    );
    $('#registry-error').textContent = answer.body.registryError || '';
    $('#client-apps tbody').replaceChildren(
      ...answer.body.clientApps.map((c) =>
        el('tr', {}, el('td', {}, c.clientAppId), el('td', {}, c.channel + (c.storeId ? ' (' + c.storeId + ')' : '')), el('td', {}, c.plan),
          el('td', {}, c.keys.map((k) => k.keyId + ': ' + k.status).join(', '))),
      ),
    );
  }

  const percent = (ratio) => (ratio == null ? '—' : (ratio * 100).toFixed(1) + ' %');

  async function loadTraffic() {
    const answer = await api('traffic');
    if (answer.status !== 200) throw new Error('traffic: ' + problemText(answer));
    const t = answer.body;
    $('#traffic-period').textContent = t.periodS == null ? 'Since each app started (the next refresh shows the last minute)' : 'Last ' + t.periodS + ' s';
    $('#traffic-apps tbody').replaceChildren(
      ...t.apps.map((a) =>
        el('tr', { 'data-app': a.app }, el('td', {}, a.app + (a.reachable ? '' : ' (unreadable: ' + a.unreadable + ')')), el('td', {}, a.requests),
          el('td', { class: a.serverErrors ? 'error' : '' }, a.serverErrors), el('td', {}, a.tooManyRequests)),
      ),
    );
    $('#traffic-backends tbody').replaceChildren(
      ...t.backends.map((b) =>
        el('tr', { 'data-backend': b.backend }, el('td', {}, b.app), el('td', {}, b.backend), el('td', {}, b.calls),
          el('td', { class: b.failures ? 'error' : '' }, b.failures), el('td', {}, percent(b.errorRatio)), el('td', {}, b.p95Ms == null ? '—' : '≤ ' + b.p95Ms + ' ms')),
      ),
    );
    $('#traffic-caches tbody').replaceChildren(
      ...t.caches.map((c) =>
        el('tr', { 'data-cache': c.cache }, el('td', {}, c.app), el('td', {}, c.cache), el('td', {}, c.fresh), el('td', {}, c.stale), el('td', {}, c.miss), el('td', {}, percent(c.hitRatio))),
      ),
    );
    $('#traffic-refusals tbody').replaceChildren(
      ...t.rateLimitRefusals.map((r) =>
        el('tr', { 'data-client-app': r.clientAppId }, el('td', {}, r.clientAppId), el('td', {}, r.window), el('td', {}, r.refusals), el('td', {}, r.app)),
      ),
    );
  }

  async function loadAudit() {
    const answer = await api('operator-actions');
    if (answer.status !== 200) throw new Error('audit: ' + problemText(answer));
    $('#audit-table tbody').replaceChildren(
      ...answer.body.actions.map((a) =>
        el('tr', { class: 'operator-action' }, el('td', {}, new Date(a.at).toLocaleString()), el('td', {}, a.actor), el('td', {}, a.action), el('td', {}, el('code', {}, a.target)),
          el('td', { class: a.outcome === 'done' ? '' : 'error' }, a.outcome + (a.detail && a.detail.type ? ' (' + a.detail.type.split('/').pop() + ')' : ''))),
      ),
    );
  }

  const KIND_TEXT = {
    'erp-posting-missing': 'no ERP posting for the flow',
    'erp-posting-outstanding': 'ERP posting not landed yet',
    'erp-document-missing': 'ERP lost the document',
    'erp-amount-mismatch': 'ERP document differs',
    'erp-document-unexpected': 'ERP holds a withdrawn posting',
    'erp-document-without-flow': 'ERP document without a flow',
    'loyalty-accrual-missing': 'loyalty accrual missing',
    'loyalty-accrual-outstanding': 'loyalty accrual not run yet',
    'loyalty-reversal-missing': 'loyalty reversal missing',
    'loyalty-redemption-missing': 'loyalty redemption missing',
    'loyalty-redemption-not-released': 'points hold never given back',
    'loyalty-redemption-released': 'spent points given back',
    'loyalty-points-mismatch': 'loyalty points differ',
    'sale-redemption-outstanding': "sale's points capture not run yet",
    'sale-redemption-not-captured': 'sale never captured its points hold',
    'sale-points-tender-mismatch': 'points tendered differ from the hold',
  };
  const checkedText = (c) => c.flows + ' flows, ' + c.postings + ' postings, ' + c.erpDocuments + ' ERP documents, ' + c.loyaltyTransactions + ' loyalty entries';

  async function loadReports() {
    const answer = await api('reconciliation-reports');
    if (answer.status !== 200) throw new Error('reconciliation: ' + problemText(answer));
    render('reports', answer.body, () => $('#report-table tbody').replaceChildren(
      ...answer.body.reports.map((r) =>
        el('tr', { class: 'clickable report', 'data-report-id': r.reportId, onclick: () => { openReport = r.reportId; void loadReport(); } },
          el('td', {}, new Date(r.ranAt).toLocaleString()), el('td', {}, r.storeId), el('td', {}, r.businessDate),
          el('td', {}, r.trigger === 'schedule' ? 'daily schedule' : r.requestedBy || 'on demand'), el('td', {}, checkedText(r.checked)),
          el('td', { class: r.differenceCount ? 'error' : 'no-difference' }, r.differenceCount ? Object.entries(r.differencesByKind).map(([k, n]) => n + ' × ' + (KIND_TEXT[k] || k)).join(', ') : 'none'),
        ),
      ),
    ));
  }

  async function loadReport() {
    if (!openReport) return;
    const answer = await api('reconciliation-reports/' + encodeURIComponent(openReport));
    const detail = $('#report-detail');
    detail.hidden = false;
    if (answer.status !== 200) return detail.replaceChildren(el('p', { class: 'error' }, problemText(answer)));
    const r = answer.body;
    render('report', r, () => detail.replaceChildren(
      el('h3', {}, 'Report ', el('code', {}, r.reportId), ' — ' + r.storeId + ', ' + r.businessDate),
      el('p', {}, 'Checked ' + checkedText(r.checked)),
      r.differences.length === 0 ? el('p', { class: 'no-difference' }, 'No difference: every flow is in the ERP and the loyalty ledger as it should be.') : el('table', { class: 'differences' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Difference'), el('th', {}, 'Flow'), el('th', {}, 'Reference'), el('th', {}, 'Expected'), el('th', {}, 'Found'))),
        el('tbody', {}, ...r.differences.map((d) =>
          el('tr', { class: 'difference', 'data-kind': d.kind },
            el('td', {}, (KIND_TEXT[d.kind] || d.kind) + ' ', el('code', {}, d.kind)),
            el('td', {}, d.flow
              ? el('a', { class: 'flow-link', href: '#flows', onclick: () => { openFlow = d.flow; void loadFlow(); } }, d.flow.workflow + ' ' + d.flow.flowId)
              : 'no flow'),
            el('td', {}, el('code', {}, d.reference + (d.erpDocumentId ? ' (ERP ' + d.erpDocumentId + ')' : ''))),
            el('td', {}, el('code', {}, d.expected ? JSON.stringify(d.expected) : '')),
            el('td', {}, el('code', {}, d.found ? JSON.stringify(d.found) : '')),
          ),
        )),
      ),
    ));
  }

  async function reconcileNow() {
    const answer = await api('reconciliation-reports', { method: 'POST', body: JSON.stringify({ storeId: $('#reconcile-store').value.trim(), businessDate: $('#reconcile-date').value }) });
    $('#reconcile-result').textContent = answer.status === 201 ? answer.body.differences.length + ' difference(s)' : 'refused — ' + problemText(answer);
    $('#reconcile-result').className = answer.status === 201 ? '' : 'error';
    if (answer.status === 201) openReport = answer.body.reportId;
    await refresh();
  }

  async function refresh() {
    clearTimeout(timer);
    // One polling loop only: a refresh started by a search or a replay supersedes the running one.
    const mine = ++loop;
    const results = await Promise.allSettled([loadFlows(), loadFlow(), loadQueues(), loadHealth(), loadTraffic(), loadReports(), loadReport(), loadAudit()]);
    const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
    $('#refresh-error').textContent = failed.join('; ');
    $('#refreshed').textContent = new Date().toLocaleTimeString();
    if (session && mine === loop) timer = setTimeout(refresh, REFRESH_MS);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('#sign-in').addEventListener('submit', (event) => { event.preventDefault(); void signIn($('#key').value); });
    $('#sign-out').addEventListener('click', signOut);
    $('#flow-search').addEventListener('submit', (event) => { event.preventDefault(); void refresh(); });
    $('#reconcile-form').addEventListener('submit', (event) => { event.preventDefault(); void reconcileNow(); });
    $('#reconcile-date').value = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
    if (key) void signIn(key);
  });
})();
