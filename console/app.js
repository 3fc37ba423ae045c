// Berth's web console: plain ES modules on the HTTP API (docs/api.md), no build step.
const main = document.getElementById('main');
const errorBox = document.getElementById('error');
const signOut = document.getElementById('sign-out');
let logTimer = null;

const token = () => sessionStorage.getItem('berth.token');

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
}

function showError(message) {
  errorBox.textContent = message || '';
  errorBox.hidden = !message;
}

class ApiError extends Error {
  constructor(status, body, etag) {
    super(body && body.message ? body.message : `The server answered ${status}`);
    this.status = status; this.body = body; this.etag = etag;
  }
}

async function api(method, path, body, ifMatch) {
  const headers = { Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  const response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401) { sessionStorage.removeItem('berth.token'); }
    throw new ApiError(response.status, data, response.headers.get('ETag'));
  }
  return { data, etag: response.headers.get('ETag') };
}

function age(iso) {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return `${Math.floor(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} days`;
}

function setPage(title, ...content) {
  if (logTimer) { clearTimeout(logTimer); logTimer = null; }
  document.title = `${title} · Berth`;
  main.replaceChildren(h('h1', { text: title }), ...content);
  main.focus();
}

// Sign in ---------------------------------------------------------------------------------------
function signInPage() {
  signOut.hidden = true;
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true });
  const form = h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    sessionStorage.setItem('berth.token', input.value.trim());
    try {
      await api('GET', '/instances?limit=1');
      showError('');
      location.hash = '#/';
      route();
    } catch (err) {
      sessionStorage.removeItem('berth.token');
      showError(err.status === 401 ? 'This token was refused: check it and try again.' : err.message);
    }
  } }, h('label', { for: 'token', text: 'API token' }), input, h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Sign in' })));
  setPage('Sign in', h('p', { class: 'muted', text: 'Your token stays in this browser tab only.' }), form);
}

// Instance list -----------------------------------------------------------------------------------
async function listPage() {
  const q = h('input', { id: 'q', type: 'search', placeholder: 'name or domain' });
  const status = h('select', { id: 'status' }, h('option', { value: 'active', text: 'active' }), h('option', { value: 'archived', text: 'archived' }));
  const body = h('tbody');
  const more = h('button', { type: 'button', text: 'Load more', hidden: true });
  let cursor = null;
  async function load(reset) {
    if (reset) { body.replaceChildren(); cursor = null; }
    const params = new URLSearchParams({ limit: '50', status: status.value });
    if (q.value.trim()) params.set('q', q.value.trim());
    if (cursor) params.set('cursor', cursor);
    try {
      const { data } = await api('GET', `/instances?${params}`);
      for (const i of data.items) {
        body.append(h('tr', {}, h('td', {}, h('a', { href: `#/instances/${i.id}`, text: i.name })),
          h('td', { class: 'optional' }, h('a', { href: i.url, text: i.domains.lms })), h('td', { text: i.status }),
          h('td', { class: 'optional', text: `${i.activeAppServerIds.length} active` })));
      }
      if (!data.items.length && !cursor) body.append(h('tr', {}, h('td', { colspan: '4', text: 'No instance matches.' })));
      cursor = data.nextCursor;
      more.hidden = !cursor;
    } catch (err) { handle(err); }
  }
  more.addEventListener('click', () => load(false));
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); load(true); } },
    h('div', {}, h('label', { for: 'q', text: 'Search' }), q), h('div', {}, h('label', { for: 'status', text: 'Status' }), status),
    h('button', { type: 'submit', text: 'Search' }));
  status.addEventListener('change', () => load(true));
  setPage('Instances', form, h('table', {}, h('caption', { class: 'muted', text: 'Instances, by name' }),
    h('thead', {}, h('tr', {}, h('th', { text: 'Name' }), h('th', { class: 'optional', text: 'Domain' }), h('th', { text: 'Status' }),
      h('th', { class: 'optional', text: 'App servers' }))), body), more);
  await load(true);
}

