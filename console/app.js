// Berth's web console: plain ES modules on the HTTP API (docs/api.md), no build step.
const main = document.getElementById('main');
const errorBox = document.getElementById('error');
const signOut = document.getElementById('sign-out');
let logTimer = null;
let pollTimer = null;

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
  return { data, etag: response.headers.get('ETag'), status: response.status };
}

function age(iso) {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return `${Math.floor(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} days`;
}

const enc = encodeURIComponent;
const when = (iso) => (iso ? iso.replace('T', ' ').slice(0, 19) : '');

function bytes(n) {
  if (n === undefined || n === null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n; let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${u ? v.toFixed(1) : v} ${units[u]}`;
}

function duration(ms) {
  if (ms === undefined || ms === null) return '';
  return ms < 1000 ? `${ms} ms` : ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

// A label above its control, with an optional hint the control is described by.
function field(id, label, control, hint) {
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'field' }, h('label', { for: id, text: label }), control,
    hint ? h('p', { class: 'hint muted', id: `${id}-hint`, text: hint }) : null);
}

// A definition list of [term, value] pairs; empty values are left out.
function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, typeof v === 'number' ? String(v) : v)]));
}

// replaceChildren, leaving out the null and undefined of optional parts.
const fill = (el, ...kids) => el.replaceChildren(...kids.flat().filter((c) => c !== null && c !== undefined));

const badge = (state) => h('span', { class: `badge ${state}`, text: state });

// A table fed by a paged list call: load(true) starts again, "Load more" follows nextCursor.
function pagedTable({ caption, headers, path, row, empty }) {
  const body = h('tbody');
  const more = h('button', { type: 'button', text: 'Load more', hidden: true });
  let cursor = null;
  async function load(reset) {
    if (reset) cursor = null;
    const url = path();
    try {
      const { data } = await api('GET', cursor ? `${url}${url.includes('?') ? '&' : '?'}cursor=${enc(cursor)}` : url);
      if (reset) body.replaceChildren();
      body.append(...data.items.map(row));
      if (!data.items.length && reset) body.append(h('tr', {}, h('td', { colspan: String(headers.length), text: empty })));
      cursor = data.nextCursor;
      more.hidden = !cursor;
    } catch (err) { handle(err); }
  }
  more.addEventListener('click', () => load(false));
  const table = h('table', {}, h('caption', { class: 'muted', text: caption }),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col', text: t })))), body);
  return { element: h('div', { class: 'table-wrap' }, table, more), load };
}

// Reads a form's fields into a JSON body: empty ones left out, whole numbers as numbers.
function formBody(form, numbers = []) {
  const body = {};
  for (const [k, v] of new FormData(form)) {
    const value = typeof v !== 'string' || form.elements[k].type === 'password' ? v : v.trim();
    if (value === '') continue;
    body[k] = numbers.includes(k) && /^\d+$/.test(value) ? Number(value) : value;
  }
  return body;
}

function setPage(title, ...content) {
  if (logTimer) { clearTimeout(logTimer); logTimer = null; }
  if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; }
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

async function newPage() {
  const profile = h('select', { id: 'profile', name: 'profile' }, h('option', { value: '', text: 'None: the stack\'s defaults' }));
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (!data.extraSettings) delete data.extraSettings;
    if (!data.profile) delete data.profile;
    try {
      const { data: created } = await api('POST', '/instances', data);
      location.hash = `#/instances/${created.id}`;
    } catch (err) {
      if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.');
    }
  } },
  h('label', { for: 'name', text: 'Name' }), h('input', { id: 'name', name: 'name', type: 'text', required: true }),
  h('label', { for: 'subDomain', text: 'Sub-domain' }), h('input', { id: 'subDomain', name: 'subDomain', type: 'text', required: true }),
  h('label', { for: 'profile', text: 'Setting profile' }), profile,
  h('label', { for: 'extraSettings', text: 'Extra settings (YAML)' }), h('textarea', { id: 'extraSettings', name: 'extraSettings' }),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Create instance' })));
  setPage('New instance', form);
  try {
    const { data } = await api('GET', '/profiles?limit=500');
    profile.append(...data.items.map((p) => h('option', { value: p.name, text: p.description ? `${p.name}: ${p.description}` : p.name })));
  } catch (err) { handle(err); }
}

