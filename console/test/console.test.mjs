// The console in a real browser (Debian's Chromium driven by playwright-core) against a running
// ./berth local. Usage: node console.test.mjs <api base url> <admin token> <screenshots folder>
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';

const [base, token, shots, proxyPort] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const step = (name) => console.log(`- ${name}`);
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

  step('launch: the server appears at once and its log tails live');
  await page.getByRole('button', { name: 'Launch new app server' }).click();
  const log = page.getByLabel(/Deployment log of/);
  await log.filter({ hasText: 'TASK [demo' }).waitFor({ timeout: 60000 });
  await page.screenshot({ path: `${shots}/instance-with-log.png` });
  await log.filter({ hasText: 'berth: deployment finished' }).waitFor({ timeout: 60000 });
  const lines = (await log.textContent()).trim().split('\n');
  assert.equal(lines.filter((l) => l.startsWith('TASK')).length, 3, 'no duplicate or missing line');
  await page.locator('.badge.running').first().waitFor({ timeout: 30000 });

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

  step('the list, and a phone width');
  await page.goto(`${base}/#/`);
  await page.getByRole('link', { name: 'Console Demo 2' }).waitFor();
  await page.screenshot({ path: `${shots}/instances.png` });
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