// Create ------------------------------------------------------------------------------------------
function fieldErrors(form, err) {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const fields = err.body && err.body.details && err.body.details.fields;
  if (!fields) return false;
  for (const [name, problem] of Object.entries(fields)) {
    const input = form.querySelector(`[name="${name}"]`);
    const message = h('p', { class: 'field-error', id: `error-${name}`, text: `${name} ${problem}` });
    if (input) { input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', `error-${name}`); input.after(message); }
    else form.prepend(message);
  }
  return true;
}

function newPage() {
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (!data.extraSettings) delete data.extraSettings;
    try {
      const { data: created } = await api('POST', '/instances', data);
      location.hash = `#/instances/${created.id}`;
    } catch (err) {
      if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.');
    }
  } },
  h('label', { for: 'name', text: 'Name' }), h('input', { id: 'name', name: 'name', type: 'text', required: true }),
  h('label', { for: 'subDomain', text: 'Sub-domain' }), h('input', { id: 'subDomain', name: 'subDomain', type: 'text', required: true }),
  h('label', { for: 'extraSettings', text: 'Extra settings (YAML)' }), h('textarea', { id: 'extraSettings', name: 'extraSettings' }),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Create instance' })));
  setPage('New instance', form);
}

// Instance page -----------------------------------------------------------------------------------
async function instancePage(id) {
  let instance, etag;
  try { ({ data: instance, etag } = await api('GET', `/instances/${id}`)); } catch (err) { return handle(err); }
  const settingsForm = settingsEditor(instance, etag);
  const servers = h('ul');
  const logBox = h('section', { 'aria-labelledby': 'log-title' });
  const audit = h('ol', { class: 'muted' });
  const launch = h('button', { class: 'primary', type: 'button', text: 'Launch new app server', onclick: async () => {
    try {
      const { data } = await api('POST', `/instances/${id}/appservers`);
      await refreshServers(data.id);
    } catch (err) { handle(err); }
  } });
  let selected = null;

  async function refreshServers(select) {
    if (select) selected = select;
    const { data } = await api('GET', `/instances/${id}/appservers?limit=50`);
    servers.replaceChildren(...data.items.map((s) => serverItem(s)));
    if (!selected && data.items.length) selected = data.items[0].id;
    if (selected) showServer(selected);
  }

  function serverItem(s) {
    const canActivate = s.status === 'running' && !s.active;
    const act = (op, question) => h('button', { type: 'button', class: op === 'terminate' ? 'danger' : '', text: op[0].toUpperCase() + op.slice(1),
      disabled: op === 'activate' ? !canActivate : op === 'deactivate' ? !s.active : (s.active || s.status === 'terminated'),
      'aria-label': `${op} ${s.id}`,
      onclick: async () => {
        if (!confirm(question)) return;
        try { await api('POST', `/appservers/${s.id}/${op}`, undefined, s.etag); showError(''); await refreshServers(); await refreshAudit(); }
        catch (err) { handle(err); await refreshServers(); }
      } });
    return h('li', { class: s.id === selected ? 'selected' : '' },
      h('div', {}, h('button', { type: 'button', class: 'link', text: s.id, onclick: () => { selected = s.id; refreshServers(); } }), ' ',
        h('span', { class: `badge ${s.status}`, text: s.status }), ' ', s.active ? h('span', { class: 'active-mark', text: '● active' }) : null,
        h('span', { class: 'muted', text: ` · ${age(s.createdAt)} old` })),
      s.failureReason ? h('p', { class: 'field-error', text: s.failureReason.split('\n')[0] }) : null,
      h('div', { class: 'actions' },
        act('activate', `Activate ${s.id}? ${instance.domains.lms} will be served by it${instance.allowMultipleActive ? '' : ', and the app server active now will be taken out'}.`),
        act('deactivate', `Deactivate ${s.id}? It stops serving ${instance.domains.lms}.`),
        act('terminate', `Terminate ${s.id}? Its VM is deleted; this cannot be undone.`)));
  }

  async function showServer(serverId) {
    if (logTimer) clearTimeout(logTimer);
    const { data: s } = await api('GET', `/appservers/${serverId}`);
    const pre = h('pre', { class: 'log', tabindex: '0', 'aria-live': 'polite', 'aria-label': `Deployment log of ${serverId}` });
    let cursor = '0';
    let follow = true;
    pre.addEventListener('scroll', () => { follow = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8; });
    const preview = s.preview && s.preview.url ? h('p', { class: 'copy' }, 'Preview link: ', h('code', { text: s.preview.url }),
      h('button', { type: 'button', text: 'Copy', onclick: () => navigator.clipboard && navigator.clipboard.writeText(s.preview.url) })) : null;
    logBox.replaceChildren(h('h2', { id: 'log-title', text: `App server ${serverId}` }), preview, pre);
    async function tail() {
      try {
        const { data } = await api('GET', `/appservers/${serverId}/logs?after=${cursor}`);
        if (data.items.length) {
          pre.append(data.items.map((l) => l.text).join('\n') + '\n');
          cursor = data.nextCursor;
          if (follow) pre.scrollTop = pre.scrollHeight;
        }
        if (!data.complete) logTimer = setTimeout(tail, 1000);
        else { await refreshServersQuietly(); }
      } catch (err) { handle(err); }
    }
    tail();
  }

  async function refreshServersQuietly() {
    const { data } = await api('GET', `/instances/${id}/appservers?limit=50`);
    servers.replaceChildren(...data.items.map((s) => serverItem(s)));
  }

  async function refreshAudit() {
    try {
      const { data } = await api('GET', `/audit?target=${id}&limit=20`);
      audit.replaceChildren(...data.items.map((e) => h('li', { text: `${e.at.replace('T', ' ').slice(0, 19)} · ${e.actor} · ${e.action}: ${e.summary}` })));
    } catch (err) { audit.replaceChildren(h('li', { text: err.status === 403 ? 'The audit trail needs an admin token.' : err.message })); }
  }

  setPage(instance.name,
    h('p', {}, 'Live at ', h('a', { href: instance.url, text: instance.url }), ' · ', h('span', { text: instance.status })),
    h('p', { class: 'muted' }, 'Also: ', ...['studio', 'preview', 'ecommerce', 'discovery'].map((d) => h('span', { text: `${instance.domains[d]} ` }))),
    h('div', { class: 'layout' },
      h('section', { 'aria-labelledby': 'settings-title' }, h('h2', { id: 'settings-title', text: 'Settings' }), settingsForm,
        h('h2', { text: 'Audit trail' }), audit),
      h('section', { class: 'servers', 'aria-labelledby': 'servers-title' }, h('h2', { id: 'servers-title', text: 'App servers' }), launch, servers, logBox)));
  await refreshServers();
  await refreshAudit();
}