// Instance page -----------------------------------------------------------------------------------
async function instancePage(id) {
  let instance, etag;
  try { ({ data: instance, etag } = await api('GET', `/instances/${id}`)); } catch (err) { return handle(err); }
  let instanceEtag = etag;
  const settingsForm = settingsEditor(instance, etag, (saved, savedEtag) => { instanceEtag = savedEtag; });
  const dataSection = instanceData(instance, () => instanceEtag, (fresh) => { instanceEtag = fresh; }, () => refreshAudit());
  const servers = h('ul');
  const logBox = h('section', { 'aria-labelledby': 'log-title' });
  const audit = h('ol', { class: 'muted' });
  const launch = h('button', { class: 'primary', type: 'button', text: 'Launch new app server', onclick: async () => {
    try {
      let launched;
      try {
        launched = (await api('POST', `/instances/${id}/appservers`)).data;
      } catch (err) {
        const d = err.body && err.body.details;
        if (err.status !== 409 || err.body.error !== 'release_change'
            || !confirm(`${instance.name} runs ${d.running}; launching ${d.wanted} upgrades its databases one way. Launch anyway?`)) throw err;
        launched = (await api('POST', `/instances/${id}/appservers`, { allowReleaseChange: true })).data;
      }
      await refreshServers(launched.id);
      await dataSection.refresh();
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
    const pre = h('pre', { class: 'log', role: 'log', tabindex: '0', 'aria-label': `Deployment log of ${serverId}` });
    let cursor = '0';
    let follow = true;
    pre.addEventListener('scroll', () => { follow = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8; });
    const preview = s.preview && s.preview.url ? h('p', { class: 'copy' }, 'Preview link: ', h('code', { text: s.preview.url }),
      h('button', { type: 'button', text: 'Copy', onclick: () => navigator.clipboard && navigator.clipboard.writeText(s.preview.url) })) : null;
    const cost = h('p', { class: 'muted', id: 'launch-cost' });
    logBox.replaceChildren(h('h2', { id: 'log-title', text: `App server ${serverId}` }), preview, cost, pre);
    async function showCost() {
      try {
        const { data: c } = await api('GET', `/appservers/${serverId}/cost`);
        const u = c.usage;
        cost.textContent = `Its launch cost the control plane $${c.dollars.total.toFixed(6)} (${u.stateTransitions} state transitions, `
          + `${u.lambdaInvocations} Lambda invocations, ${u.lambdaGbSeconds.toFixed(2)} GB-s`
          + (u.dynamoDbReadUnits === undefined ? '' : `, ${u.dynamoDbReadUnits.toFixed(1)} DynamoDB read and ${u.dynamoDbWriteUnits.toFixed(1)} write units`)
          + `; ${c.excludes} excluded).`;
      } catch (err) { cost.textContent = ''; }
    }
    showCost();
    async function tail() {
      try {
        const { data } = await api('GET', `/appservers/${serverId}/logs?after=${cursor}`);
        if (data.items.length) {
          pre.append(data.items.map((l) => l.text).join('\n') + '\n');
          cursor = data.nextCursor;
          if (follow) pre.scrollTop = pre.scrollHeight;
        }
        if (!data.complete) logTimer = setTimeout(tail, 1000);
        else { await refreshServersQuietly(); await dataSection.refresh(); await showCost(); }
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

  const secrets = secretsPanel({ base: `/instances/${enc(id)}/secrets`, owner: instance.name,
    names: async () => (await api('GET', `/instances/${enc(id)}/secrets`)).data.names, effect: 'The next launch deploys',
    placeholder: 'SMTP_PASSWORD', hint: 'A Tutor setting name: A-Z, 0-9 and _.', afterChange: refreshAudit });
  setPage(instance.name,
    h('p', {}, 'Live at ', h('a', { href: instance.url, text: instance.url }), ' · ', h('span', { text: instance.status })),
    h('p', { class: 'muted' }, 'Also: ', ...Object.entries(instance.domains).filter(([k]) => k !== 'lms').map(([, d]) => h('span', { text: `${d} ` }))),
    instance.profile ? h('p', { class: 'muted', id: 'instance-profile' }, 'Follows the setting profile ',
      h('a', { href: `#/profiles/${enc(instance.profile)}`, text: instance.profile }),
      (instance.profileOverrides || []).length ? `; its own fields: ${instance.profileOverrides.join(', ')}` : '; no field of its own',
      ' (each launch and change applies the profile\'s current defaults to the rest).') : null,
    h('div', { class: 'layout' },
      h('div', {},
        h('section', { 'aria-labelledby': 'settings-title' }, h('h2', { id: 'settings-title', text: 'Settings' }), settingsForm),
        h('section', { 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title', text: 'Audit trail' }), audit,
          h('p', {}, h('a', { href: `#/audit?target=${enc(id)}`, text: 'Full audit trail' })))),
      h('section', { class: 'servers', 'aria-labelledby': 'servers-title' }, h('h2', { id: 'servers-title', text: 'App servers' }), launch, servers, logBox)),
    dataSection.element, secrets.element);
  await refreshServers();
  await refreshAudit();
  await dataSection.refresh();
  await secrets.refresh();
}

// The instance's data set (where it lives, credential rotation) and its backups and restores.
function instanceData(instance, instanceEtag, setInstanceEtag, refreshAudit) {
  const id = instance.id;
  const state = h('div', { role: 'status' });
  const placements = h('div');
  const backups = h('tbody');
  const moreBackups = h('button', { type: 'button', text: 'Load more backups', hidden: true });
  let backupCursor = null;
  let shownBackups = [];
  let serverNames = null; // data server names by id, for admins (others see ids)

  const rotate = h('button', { type: 'button', text: 'Rotate credentials', onclick: async () => {
    if (!confirm(`Rotate the database credentials of ${instance.name}? The next launch creates new users and deploys with them; the old users are dropped once that deploy succeeds.`)) return;
    try { const { data } = await api('POST', `/instances/${enc(id)}/credentials/rotate`); showError(''); renderData(data); await refreshAudit(); }
    catch (err) { handle(err); }
  } });
  const backupNow = h('button', { class: 'primary', type: 'button', text: 'Back up now', onclick: async () => {
    try { await api('POST', `/instances/${enc(id)}/backups`); showError(''); await refresh(); }
    catch (err) { handle(err); }
  } });

  function renderData(d) {
    const text = {
      none: instance.ephemeralDatabases ? 'This instance uses ephemeral databases: it keeps no data on the data servers.'
        : 'No data yet: its databases are placed on the data servers at its first launch.',
      provisioning: 'Its databases are being created.', ready: 'Its databases are ready.', dropping: 'Its databases are being dropped.',
    }[d.state] || '';
    fill(state, h('p', {}, 'State: ', badge(d.state), ` ${text}`),
      d.rotating ? h('p', { class: 'notice' }, h('strong', { text: 'Rotating: ' }),
        'new credentials are used from the next launch; the old users are dropped once it succeeds.') : null);
    rotate.disabled = d.state !== 'ready' || !!d.rotating;
    fill(placements, d.placements.length ? h('table', {}, h('caption', { class: 'muted', text: 'Where its data lives' }),
      h('thead', {}, h('tr', {}, ['Kind', 'Server', 'Databases', 'User'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, d.placements.map((p) => h('tr', {}, h('td', { text: p.kind }),
        h('td', {}, h('a', { href: `#/data-servers/${enc(p.serverId)}`, text: serverNames[p.serverId] || p.serverId })),
        h('td', { text: (p.databases || []).join(', ') }),
        h('td', { text: p.retiringUser ? `${p.user || ''} (retiring ${p.retiringUser})` : (p.user || '') }))))) : null);
    return d;
  }

  function backupRow(b) {
    const restore = b.lastRestore;
    return h('tr', {},
      h('td', {}, h('code', { text: b.id })),
      h('td', {}, badge(b.state), b.failureReason ? h('p', { class: 'field-error', text: b.failureReason.split('\n')[0] }) : null),
      h('td', { class: 'optional', text: b.trigger }),
      h('td', {}, h('time', { datetime: b.createdAt, title: b.createdAt, text: when(b.createdAt) })),
      h('td', { class: 'optional', text: bytes(b.sizeBytes) }),
      h('td', { class: 'optional', text: duration(b.durationMs) }),
      h('td', {}, restore ? badge(restore.state) : h('span', { class: 'muted', text: 'never' }),
        restore && restore.failureReason ? h('p', { class: 'field-error', text: restore.failureReason.split('\n')[0] }) : null),
      h('td', {}, h('div', { class: 'actions' },
        h('button', { type: 'button', text: 'Restore', 'aria-label': `Restore ${b.id}`,
          disabled: b.state !== 'complete' || (restore && restore.state === 'running'), onclick: () => restoreBackup(b) }),
        h('button', { type: 'button', class: 'danger', text: 'Delete', 'aria-label': `Delete ${b.id}`, onclick: () => deleteBackup(b) }))));
  }

  async function restoreBackup(b) {
    if (!confirm(`Restore backup ${b.id} (${when(b.createdAt)}) into ${instance.name}? Its databases are replaced with the backup's contents.`)) return;
    try {
      await api('POST', `/instances/${enc(id)}/backups/${enc(b.id)}/restore`, undefined, instanceEtag());
      showError(''); await refresh(); await refreshAudit();
    } catch (err) {
      if (err.status === 412 && err.etag) {
        setInstanceEtag(err.etag);
        showError(`${instance.name} changed since this page was loaded, so nothing was restored. Press Restore again to restore into it as it is now.`);
      } else handle(err);
    }
  }

  async function deleteBackup(b) {
    if (!confirm(`Delete backup ${b.id} (${when(b.createdAt)})? Its files are deleted; this cannot be undone.`)) return;
    try {
      const { etag } = await api('GET', `/instances/${enc(id)}/backups/${enc(b.id)}`);
      await api('DELETE', `/instances/${enc(id)}/backups/${enc(b.id)}`, undefined, etag);
      showError(''); await refresh();
    } catch (err) { handle(err); await refresh(); }
  }

  async function loadBackups(reset) {
    const params = new URLSearchParams({ limit: '20' });
    if (!reset && backupCursor) params.set('cursor', backupCursor);
    const { data } = await api('GET', `/instances/${enc(id)}/backups?${params}`);
    shownBackups = reset ? data.items : shownBackups.concat(data.items);
    backups.replaceChildren(...shownBackups.map(backupRow));
    if (!shownBackups.length) backups.append(h('tr', {}, h('td', { colspan: '8', text: 'No backup yet.' })));
    backupCursor = data.nextCursor;
    moreBackups.hidden = !backupCursor;
  }
  moreBackups.addEventListener('click', () => loadBackups(false).catch(handle));

  // Refreshes both; keeps polling while a backup, a restore or the data set is in progress.
  async function refresh() {
    if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; }
    let busy = false;
    try {
      const { data: d } = await api('GET', `/instances/${enc(id)}/data`);
      if (!serverNames && d.placements.length) {
        serverNames = {};
        try { (await api('GET', '/data-servers?limit=500')).data.items.forEach((s) => { serverNames[s.id] = s.name; }); } catch (err) { /* not an admin */ }
      }
      renderData(d);
      busy = d.state === 'provisioning' || d.state === 'dropping';
      await loadBackups(true);
      busy = busy || shownBackups.some((b) => b.state === 'pending' || (b.lastRestore && b.lastRestore.state === 'running'));
    } catch (err) { handle(err); return; }
    if (busy && main.contains(state)) pollTimer = setTimeout(refresh, 2000);
  }

  const element = h('div', {},
    h('section', { 'aria-labelledby': 'data-title' }, h('h2', { id: 'data-title', text: 'Data' }), state, placements,
      h('p', { class: 'actions' }, rotate)),
    h('section', { 'aria-labelledby': 'backups-title' }, h('h2', { id: 'backups-title', text: 'Backups' }),
      h('p', { class: 'actions' }, backupNow),
      h('div', { class: 'table-wrap' }, h('table', { class: 'backups' }, h('caption', { class: 'muted', text: 'Backups, newest first' }),
        h('thead', {}, h('tr', {}, ['Backup', 'State', 'Trigger', 'Created', 'Size', 'Duration', 'Last restore', 'Actions']
          .map((t, i) => h('th', { scope: 'col', class: [2, 4, 5].includes(i) ? 'optional' : null, text: t })))), backups), moreBackups)));
  return { element, refresh };
}

function settingsEditor(instance, etag, onSaved = () => {}) {
  let current = instance;
  let currentEtag = etag;
  const name = h('input', { id: 'set-name', name: 'name', type: 'text', value: instance.name });
  const extra = h('textarea', { id: 'set-extra', name: 'extraSettings' });
  extra.value = instance.extraSettings || '';
  const compute = instance.compute || {};
  const flavor = h('input', { id: 'set-flavor', name: 'compute.flavor', value: compute.flavor || '' });
  const image = h('input', { id: 'set-image', name: 'compute.image', value: compute.image || '' });
  const groups = h('input', { id: 'set-groups', name: 'compute.securityGroups', value: (compute.securityGroups || []).join(', ') });
  const userData = h('textarea', { id: 'set-user-data', name: 'compute.userData', rows: '3' });
  userData.value = compute.userData || '';
  const rebuild = h('select', { id: 'set-rebuild', name: 'rebuildSchedule' },
    ['off', 'daily', 'weekly'].map((v) => h('option', { value: v, text: v, selected: (instance.rebuildSchedule || 'off') === v })));
  const conflict = h('div', { class: 'notice', role: 'status', hidden: true });
  const form = h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    const patch = {};
    if (name.value !== current.name) patch.name = name.value;
    if (extra.value !== (current.extraSettings || '')) patch.extraSettings = extra.value;
    if (rebuild.value !== (current.rebuildSchedule || 'off')) patch.rebuildSchedule = rebuild.value;
    const was = current.compute || {};
    const wanted = { flavor: flavor.value.trim() || null, image: image.value.trim() || null,
      securityGroups: groups.value.split(',').map((g) => g.trim()).filter(Boolean), userData: userData.value || null };
    const computePatch = {};
    if (wanted.flavor !== (was.flavor || null)) computePatch.flavor = wanted.flavor;
    if (wanted.image !== (was.image || null)) computePatch.image = wanted.image;
    if (wanted.securityGroups.join(',') !== (was.securityGroups || []).join(',')) computePatch.securityGroups = wanted.securityGroups;
    if (wanted.userData !== (was.userData || null) && (was.userData !== undefined || wanted.userData)) computePatch.userData = wanted.userData;
    if (Object.keys(computePatch).length) patch.compute = computePatch;
    if (!Object.keys(patch).length) { showError(''); return; }
    try {
      const { data, etag: newEtag } = await api('PATCH', `/instances/${current.id}`, patch, currentEtag);
      current = data; currentEtag = newEtag; fieldErrors(form, {}); showError(''); onSaved(data, newEtag);
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
  h('label', { for: 'set-extra', text: 'Extra settings (YAML)' }), extra,
  h('fieldset', {}, h('legend', { text: 'Compute (empty: the stack\'s defaults)' }),
    field('set-flavor', 'Flavor', flavor), field('set-image', 'Image', image),
    field('set-groups', 'Extra security groups', groups, 'Comma-separated; Berth\'s own group always applies.'),
    field('set-user-data', 'Cloud-init user data', userData, '#cloud-config or a #! script, at most 16 KB.')),
  field('set-rebuild', 'Rebuild schedule', rebuild, 'Relaunched on this schedule to pick up new commits; the old app server stays active until the new one passes its health gate.'),
  conflict,
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Save settings' })));
  return form;
}

// Data servers (admin) -----------------------------------------------------------------------------
const KINDS = ['mysql', 'postgresql', 'mongodb', 'rabbitmq', 'storage'];
const DEFAULT_PORTS = { mysql: 3306, postgresql: 5432, mongodb: 27017, rabbitmq: 5672, storage: 443 };

async function dataServersPage(params) {
  const kind = h('select', { id: 'kind' }, h('option', { value: '', text: 'All kinds' }),
    KINDS.map((k) => h('option', { value: k, text: k, selected: params.get('kind') === k })));
  const filter = () => { location.hash = kind.value ? `#/data-servers?kind=${enc(kind.value)}` : '#/data-servers'; };
  kind.addEventListener('change', filter);
  const list = pagedTable({
    caption: 'Data servers, by name', empty: 'No data server of this kind.',
    headers: ['Name', 'Kind', 'Address', 'State', 'Tenants / capacity'],
    path: () => `/data-servers?limit=50${kind.value ? `&kind=${enc(kind.value)}` : ''}`,
    row: (s) => h('tr', {}, h('td', {}, h('a', { href: `#/data-servers/${enc(s.id)}`, text: s.name })), h('td', { text: s.kind }),
      h('td', {}, h('code', { text: `${s.host}:${s.port}` })), h('td', {}, badge(s.state)), h('td', { text: `${s.tenants} / ${s.capacity}` })),
  });
  setPage('Data servers',
    h('p', { class: 'muted', text: 'The shared servers that instances keep their databases, queues and files on.' }),
    h('p', {}, h('a', { class: 'button-link', href: '#/data-servers/new', text: 'Add a data server' })),
    h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); filter(); } },
      h('div', {}, h('label', { for: 'kind', text: 'Kind' }), kind), h('button', { type: 'submit', text: 'Filter' })),
    list.element);
  await list.load(true);
}

// The fields of a data server's form; on edit (current given) the kind is fixed and the password optional.
function dataServerFields(current) {
  const v = (k) => (current && current[k] !== undefined && current[k] !== null ? String(current[k]) : '');
  const kind = current ? null : h('select', { id: 'ds-kind', name: 'kind' }, KINDS.map((k) => h('option', { value: k, text: k })));
  const kindOf = () => (current ? current.kind : kind.value);
  const port = h('input', { id: 'ds-port', name: 'port', type: 'number', min: '1', max: '65535', value: v('port') });
  const adminPort = field('ds-adminPort', 'Management API port', h('input', { id: 'ds-adminPort', name: 'adminPort', type: 'number', min: '1', max: '65535', value: v('adminPort'), placeholder: '15672' }),
    'RabbitMQ only: the port of its management API.');
  const bucket = field('ds-bucket', 'Bucket', h('input', { id: 'ds-bucket', name: 'bucket', type: 'text', value: v('bucket') }), 'Storage only.');
  const state = h('select', { id: 'ds-state', name: 'state' }, ['accepting', 'draining'].map((s) => h('option', { value: s, text: s, selected: current && current.state === s })));
  function kindChanged() {
    const k = kindOf();
    adminPort.hidden = k !== 'rabbitmq';
    bucket.hidden = k !== 'storage';
    port.placeholder = String(DEFAULT_PORTS[k] || '');
  }
  if (kind) kind.addEventListener('change', kindChanged);
  kindChanged();
  const elements = [
    field('ds-name', 'Name', h('input', { id: 'ds-name', name: 'name', type: 'text', required: true, value: v('name') })),
    kind ? field('ds-kind', 'Kind', kind) : null,
    field('ds-host', 'Host', h('input', { id: 'ds-host', name: 'host', type: 'text', required: true, value: v('host'), autocomplete: 'off' })),
    field('ds-port', 'Port', port, 'Empty: the usual port of its kind.'),
    adminPort,
    field('ds-adminUser', 'Admin user', h('input', { id: 'ds-adminUser', name: 'adminUser', type: 'text', required: !current, value: v('adminUser'), autocomplete: 'off' })),
    field('ds-adminPassword', current ? 'New admin password' : 'Admin password',
      h('input', { id: 'ds-adminPassword', name: 'adminPassword', type: 'password', required: !current, autocomplete: 'new-password' }),
      current ? 'Leave empty to keep the stored password. It is never shown.' : 'Kept in the secret store; never shown again.'),
    bucket,
    field('ds-capacity', 'Capacity', h('input', { id: 'ds-capacity', name: 'capacity', type: 'number', min: '1', value: v('capacity'), placeholder: '100' }),
      'How many instances it may hold.'),
    field('ds-state', 'State', state, 'Draining: it keeps its instances but takes no new ones.'),
  ];
  // The body to send: everything filled in on create; on edit only what changed (an emptied number goes back to its default).
  function body(form) {
    const all = formBody(form, ['port', 'adminPort', 'capacity']);
    if (kindOf() !== 'rabbitmq') delete all.adminPort;
    if (kindOf() !== 'storage') delete all.bucket;
    if (!current) return all;
    const patch = {};
    for (const k of ['name', 'host', 'port', 'adminPort', 'adminUser', 'bucket', 'capacity', 'state']) {
      if (k === 'adminPort' && kindOf() !== 'rabbitmq') continue;
      if (k === 'bucket' && kindOf() !== 'storage') continue;
      const now = all[k] === undefined ? null : all[k];
      const before = current[k] === undefined ? null : current[k];
      if (now !== before) patch[k] = now;
    }
    if (all.adminPassword) patch.adminPassword = all.adminPassword;
    return patch;
  }
  return { elements, body };
}

function newDataServerPage() {
  const fields = dataServerFields(null);
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    try {
      const { data: created } = await api('POST', '/data-servers', fields.body(form));
      form.reset();
      showError('');
      location.hash = `#/data-servers/${enc(created.id)}`;
    } catch (err) {
      if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.');
    }
  } }, fields.elements, h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Add data server' })));
  setPage('New data server', h('p', {}, h('a', { href: '#/data-servers', text: 'All data servers' })), form);
}

async function dataServerPage(id) {
  let server, etag;
  try { ({ data: server, etag } = await api('GET', `/data-servers/${enc(id)}`)); } catch (err) { return handle(err); }
  const details = h('div');
  const placed = h('div');
  const notice = h('div', { class: 'notice', role: 'status', hidden: true });
  const deleteNotice = h('div', { class: 'notice', role: 'status', hidden: true });

  function render() {
    details.replaceChildren(facts([['Id', h('code', { text: server.id })], ['Kind', server.kind], ['Host', server.host], ['Port', server.port],
      ['Management API port', server.adminPort], ['Admin user', server.adminUser], ['Admin password', 'stored (never shown)'], ['Bucket', server.bucket],
      ['State', badge(server.state)], ['Tenants / capacity', `${server.tenants} / ${server.capacity}`],
      ['Created', when(server.createdAt)], ['Updated', when(server.updatedAt)]]));
    const ids = server.instances || [];
    fill(placed, ids.length
      ? h('ul', {}, ids.map((i) => h('li', {}, h('a', { href: `#/instances/${enc(i)}`, text: i }))))
      : h('p', { class: 'muted', text: 'No instance has data here.' }),
    server.tenants > ids.length ? h('p', { class: 'muted', text: `The first ${ids.length} of ${server.tenants}.` }) : null);
  }

  const fields = dataServerFields(server);
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const patch = fields.body(form);
    if (!Object.keys(patch).length) { notice.hidden = false; notice.replaceChildren('Nothing to save.'); return; }
    try {
      const { data, etag: newEtag } = await api('PATCH', `/data-servers/${enc(id)}`, patch, etag);
      const { data: full } = await api('GET', `/data-servers/${enc(id)}`);
      server = { ...data, instances: full.instances }; etag = newEtag;
      form.elements.adminPassword.value = '';
      fieldErrors(form, {}); showError(''); render();
      notice.hidden = false; notice.replaceChildren('Saved.');
      main.querySelector('h1').textContent = server.name; document.title = `${server.name} · Berth`;
    } catch (err) {
      if (err.status === 412) {
        notice.hidden = false;
        notice.replaceChildren(h('p', { text: 'Someone else changed this data server while you were editing; nothing was saved.' }),
          h('button', { type: 'button', text: 'Reload its current values', onclick: () => route() }));
      } else if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.');
    }
  } }, fields.elements, notice, h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Save data server' })));

  const remove = h('button', { type: 'button', class: 'danger', text: 'Delete data server', onclick: async () => {
    if (!confirm(`Delete data server ${server.name}? Berth forgets it and its stored password; the server itself is not touched.`)) return;
    try {
      await api('DELETE', `/data-servers/${enc(id)}`, undefined, etag);
      showError('');
      location.hash = '#/data-servers';
    } catch (err) {
      if (err.status === 409 && err.body && err.body.error === 'data_server_in_use') {
        const ids = (err.body.details && err.body.details.instances) || [];
        showError(err.body.message);
        deleteNotice.hidden = false;
        fill(deleteNotice, h('p', {}, h('strong', { text: 'Not deleted: ' }), err.body.message),
          ids.length ? h('ul', {}, ids.map((i) => h('li', {}, h('a', { href: `#/instances/${enc(i)}`, text: i })))) : null);
      } else handle(err);
    }
  } });

  render();
  setPage(server.name, h('p', {}, h('a', { href: '#/data-servers', text: 'All data servers' })),
    h('div', { class: 'layout' },
      h('div', {},
        h('section', { 'aria-labelledby': 'details-title' }, h('h2', { id: 'details-title', text: 'Details' }), details),
        h('section', { 'aria-labelledby': 'placed-title' }, h('h2', { id: 'placed-title', text: 'Instances placed on it' }), placed),
        h('section', { 'aria-labelledby': 'delete-title' }, h('h2', { id: 'delete-title', text: 'Delete' }),
          h('p', { class: 'muted', text: 'Only a server that holds no instance\'s data can be deleted.' }), h('p', {}, remove), deleteNotice)),
      h('section', { 'aria-labelledby': 'edit-title' }, h('h2', { id: 'edit-title', text: 'Edit' }), form)));
}

// API tokens (admin) -------------------------------------------------------------------------------
async function tokensPage() {
  const created = h('div', { role: 'status' });
  const list = pagedTable({
    caption: 'API tokens', empty: 'No token yet.', headers: ['Name', 'Role', 'Created by', 'Created', 'Actions'],
    path: () => '/tokens?limit=50',
    row: (t) => h('tr', {}, h('td', { text: t.name }), h('td', { text: t.role }), h('td', { text: t.createdBy }),
      h('td', {}, h('time', { datetime: t.createdAt, text: when(t.createdAt) })),
      h('td', {}, h('button', { type: 'button', class: 'danger', text: 'Revoke', 'aria-label': `Revoke ${t.name}`, onclick: async () => {
        if (!confirm(`Revoke the token ${t.name}? Whatever uses it is refused from now on.`)) return;
        try { await api('DELETE', `/tokens/${enc(t.id)}`, undefined, t.etag); showError(''); await list.load(true); }
        catch (err) { handle(err); await list.load(true); }
      } }))),
  });
  const name = h('input', { id: 'token-name', name: 'name', type: 'text', required: true, autocomplete: 'off' });
  const role = h('select', { id: 'token-role', name: 'role' }, ['viewer', 'manager', 'admin'].map((r) => h('option', { value: r, text: r })));
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    try {
      const { data } = await api('POST', '/tokens', formBody(form));
      fieldErrors(form, {}); showError(''); form.reset();
      const secret = h('code', { id: 'token-secret', text: data.token });
      created.replaceChildren(h('div', { class: 'notice secret' },
        h('p', {}, h('strong', { text: `Token ${data.name} (${data.role}) created. ` }), 'Copy its secret now: it is not shown again.'),
        h('p', { class: 'copy' }, secret,
          h('button', { type: 'button', text: 'Copy', onclick: () => navigator.clipboard && navigator.clipboard.writeText(data.token) }),
          h('button', { type: 'button', text: 'Done, hide it', onclick: () => created.replaceChildren() }))));
      await list.load(true);
    } catch (err) {
      if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.');
    }
  } }, field('token-name', 'Name', name, 'What or who uses it, e.g. "ci-deploy".'), field('token-role', 'Role', role,
    'viewer: read only; manager: instances, app servers and operations; admin: everything.'),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Create token' })));
  setPage('API tokens',
    h('section', { 'aria-labelledby': 'new-token-title' }, h('h2', { id: 'new-token-title', text: 'New token' }), form, created),
    h('section', { 'aria-labelledby': 'tokens-title' }, h('h2', { id: 'tokens-title', text: 'Tokens' }), list.element));
  await list.load(true);
}

