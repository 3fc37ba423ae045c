// The console in a real browser (Debian's Chromium driven by playwright-core) against a running
// ./berth local. Usage: node console.test.mjs <api base url> <admin token> <screenshots folder> <proxy port> <its --data folder>
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, token, shots, proxyPort, dataFolder] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const step = (name) => console.log(`- ${name}`);
// axe-core in the page: no serious or critical violation on a screen.
const axeFile = new URL('./node_modules/axe-core/axe.min.js', import.meta.url);
if (!existsSync(axeFile)) throw new Error('axe-core is missing: run npm install in console/test');
const axeSource = readFileSync(axeFile, 'utf8');
const accessible = async (screen) => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), [],
    `accessibility of ${screen}`);
};
const confirmNext = () => page.once('dialog', (d) => d.accept());
const api = async (method, path, body, headers = {}) => {
  const response = await fetch(`${base}/api/v1${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, etag: response.headers.get('etag'), body: await response.json().catch(() => null) };
};

try {
  step('a bad token is refused');
  await page.goto(`${base}/`);
  await page.screenshot({ path: `${shots}/sign-in.png` });
  await accessible('the sign-in page');
  await page.getByLabel('API token').fill('brt_nottherightoneatall');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'refused' }).waitFor();

  step('sign in');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Instances' }).waitFor();

  step('create an instance, with the API\'s 422 shown next to the field');
  await page.getByRole('link', { name: 'New instance' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Console Demo');
  await page.getByLabel('Sub-domain').fill('Not A Label');
  await page.getByRole('button', { name: 'Create instance' }).click();
  await page.locator('#error-subDomain').filter({ hasText: 'DNS label' }).waitFor();
  await page.screenshot({ path: `${shots}/create-with-errors.png` });
  await page.getByLabel('Sub-domain').fill('console');
  await page.getByLabel('Extra settings (YAML)').fill('berth_test_deploy_seconds: 3\n');
  await page.getByRole('button', { name: 'Create instance' }).click();
  await page.getByRole('heading', { name: 'Console Demo' }).waitFor();
  const id = page.url().split('/').pop();

  step('a YAML error is shown');
  await page.getByLabel('Extra settings (YAML)').fill('a: [unclosed');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.locator('#error-extraSettings').filter({ hasText: 'not valid YAML' }).waitFor();

  step('compute settings: a flavor the API refuses is shown at its field; a valid one is saved');
  await page.getByLabel('Extra settings (YAML)').fill('berth_test_deploy_seconds: 3\n');
  await page.getByLabel('Flavor').fill('m1 large');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.locator('#error-compute\\.flavor').waitFor();
  const saved = async () => {
    const answer = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(`/instances/${id}`));
    await page.getByRole('button', { name: 'Save settings' }).click();
    assert.equal((await answer).status(), 200);
  };
  await page.getByLabel('Flavor').fill('m1.xlarge');
  await saved();
  assert.equal((await api('GET', `/instances/${id}`)).body.compute.flavor, 'm1.xlarge');
  await page.getByLabel('Flavor').fill('');
  await saved();
  assert.equal((await api('GET', `/instances/${id}`)).body.compute, undefined, 'back to the stack\'s defaults');

  step('a 412 conflict is shown and resolved');
  await page.getByLabel('Extra settings (YAML)').fill('berth_test_deploy_seconds: 3\n');
  const current = await api('GET', `/instances/${id}`);
  assert.equal((await api('PATCH', `/instances/${id}`, { name: 'Renamed Elsewhere' }, { 'If-Match': current.etag })).status, 200);
  await page.getByLabel('Name', { exact: true }).fill('Console Demo 2');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Someone else changed this instance').waitFor();
  await page.getByText('name: Renamed Elsewhere').waitFor();
  await page.getByRole('button', { name: 'Re-apply my changes' }).click();
  await page.getByText('Saved.').waitFor();
  assert.equal((await api('GET', `/instances/${id}`)).body.name, 'Console Demo 2');
  await page.getByRole('heading', { name: 'Console Demo 2', level: 1 }).waitFor();

  step('launch: the server appears at once and its log tails live; then what its launch cost');
  await page.getByRole('button', { name: 'Launch new app server' }).click();
  const log = page.getByLabel(/Deployment log of/);
  await log.filter({ hasText: 'TASK [demo' }).waitFor({ timeout: 60000 });
  await page.screenshot({ path: `${shots}/instance-with-log.png` });
  await log.filter({ hasText: 'berth: deployment finished' }).waitFor({ timeout: 60000 });
  const lines = (await log.textContent()).trim().split('\n');
  assert.equal(lines.filter((l) => l.startsWith('TASK')).length, 3, 'no duplicate or missing line');
  await page.locator('.badge.running').first().waitFor({ timeout: 30000 });
  await page.locator('#launch-cost', { hasText: /Its launch cost the control plane \$\d+\.\d{6} \(\d+ state transitions, \d+ Lambda invocations.*DynamoDB read/ })
    .waitFor({ timeout: 10000 });

  step('activate it; the instance URL serves its page');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: /^activate as-/ }).first().click();
  await page.locator('.active-mark').first().waitFor();
  assert.ok(await page.getByRole('button', { name: /^terminate as-/ }).first().isDisabled(), 'terminate is disabled while active');
  const site = await browser.newPage();
  let served = '';
  for (let i = 0; i < 40 && !served.includes('Served by app server'); i++) {
    await site.goto(`http://console.localhost:${proxyPort}/`);
    served = await site.textContent('body');
    if (!served.includes('Served by app server')) await site.waitForTimeout(500);
  }
  assert.match(served, /Served by app server as-/, 'the instance URL serves the active app server');
  await site.close();

  step('launch another, activate it, terminate the old one');
  await page.getByRole('button', { name: 'Launch new app server' }).click();
  await page.locator('.servers li').nth(1).waitFor();
  await page.locator('.servers li').first().locator('.badge.running').waitFor({ timeout: 60000 });
  page.once('dialog', (d) => d.accept());
  await page.locator('.servers li').first().getByRole('button', { name: /^activate/ }).click();
  await page.locator('.servers li').first().locator('.active-mark').waitFor();
  page.once('dialog', (d) => d.accept());
  await page.locator('.servers li').nth(1).getByRole('button', { name: /^terminate/ }).click();
  await page.locator('.servers li').nth(1).locator('.badge.terminated').waitFor({ timeout: 30000 });
  await page.screenshot({ path: `${shots}/blue-green.png` });

  step('the instance\'s data: its placements, a backup made, restored and deleted');
  await page.reload();
  const data = page.getByRole('region', { name: 'Data', exact: true });
  await data.getByText('State: ready').waitFor();
  await data.getByRole('cell', { name: 'mysql', exact: true }).waitFor();
  await data.getByRole('link', { name: 'local-mysql' }).waitFor();
  const backups = page.getByRole('region', { name: 'Backups', exact: true });
  await backups.getByText('No backup yet.').waitFor();
  await accessible('the instance page');
  await backups.getByRole('button', { name: 'Back up now' }).click();
  const backupRow = backups.getByRole('row').filter({ hasText: 'bk-' });
  await backupRow.locator('.badge.complete').waitFor({ timeout: 60000 });
  await backupRow.getByText('manual').waitFor();
  // A restore is conditional on the instance as the page shows it: changed elsewhere, the first try is refused (412).
  const before = await api('GET', `/instances/${id}`);
  assert.equal((await api('PATCH', `/instances/${id}`, { extraSettings: 'berth_test_deploy_seconds: 2\n' }, { 'If-Match': before.etag })).status, 200);
  confirmNext();
  await backupRow.getByRole('button', { name: /^Restore bk-/ }).click();
  await page.getByRole('alert').filter({ hasText: 'changed since this page was loaded' }).waitFor();
  assert.equal((await api('GET', `/instances/${id}/backups`)).body.items[0].lastRestore, undefined, 'nothing was restored');
  confirmNext();
  await backupRow.getByRole('button', { name: /^Restore bk-/ }).click();
  await backupRow.getByRole('cell').nth(6).locator('.badge.complete').waitFor({ timeout: 60000 });
  await page.screenshot({ path: `${shots}/instance-data.png`, fullPage: true });
  confirmNext();
  await backupRow.getByRole('button', { name: /^Delete bk-/ }).click();
  await backups.getByText('No backup yet.').waitFor();
  assert.equal((await api('GET', `/instances/${id}/backups`)).body.items.length, 0);
  confirmNext();
  await data.getByRole('button', { name: 'Rotate credentials' }).click();
  await data.getByText('Rotating:').waitFor();
  assert.ok(await data.getByRole('button', { name: 'Rotate credentials' }).isDisabled(), 'one rotation at a time');
  assert.equal((await api('GET', `/instances/${id}/data`)).body.rotating, true);

  step('the instance\'s secrets: set through the form, listed by name, deleted; the value never kept in the page');
  const instanceSecrets = page.getByRole('region', { name: 'Secrets', exact: true });
  await instanceSecrets.getByText('No secret.').waitFor();
  const smtp = `smtp-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await instanceSecrets.getByLabel('Secret name').fill('SMTP_PASSWORD');
  await instanceSecrets.getByLabel('Secret value').fill(smtp);
  await instanceSecrets.getByRole('button', { name: 'Set secret' }).click();
  await instanceSecrets.getByText('Secret SMTP_PASSWORD set.').waitFor();
  await instanceSecrets.getByRole('button', { name: 'Delete secret SMTP_PASSWORD' }).waitFor();
  assert.equal(await instanceSecrets.getByLabel('Secret value').inputValue(), '', 'the value input is emptied');
  assert.ok(!(await page.content()).includes(smtp), 'the secret value appears nowhere in the page');
  assert.deepEqual((await api('GET', `/instances/${id}/secrets`)).body.names, ['SMTP_PASSWORD']);
  await accessible('the instance page with a secret');
  confirmNext();
  await instanceSecrets.getByRole('button', { name: 'Delete secret SMTP_PASSWORD' }).click();
  await instanceSecrets.getByText('No secret.').waitFor();
  assert.deepEqual((await api('GET', `/instances/${id}/secrets`)).body.names, []);

  step('data servers: listed, filtered, added (its password never shown), edited, deleted');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data servers' }).click();
  await page.getByRole('heading', { name: 'Data servers', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'local-postgresql' }).waitFor();
  await accessible('the data servers');
  await page.getByLabel('Kind').selectOption('mysql');
  await page.waitForURL(/kind=mysql/);
  await page.getByRole('link', { name: 'local-mysql' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'local-postgresql' }).count(), 0, 'the kind filter leaves other kinds out');
  const password = `pw-${Date.now()}-Zq9`;
  await page.getByRole('link', { name: 'Add a data server' }).click();
  await page.getByLabel('Name', { exact: true }).fill('console-db');
  await page.getByLabel('Kind').selectOption('mysql');
  assert.ok(await page.getByLabel('Management API port').isHidden(), 'the management port is for rabbitmq only');
  await page.getByLabel('Host').fill('db.example.internal');
  await page.getByLabel('Admin user').fill('root');
  await page.getByLabel('Admin password').fill(password);
  await page.getByLabel('Capacity').fill('10');
  await accessible('the new data server form');
  await page.getByRole('button', { name: 'Add data server' }).click();
  await page.getByRole('heading', { name: 'console-db', level: 1 }).waitFor();
  await page.getByText('db.example.internal').waitFor();
  const serverId = decodeURIComponent(page.url().split('/').pop());
  const shown = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input, textarea')].map((i) => i.value).join(' '));
  assert.ok(!shown.includes(password), 'the admin password appears nowhere in the page');
  assert.ok(!JSON.stringify((await api('GET', `/data-servers/${serverId}`)).body).includes(password), 'nor in the API');
  await accessible('a data server');
  await page.getByLabel('Capacity').fill('20');
  await page.getByRole('button', { name: 'Save data server' }).click();
  await page.getByText('Saved.').waitFor();
  await page.getByText('0 / 20').waitFor();
  assert.equal((await api('GET', `/data-servers/${serverId}`)).body.capacity, 20);
  assert.ok(!(await page.content()).includes(password), 'the password is not shown after an edit either');
  await page.screenshot({ path: `${shots}/data-server.png`, fullPage: true });
  await page.getByRole('link', { name: 'All data servers' }).click();
  await page.getByRole('link', { name: 'console-db' }).click();
  await page.getByRole('heading', { name: 'console-db', level: 1 }).waitFor();
  confirmNext();
  await page.getByRole('button', { name: 'Delete data server' }).click();
  await page.getByRole('heading', { name: 'Data servers', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'local-mysql' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'console-db' }).count(), 0);
  assert.equal((await api('GET', `/data-servers/${serverId}`)).status, 404);

  step('a data server that holds data cannot be deleted: the 409 says why');
  await page.getByRole('link', { name: 'local-mysql' }).click();
  await page.getByRole('heading', { name: 'local-mysql', level: 1 }).waitFor();
  await page.getByRole('region', { name: 'Instances placed on it' }).getByRole('link', { name: id }).waitFor();
  confirmNext();
  await page.getByRole('button', { name: 'Delete data server' }).click();
  await page.getByRole('alert').filter({ hasText: 'holds the data of' }).waitFor();
  await page.getByRole('region', { name: 'Delete', exact: true }).getByText('Not deleted').waitFor();
  await accessible('a data server that could not be deleted');

  step('tokens: created, its secret shown once, revoked');
  await page.getByRole('link', { name: 'Tokens', exact: true }).click();
  await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('console-ci');
  await page.getByLabel('Role').selectOption('manager');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.locator('#token-secret').textContent()).trim();
  assert.match(secret, /^brt_/);
  await page.getByRole('cell', { name: 'console-ci', exact: true }).waitFor();
  await accessible('the tokens, with a new secret');
  const asNewToken = async () => (await fetch(`${base}/api/v1/instances?limit=1`, { headers: { Authorization: `Bearer ${secret}` } })).status;
  assert.equal(await asNewToken(), 200);
  await page.goto(`${base}/#/data-servers`);
  await page.goto(`${base}/#/tokens`);
  await page.getByRole('cell', { name: 'console-ci', exact: true }).waitFor();
  assert.ok(!(await page.content()).includes(secret), 'the secret is shown once only');
  confirmNext();
  await page.getByRole('button', { name: 'Revoke console-ci' }).click();
  await page.getByRole('cell', { name: 'console-ci', exact: true }).waitFor({ state: 'detached' });
  assert.equal(await asNewToken(), 401);

  step('the audit trail of the instance, newest first');
  await page.getByRole('link', { name: 'Audit', exact: true }).click();
  await page.getByLabel('Target id').fill(id);
  await page.getByRole('button', { name: 'Show its audit trail' }).click();
  await page.waitForURL(new RegExp(`target=${id}`));
  await page.getByRole('cell', { name: 'create', exact: true }).waitFor();
  const times = await page.locator('tbody time').evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute('datetime'))));
  assert.ok(times.length >= 3, 'several entries');
  assert.ok(times.every((t, i) => i === 0 || times[i - 1] >= t), 'newest first');
  await accessible('the audit trail');

  step('watched repositories: watched, edited, deleted');
  await page.getByRole('link', { name: 'Watched repositories' }).click();
  await page.getByText('No repository is watched.').waitFor();
  await page.getByLabel('Repository (owner/name)').fill('example/console-demo');
  await page.getByLabel('Base domain').fill('sandboxes.localhost');
  await accessible('the watched repositories');
  await page.getByRole('button', { name: 'Watch repository' }).click();
  await page.getByRole('heading', { name: 'example/console-demo', level: 1 }).waitFor();
  const repoId = decodeURIComponent(page.url().split('/').pop());
  await page.getByLabel('Enabled').uncheck();
  await page.getByLabel('Max concurrent sandboxes').fill('3');
  await page.getByLabel('Default settings (YAML)').fill('berth_test_deploy_seconds: 1\n');
  await page.getByRole('button', { name: 'Save repository' }).click();
  await page.getByText('Saved.').waitFor();
  const repo = (await api('GET', `/watched-repositories/${repoId}`)).body;
  assert.deepEqual([repo.enabled, repo.maxConcurrentSandboxes, repo.defaultSettings], [false, 3, 'berth_test_deploy_seconds: 1\n']);
  const repoSecrets = page.getByRole('region', { name: 'Secrets', exact: true });
  await repoSecrets.getByLabel('Secret name').fill('OPENAI_API_KEY');
  await repoSecrets.getByLabel('Secret value').fill('repo-secret-value-never-shown');
  await repoSecrets.getByRole('button', { name: 'Set secret' }).click();
  await repoSecrets.getByText('Secret OPENAI_API_KEY set.').waitFor();
  assert.ok(!(await page.content()).includes('repo-secret-value-never-shown'));
  assert.deepEqual((await api('GET', `/watched-repositories/${repoId}/secrets`)).body.names, ['OPENAI_API_KEY']);
  await accessible('a watched repository');
  confirmNext();
  await page.getByRole('button', { name: 'Stop watching' }).click();
  await page.getByText('No repository is watched.').waitFor();
  assert.equal((await api('GET', `/watched-repositories/${repoId}`)).status, 404);

  step('jobs: run cleanup-appservers and see its report');
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await page.getByRole('button', { name: 'Run cleanup-appservers' }).click();
  const report = page.getByRole('region', { name: 'Report of cleanup-appservers' });
  await report.getByText('Examined', { exact: true }).waitFor();
  assert.equal(JSON.parse(await report.getByLabel('Report of cleanup-appservers as JSON').textContent()).job, 'cleanup-appservers');
  await accessible('the jobs');
  await page.screenshot({ path: `${shots}/jobs.png`, fullPage: true });

  step('incidents: the instance stops answering, its incident opens with one notice; it closes when it answers again');
  const servingId = (await api('GET', `/instances/${id}`)).body.activeAppServerIds[0];
  const vmPage = `${dataFolder}/cloud/vms/${(await api('GET', `/appservers/${servingId}`)).body.vm.serverId}/www/index.html`;
  const savedPage = readFileSync(vmPage);
  unlinkSync(vmPage);
  assert.equal((await api('POST', '/jobs/monitor-instances/run')).status, 200);
  await page.getByRole('link', { name: 'Incidents', exact: true }).click();
  await page.getByLabel('Status', { exact: true }).selectOption('open');
  const openRow = page.getByRole('row').filter({ hasText: 'Console Demo 2' });
  await openRow.locator('.badge.open').waitFor();
  await accessible('the incidents');
  await page.screenshot({ path: `${shots}/incidents.png`, fullPage: true });
  await openRow.getByRole('link', { name: /^inc-/ }).click();
  await page.getByRole('heading', { name: 'Incident of Console Demo 2' }).waitFor();
  await page.getByRole('row').filter({ hasText: 'down' }).getByText('delivered').waitFor();
  await accessible('an incident');
  writeFileSync(vmPage, savedPage);
  assert.equal((await api('POST', '/jobs/monitor-instances/run')).status, 200);
  await page.reload();
  await page.locator('.badge.closed').waitFor();
  await page.getByRole('row').filter({ hasText: 'recovered' }).waitFor();
  assert.equal((await api('GET', '/incidents?status=open')).body.items.length, 0, 'nothing is left open');

  step('campaigns: a filter the API refuses is shown at its field; a campaign over the instance runs to its end');
  await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
  await page.getByRole('button', { name: 'Start campaign' }).click();
  await page.locator('#error-filter').waitFor();
  await page.getByLabel('Instance ids').fill(id);
  await page.getByLabel('At a time').fill('1');
  await page.getByRole('button', { name: 'Start campaign' }).click();
  await page.getByRole('heading', { name: /^Campaign cmp-/ }).waitFor();
  await page.locator('.facts .badge.succeeded').waitFor({ timeout: 90000 });
  await page.getByRole('row').filter({ hasText: 'Console Demo 2' }).locator('.badge.done').waitFor();
  await accessible('a campaign');
  await page.screenshot({ path: `${shots}/campaign.png`, fullPage: true });
  const afterCampaign = (await api('GET', `/instances/${id}`)).body.activeAppServerIds;
  assert.equal(afterCampaign.length, 1, 'still served, by the new app server');
  await page.getByRole('link', { name: 'All campaigns' }).click();
  await page.getByRole('row').filter({ hasText: 'succeeded' }).first().waitFor();
  await accessible('the campaigns');

  step('the activity report of this month, and its CSV download');
  await page.getByRole('link', { name: 'Activity', exact: true }).click();
  const thisMonth = new Date().toISOString().slice(0, 7);
  const activityRow = page.getByRole('row').filter({ hasText: 'Console Demo 2' });
  await activityRow.waitFor();
  assert.equal(await activityRow.locator('td').nth(2).textContent(), '3', 'three app servers launched this month (the campaign\'s too)');
  await accessible('the activity report');
  await page.screenshot({ path: `${shots}/activity.png`, fullPage: true });
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.equal(csvDownload.suggestedFilename(), `activity-${thisMonth}.csv`);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  assert.match(csv, /^instance_id,name,sandbox,app_servers_launched,active_hours,failures,sandbox_hours\r\n/);
  assert.match(csv, new RegExp(`${id},Console Demo 2,false,3,`));

  step('setting profiles: a bad default is refused at its field; an instance created from a profile starts from it');
  await page.getByRole('link', { name: 'Profiles', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('console-production');
  await page.getByLabel('Description').fill('persistent, rebuilt weekly');
  await page.getByLabel('Defaults (JSON)').fill('{"openedxRelease": "teak", "rebuildSchedule": "hourly"}');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.locator('#error-defaults').filter({ hasText: 'rebuildSchedule' }).waitFor();
  await accessible('the profiles, with an error');
  await page.getByLabel('Defaults (JSON)').fill('{"openedxRelease": "teak", "rebuildSchedule": "weekly"}');
  await page.getByRole('button', { name: 'Create profile' }).click();
  await page.getByRole('heading', { name: 'Profile console-production' }).waitFor();
  await accessible('a profile');
  await page.getByRole('link', { name: 'New instance' }).click();
  await page.getByLabel('Name', { exact: true }).fill('From Profile');
  await page.getByLabel('Sub-domain').fill('fromprofile');
  await page.getByLabel('Setting profile').selectOption('console-production');
  await page.getByRole('button', { name: 'Create instance' }).click();
  await page.getByRole('heading', { name: 'From Profile' }).waitFor();
  assert.equal(await page.getByLabel('Rebuild schedule').inputValue(), 'weekly', 'from the profile');
  const fromProfile = (await api('GET', `/instances/${page.url().split('/').pop()}`)).body;
  assert.equal(fromProfile.openedxRelease, 'teak');
  assert.equal(fromProfile.profile, 'console-production');
  assert.match(await page.locator('#instance-profile').innerText(), /Follows the setting profile console-production; no field of its own/);

  step('Drupal: code checked out on a web server, a site created, claimed, routed and launched, a redirect, a command over the sites');
  const waitFor = async (what, check) => {
    for (let i = 0; i < 120; i++) { if (await check()) return; await new Promise((r) => setTimeout(r, 500)); }
    throw new Error(`never: ${what}`);
  };
  const repos = mkdtempSync(join(tmpdir(), 'console-repos-'));
  const gitRepo = (name) => {
    const dir = join(repos, name);
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'README.txt'), `${name}\n`);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', '.'], { cwd: dir });
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', name], { cwd: dir });
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir }).toString().trim();
  };
  const webNode = (await api('POST', '/nodes', { name: 'console-web', role: 'web', size: 'small' })).body.id;
  await waitFor('the web node', async () => (await api('GET', `/nodes/${webNode}`)).body.status === 'ready');
  const coreCommit = gitRepo('drupal');
  await page.getByRole('link', { name: 'Drupal', exact: true }).click();
  await page.getByRole('navigation', { name: 'Drupal' }).getByRole('link', { name: 'Code' }).click();
  await page.getByLabel('Name', { exact: true }).fill('drupal');
  await page.getByLabel('Version', { exact: true }).fill('10.3.1');
  await page.getByLabel('Type', { exact: true }).selectOption('core');
  await page.getByLabel('Git URL', { exact: true }).fill(`file://${join(repos, 'drupal')}`);
  await page.getByLabel('Commit', { exact: true }).fill(coreCommit);
  await page.getByLabel('Make it the current version of its name').check();
  await page.getByRole('button', { name: 'Register code' }).click();
  await page.getByRole('row').filter({ hasText: '10.3.1' }).waitFor();
  assert.equal((await api('POST', '/code', { name: 'standard', version: '1.0', type: 'profile', current: true,
    gitUrl: `file://${join(repos, 'standard')}`, commitHash: gitRepo('standard') })).status, 201);
  await waitFor('the code deployed', async () => (await api('GET', '/code?limit=100')).body.items.every((c) => c.deploy === 'deployed'));
  await page.reload();
  await page.getByRole('row').filter({ hasText: '10.3.1' }).locator('.badge.deployed').waitFor();
  await accessible('the Drupal code');

  await page.getByRole('navigation', { name: 'Drupal' }).getByRole('link', { name: 'Sites' }).click();
  await page.locator('#new-site-path').fill('console-site');
  await page.locator('#new-site-environment').selectOption('prod');
  await page.getByRole('button', { name: 'Create site' }).click();
  await page.getByRole('heading', { name: /^Site / }).waitFor();
  await page.locator('.facts .badge.available').waitFor({ timeout: 60000 });
  await page.getByRole('navigation', { name: 'Drupal' }).getByRole('link', { name: 'Sites' }).click();
  await page.locator('#claim-path').fill('claimed');
  await page.getByRole('button', { name: 'Claim site' }).click();
  await page.locator('.facts .badge.installed').waitFor({ timeout: 60000 });
  const claimed = page.url().split('/').pop();
  await accessible('a Drupal site');

  await page.getByRole('navigation', { name: 'Drupal' }).getByRole('link', { name: 'Routes' }).click();
  await page.getByLabel('Source path', { exact: true }).fill('claimed-home');
  await page.getByLabel('Site id', { exact: true }).fill(claimed);
  await page.getByLabel('Active when its site launches (its primary route)').check();
  await page.getByRole('button', { name: 'Add route' }).click();
  await page.getByRole('row').filter({ hasText: '/claimed-home' }).waitFor();
  await page.getByLabel('Type', { exact: true }).selectOption('redirect');
  await page.getByLabel('Source path', { exact: true }).fill('old-home');
  await page.getByLabel('Redirect to', { exact: true }).fill('https://www.example.edu/');
  await page.getByLabel('Status', { exact: true }).selectOption('active');
  await page.getByRole('button', { name: 'Add route' }).click();
  await page.getByRole('row').filter({ hasText: '/old-home' }).waitFor();
  await accessible('the Drupal routes');

  await page.goto(`${base}/#/sites/${claimed}`);
  await page.getByRole('button', { name: 'Launch' }).click();
  await page.locator('.facts .badge.launched').waitFor({ timeout: 60000 });
  const sitesHost = (path) => new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: Number(proxyPort), path, headers: { Host: 'sites.localhost' } }, (response) => {
      response.resume(); resolve([response.statusCode, response.headers.location]);
    });
    request.on('error', reject); request.end();
  });
  await waitFor('the launched site at its path', async () => (await sitesHost('/claimed'))[0] === 200);
  await waitFor('the redirect at the load balancer', async () => (await sitesHost('/old-home'))[0] === 301);
  assert.equal((await sitesHost('/old-home'))[1], 'https://www.example.edu/');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.getByRole('region', { name: 'Backups' }).locator('.badge.complete').waitFor({ timeout: 60000 });
  await accessible('a Drupal site with its backups');
  await page.getByRole('button', { name: 'Take down' }).click();
  await page.locator('.facts .badge.down').waitFor({ timeout: 60000 });
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: /^Restore bk-/ }).click();
  await page.locator('.facts .badge.installed').waitFor({ timeout: 60000 });
  await page.getByRole('region', { name: 'Backups' }).getByRole('cell', { name: 'complete', exact: true }).last().waitFor();
  await page.getByRole('button', { name: 'Launch' }).click();
  await page.locator('.facts .badge.launched').waitFor({ timeout: 60000 });

  await page.getByRole('navigation', { name: 'Drupal' }).getByRole('link', { name: 'Commands' }).click();
  await page.getByLabel('Label', { exact: true }).fill('Cron');
  await page.getByLabel('Commands', { exact: true }).fill('cron');
  await page.getByRole('button', { name: 'Define command' }).click();
  await page.getByRole('button', { name: 'Run Cron' }).click();
  await page.getByRole('heading', { name: /^Execution / }).waitFor();
  await page.locator('.facts .badge.complete').waitFor({ timeout: 60000 });
  await page.getByRole('row').filter({ hasText: claimed }).locator('.badge.passed').waitFor();
  await accessible('a command execution');
  await page.screenshot({ path: `${shots}/drupal-execution.png`, fullPage: true });

  step('nodes: two docker nodes created through the form boot to ready; the role filter');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Nodes', exact: true }).click();
  await page.getByRole('heading', { name: 'Nodes', level: 1 }).waitFor();
  const createNode = async (name) => {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Role', { exact: true }).selectOption('docker');
    await page.getByLabel('Size', { exact: true }).selectOption('small');
    await page.getByRole('button', { name: 'Create node' }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Details' }).locator('.badge.ready').waitFor({ timeout: 30000 });
    return decodeURIComponent(page.url().split('/').pop());
  };
  const node1 = await createNode('docker-one');
  assert.match(await page.getByRole('region', { name: 'Details' }).textContent(), /Address\d+\.\d+\.\d+\.\d+/, 'a ready node shows its address');
  await page.getByRole('region', { name: 'Workloads' }).getByText('Nothing runs on it.').waitFor();
  await accessible('a node');
  await page.getByRole('link', { name: 'All nodes' }).click();
  const node2 = await createNode('docker-two');
  await page.getByRole('link', { name: 'All nodes' }).click();
  await page.getByRole('row').filter({ hasText: 'docker-two' }).locator('.badge.ready').waitFor();
  await page.getByRole('row').filter({ hasText: 'docker-one' }).getByRole('cell', { name: 'small', exact: true }).waitFor();
  await accessible('the nodes');
  await page.screenshot({ path: `${shots}/nodes.png`, fullPage: true });
  await page.getByLabel('Filter by role').selectOption('web');
  await page.waitForURL(/role=web/);
  await page.getByRole('link', { name: 'console-web' }).waitFor(); // the Drupal step's web server
  assert.equal(await page.getByRole('link', { name: 'docker-two' }).count(), 0, 'the filter leaves the docker nodes out');
  await page.getByLabel('Filter by role').selectOption('docker');
  await page.getByRole('link', { name: 'docker-two' }).waitFor();

  step('services: defined through the form; a secret set and its value never kept in the page');
  await nav.getByRole('link', { name: 'Services', exact: true }).click();
  await page.getByRole('heading', { name: 'Services', level: 1 }).waitFor();
  await page.getByText('No service yet.').waitFor();
  const hostPort = 30000 + Math.floor(Math.random() * 10000);
  await page.getByLabel('Name', { exact: true }).fill('web');
  await page.getByLabel('Image', { exact: true }).fill('registry.example.com/web:1');
  const portMap = page.getByRole('group', { name: 'Port map 1', exact: true });
  await portMap.getByLabel('Container port').fill('8080');
  await portMap.getByLabel('Host port').fill(String(hostPort));
  const variable = page.getByRole('group', { name: 'Variable 1', exact: true });
  await variable.getByLabel('Variable name').fill('FOO');
  await variable.getByLabel('Value', { exact: true }).fill('a=b');
  await page.getByLabel('Health path').fill('/health');
  await page.getByLabel('Production hostname').fill('web.localhost');
  await page.getByLabel('Staging hostname').fill('staging.web.localhost');
  await page.getByRole('button', { name: 'Create service' }).click();
  await page.getByRole('heading', { name: 'web', level: 1 }).waitFor();
  const defined = (await api('GET', '/services/web')).body;
  assert.deepEqual([defined.image, defined.ports, defined.env, defined.volumes, defined.healthPath, defined.productionHost, defined.stagingHost],
    ['registry.example.com/web:1', [{ container: 8080, host: hostPort }], { FOO: 'a=b' }, [], '/health', 'web.localhost', 'staging.web.localhost']);
  const secrets = page.getByRole('region', { name: 'Secrets' });
  const secretValue = `sv-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await secrets.getByLabel('Secret name').fill('DB_PASSWORD');
  await secrets.getByLabel('Secret value').fill(secretValue);
  await secrets.getByRole('button', { name: 'Set secret' }).click();
  await secrets.getByText('Secret DB_PASSWORD set.').waitFor();
  await secrets.getByRole('button', { name: 'Delete secret DB_PASSWORD' }).waitFor();
  const pageText = () => page.evaluate(() => document.documentElement.outerHTML
    + [...document.querySelectorAll('input, textarea, select')].map((i) => i.value).join(' '));
  assert.ok(!(await pageText()).includes(secretValue), 'the secret value appears nowhere in the page');
  assert.deepEqual((await api('GET', '/services/web')).body.secrets, ['DB_PASSWORD']);

  step('launch blue on the first node and green on the second, through the UI');
  const blue = page.getByRole('region', { name: /^Blue/ });
  const green = page.getByRole('region', { name: /^Green/ });
  await blue.getByLabel('Node to launch on').selectOption(node1);
  await blue.getByRole('button', { name: 'Launch blue' }).click();
  await blue.locator('.badge.launching').or(blue.locator('.badge.running')).waitFor();
  await blue.locator('.badge.running').waitFor({ timeout: 60000 });
  // One after the other: two colours of a service launched at once can conflict on the service's record (backend).
  await green.getByLabel('Node to launch on').selectOption(node2);
  await green.getByRole('button', { name: 'Launch green' }).click();
  await green.locator('.badge.running').waitFor({ timeout: 60000 });
  const launched = (await api('GET', '/services/web')).body.colours;
  assert.deepEqual([launched.blue.node, launched.green.node], [node1, node2]);
  await blue.getByRole('link', { name: 'docker-one' }).waitFor();
  const blueLog = blue.getByLabel('Log of blue');
  await blueLog.filter({ hasText: /\S/ }).waitFor();
  assert.ok((await blueLog.textContent()).trim().split('\n').length >= 2, 'the blue log shows its lines');
  assert.ok(!(await pageText()).includes(secretValue), 'nor in the logs');

  step('promote blue: the production hostname serves it through the load balancer');
  confirmNext();
  await blue.getByRole('button', { name: 'Promote blue' }).click();
  await page.getByRole('heading', { name: 'Blue (production)' }).waitFor();
  await page.getByRole('heading', { name: 'Green (staging)' }).waitFor();
  const hostnames = page.getByRole('region', { name: 'Hostnames' });
  assert.match(await hostnames.getByRole('row').filter({ has: page.getByRole('cell', { name: 'web.localhost', exact: true }) }).textContent(), /blue\s*production/);
  assert.match(await hostnames.getByRole('row').filter({ has: page.getByRole('cell', { name: 'staging.web.localhost', exact: true }) }).textContent(), /green\s*staging/);
  assert.ok(await blue.getByRole('button', { name: 'Terminate blue' }).isDisabled(), 'production cannot be terminated');
  const viaProxy = (host) => new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: Number(proxyPort), path: '/', headers: { Host: host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, body }));
    });
    request.on('error', reject);
    request.end();
  });
  let production = { status: 0, body: '' };
  for (let i = 0; i < 60 && !(production.status === 200 && production.body.includes('blue')); i++) {
    production = await viaProxy('web.localhost').catch((err) => ({ status: 0, body: String(err) }));
    if (!production.body.includes('blue')) await page.waitForTimeout(500);
  }
  assert.equal(production.status, 200, production.body);
  assert.match(production.body, /blue/, 'web.localhost serves blue');
  await accessible('a service with two colours');
  await page.screenshot({ path: `${shots}/service.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), blue.getByRole('link', { name: 'Download the whole blue log' }).click()]);
  const downloaded = readFileSync(await download.path(), 'utf8');
  assert.ok(downloaded.trim().split('\n').length >= 2, 'the log download has its lines');
  assert.ok(!downloaded.includes(secretValue), 'the log never has the secret');

  step('terminate green');
  confirmNext();
  await green.getByRole('button', { name: 'Terminate green' }).click();
  await green.locator('.badge.terminated').waitFor({ timeout: 60000 });
  assert.equal((await api('GET', '/services/web')).body.colours.green.status, 'terminated');

  step('edit the definition: a merge patch of what changed (a removed variable is null)');
  await page.getByRole('button', { name: 'Remove variable 1' }).click();
  await page.getByRole('button', { name: 'Add a variable' }).click();
  const added = page.getByRole('group', { name: 'Variable 1', exact: true });
  await added.getByLabel('Variable name').fill('BAR');
  await added.getByLabel('Value', { exact: true }).fill('1');
  await page.getByLabel('Health path').fill('/healthz');
  await page.getByRole('button', { name: 'Save definition' }).click();
  await page.getByText('Saved. New containers use it').waitFor();
  const edited = (await api('GET', '/services/web')).body;
  assert.deepEqual([edited.env, edited.healthPath, edited.ports, edited.secrets], [{ BAR: '1' }, '/healthz', [{ container: 8080, host: hostPort }], ['DB_PASSWORD']]);

  step('the services list');
  await page.getByRole('link', { name: 'All services' }).click();
  const serviceRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'web', exact: true }) });
  await serviceRow.locator('.badge.running').waitFor();
  await serviceRow.locator('.badge.terminated').waitFor();
  await serviceRow.getByRole('cell', { name: 'blue', exact: true }).waitFor();
  await accessible('the services');

  step('a node that runs a colour is not destroyed (409 naming it), unless destroyed anyway');
  await page.goto(`${base}/#/nodes/${node1}`);
  await page.getByRole('heading', { name: 'docker-one', level: 1 }).waitFor();
  await page.getByRole('region', { name: 'Workloads' }).getByText('service web, colour blue').waitFor();
  confirmNext();
  await page.getByRole('button', { name: 'Destroy', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'service web, colour blue' }).waitFor();
  const destroy = page.getByRole('region', { name: 'Destroy', exact: true });
  await destroy.getByText('Not destroyed').waitFor();
  await destroy.getByRole('listitem').filter({ hasText: 'service web, colour blue' }).waitFor();
  assert.equal((await api('GET', `/nodes/${node1}`)).body.status, 'ready', 'nothing was destroyed');
  await accessible('a node that could not be destroyed');
  confirmNext();
  await destroy.getByRole('button', { name: 'Destroy anyway' }).click();
  await page.getByText('Node docker-one was destroyed.').waitFor({ timeout: 60000 });
  assert.equal((await api('GET', `/nodes/${node1}`)).status, 404);
  assert.equal((await api('GET', '/services/web')).body.colours.blue.status, 'terminated', 'its colour was stopped first');

  step('a PostgreSQL service: defined, launched, dumped and restored through the console');
  await page.goto(`${base}/#/services`);
  await page.getByRole('heading', { name: 'Services', level: 1 }).waitFor();
  const dbPort = 30000 + Math.floor(Math.random() * 10000);
  await page.getByLabel('Name', { exact: true }).fill('jobs-db');
  await page.getByLabel('Kind').selectOption('postgresql');
  await page.getByLabel('Image', { exact: true }).fill('postgres:15');
  const dbPortMap = page.getByRole('group', { name: 'Port map 1', exact: true });
  await dbPortMap.getByLabel('Container port').fill('5432');
  await dbPortMap.getByLabel('Host port').fill(String(dbPort));
  const dbVariable = page.getByRole('group', { name: 'Variable 1', exact: true });
  await dbVariable.getByLabel('Variable name').fill('POSTGRES_DB');
  await dbVariable.getByLabel('Value', { exact: true }).fill('jobs');
  const dbVolume = page.getByRole('group', { name: 'Volume 1', exact: true });
  await dbVolume.getByLabel('Volume name').fill('data');
  await dbVolume.getByLabel('Mount path').fill('/var/lib/postgresql/data');
  await page.getByLabel('Production hostname').fill('jobs-db.internal.localhost');
  await page.getByLabel('Staging hostname').fill('staging.jobs-db.internal.localhost');
  await page.getByRole('button', { name: 'Create service' }).click();
  await page.getByRole('heading', { name: 'jobs-db', level: 1 }).waitFor();
  assert.equal((await api('GET', '/services/jobs-db')).body.kind, 'postgresql');
  const dbSecrets = page.getByRole('region', { name: 'Secrets' });
  const dbPassword = `pg-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await dbSecrets.getByLabel('Secret name').fill('POSTGRES_PASSWORD');
  await dbSecrets.getByLabel('Secret value').fill(dbPassword);
  await dbSecrets.getByRole('button', { name: 'Set secret' }).click();
  await dbSecrets.getByText('Secret POSTGRES_PASSWORD set.').waitFor();
  const dbBlue = page.getByRole('region', { name: /^Blue/ });
  await dbBlue.getByLabel('Node to launch on').selectOption(node2);
  await dbBlue.getByRole('button', { name: 'Launch blue' }).click();
  await dbBlue.locator('.badge.running').waitFor({ timeout: 60000 });
  assert.ok(await dbBlue.getByRole('button', { name: 'Redeploy blue' }).isDisabled(), 'a database is not redeployed in place');
  const database = page.getByRole('region', { name: 'Database' });
  await database.getByText('No dump yet.').waitFor();
  await database.getByRole('button', { name: 'Dump now' }).click();
  const dumpRow = database.getByRole('row').filter({ hasText: 'bk-' });
  await dumpRow.locator('.badge.complete').waitFor({ timeout: 60000 });
  assert.match(await dumpRow.textContent(), /postgresql-\d{8}T\d{6}Z\.dump\.gz/, 'a timestamped, named dump');
  const dumps = (await api('GET', '/services/jobs-db/database/backups')).body.items;
  assert.deepEqual([dumps.length, dumps[0].state, dumps[0].source], [1, 'complete', 'blue']);
  confirmNext();
  await dumpRow.getByRole('button', { name: `Restore ${dumps[0].id} into blue` }).click();
  await dumpRow.getByText('complete into blue').waitFor({ timeout: 60000 });
  assert.equal((await api('GET', `/services/jobs-db/database/backups/${dumps[0].id}`)).body.lastRestore.target, 'blue');
  assert.ok(!(await pageText()).includes(dbPassword), 'the database password appears nowhere in the page');
  await accessible('a PostgreSQL service with its dumps');
  await page.screenshot({ path: `${shots}/service-database.png`, fullPage: true });

  step('the list, and a phone width');
  await page.goto(`${base}/#/`);
  await page.getByRole('link', { name: 'Console Demo 2' }).waitFor();
  await page.screenshot({ path: `${shots}/instances.png` });
  await accessible('the instances');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/#/instances/${id}`);
  await page.getByRole('heading', { name: 'Console Demo 2' }).waitFor();
  await page.screenshot({ path: `${shots}/phone.png`, fullPage: true });

  step('sign out');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API token').waitFor();
  console.log('console tests passed');
} finally {
  await browser.close();
}