function settingsEditor(instance, etag) {
  let current = instance;
  let currentEtag = etag;
  const name = h('input', { id: 'set-name', name: 'name', type: 'text', value: instance.name });
  const extra = h('textarea', { id: 'set-extra', name: 'extraSettings' });
  extra.value = instance.extraSettings || '';
  const conflict = h('div', { class: 'notice', role: 'status', hidden: true });
  const form = h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    const patch = {};
    if (name.value !== current.name) patch.name = name.value;
    if (extra.value !== (current.extraSettings || '')) patch.extraSettings = extra.value;
    if (!Object.keys(patch).length) { showError(''); return; }
    try {
      const { data, etag: newEtag } = await api('PATCH', `/instances/${current.id}`, patch, currentEtag);
      current = data; currentEtag = newEtag; fieldErrors(form, {}); showError('');
      conflict.hidden = false; conflict.replaceChildren('Saved.');
      const heading = main.querySelector('h1');
      if (heading) { heading.textContent = data.name; document.title = `${data.name} · Berth`; }
    } catch (err) {
      if (err.status === 412) {
        const { data: latest, etag: latestEtag } = await api('GET', `/instances/${current.id}`);
        conflict.hidden = false;
        conflict.replaceChildren(h('p', { text: 'Someone else changed this instance while you were editing. Its current values:' }),
          h('pre', { text: `name: ${latest.name}\nextraSettings:\n${latest.extraSettings || ''}` }),
          h('button', { type: 'button', text: 'Re-apply my changes', onclick: () => {
            current = latest; currentEtag = latestEtag; conflict.hidden = true; form.requestSubmit();
          } }));
      } else if (!fieldErrors(form, err)) handle(err);
    }
  } },
  h('label', { for: 'set-name', text: 'Name' }), name,
  h('label', { for: 'set-extra', text: 'Extra settings (YAML)' }), extra, conflict,
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Save settings' })));
  return form;
}

function handle(err) {
  if (err.status === 401) { signInPage(); showError('Your token is no longer accepted: sign in again.'); return; }
  showError(err.message);
}

// Routing -----------------------------------------------------------------------------------------
async function route() {
  if (!token()) return signInPage();
  signOut.hidden = false;
  showError('');
  const hash = location.hash || '#/';
  const instance = hash.match(/^#\/instances\/([\w-]+)/);
  if (instance) return instancePage(instance[1]);
  if (hash === '#/new') return newPage();
  return listPage();
}

signOut.addEventListener('click', () => { sessionStorage.removeItem('berth.token'); location.hash = '#/'; signInPage(); });
window.addEventListener('hashchange', route);
route();