// Audit (admin) -----------------------------------------------------------------------------------
function targetLink(e) {
  const href = e.targetType === 'instance' ? `#/instances/${enc(e.target)}` : e.target.startsWith('ds-') ? `#/data-servers/${enc(e.target)}`
    : e.target.startsWith('wr-') ? `#/watched-repositories/${enc(e.target)}` : null;
  return href ? h('a', { href, text: e.target }) : h('code', { text: e.target });
}

async function auditPage(params) {
  const target = (params.get('target') || '').trim();
  const input = h('input', { id: 'audit-target', name: 'target', type: 'search', value: target, placeholder: 'an instance, app server, token… id' });
  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const value = input.value.trim();
    const next = value ? `#/audit?target=${enc(value)}` : '#/audit';
    if (location.hash === next) route(); else location.hash = next;
  } }, h('div', {}, h('label', { for: 'audit-target', text: 'Target id' }), input), h('button', { type: 'submit', text: 'Show its audit trail' }));
  if (!target) {
    setPage('Audit', form, h('p', { class: 'muted', text: 'Enter the id of an item to see who did what to it, newest first.' }));
    return;
  }
  const list = pagedTable({
    caption: `Audit trail of ${target}, newest first`, empty: 'Nothing recorded for this id.',
    headers: ['When', 'Actor', 'Action', 'Target', 'Summary'],
    path: () => `/audit?target=${enc(target)}&limit=50`,
    row: (e) => h('tr', {}, h('td', {}, h('time', { datetime: e.at, text: when(e.at) })), h('td', { text: e.actor }), h('td', { text: e.action }),
      h('td', {}, targetLink(e), h('span', { class: 'muted', text: ` (${e.targetType})` })), h('td', { text: e.summary })),
  });
  setPage('Audit', form, list.element);
  await list.load(true);
}

// Watched repositories (admin) --------------------------------------------------------------------
async function watchedRepositoriesPage() {
  const list = pagedTable({
    caption: 'Watched repositories', empty: 'No repository is watched.',
    headers: ['Repository', 'Base domain', 'Enabled', 'Max sandboxes'],
    path: () => '/watched-repositories?limit=50',
    row: (r) => h('tr', {}, h('td', {}, h('a', { href: `#/watched-repositories/${enc(r.id)}`, text: r.fullName })),
      h('td', { text: r.baseDomain }), h('td', { text: r.enabled ? 'yes' : 'no' }), h('td', { text: String(r.maxConcurrentSandboxes) })),
  });
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    try {
      const { data } = await api('POST', '/watched-repositories', formBody(form));
      showError('');
      location.hash = `#/watched-repositories/${enc(data.id)}`;
    } catch (err) {
      if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.');
    }
  } },
  field('wr-fullName', 'Repository (owner/name)', h('input', { id: 'wr-fullName', name: 'fullName', type: 'text', required: true, placeholder: 'owner/repo' })),
  field('wr-baseDomain', 'Base domain', h('input', { id: 'wr-baseDomain', name: 'baseDomain', type: 'text', required: true }),
    'Its pull requests\' sandboxes get sub-domains of it.'),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Watch repository' })));
  setPage('Watched repositories', h('p', { class: 'muted', text: 'The pull requests of these GitHub repositories get sandboxes.' }),
    h('section', { 'aria-labelledby': 'repos-title' }, h('h2', { id: 'repos-title', text: 'Repositories' }), list.element),
    h('section', { 'aria-labelledby': 'watch-title' }, h('h2', { id: 'watch-title', text: 'Watch a repository' }), form));
  await list.load(true);
}

async function watchedRepositoryPage(id) {
  let repo, etag;
  try { ({ data: repo, etag } = await api('GET', `/watched-repositories/${enc(id)}`)); } catch (err) { return handle(err); }
  const details = h('div');
  const notice = h('div', { class: 'notice', role: 'status', hidden: true });
  function render() {
    details.replaceChildren(facts([['Id', h('code', { text: repo.id })], ['Repository', repo.fullName], ['Base domain', repo.baseDomain],
      ['Enabled', repo.enabled ? 'yes' : 'no'], ['Max concurrent sandboxes', repo.maxConcurrentSandboxes], ['Keep days after close', repo.keepDaysAfterClose],
      ['Open edX release', repo.openedxRelease], ['Tutor version', repo.tutorVersion], ['Label gate', repo.labelGate],
      ['GitHub organization', repo.githubOrganization], ['GitHub team', repo.githubTeam],
      ['Allowed author associations', (repo.allowedAuthorAssociations || []).join(', ')],
      ['Allowed settings keys', (repo.allowedSettingsKeys || []).join(', ')], ['Created', when(repo.createdAt)], ['Updated', when(repo.updatedAt)]]));
  }
  const enabled = h('input', { id: 'wr-enabled', name: 'enabled', type: 'checkbox', checked: repo.enabled });
  const max = h('input', { id: 'wr-max', name: 'maxConcurrentSandboxes', type: 'number', min: '0', value: String(repo.maxConcurrentSandboxes) });
  const defaults = h('textarea', { id: 'wr-defaults', name: 'defaultSettings' });
  defaults.value = repo.defaultSettings || '';
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const patch = {};
    if (enabled.checked !== repo.enabled) patch.enabled = enabled.checked;
    if (max.value.trim() !== String(repo.maxConcurrentSandboxes)) patch.maxConcurrentSandboxes = /^\d+$/.test(max.value.trim()) ? Number(max.value.trim()) : max.value;
    if (defaults.value !== (repo.defaultSettings || '')) patch.defaultSettings = defaults.value === '' ? null : defaults.value;
    if (!Object.keys(patch).length) { notice.hidden = false; notice.replaceChildren('Nothing to save.'); return; }
    try {
      ({ data: repo, etag } = await api('PATCH', `/watched-repositories/${enc(id)}`, patch, etag));
      fieldErrors(form, {}); showError(''); render();
      notice.hidden = false; notice.replaceChildren('Saved.');
    } catch (err) {
      if (err.status === 412) {
        notice.hidden = false;
        notice.replaceChildren(h('p', { text: 'Someone else changed this repository while you were editing; nothing was saved.' }),
          h('button', { type: 'button', text: 'Reload its current values', onclick: () => route() }));
      } else if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.');
    }
  } },
  h('div', { class: 'field check' }, enabled, h('label', { for: 'wr-enabled', text: 'Enabled: open sandboxes for its pull requests' })),
  field('wr-max', 'Max concurrent sandboxes', max),
  field('wr-defaults', 'Default settings (YAML)', defaults, 'Extra settings every sandbox of this repository starts with.'),
  notice, h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Save repository' })));
  const remove = h('button', { type: 'button', class: 'danger', text: 'Stop watching', onclick: async () => {
    if (!confirm(`Stop watching ${repo.fullName}? Its pull requests get no new sandboxes; existing ones are kept.`)) return;
    try { await api('DELETE', `/watched-repositories/${enc(id)}`, undefined, etag); showError(''); location.hash = '#/watched-repositories'; }
    catch (err) { handle(err); }
  } });
  const secrets = secretsPanel({ base: `/watched-repositories/${enc(id)}/secrets`, owner: repo.fullName,
    names: async () => (await api('GET', `/watched-repositories/${enc(id)}/secrets`)).data.names,
    effect: 'The next sandbox launch of a pull request from the repository itself (never a fork\'s) deploys',
    placeholder: 'OPENAI_API_KEY', hint: 'A Tutor setting name: A-Z, 0-9 and _.' });
  render();
  setPage(repo.fullName, h('p', {}, h('a', { href: '#/watched-repositories', text: 'All watched repositories' })),
    h('div', { class: 'layout' },
      h('div', {}, h('section', { 'aria-labelledby': 'details-title' }, h('h2', { id: 'details-title', text: 'Details' }), details),
        h('section', { 'aria-labelledby': 'delete-title' }, h('h2', { id: 'delete-title', text: 'Stop watching' }), h('p', {}, remove))),
      h('section', { 'aria-labelledby': 'edit-title' }, h('h2', { id: 'edit-title', text: 'Edit' }), form)),
    secrets.element);
  await secrets.refresh();
}

// Jobs (admin) ------------------------------------------------------------------------------------
const JOBS = [
  ['cleanup-appservers', 'Terminates app servers that only cost money: failed, in error, or inactive for too long (keeping each instance\'s newest fallback).'],
  ['stuck-appservers', 'Marks app servers whose launch stopped moving as error, with the reason.'],
  ['archive-closed-sandboxes', 'Archives the sandboxes of pull requests closed for longer than their repository keeps them.'],
  ['orphan-vms', 'Deletes VMs that carry Berth\'s tag but serve no live app server.'],
  ['reconcile-pull-requests', 'Heals missed webhooks: open pull requests of watched repositories get the sandbox they should have.'],
  ['backup-instances', 'Backs up every production instance with data, then prunes old scheduled backups.'],
  ['monitor-instances', 'Asks every served instance for its heartbeat through the load balancer: opens, re-notifies and closes incidents.'],
  ['drupal-backups', 'Backs up every launched or locked Drupal site (database and files), keeping the newest scheduled ones.'],
  ['rebuild-instances', 'Relaunches the instances whose rebuild schedule (daily, weekly) is due, in one campaign that activates each new app server once it runs.'],
  ['renew-certificates', 'Issues the load balancer\'s certificate of each TLS domain (ACME, DNS-01) when missing or 30 days before it expires, then installs them.'],
  ['activity-report', 'Makes the activity reports people asked for, and daily the month under way (a large fleet\'s report outlasts a request).'],
  ['vm-pool', 'Keeps the warm VM pool topped up (BERTH_VM_POOL): boots what it lacks, marks booted VMs ready, recycles old ones.'],
];

function jobsPage() {
  const report = h('section', { 'aria-labelledby': 'report-title', hidden: true });
  function showReport(r, conflict) {
    report.hidden = false;
    const list = (title, items) => (items && items.length ? [h('h3', { text: title }), h('ul', {}, items.map((t) => h('li', { text: t })))] : []);
    fill(report, h('h2', { id: 'report-title', text: `Report of ${r.job}` }),
      conflict ? h('p', { class: 'notice', text: 'Skipped: another run of this job holds its lease.' }) : null,
      facts([['Skipped', r.skipped ? 'yes' : 'no'], ['Examined', r.examined], ['Changed', r.changed],
        ['Problems', (r.problems || []).length]]),
      ...list('Actions', r.actions), ...list('Problems', r.problems),
      h('h3', { text: 'As JSON' }), h('pre', { class: 'json', tabindex: '0', 'aria-label': `Report of ${r.job} as JSON`, text: JSON.stringify(r, null, 2) }));
    report.focus();
  }
  const rows = JOBS.map(([name, what]) => h('tr', {}, h('td', {}, h('code', { text: name })), h('td', { text: what }),
    h('td', {}, h('button', { type: 'button', text: `Run ${name}`, onclick: async (e) => {
      const button = e.currentTarget;
      button.disabled = true;
      try { const { data } = await api('POST', `/jobs/${enc(name)}/run`); showError(''); showReport(data, false); }
      catch (err) { if (err.status === 409 && err.body && 'skipped' in err.body) showReport(err.body, true); else handle(err); }
      finally { button.disabled = false; }
    } }))));
  report.setAttribute('tabindex', '-1');
  setPage('Jobs', h('p', { class: 'muted', text: 'The scheduled jobs run on their own; run one now to see what it does.' }),
    h('table', {}, h('caption', { class: 'muted', text: 'Scheduled jobs' }),
      h('thead', {}, h('tr', {}, ['Job', 'What it does', 'Run'].map((t) => h('th', { scope: 'col', text: t })))), h('tbody', {}, rows)),
    report);
}

// Incidents ---------------------------------------------------------------------------------------
const STATUSES = ['open', 'closed'];

async function incidentsPage(params) {
  const status = h('select', { id: 'status' }, h('option', { value: '', text: 'Open and closed' }),
    STATUSES.map((s) => h('option', { value: s, text: s, selected: params.get('status') === s })));
  const filter = () => { location.hash = status.value ? `#/incidents?status=${enc(status.value)}` : '#/incidents'; };
  status.addEventListener('change', filter);
  const list = pagedTable({
    caption: 'Incidents, newest first', empty: 'No incident: every served instance answers.',
    headers: ['Incident', 'Instance', 'Status', 'Reason', 'Opened', 'Closed'],
    path: () => `/incidents?limit=50${status.value ? `&status=${enc(status.value)}` : ''}`,
    row: (i) => h('tr', {}, h('td', {}, h('a', { href: `#/incidents/${enc(i.id)}`, text: i.id })),
      h('td', {}, h('a', { href: `#/instances/${enc(i.instanceId)}`, text: i.instanceName })), h('td', {}, badge(i.status)),
      h('td', { text: i.reason }), h('td', { text: i.openedAt }), h('td', { text: i.closedAt || '' })),
  });
  setPage('Incidents',
    h('p', { class: 'muted', text: 'An incident opens when a served instance stops answering its heartbeat through the load balancer, and closes when it answers again. Notices go out when it opens, at most every few hours while it lasts, and when it closes.' }),
    h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); filter(); } },
      h('div', {}, h('label', { for: 'status', text: 'Status' }), status), h('button', { type: 'submit', text: 'Filter' })),
    list.element);
  await list.load(true);
}

async function incidentPage(id) {
  let incident;
  try { incident = (await api('GET', `/incidents/${enc(id)}`)).data; } catch (err) { return handle(err); }
  const notices = incident.notices.map((n) => h('tr', {}, h('td', { text: n.at }), h('td', { text: n.kind.replace('_', ' ') }),
    h('td', {}, h('ul', { class: 'plain' }, Object.entries(n.channels).map(([channel, outcome]) =>
      h('li', {}, h('strong', { text: `${channel}: ` }), outcome))))));
  setPage(`Incident of ${incident.instanceName}`, h('p', {}, h('a', { href: '#/incidents', text: 'All incidents' })),
    facts([['Status', badge(incident.status)], ['Instance', h('a', { href: `#/instances/${enc(incident.instanceId)}`, text: incident.instanceName })],
      ['Address', h('code', { text: incident.url })], ['Reason', incident.reason], ['Opened', incident.openedAt], ['Closed', incident.closedAt],
      ['Last notice', incident.lastNotifiedAt]]),
    h('h2', { text: 'Notices' }),
    h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'muted', text: 'What was sent, and what each channel answered' }),
      h('thead', {}, h('tr', {}, ['When', 'Notice', 'Channels'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, notices.length ? notices : h('tr', {}, h('td', { colspan: '3', text: 'No notice was sent.' }))))));
}

// Drupal site fleets ------------------------------------------------------------------------------
const drupalTabs = (current) => h('nav', { 'aria-label': 'Drupal', class: 'tabs' },
  [['#/sites', 'Sites'], ['#/code', 'Code'], ['#/routes', 'Routes'], ['#/commands', 'Commands']].map(([href, text]) =>
    h('a', { href, text, 'aria-current': href === current ? 'page' : null })));
const CODE_TYPES = ['core', 'profile', 'module', 'theme', 'library', 'static'];
const SITE_ENVIRONMENTS = ['dev', 'test', 'prod'];

async function codePage() {
  const list = pagedTable({
    caption: 'Code items, by name', empty: 'No code item yet.',
    headers: ['Name', 'Version', 'Type', 'Current', 'Deploy', 'Actions'],
    path: () => '/code?limit=100',
    row: (c) => h('tr', {}, h('td', { text: c.name }), h('td', { text: c.version }), h('td', { text: c.type }),
      h('td', { text: c.current ? 'current' : '' }), h('td', {}, badge(c.deploy)),
      h('td', {}, c.current ? null : h('button', { type: 'button', text: `Make ${c.name} ${c.version} current`, onclick: async () => {
        try { await api('PATCH', `/code/${enc(c.id)}`, { current: true }, '*'); showError(''); list.load(true); } catch (err) { handle(err); }
      } }), ' ', h('button', { type: 'button', text: `Delete ${c.name} ${c.version}`, onclick: async () => {
        if (!confirm(`Delete ${c.name} ${c.version}? Its checkouts go from the web servers.`)) return;
        try { await api('DELETE', `/code/${enc(c.id)}`, undefined, '*'); showError(''); list.load(true); } catch (err) { handle(err); }
      } }))),
  });
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const body = formBody(form);
    body.current = form.elements.current.checked;
    delete body.currentBox;
    try { await api('POST', '/code', body); form.reset(); fieldErrors(form, {}); showError(''); list.load(true); }
    catch (err) { if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.'); }
  } },
  field('code-name', 'Name', h('input', { id: 'code-name', name: 'name' })),
  field('code-version', 'Version', h('input', { id: 'code-version', name: 'version' })),
  field('code-type', 'Type', h('select', { id: 'code-type', name: 'type' }, CODE_TYPES.map((t) => h('option', { value: t, text: t })))),
  field('code-git', 'Git URL', h('input', { id: 'code-git', name: 'gitUrl' })),
  field('code-commit', 'Commit', h('input', { id: 'code-commit', name: 'commitHash' }), 'The full or short hash of the commit to check out.'),
  h('div', { class: 'field' }, h('label', {}, h('input', { type: 'checkbox', name: 'current' }), ' Make it the current version of its name')),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Register code' })));
  setPage('Drupal code', drupalTabs('#/code'),
    h('p', { class: 'muted', text: 'Code items are checked out on every web server; a site links the core, profile and packages it uses.' }),
    list.element, h('section', { 'aria-labelledby': 'new-code-title' }, h('h2', { id: 'new-code-title', text: 'Register code' }), form));
  await list.load(true);
}

async function sitesPage() {
  const list = pagedTable({
    caption: 'Sites, by id', empty: 'No site yet.',
    headers: ['Site', 'Path', 'Status', 'Environment', 'Update group'],
    path: () => '/sites?limit=100',
    row: (s) => h('tr', {}, h('td', {}, h('a', { href: `#/sites/${enc(s.id)}`, text: s.id })), h('td', {}, h('code', { text: `/${s.path}` })),
      h('td', {}, badge(s.status)), h('td', { text: s.environment || '' }), h('td', { text: String(s.updateGroup ?? '') })),
  });
  const siteForm = (id, action, label, submit) => {
    const form = h('form', { class: 'filters', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      try { const { data } = await submit(formBody(form)); fieldErrors(form, {}); showError(''); location.hash = `#/sites/${enc(data.id)}`; }
      catch (err) { if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.'); }
    } },
    h('div', {}, h('label', { for: `${id}-path`, text: 'Path' }), h('input', { id: `${id}-path`, name: 'path' })),
    h('div', {}, h('label', { for: `${id}-environment`, text: 'Environment' }),
      h('select', { id: `${id}-environment`, name: 'environment' }, SITE_ENVIRONMENTS.map((v) => h('option', { value: v, text: v })))),
    h('button', { class: action === 'claim' ? 'primary' : null, type: 'submit', text: label }));
    return form;
  };
  setPage('Drupal sites', drupalTabs('#/sites'),
    h('p', { class: 'muted', text: 'Claiming takes a site of the warm pool, installed at once; a new site is provisioned first (database, files, install).' }),
    h('section', { 'aria-labelledby': 'claim-title' }, h('h2', { id: 'claim-title', text: 'Claim a site from the warm pool' }),
      siteForm('claim', 'claim', 'Claim site', (body) => api('POST', '/sites/claim', body))),
    list.element,
    h('section', { 'aria-labelledby': 'new-site-title' }, h('h2', { id: 'new-site-title', text: 'New site' }),
      siteForm('new-site', 'create', 'Create site', (body) => api('POST', '/sites', body))));
  await list.load(true);
}

// The moves a site's status allows, as the API checks them.
const SITE_MOVES = { installed: ['launching', 'take_down'], launched: ['locked', 'take_down'], locked: ['launched', 'take_down'], down: ['restore'] };
const MOVE_LABELS = { launching: 'Launch', locked: 'Lock', launched: 'Unlock', take_down: 'Take down', restore: 'Restore' };

async function sitePage(id) {
  const body = h('div');
  async function refresh() {
    let site, etag;
    try { ({ data: site, etag } = await api('GET', `/sites/${enc(id)}`)); } catch (err) { return handle(err); }
    const moved = siteStatus && siteStatus !== site.status;
    siteStatus = site.status; siteEtag = etag;
    if (moved) loadBackups(); // a site that is down can take a restore
    const moves = (SITE_MOVES[site.status] || []).map((next) => h('button', { type: 'button', text: MOVE_LABELS[next],
      onclick: async () => {
        try { await api('POST', `/sites/${enc(id)}/status`, { status: next }, etag); showError(''); refresh(); } catch (err) { handle(err); }
      } }));
    fill(body, facts([['Status', badge(site.status)], ['Path', h('code', { text: `/${site.path}` })], ['Environment', site.environment],
      ['Update group', site.updateGroup], ['Core', site.coreId], ['Profile', site.profileId], ['Packages', (site.packages || []).join(', ')],
      ['Why it failed', site.failureReason],
      ...Object.entries(site.dates || {}).map(([k, v]) => [k[0].toUpperCase() + k.slice(1), when(v)])]),
    moves.length ? h('p', { class: 'actions' }, moves) : null,
    ['launched', 'launching', 'locked'].includes(site.status) ? null : h('p', {}, h('button', { type: 'button', text: 'Delete site', onclick: async () => {
      if (!confirm(`Delete site ${id}? Its database, files and links go.`)) return;
      try { await api('DELETE', `/sites/${enc(id)}`, undefined, etag); showError(''); location.hash = '#/sites'; } catch (err) { handle(err); }
    } })));
    if (['pending', 'installing', 'launching', 'take_down', 'restore'].includes(site.status)) pollTimer = setTimeout(refresh, 1000);
  }
  const backupsBody = h('tbody');
  let siteStatus = '';
  let siteEtag = '*';
  async function loadBackups() {
    try {
      const { data } = await api('GET', `/sites/${enc(id)}/backups?limit=50`);
      backupsBody.replaceChildren(...(data.items.length ? data.items.map((b) => h('tr', {}, h('td', { text: b.id }), h('td', {}, badge(b.state)),
        h('td', { text: b.trigger }), h('td', { text: when(b.createdAt) }), h('td', { text: bytes(b.sizeBytes) }),
        h('td', { text: b.lastRestore ? b.lastRestore.state : '' }),
        h('td', {}, b.state === 'complete' && siteStatus === 'down' ? h('button', { type: 'button', text: `Restore ${b.id}`, onclick: async () => {
          if (!confirm(`Restore site ${id} from ${b.id}? Its database and files are replaced.`)) return;
          try { await api('POST', `/sites/${enc(id)}/backups/${enc(b.id)}/restore`, undefined, siteEtag); showError(''); refresh(); }
          catch (err) { handle(err); }
        } }) : null, ' ', h('button', { type: 'button', text: `Delete ${b.id}`, onclick: async () => {
          try { await api('DELETE', `/sites/${enc(id)}/backups/${enc(b.id)}`, undefined, '*'); showError(''); loadBackups(); } catch (err) { handle(err); }
        } }))))
        : [h('tr', {}, h('td', { colspan: '7', text: 'No backup yet.' }))]));
      if (data.items.some((b) => b.state === 'pending')) setTimeout(loadBackups, 1000);
    } catch (err) { handle(err); }
  }
  const backUp = h('button', { type: 'button', text: 'Back up now', onclick: async () => {
    try { await api('POST', `/sites/${enc(id)}/backups`); showError(''); loadBackups(); } catch (err) { handle(err); }
  } });
  const backupsSection = h('section', { 'aria-labelledby': 'site-backups-title' }, h('h2', { id: 'site-backups-title', text: 'Backups' }),
    h('p', { class: 'muted', text: 'Its database and its files; a backup is also made before every code update. A backup restores into a site that is down.' }),
    h('p', { class: 'actions' }, backUp),
    h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'muted', text: 'Backups, newest first' }),
      h('thead', {}, h('tr', {}, ['Backup', 'State', 'Trigger', 'Created', 'Size', 'Last restore', 'Actions'].map((t) => h('th', { scope: 'col', text: t })))),
      backupsBody)));
  setPage(`Site ${id}`, drupalTabs('#/sites'), h('p', {}, h('a', { href: '#/sites', text: 'All sites' })), body, backupsSection);
  await refresh();
  await loadBackups();
}

async function routesPage() {
  const list = pagedTable({
    caption: 'Routes, by source', empty: 'No route yet.',
    headers: ['Source', 'Type', 'To', 'Status', 'Actions'],
    path: () => '/routes?limit=100',
    row: (r) => h('tr', {}, h('td', {}, h('code', { text: `/${r.source}` })), h('td', { text: r.type }),
      h('td', {}, r.type === 'redirect' ? `${r.redirectCode} ${r.destination}` : h('a', { href: `#/sites/${enc(r.siteId)}`, text: r.siteId })),
      h('td', {}, badge(r.status)),
      h('td', {}, h('button', { type: 'button', text: `${r.status === 'active' ? 'Deactivate' : 'Activate'} /${r.source}`, onclick: async () => {
        try { await api('PATCH', `/routes/${enc(r.id)}`, { status: r.status === 'active' ? 'inactive' : 'active' }, '*'); showError(''); list.load(true); }
        catch (err) { handle(err); }
      } }), ' ', h('button', { type: 'button', text: `Delete /${r.source}`, onclick: async () => {
        try { await api('DELETE', `/routes/${enc(r.id)}`, undefined, '*'); showError(''); list.load(true); } catch (err) { handle(err); }
      } }))),
  });
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const body = formBody(form, ['redirectCode']);
    body.activeOnLaunch = form.elements.activeOnLaunch.checked;
    if (body.type === 'redirect') { delete body.siteId; delete body.activeOnLaunch; } else { delete body.destination; delete body.redirectCode; }
    try { await api('POST', '/routes', body); form.reset(); fieldErrors(form, {}); showError(''); list.load(true); }
    catch (err) { if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.'); }
  } },
  field('route-type', 'Type', h('select', { id: 'route-type', name: 'type' }, ['site', 'redirect'].map((t) => h('option', { value: t, text: t })))),
  field('route-source', 'Source path', h('input', { id: 'route-source', name: 'source' }), 'Without the leading /; domainroot is the host\'s root (a redirect only).'),
  field('route-site', 'Site id', h('input', { id: 'route-site', name: 'siteId' }), 'For a site route.'),
  field('route-destination', 'Redirect to', h('input', { id: 'route-destination', name: 'destination' }), 'For a redirect: an http(s) URL.'),
  field('route-code', 'Redirect code', h('select', { id: 'route-code', name: 'redirectCode' }, ['301', '302', '307'].map((c) => h('option', { value: c, text: c })))),
  field('route-status', 'Status', h('select', { id: 'route-status', name: 'status' }, ['inactive', 'active'].map((c) => h('option', { value: c, text: c })))),
  h('div', { class: 'field' }, h('label', {}, h('input', { type: 'checkbox', name: 'activeOnLaunch' }), ' Active when its site launches (its primary route)')),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Add route' })));
  setPage('Drupal routes', drupalTabs('#/routes'),
    h('p', { class: 'muted', text: 'A site route serves a site at another path too; a redirect is answered by the load balancer itself.' }),
    list.element, h('section', { 'aria-labelledby': 'new-route-title' }, h('h2', { id: 'new-route-title', text: 'Add a route' }), form));
  await list.load(true);
}

async function commandsPage() {
  const list = pagedTable({
    caption: 'Commands', empty: 'No command yet.',
    headers: ['Command', 'Runs', 'Actions'],
    path: () => '/commands?limit=100',
    row: (c) => h('tr', {}, h('td', { text: c.label }), h('td', {}, h('code', { text: c.commands.join(' ; ') })),
      h('td', {}, h('button', { type: 'button', text: `Run ${c.label}`, onclick: async () => {
        try { const { data } = await api('POST', `/commands/${enc(c.id)}/executions`); showError(''); location.hash = `#/executions/${enc(data.id)}`; }
        catch (err) { handle(err); }
      } }))),
  });
  const executions = pagedTable({
    caption: 'Executions, newest first', empty: 'No execution yet.',
    headers: ['Execution', 'State', 'Succeeded', 'Failed'],
    path: () => '/executions?limit=20',
    row: (x) => h('tr', {}, h('td', {}, h('a', { href: `#/executions/${enc(x.id)}`, text: x.id })), h('td', {}, badge(x.state)),
      h('td', { text: String(x.succeeded) }), h('td', { text: String(x.failed) })),
  });
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const label = form.elements.label.value.trim();
    const commands = form.elements.commands.value.split('\n').map((l) => l.trim()).filter(Boolean);
    try { await api('POST', '/commands', { label, commands }); form.reset(); fieldErrors(form, {}); showError(''); list.load(true); }
    catch (err) { if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.'); }
  } },
  field('command-label', 'Label', h('input', { id: 'command-label', name: 'label' })),
  field('command-lines', 'Commands', h('textarea', { id: 'command-lines', name: 'commands', rows: '3' }), 'One drush command or @hook a line: cron, updb -y, @clear-caches.'),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Define command' })));
  setPage('Drupal commands', drupalTabs('#/commands'),
    h('p', { class: 'muted', text: 'A command runs over every site its filter matches; a failing site does not stop the others.' }),
    list.element, h('h2', { text: 'Executions' }), executions.element,
    h('section', { 'aria-labelledby': 'new-command-title' }, h('h2', { id: 'new-command-title', text: 'Define a command' }), form));
  await Promise.all([list.load(true), executions.load(true)]);
}

async function executionPage(id) {
  const body = h('div');
  async function refresh() {
    let x;
    try { x = (await api('GET', `/executions/${enc(id)}`)).data; } catch (err) { return handle(err); }
    const rows = Object.entries(x.results || {}).map(([site, r]) => h('tr', {}, h('td', {}, h('a', { href: `#/sites/${enc(site)}`, text: site })),
      h('td', {}, badge(r.exitCode === 0 ? 'passed' : 'failed')), h('td', { text: String(r.exitCode) }), h('td', { text: duration(r.durationMs) }),
      h('td', {}, r.tail ? h('pre', { class: 'tail', text: r.tail }) : '')));
    fill(body, facts([['State', badge(x.state)], ['Sites', (x.siteIds || []).length], ['Succeeded', x.succeeded], ['Failed', x.failed]]),
      h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'muted', text: 'Results by site' }),
        h('thead', {}, h('tr', {}, ['Site', 'Result', 'Exit code', 'Took', 'Log tail'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: '5', text: 'No site has run yet.' }))))));
    if (x.state === 'running') pollTimer = setTimeout(refresh, 1000);
  }
  setPage(`Execution ${id}`, drupalTabs('#/commands'), h('p', {}, h('a', { href: '#/commands', text: 'All commands' })), body);
  await refresh();
}

// Setting profiles --------------------------------------------------------------------------------
async function profilesPage() {
  const list = pagedTable({
    caption: 'Setting profiles, by name', empty: 'No profile yet.',
    headers: ['Profile', 'Description', 'Defaults'],
    path: () => '/profiles?limit=50',
    row: (p) => h('tr', {}, h('td', {}, h('a', { href: `#/profiles/${enc(p.name)}`, text: p.name })), h('td', { text: p.description || '' }),
      h('td', {}, h('code', { text: JSON.stringify(p.defaults) }))),
  });
  const form = profileForm(null, null, (saved) => { location.hash = `#/profiles/${enc(saved.name)}`; });
  setPage('Setting profiles',
    h('p', { class: 'muted', text: 'A profile holds defaults for the instances that name it: each launch and change of such an instance applies its current defaults to the fields the instance does not set itself.' }),
    list.element, h('section', { 'aria-labelledby': 'new-profile-title' }, h('h2', { id: 'new-profile-title', text: 'New profile' }), form));
  await list.load(true);
}

// The create form (profile null) or the edit form of a profile; its defaults as JSON, checked by the API field by field.
function profileForm(profile, etag, onSaved) {
  let currentEtag = etag;
  const name = profile ? null : h('input', { id: 'profile-name', name: 'name', required: true });
  const description = h('input', { id: 'profile-description', name: 'description', value: profile ? profile.description || '' : '' });
  const defaults = h('textarea', { id: 'profile-defaults', name: 'defaults', rows: '6' });
  defaults.value = JSON.stringify(profile ? profile.defaults : { openedxRelease: 'ulmo', ephemeralDatabases: false, rebuildSchedule: 'weekly' }, null, 2);
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    let parsed;
    try { parsed = JSON.parse(defaults.value || '{}'); } catch (err) {
      fieldErrors(form, { body: { details: { fields: { defaults: `is not JSON: ${err.message}` } } } }); showError('Please correct the fields below.'); return;
    }
    try {
      const body = { description: description.value.trim() || null, defaults: parsed };
      if (!profile) body.name = name.value.trim();
      const { data, etag: saved } = profile ? await api('PATCH', `/profiles/${enc(profile.name)}`, { ...body, defaults: replaceAll(profile.defaults, parsed) }, currentEtag)
        : await api('POST', '/profiles', body);
      currentEtag = saved; fieldErrors(form, {}); showError(''); onSaved(data, saved);
    } catch (err) {
      // The API names a default's problem defaults.<field>: shown at the JSON.
      if (err.body && err.body.details && err.body.details.fields) {
        const fields = {};
        for (const [k, v] of Object.entries(err.body.details.fields)) {
          const [key, text] = k.startsWith('defaults.') ? ['defaults', `${k.slice(9)}: ${v}`] : [k, v];
          fields[key] = fields[key] ? `${fields[key]}; ${text}` : text;
        }
        fieldErrors(form, { body: { details: { fields } } }); showError('Please correct the fields below.');
      } else handle(err);
    }
  } },
  name ? field('profile-name', 'Name', name, 'Lower-case letters, digits and -.') : null,
  field('profile-description', 'Description', description),
  field('profile-defaults', 'Defaults (JSON)', defaults, 'Instance settings: openedxRelease, tutorVersion, ephemeralDatabases, rebuildSchedule, extraSettings...'),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: profile ? 'Save profile' : 'Create profile' })));
  return form;
}

// A merge patch that makes {@code before} into {@code after}: the keys it drops become null.
function replaceAll(before, after) {
  const patch = { ...after };
  for (const k of Object.keys(before || {})) if (!(k in after)) patch[k] = null;
  return patch;
}

async function profilePage(name) {
  let profile, etag;
  try { ({ data: profile, etag } = await api('GET', `/profiles/${enc(name)}`)); } catch (err) { return handle(err); }
  const saved = h('p', { role: 'status', class: 'muted' });
  const form = profileForm(profile, etag, (data, newEtag) => { profile = data; etag = newEtag; saved.textContent = 'Saved.'; });
  const remove = h('button', { type: 'button', text: 'Delete profile', onclick: async () => {
    if (!confirm(`Delete profile ${name}? Instances created from it keep their settings.`)) return;
    try { await api('DELETE', `/profiles/${enc(name)}`, undefined, etag); showError(''); location.hash = '#/profiles'; } catch (err) { handle(err); }
  } });
  setPage(`Profile ${name}`, h('p', {}, h('a', { href: '#/profiles', text: 'All profiles' })), form, saved, h('p', {}, remove));
}

// Campaigns ---------------------------------------------------------------------------------------
async function campaignsPage() {
  const list = pagedTable({
    caption: 'Campaigns, newest first', empty: 'No campaign yet.',
    headers: ['Campaign', 'State', 'At a time', 'Done', 'Failed', 'Skipped', 'Started'],
    path: () => '/campaigns?limit=50',
    row: (c) => h('tr', {}, h('td', {}, h('a', { href: `#/campaigns/${enc(c.id)}`, text: c.id })), h('td', {}, badge(c.state)),
      h('td', { text: String(c.batchSize) }), h('td', { text: String(c.counts.done) }), h('td', { text: String(c.counts.failed) }),
      h('td', { text: String(c.counts.skipped) }), h('td', { text: when(c.createdAt) })),
  });
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const v = (name) => form.elements[name].value.trim();
    const filter = {};
    const ids = v('filter.instanceIds').split(/[\s,]+/).filter(Boolean);
    if (ids.length) filter.instanceIds = ids;
    if (v('filter.release')) filter.release = v('filter.release');
    if (v('filter.repository')) filter.repository = v('filter.repository');
    if (form.elements['filter.all'].checked) filter.all = true;
    const body = { filter, activate: form.elements.activate.checked };
    if (/^\d+$/.test(v('batchSize'))) body.batchSize = Number(v('batchSize'));
    if (/^\d+$/.test(v('maxFailures'))) body.maxFailures = Number(v('maxFailures'));
    try {
      const { data } = await api('POST', '/campaigns', body);
      showError('');
      location.hash = `#/campaigns/${enc(data.id)}`;
    } catch (err) {
      if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.');
    }
  } },
  field('campaign-ids', 'Instance ids', h('textarea', { id: 'campaign-ids', name: 'filter.instanceIds', rows: '2' }), 'Separated by spaces or commas; leave empty to choose by the other criteria.'),
  field('campaign-release', 'Open edX release', h('input', { id: 'campaign-release', name: 'filter.release' })),
  field('campaign-repository', 'Sandboxes of repository', h('input', { id: 'campaign-repository', name: 'filter.repository', placeholder: 'owner/repo' })),
  // The fields' names are the API's (filter.release...), so that its 422s land next to them.
  h('div', { class: 'field' }, h('label', {}, h('input', { type: 'checkbox', name: 'filter.all' }), ' Every active instance (said outright)')),
  field('campaign-batch', 'At a time', h('input', { id: 'campaign-batch', name: 'batchSize', inputmode: 'numeric', value: '5' })),
  field('campaign-failures', 'Failures tolerated', h('input', { id: 'campaign-failures', name: 'maxFailures', inputmode: 'numeric', value: '0' }),
    'More failures than this stop the campaign; what has not started is skipped.'),
  h('div', { class: 'field' }, h('label', {}, h('input', { type: 'checkbox', name: 'activate', checked: true }), ' Activate each new app server once it runs')),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Start campaign' })));
  setPage('Campaigns',
    h('p', { class: 'muted', text: 'A campaign relaunches the instances a filter matches, a few at a time, and activates each new app server once it runs; the old one stays active until then.' }),
    list.element,
    h('section', { 'aria-labelledby': 'new-campaign-title' }, h('h2', { id: 'new-campaign-title', text: 'New campaign' }), form));
  await list.load(true);
}

async function campaignPage(id) {
  const body = h('div');
  let etag = '*';
  async function refresh() {
    let campaign;
    try { const r = await api('GET', `/campaigns/${enc(id)}`); campaign = r.data; etag = r.etag; } catch (err) { return handle(err); }
    const running = campaign.state === 'running';
    const rows = campaign.items.map((i) => h('tr', {}, h('td', {}, h('a', { href: `#/instances/${enc(i.instanceId)}`, text: i.instanceName })),
      h('td', {}, badge(i.state)), h('td', {}, i.appServerId ? h('code', { text: i.appServerId }) : ''), h('td', { text: i.reason || '' })));
    fill(body, facts([['State', badge(campaign.state)], ['Why', campaign.reason], ['At a time', campaign.batchSize],
      ['Failures tolerated', campaign.maxFailures], ['Activates', campaign.activate ? 'yes' : 'no, launches only'], ['Started by', campaign.createdBy],
      ['Started', when(campaign.createdAt)], ['Ended', when(campaign.finishedAt)]]),
    running ? h('p', {}, h('button', { type: 'button', text: 'Cancel campaign', onclick: async () => {
      if (!confirm('Cancel this campaign? What has not started is skipped.')) return;
      try { await api('POST', `/campaigns/${enc(id)}/cancel`, undefined, etag); showError(''); refresh(); } catch (err) { handle(err); }
    } })) : null,
    h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'muted', text: 'Each instance\'s progress' }),
      h('thead', {}, h('tr', {}, ['Instance', 'State', 'New app server', 'Reason'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, rows))));
    if (running) pollTimer = setTimeout(refresh, 1500);
  }
  setPage(`Campaign ${id}`, h('p', {}, h('a', { href: '#/campaigns', text: 'All campaigns' })), body);
  await refresh();
}

// Activity report ---------------------------------------------------------------------------------
async function reportsPage(params) {
  const thisMonth = new Date().toISOString().slice(0, 7);
  const month = h('input', { id: 'month', type: 'month', value: params.get('month') || thisMonth, required: true });
  const go = () => { location.hash = `#/reports?month=${enc(month.value || thisMonth)}`; };
  const result = h('div', { 'aria-live': 'polite' });
  const download = h('button', { type: 'button', text: 'Download CSV', onclick: async () => {
    try {
      const response = await fetch(`/api/v1/reports/activity?month=${enc(month.value)}`, { headers: { Authorization: `Bearer ${token()}`, Accept: 'text/csv' } });
      if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
      const link = h('a', { href: URL.createObjectURL(await response.blob()), download: `activity-${month.value}.csv` });
      document.body.append(link); link.click(); link.remove();
    } catch (err) { handle(err); }
  } });
  setPage('Activity report',
    h('p', { class: 'muted', text: 'What each instance did in a month (UTC): app servers launched, hours with an active app server, launches that failed, and how long a sandbox lived.' }),
    h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); go(); } },
      h('div', {}, h('label', { for: 'month', text: 'Month' }), month), h('button', { type: 'submit', text: 'Show' }), download),
    result);
  try {
    // The activity-report job makes it (202 meanwhile): a large fleet's report takes longer than a request may.
    let answer = await api('GET', `/reports/activity?month=${enc(month.value)}`);
    for (let tries = 0; answer.status === 202 && tries < 120; tries++) {
      fill(result, h('p', { class: 'muted', role: 'status', text: `The report of ${answer.data.month} is being made…` }));
      await new Promise((resolve) => { setTimeout(resolve, 1000); });
      if (!main.contains(result)) return;
      answer = await api('GET', `/reports/activity?month=${enc(month.value)}`);
    }
    if (answer.status === 202) { fill(result, h('p', { class: 'muted', text: 'The report is still being made: come back in a minute.' })); return; }
    const { data } = answer;
    const cells = (r) => [h('td', { text: String(r.appServersLaunched) }), h('td', { text: r.activeHours.toFixed(2) }),
      h('td', { text: String(r.failures) }), h('td', { text: r.sandboxHours.toFixed(2) })];
    const rows = data.instances.map((r) => h('tr', {}, h('td', {}, h('a', { href: `#/instances/${enc(r.instanceId)}`, text: r.name })),
      h('td', { text: r.sandbox ? 'sandbox' : '' }), ...cells(r)));
    fill(result, h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'muted', text: `Activity in ${data.month}` }),
      h('thead', {}, h('tr', {}, ['Instance', 'Kind', 'Launched', 'Active hours', 'Failures', 'Sandbox hours'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: '6', text: 'No activity in this month.' }))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', text: 'Total' }), h('td'), ...cells(data.totals))))),
      h('p', { class: 'muted', text: `Made ${when(data.generatedAt)} UTC by the activity-report job.` }));
  } catch (err) { handle(err); }
}

// Nodes -------------------------------------------------------------------------------------------
const NODE_ROLES = ['docker', 'web'];
const NODE_SIZES = ['small', 'medium', 'large'];
const nodeBusy = (n) => n.status === 'booting' || n.status === 'destroying';

async function nodesPage(params) {
  const role = h('select', { id: 'nodes-role' }, h('option', { value: '', text: 'All roles' }),
    NODE_ROLES.map((r) => h('option', { value: r, text: r, selected: params.get('role') === r })));
  const filter = () => { location.hash = role.value ? `#/nodes?role=${enc(role.value)}` : '#/nodes'; };
  role.addEventListener('change', filter);
  let busy = false;
  const list = pagedTable({
    caption: 'Nodes, by name', empty: 'No node of this role.',
    headers: ['Name', 'Role', 'Size', 'Status', 'Address', 'Failure reason'],
    path: () => `/nodes?limit=50${role.value ? `&role=${enc(role.value)}` : ''}`,
    row: (n) => {
      busy = busy || nodeBusy(n);
      return h('tr', {}, h('td', {}, h('a', { href: `#/nodes/${enc(n.id)}`, text: n.name })), h('td', { text: n.role }),
        h('td', { text: n.size }), h('td', {}, badge(n.status)), h('td', {}, n.address ? h('code', { text: n.address }) : ''),
        h('td', { text: n.failureReason ? n.failureReason.split('\n')[0] : '' }));
    },
  });
  // While a node boots or is destroyed, the list refreshes itself.
  async function load() {
    busy = false;
    await list.load(true);
    if (busy && main.contains(list.element)) pollTimer = setTimeout(load, 2000);
  }
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    try {
      const { data } = await api('POST', '/nodes', formBody(form));
      showError('');
      location.hash = `#/nodes/${enc(data.id)}`;
    } catch (err) {
      if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.');
    }
  } },
  field('node-name', 'Name', h('input', { id: 'node-name', name: 'name', type: 'text', required: true, autocomplete: 'off' }),
    '3 to 42 of a-z, 0-9 and -, starting with a letter.'),
  field('node-role', 'Role', h('select', { id: 'node-role', name: 'role' }, NODE_ROLES.map((r) => h('option', { value: r, text: r }))),
    'docker: runs container services; web: Drupal web servers.'),
  field('node-size', 'Size', h('select', { id: 'node-size', name: 'size' }, NODE_SIZES.map((s) => h('option', { value: s, text: s })))),
  field('node-image', 'Image', h('input', { id: 'node-image', name: 'image', type: 'text', autocomplete: 'off' }), 'Optional: empty for the default image.'),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Create node' })));
  setPage('Nodes', h('p', { class: 'muted', text: 'The VMs that run container services (docker) and Drupal web servers (web).' }),
    h('section', { 'aria-labelledby': 'nodes-title' }, h('h2', { id: 'nodes-title', text: 'All nodes' }),
      h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); filter(); } },
        h('div', {}, h('label', { for: 'nodes-role', text: 'Filter by role' }), role), h('button', { type: 'submit', text: 'Filter' })),
      list.element),
    h('section', { 'aria-labelledby': 'new-node-title' }, h('h2', { id: 'new-node-title', text: 'New node' }), form));
  await load();
}

async function nodePage(id) {
  let node, etag;
  try { ({ data: node, etag } = await api('GET', `/nodes/${enc(id)}`)); } catch (err) { return handle(err); }
  const details = h('div');
  const workloads = h('div');
  const notice = h('div', { class: 'notice', role: 'status', hidden: true });
  const gone = h('div', { class: 'notice', role: 'status', hidden: true });

  function render() {
    details.replaceChildren(facts([['Id', h('code', { text: node.id })], ['Name', node.name], ['Role', node.role], ['Size', node.size],
      ['Image', node.image], ['Status', badge(node.status)], ['Address', node.address ? h('code', { text: node.address }) : null],
      ['Failure reason', node.failureReason], ['Created', when(node.createdAt)], ['Updated', when(node.updatedAt)]]));
    const running = node.workloads || [];
    fill(workloads, running.length ? h('ul', {}, running.map((w) => h('li', { text: w })))
      : h('p', { class: 'muted', text: 'Nothing runs on it.' }));
    remove.disabled = node.status === 'destroying';
  }

  // Every 2 s while it boots or is destroyed; a destroyed node is gone (404).
  async function refresh() {
    if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; }
    if (!main.contains(details)) return;
    try {
      ({ data: node, etag } = await api('GET', `/nodes/${enc(id)}`));
      render();
    } catch (err) {
      if (err.status === 404) {
        fill(gone, h('p', {}, h('strong', { text: `Node ${node.name} was destroyed. ` }), h('a', { href: '#/nodes', text: 'All nodes' })));
        gone.hidden = false; remove.disabled = true; node = { ...node, status: 'destroyed', workloads: [] };
        details.replaceChildren(facts([['Id', h('code', { text: node.id })], ['Name', node.name], ['Status', badge('destroyed')]]));
        return;
      }
      handle(err); return;
    }
    if (nodeBusy(node) && main.contains(details)) pollTimer = setTimeout(refresh, 2000);
  }

  async function destroy(force) {
    try {
      ({ data: node, etag } = await api('DELETE', `/nodes/${enc(id)}${force ? '?force=true' : ''}`, undefined, etag));
      showError(''); notice.hidden = true;
      await refresh();
    } catch (err) {
      if (err.status === 409 && err.body && err.body.error === 'node_in_use') {
        const running = (err.body.details && err.body.details.workloads) || [];
        showError(err.body.message);
        notice.hidden = false;
        fill(notice, h('p', {}, h('strong', { text: 'Not destroyed: ' }), `${node.name} runs:`),
          h('ul', {}, running.map((w) => h('li', { text: w }))),
          h('p', { text: 'Destroy anyway stops them first; they stop serving.' }),
          h('p', {}, h('button', { type: 'button', class: 'danger', text: 'Destroy anyway', onclick: () => {
            if (confirm(`Destroy ${node.name} anyway? ${running.join('; ')} ${running.length === 1 ? 'is' : 'are'} stopped first.`)) destroy(true);
          } })));
        await refresh();
      } else if (err.status === 412) {
        showError(`${node.name} changed since this page was loaded, so it was not destroyed. Its current state is shown: press Destroy again if you still mean it.`);
        await refresh();
      } else handle(err);
    }
  }
  const remove = h('button', { type: 'button', class: 'danger', text: 'Destroy', onclick: () => {
    if (confirm(`Destroy node ${node.name}? Its VM is deleted; this cannot be undone.`)) destroy(false);
  } });

  render();
  setPage(node.name, h('p', {}, h('a', { href: '#/nodes', text: 'All nodes' })), gone,
    h('div', { class: 'layout' },
      h('section', { 'aria-labelledby': 'details-title' }, h('h2', { id: 'details-title', text: 'Details' }), details),
      h('div', {},
        h('section', { 'aria-labelledby': 'workloads-title' }, h('h2', { id: 'workloads-title', text: 'Workloads' }), workloads),
        h('section', { 'aria-labelledby': 'destroy-title' }, h('h2', { id: 'destroy-title', text: 'Destroy' }),
          h('p', { class: 'muted', text: 'A node that runs something is only destroyed once you confirm that it is stopped first.' }),
          h('p', {}, remove), notice))));
  if (nodeBusy(node)) pollTimer = setTimeout(refresh, 2000);
}

// Services ----------------------------------------------------------------------------------------
const COLOURS = ['blue', 'green'];
const COLOUR_BUSY = ['launching', 'redeploying', 'terminating'];
const serviceBusy = (s) => COLOURS.some((c) => s.colours && s.colours[c] && COLOUR_BUSY.includes(s.colours[c].status));
const title = (s) => s[0].toUpperCase() + s.slice(1);

// Rows of inputs (port maps, environment variables, volumes): each row a fieldset with its own legend.
function rowsEditor({ id, legend, rowLegend, add, columns, initial }) {
  const list = h('div', { class: 'rows' });
  let next = 0;
  function renumber() {
    [...list.children].forEach((row, i) => {
      row.querySelector('legend').textContent = `${rowLegend} ${i + 1}`;
      row.querySelector('button').setAttribute('aria-label', `Remove ${rowLegend.toLowerCase()} ${i + 1}`);
    });
  }
  function addRow(values = {}) {
    const n = next++;
    const inputs = columns.map((c) => h('input', { id: `${id}-${c.key}-${n}`, type: c.type || 'text', 'data-key': c.key, autocomplete: 'off',
      min: c.type === 'number' ? '1' : null, max: c.type === 'number' ? '65535' : null, placeholder: c.placeholder,
      value: values[c.key] === undefined || values[c.key] === null ? null : String(values[c.key]) }));
    const row = h('fieldset', { class: 'row' }, h('legend', { text: '' }),
      columns.map((c, i) => h('div', { class: 'cell' }, h('label', { for: inputs[i].id, text: c.label }), inputs[i])),
      h('button', { type: 'button', text: 'Remove', onclick: () => { row.remove(); renumber(); } }));
    list.append(row);
    renumber();
    return row;
  }
  (initial && initial.length ? initial : [{}]).forEach(addRow);
  const element = h('fieldset', { class: 'rows-editor', name: id }, h('legend', { text: legend }), list,
    h('button', { type: 'button', text: add, onclick: () => { const row = addRow(); row.querySelector('input').focus(); } }));
  // The rows with something typed in, as objects of trimmed text.
  const values = () => [...list.children].map((row) => Object.fromEntries([...row.querySelectorAll('input')].map((i) => [i.dataset.key, i.value.trim()])))
    .filter((r) => Object.values(r).some((v) => v !== ''));
  return { element, values };
}

// The editable definition of a service (create, or edit when current is given).
function serviceFields(current) {
  const v = (k) => (current && current[k] !== undefined && current[k] !== null ? String(current[k]) : '');
  const num = (s) => (/^\d+$/.test(s) ? Number(s) : s);
  const ports = rowsEditor({ id: 'ports', legend: 'Port maps (the first is the one routed)', rowLegend: 'Port map', add: 'Add a port map',
    columns: [{ key: 'container', label: 'Container port', type: 'number', placeholder: '8080' }, { key: 'host', label: 'Host port', type: 'number', placeholder: '30080' }],
    initial: current ? current.ports : [] });
  const env = rowsEditor({ id: 'env', legend: 'Environment variables', rowLegend: 'Variable', add: 'Add a variable',
    columns: [{ key: 'key', label: 'Variable name', placeholder: 'LOG_LEVEL' }, { key: 'value', label: 'Value' }],
    initial: current ? Object.entries(current.env || {}).map(([key, value]) => ({ key, value })) : [] });
  const volumes = rowsEditor({ id: 'volumes', legend: 'Volumes (kept across redeploys)', rowLegend: 'Volume', add: 'Add a volume',
    columns: [{ key: 'name', label: 'Volume name', placeholder: 'data' }, { key: 'path', label: 'Mount path', placeholder: '/var/lib/app' }],
    initial: current ? current.volumes : [] });
  const elements = [
    current ? null : field('svc-name', 'Name', h('input', { id: 'svc-name', name: 'name', type: 'text', required: true, autocomplete: 'off' }),
      '3 to 32 of a-z, 0-9 and -, starting with a letter.'),
    current ? null : field('svc-kind', 'Kind', h('select', { id: 'svc-kind', name: 'kind' }, h('option', { value: 'container', text: 'Container' }),
      h('option', { value: 'postgresql', text: 'PostgreSQL database' })),
      'A database publishes container port 5432 privately (never through the load balancer), keeps its data on a volume at '
      + '/var/lib/postgresql/data and takes its password from the secret POSTGRES_PASSWORD.'),
    field('svc-image', 'Image', h('input', { id: 'svc-image', name: 'image', type: 'text', required: true, autocomplete: 'off', value: v('image') }),
      'registry/name:tag'),
    ports.element, env.element, volumes.element,
    field('svc-healthPath', 'Health path', h('input', { id: 'svc-healthPath', name: 'healthPath', type: 'text', value: v('healthPath'), placeholder: '/' }),
      'Checked before a container gets traffic.'),
    field('svc-productionHost', 'Production hostname', h('input', { id: 'svc-productionHost', name: 'productionHost', type: 'text', required: true, value: v('productionHost') })),
    field('svc-stagingHost', 'Staging hostname', h('input', { id: 'svc-stagingHost', name: 'stagingHost', type: 'text', required: true, value: v('stagingHost') })),
  ];
  function definition(form) {
    const text = (name) => (form.elements[name] ? form.elements[name].value.trim() : '');
    const body = {};
    for (const k of ['name', 'kind', 'image', 'healthPath', 'productionHost', 'stagingHost']) if (text(k)) body[k] = text(k);
    body.ports = ports.values().map((p) => ({ container: num(p.container), host: num(p.host) }));
    body.env = Object.fromEntries(env.values().map((e) => [e.key, e.value]));
    body.volumes = volumes.values().map((x) => ({ name: x.name, path: x.path }));
    return body;
  }
  return { elements, definition };
}

// A link to a file the API serves behind the token: fetched with it, then saved.
function downloadLink(path, filename, text) {
  return h('a', { href: `/api/v1${path}`, download: filename, text, onclick: async (e) => {
    e.preventDefault();
    try {
      const response = await fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token()}` } });
      if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
      const url = URL.createObjectURL(await response.blob());
      const a = h('a', { href: url, download: filename });
      document.body.append(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) { handle(err); }
  } });
}

async function servicesPage() {
  let busy = false;
  const colourCell = (s, c) => {
    const state = s.colours && s.colours[c];
    return h('td', {}, state ? badge(state.status) : h('span', { class: 'muted', text: 'none' }));
  };
  const list = pagedTable({
    caption: 'Services, by name', empty: 'No service yet.',
    headers: ['Name', 'Image', 'Production', 'Blue', 'Green'],
    path: () => '/services?limit=50',
    row: (s) => {
      busy = busy || serviceBusy(s);
      return h('tr', {}, h('td', {}, h('a', { href: `#/services/${enc(s.name)}`, text: s.name })), h('td', {}, h('code', { text: s.image })),
        h('td', { text: s.production || 'none' }), colourCell(s, 'blue'), colourCell(s, 'green'));
    },
  });
  async function load() {
    busy = false;
    await list.load(true);
    if (busy && main.contains(list.element)) pollTimer = setTimeout(load, 2000);
  }
  const fields = serviceFields(null);
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    try {
      const { data } = await api('POST', '/services', fields.definition(form));
      showError('');
      location.hash = `#/services/${enc(data.name)}`;
    } catch (err) {
      if (!fieldErrors(form, err)) handle(err); else showError('Please correct the fields below.');
    }
  } }, fields.elements, h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Create service' })));
  setPage('Services', h('p', { class: 'muted', text: 'Container services: each runs in two colours, blue and green, on docker nodes; one serves production, the other staging.' }),
    h('section', { 'aria-labelledby': 'services-title' }, h('h2', { id: 'services-title', text: 'All services' }), list.element),
    h('section', { 'aria-labelledby': 'new-service-title' }, h('h2', { id: 'new-service-title', text: 'New service' }), form));
  await load();
}

/**
 * An owner's write-only secrets: their names with a Delete button, and a form to set one. The
 * value leaves the page with the request and its input is emptied; it is never shown again.
 * `base` is the API path of the secrets; `names()` reads the current names; `effect` says when
 * a change takes effect.
 */
function secretsPanel({ base, owner, names, effect, placeholder, hint, afterChange = async () => {} }) {
  const list = h('div');
  const notice = h('div', { class: 'notice', role: 'status', hidden: true });
  const say = (text) => { notice.hidden = false; notice.replaceChildren(text); };
  async function refresh() {
    let keys;
    try { keys = await names(); } catch (err) { return handle(err); }
    fill(list, keys.length ? h('ul', {}, keys.map((key) => h('li', {}, h('code', { text: key }), ' ',
      h('button', { type: 'button', class: 'danger', text: 'Delete', 'aria-label': `Delete secret ${key}`, onclick: async () => {
        if (!confirm(`Delete the secret ${key} of ${owner}? ${effect} without it.`)) return;
        try { await api('DELETE', `${base}/${enc(key)}`); showError(''); say(`Secret ${key} deleted.`); await afterChange(); await refresh(); }
        catch (err) { handle(err); }
      } })))) : h('p', { class: 'muted', text: 'No secret.' }));
  }
  const key = h('input', { id: 'secret-key', name: 'key', type: 'text', required: true, autocomplete: 'off', placeholder });
  const value = h('input', { id: 'secret-value', name: 'value', type: 'password', required: true, autocomplete: 'new-password' });
  const form = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const name = key.value.trim();
    try {
      await api('PUT', `${base}/${enc(name)}`, { value: value.value });
      form.reset(); value.value = '';
      fieldErrors(form, {}); showError('');
      say(`Secret ${name} set. ${effect} with it; its value is not shown again.`);
      await afterChange(); await refresh();
    } catch (err) {
      if (!fieldErrors(form, err)) handle(err); else showError('Please correct the secret.');
    }
  } }, field('secret-key', 'Secret name', key, hint),
  field('secret-value', 'Secret value', value, 'Write-only: kept in the secret store, never shown.'),
  h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Set secret' })));
  const element = h('section', { 'aria-labelledby': 'secrets-title' }, h('h2', { id: 'secrets-title', text: 'Secrets' }), list, notice,
    h('h3', { text: 'Set a secret' }), form);
  return { element, refresh };
}

async function servicePage(name) {
  let service, etag;
  try { ({ data: service, etag } = await api('GET', `/services/${enc(name)}`)); } catch (err) { return handle(err); }
  let nodes = []; // docker nodes, for the launch choice and the nodes' names
  let followUntil = 0; // after a build or a promote (no colour status shows them), the logs are tailed for a while
  const hostnames = h('div', { role: 'status' });
  const secrets = secretsPanel({ base: `/services/${enc(name)}/secrets`, owner: name, names: async () => service.secrets || [],
    effect: 'New containers start', placeholder: 'DATABASE_URL', hint: 'An environment variable name: A-Z, 0-9 and _.',
    afterChange: async () => { ({ data: service, etag } = await api('GET', `/services/${enc(name)}`)); } });
  const editNotice = h('div', { class: 'notice', role: 'status', hidden: true });

  async function loadNodes() {
    try { nodes = (await api('GET', '/nodes?role=docker&limit=500')).data.items; } catch (err) { handle(err); }
  }
  const nodeName = (id) => (nodes.find((n) => n.id === id) || {}).name || id;

  // Runs an operation; a 412 reloads the service and says so.
  async function operate(what, call) {
    try {
      ({ data: service, etag } = await call());
      showError('');
      render();
      schedule();
    } catch (err) {
      if (err.status === 412) {
        await reload();
        showError(`${service.name} changed since this page was loaded, so nothing was done (${what}). Its current state is shown: try again if you still mean it.`);
      } else { handle(err); await reload(); }
    }
  }

  function colourCard(colour) {
    const heading = h('h3', { id: `${colour}-title` });
    const info = h('div');
    const mark = h('p');
    const nodeSelect = h('select', { id: `${colour}-node` });
    let picked = false; // whether the user chose a node (else the default follows the other colour)
    nodeSelect.addEventListener('change', () => { picked = true; });
    const launch = h('button', { type: 'button', class: 'primary', text: `Launch ${colour}`, onclick: () => {
      if (!nodeSelect.value) { showError('There is no ready docker node to launch on: create one on the Nodes page.'); return; }
      operate(`launch ${colour}`, () => api('POST', `/services/${enc(name)}/colours/${colour}/launch`, { node: nodeSelect.value }));
    } });
    const redeploy = h('button', { type: 'button', text: `Redeploy ${colour}`, onclick: () => {
      if (confirm(`Redeploy ${colour} of ${name}? A new container starts beside the old one and takes over once it is healthy.`)) {
        operate(`redeploy ${colour}`, () => api('POST', `/services/${enc(name)}/colours/${colour}/redeploy`));
      }
    } });
    const terminate = h('button', { type: 'button', class: 'danger', text: `Terminate ${colour}`, onclick: () => {
      if (confirm(`Terminate ${colour} of ${name}? Its container is removed.`)) {
        operate(`terminate ${colour}`, () => api('POST', `/services/${enc(name)}/colours/${colour}/terminate`, undefined, etag));
      }
    } });
    const promote = h('button', { type: 'button', text: `Promote ${colour}`, onclick: () => {
      if (confirm(`Promote ${colour}? ${service.productionHost} is served by it once its health check passes; the other colour serves ${service.stagingHost}.`)) {
        followUntil = Date.now() + 20000;
        operate(`promote ${colour}`, () => api('POST', `/services/${enc(name)}/promote`, { colour }, etag));
      }
    } });
    const gitUrl = h('input', { id: `${colour}-gitUrl`, name: 'gitUrl', type: 'text', autocomplete: 'off', placeholder: 'https://github.com/owner/repo.git' });
    const commit = h('input', { id: `${colour}-commit`, name: 'commit', type: 'text', autocomplete: 'off', placeholder: 'a commit hash' });
    const build = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      try {
        ({ data: service, etag } = await api('POST', `/services/${enc(name)}/builds`, { colour, gitUrl: gitUrl.value.trim(), commit: commit.value.trim() }));
        fieldErrors(build, {}); showError('');
        followUntil = Date.now() + 120000;
        render(); schedule();
      } catch (err) {
        if (!fieldErrors(build, err)) handle(err); else showError('Please correct the build fields.');
      }
    } }, field(`${colour}-gitUrl`, 'Git URL', gitUrl), field(`${colour}-commit`, 'Commit', commit),
    h('p', {}, h('button', { type: 'submit', text: `Build ${colour}` })));
    const log = h('pre', { class: 'log', role: 'log', tabindex: '0', 'aria-label': `Log of ${colour}` });
    let cursor = '0';
    let follow = true;
    log.addEventListener('scroll', () => { follow = log.scrollTop + log.clientHeight >= log.scrollHeight - 8; });
    async function tail() {
      const { data } = await api('GET', `/services/${enc(name)}/colours/${colour}/logs?after=${enc(cursor)}`);
      if (data.items.length) {
        log.append(data.items.map((l) => l.text).join('\n') + '\n');
        if (follow) log.scrollTop = log.scrollHeight;
      }
      cursor = data.nextCursor;
    }

    function update() {
      const c = service.colours && service.colours[colour];
      const production = service.production === colour;
      const serves = Object.entries(service.hostnames || {}).filter(([, col]) => col === colour).map(([host]) => host);
      heading.textContent = `${title(colour)}${production ? ' (production)' : service.production ? ' (staging)' : ''}`;
      fill(mark, serves.length ? ['Serves ', h('strong', { text: serves.join(', ') })] : h('span', { class: 'muted', text: 'Serves no hostname yet.' }));
      const b = c && c.build;
      fill(info, c ? facts([['Status', badge(c.status)], ['Node', c.node ? h('a', { href: `#/nodes/${enc(c.node)}`, text: nodeName(c.node) }) : null],
        ['Container', c.container ? h('code', { text: c.container }) : null], ['Image', c.image ? h('code', { text: c.image }) : null],
        ['Host port', c.hostPort], ['Since', when(c.since)], ['Failure reason', c.failureReason],
        ['Build', b ? h('span', {}, h('code', { text: b.commit }), ` of ${b.gitUrl}, ${when(b.builtAt)}`) : null]])
        : h('p', { class: 'muted', text: `${title(colour)} runs nowhere yet.` }));
      const status = c ? c.status : 'none';
      const free = status === 'none' || status === 'terminated' || status === 'failed';
      // The choice stays; by default a node the other colour does not run on (two colours never share one).
      const other = (service.colours || {})[colour === 'blue' ? 'green' : 'blue'];
      const taken = other && other.status !== 'terminated' ? other.node : null;
      const ready = nodes.filter((n) => n.status === 'ready');
      const chosen = picked && ready.some((n) => n.id === nodeSelect.value) ? nodeSelect.value : (ready.find((n) => n.id !== taken) || ready[0] || {}).id;
      nodeSelect.replaceChildren(...(ready.length ? ready.map((n) => h('option', { value: n.id, text: `${n.name}${n.address ? ` (${n.address})` : ''}`,
        selected: n.id === chosen })) : [h('option', { value: '', text: 'No ready docker node' })]));
      nodeSelect.disabled = !free;
      launch.disabled = !free;
      redeploy.disabled = status !== 'running' || service.kind === 'postgresql'; // a database moves through the other colour
      terminate.disabled = free || status === 'terminating' || production;
      promote.disabled = status !== 'running' || production;
      terminateHint.hidden = !(production && !free);
    }
    const terminateHint = h('p', { class: 'hint muted', text: `${title(colour)} serves production: promote the other colour before terminating it.` });
    const element = h('section', { class: `colour ${colour}`, 'aria-labelledby': `${colour}-title` }, heading, mark, info,
      h('div', { class: 'field' }, h('label', { for: `${colour}-node`, text: 'Node to launch on' }), nodeSelect),
      h('div', { class: 'actions' }, launch, redeploy, terminate, promote), terminateHint,
      h('h4', { text: `Build ${colour} from a commit` }), build,
      h('h4', { text: `Log of ${colour}` }), log,
      h('p', {}, downloadLink(`/services/${enc(name)}/colours/${colour}/logs/download`, `${name}-${colour}.log`, `Download the whole ${colour} log`)));
    return { element, update, tail };
  }
  const cards = COLOURS.map(colourCard);

  function render() {
    const entries = Object.entries(service.hostnames || {});
    fill(hostnames, entries.length ? h('table', {}, h('caption', { class: 'muted', text: 'Which colour serves which hostname' }),
      h('thead', {}, h('tr', {}, ['Hostname', 'Served by', 'As'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, entries.map(([host, colour]) => h('tr', {}, h('td', {}, h('code', { text: host })), h('td', { text: colour }),
        h('td', { text: host === service.productionHost ? 'production' : 'staging' })))))
      : h('p', { class: 'muted' }, `No colour is in production yet: promote a running colour to serve ${service.productionHost} (the other serves ${service.stagingHost}).`));
    secrets.refresh();
    cards.forEach((c) => c.update());
    if (database) database.update();
  }

  async function reload() {
    try { ({ data: service, etag } = await api('GET', `/services/${enc(name)}`)); render(); } catch (err) { handle(err); }
  }

  // While a colour's operation runs (or shortly after a build or a promote), the service and the logs refresh every 2 s.
  async function poll() {
    pollTimer = null;
    if (!main.contains(hostnames)) return;
    try {
      const before = serviceBusy(service);
      ({ data: service, etag } = await api('GET', `/services/${enc(name)}`));
      if (before || Date.now() < followUntil) await loadNodes();
      render();
      await Promise.all(cards.map((c) => c.tail()));
    } catch (err) { handle(err); return; }
    schedule();
  }
  function schedule() {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = (serviceBusy(service) || Date.now() < followUntil) && main.contains(hostnames) ? setTimeout(poll, serviceBusy(service) ? 1500 : 2000) : null;
  }

  // The definition, edited with a merge patch of what changed (If-Match).
  const definitionOf = (s) => JSON.stringify({ image: s.image, ports: s.ports, env: s.env, volumes: s.volumes, healthPath: s.healthPath,
    productionHost: s.productionHost, stagingHost: s.stagingHost });
  let editedFrom = definitionOf(service);
  const fields = serviceFields(service);
  const editForm = h('form', { class: 'stack', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const base = JSON.parse(editedFrom);
    const wanted = fields.definition(editForm);
    const patch = {};
    for (const k of ['image', 'healthPath', 'productionHost', 'stagingHost']) {
      if ((wanted[k] || null) !== (base[k] || null)) patch[k] = wanted[k] || null;
    }
    for (const k of ['ports', 'volumes']) if (JSON.stringify(wanted[k]) !== JSON.stringify(base[k] || [])) patch[k] = wanted[k];
    const env = {};
    for (const key of Object.keys(base.env || {})) if (!(key in wanted.env)) env[key] = null;
    for (const [key, value] of Object.entries(wanted.env)) if ((base.env || {})[key] !== value) env[key] = value;
    if (Object.keys(env).length) patch.env = env;
    if (!Object.keys(patch).length) { editNotice.hidden = false; editNotice.replaceChildren('Nothing to save.'); return; }
    const conflict = () => {
      editNotice.hidden = false;
      editNotice.replaceChildren(h('p', { text: 'Someone else changed this definition while you were editing; nothing was saved.' }),
        h('button', { type: 'button', text: 'Reload its current values', onclick: () => route() }));
    };
    try {
      await reload();
      if (definitionOf(service) !== editedFrom) return conflict();
      ({ data: service, etag } = await api('PATCH', `/services/${enc(name)}`, patch, etag));
      editedFrom = definitionOf(service);
      fieldErrors(editForm, {}); showError(''); render();
      editNotice.hidden = false; editNotice.replaceChildren('Saved. New containers use it: redeploy a colour to apply it.');
    } catch (err) {
      if (err.status === 412) conflict();
      else if (!fieldErrors(editForm, err)) handle(err); else showError('Please correct the fields below.');
    }
  } }, fields.elements, editNotice, h('p', {}, h('button', { class: 'primary', type: 'submit', text: 'Save definition' })));

  const database = service.kind === 'postgresql' ? databasePanel() : null;

  // A postgresql service's dumps (through the data tier's backups) and restores into a colour (If-Match on the service).
  function databasePanel() {
    const body = h('tbody');
    const from = h('select', { id: 'dump-colour' });
    const notice = h('p', { class: 'notice', role: 'status', hidden: true });
    const say = (text) => { notice.hidden = false; notice.replaceChildren(text); };
    let timer = null;
    const running = () => COLOURS.filter((c) => ((service.colours || {})[c] || {}).status === 'running');
    const restoreInto = (b, colour) => h('button', { type: 'button', text: `Restore ${b.id} into ${colour}`, onclick: async () => {
      if (!confirm(`Replace the database of ${colour} with ${b.id} (dumped from ${b.source})?`)) return;
      try {
        await api('POST', `/services/${enc(name)}/database/restore`, { backupId: b.id, colour }, etag);
        showError(''); say(`Restoring ${b.id} into ${colour}.`); await load();
      } catch (err) {
        if (err.status === 412) { await reload(); showError(`${service.name} changed since this page was loaded, so nothing was restored. Try again if you still mean it.`); }
        else handle(err);
      }
    } });
    const restored = (r) => (r ? `${r.state} into ${r.target || ''}${r.failureReason ? `: ${r.failureReason}` : ''}` : '');
    const row = (b) => h('tr', {}, h('td', {}, h('code', { text: b.id })), h('td', {}, badge(b.state)), h('td', { text: b.source || '' }),
      h('td', { text: when(b.createdAt) }), h('td', {}, b.files && b.files.length ? h('code', { text: b.files[0].name }) : (b.failureReason || '')),
      h('td', { text: bytes(b.sizeBytes) }), h('td', { text: restored(b.lastRestore) }),
      h('td', {}, b.state === 'complete' ? running().map((colour) => restoreInto(b, colour)) : null));
    async function load() {
      clearTimeout(timer);
      try {
        const { data } = await api('GET', `/services/${enc(name)}/database/backups?limit=50`);
        body.replaceChildren(...(data.items.length ? data.items.map(row)
          : [h('tr', {}, h('td', { colspan: '8', text: 'No dump yet.' }))]));
        const moving = data.items.some((b) => b.state === 'pending' || (b.lastRestore && b.lastRestore.state === 'running'));
        if (moving && main.contains(body)) timer = setTimeout(load, 1000);
      } catch (err) { handle(err); }
    }
    function update() {
      const choices = running();
      from.replaceChildren(h('option', { value: '', text: service.production ? `Production (${service.production})` : 'The running colour' }),
        ...choices.map((c) => h('option', { value: c, text: title(c) })));
      dump.disabled = !choices.length;
    }
    const dump = h('button', { type: 'submit', class: 'primary', text: 'Dump now' });
    const form = h('form', { class: 'actions', onsubmit: async (e) => {
      e.preventDefault();
      try {
        await api('POST', `/services/${enc(name)}/database/dump`, from.value ? { colour: from.value } : {});
        showError(''); say('Dumping the database.'); await load();
      } catch (err) { handle(err); }
    } }, field('dump-colour', 'Dump from', from), dump, notice);
    const element = h('section', { 'aria-labelledby': 'database-title' }, h('h2', { id: 'database-title', text: 'Database' }),
      h('p', { class: 'muted', text: `PostgreSQL database ${service.env && service.env.POSTGRES_DB || (service.env && service.env.POSTGRES_USER) || 'postgres'}, `
        + 'reached on its nodes\' private addresses only. Dumps are checksummed and kept with the data tier\'s backups; a restore creates the roles '
        + 'the dump names, then replaces the database. To move to a new image: launch the other colour, restore a dump into it, promote it.' }),
      form,
      h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'muted', text: 'Dumps, newest first' }),
        h('thead', {}, h('tr', {}, ['Dump', 'State', 'From', 'Created', 'File', 'Size', 'Last restore', 'Restore'].map((t) => h('th', { scope: 'col', text: t })))),
        body)));
    return { element, load, update };
  }

  await loadNodes();
  render();
  setPage(service.name, h('p', {}, h('a', { href: '#/services', text: 'All services' }), ' · ', h('code', { text: service.image })),
    h('section', { 'aria-labelledby': 'hostnames-title' }, h('h2', { id: 'hostnames-title', text: 'Hostnames' }), hostnames),
    h('section', { 'aria-labelledby': 'colours-title' }, h('h2', { id: 'colours-title', text: 'Colours' }),
      h('div', { class: 'colours' }, cards.map((c) => c.element))),
    ...(database ? [database.element] : []),
    h('div', { class: 'layout' },
      h('section', { 'aria-labelledby': 'definition-title' }, h('h2', { id: 'definition-title', text: 'Definition' }), editForm),
      secrets.element));
  try { await Promise.all(cards.map((c) => c.tail())); } catch (err) { handle(err); }
  if (database) await database.load();
  schedule();
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
  const [path, query = ''] = hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  markNav(path);
  const id = (prefix) => (path.startsWith(prefix) && path.length > prefix.length ? decodeURIComponent(path.slice(prefix.length)) : null);
  const instance = hash.match(/^#\/instances\/([\w-]+)/);
  if (instance) return instancePage(instance[1]);
  if (path === '/new') return newPage();
  if (path === '/data-servers') return dataServersPage(params);
  if (path === '/data-servers/new') return newDataServerPage();
  if (id('/data-servers/')) return dataServerPage(id('/data-servers/'));
  if (path === '/watched-repositories') return watchedRepositoriesPage();
  if (id('/watched-repositories/')) return watchedRepositoryPage(id('/watched-repositories/'));
  if (path === '/tokens') return tokensPage();
  if (path === '/audit') return auditPage(params);
  if (path === '/jobs') return jobsPage();
  if (path === '/incidents') return incidentsPage(params);
  if (path === '/reports') return reportsPage(params);
  if (path === '/campaigns') return campaignsPage();
  if (path === '/code') return codePage();
  if (path === '/sites') return sitesPage();
  if (id('/sites/')) return sitePage(id('/sites/'));
  if (path === '/routes') return routesPage();
  if (path === '/commands') return commandsPage();
  if (id('/executions/')) return executionPage(id('/executions/'));
  if (path === '/profiles') return profilesPage();
  if (id('/profiles/')) return profilePage(id('/profiles/'));
  if (id('/campaigns/')) return campaignPage(id('/campaigns/'));
  if (id('/incidents/')) return incidentPage(id('/incidents/'));
  if (path === '/nodes') return nodesPage(params);
  if (id('/nodes/')) return nodePage(id('/nodes/'));
  if (path === '/services') return servicesPage();
  if (id('/services/')) return servicePage(id('/services/'));
  return listPage();
}

// The nav link of the current screen is marked for assistive technology (and styled from that).
function markNav(path) {
  const section = path.split('/')[1] || '';
  for (const a of document.querySelectorAll('nav a')) {
    const target = a.getAttribute('href').slice(1).split('?')[0];
    const current = target === path || (section && section !== 'new' && target === `/${section}`) || (section === 'instances' && target === '/');
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

signOut.addEventListener('click', () => { sessionStorage.removeItem('berth.token'); location.hash = '#/'; signInPage(); });
window.addEventListener('hashchange', route);
route();
