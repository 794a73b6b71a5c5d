// Runscope's script libraries in the page: an expect-heavy suite (about 150 Chai `expect`
// and `should` calls of the kinds real exports make) and a suite using Underscore, Moment,
// CryptoJS, Marked and tv4, both against the reference SCIM server; each library file is
// downloaded only by a run whose scripts name it, and a run without them downloads none.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  consoleErrors,
  fillVariables,
  launchBrowser,
  loadSuite,
  outcomesByNote,
  runToEnd,
  serveDist,
  startScimServer,
  withPage,
} from './harness.mjs';

const TOKEN = 'libraries-token';
let site, scim, browser;
const dir = mkdtempSync(join(tmpdir(), 'scim-libraries-'));

before(async () => {
  [site, scim, browser] = await Promise.all([serveDist(), startScimServer(['--token', TOKEN]), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  scim?.stop();
  await site?.close();
});

const step = (note, method, path, scripts, extra = {}) => ({
  step_type: 'request',
  note,
  method,
  url: `{{SCIMBaseURL}}${path}`,
  headers: { Authorization: ['{{auth}}'], Accept: ['application/scim+json'] },
  assertions: [],
  variables: [],
  scripts,
  before_scripts: [],
  ...extra,
});

/** A suite file as Runscope exports it, written to disk for the page's file input. */
function suiteFile(name, steps) {
  const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ name, version: '1.0', steps }, null, 2));
  return file;
}

const row = (page, note) => page.locator('li.step', { has: page.getByText(note, { exact: true }) });

/** The script assertions a result row shows, opening it first. */
async function scriptAssertions(page, note) {
  const r = row(page, note);
  if ((await r.locator('.step-detail').count()) === 0) await r.locator('button.step-line').click();
  return r.locator('.script-assertions li').evaluateAll((items) =>
    items.map((li) => [li.dataset.outcome, li.textContent.trim()]),
  );
}

/** Paths of sandbox/ files the page downloads from now on. */
function sandboxRequests(page) {
  const paths = [];
  page.on('request', (r) => {
    if (r.url().includes('/sandbox/')) paths.push(new URL(r.url()).pathname.replace(/^.*\/sandbox\//, ''));
  });
  return paths;
}

const libraryFiles = (paths) => paths.filter((p) => p.startsWith('libraries/')).map((p) => p.replace(/-[0-9a-f]{16}\.js$/, ''));

const EXPECT_HEAVY = [
  step('List users', 'GET', '/Users?count=10', [
    `var data = JSON.parse(response.body);
expect(response.status).to.be.equal(200);
expect(data).to.include.keys('schemas', 'totalResults', 'Resources');
expect(data.schemas).to.include('urn:ietf:params:scim:api:messages:2.0:ListResponse');
expect(data.Resources).to.have.length.above(0);
expect(data.totalResults).to.be.a('number').and.to.be.at.least(data.Resources.length);
data.Resources.forEach(function (user) {
  expect(user).to.include.keys('id', 'userName', 'meta', 'schemas');
  expect(user.id).to.be.a('string').and.to.have.length.above(5);
  expect(user.meta.resourceType).to.be.equal('User');
  expect(user.meta.location).to.match(/\\/Users\\//);
  expect(user.emails).to.be.an('array').that.has.length.above(0);
  expect(user.active).to.be.a('boolean');
  user.schemas.should.include('urn:ietf:params:scim:schemas:core:2.0:User');
});
variables.set('firstUserId', data.Resources[0].id);`,
  ]),
  step('Create a user', 'POST', '/Users', [
    `var user = JSON.parse(response.body);
variables.set('createdId', user.id);
expect(response.status).to.be.equal(201);
expect(user).to.include.keys('id', 'userName', 'name', 'emails', 'active', 'meta');
expect(user.userName).to.be.equal('expect.heavy@example.com');
expect(user.name).to.deep.equal({ givenName: 'Expect', familyName: 'Heavy' });
expect(user.emails).to.have.length.above(0);
expect(user.emails[0].value).to.be.equal('expect.heavy@example.com');
expect(user.active).to.be.true;
expect(user.meta.created).to.be.a('string');
expect(response.headers).to.include.keys('content-type');
expect(response.headers['content-type'][0]).to.include('json');`,
  ], {
    headers: { Authorization: ['{{auth}}'], 'Content-Type': ['application/scim+json'] },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'expect.heavy@example.com',
      name: { givenName: 'Expect', familyName: 'Heavy' },
      emails: [{ primary: true, value: 'expect.heavy@example.com', type: 'work' }],
      active: true,
    }),
  }),
  step('Read the user', 'GET', '/Users/{{createdId}}', [
    `var user = JSON.parse(response.body);
expect(response.status).to.be.equal(200);
expect(user.id).to.be.equal(variables.get('createdId'));
expect(user).to.have.property('userName', 'expect.heavy@example.com');
expect(user.name.givenName).to.be.equal('Expect');
expect(user.schemas).to.have.lengthOf(1);
user.should.have.property('active', true);
user.emails.should.be.an('array').with.length.above(0);`,
  ]),
  step('List groups', 'GET', '/Groups', [
    `var data = JSON.parse(response.body);
expect(data.Resources).to.have.length.above(0);
data.Resources.forEach(function (group) {
  expect(group).to.include.keys('id', 'displayName', 'members');
  expect(group.displayName).to.be.a('string').that.is.not.empty;
  group.members.forEach(function (member) {
    expect(member).to.include.keys('value', 'display');
    expect(member.value).to.have.length.above(5);
  });
});`,
  ]),
  step('Service provider configuration', 'GET', '/ServiceProviderConfig', [
    `var config = JSON.parse(response.body);
expect(config).to.include.keys('patch', 'filter', 'bulk', 'authenticationSchemes');
expect(config.patch.supported).to.be.equal(true);
expect(config.filter.supported).to.be.equal(true);
expect(config.filter.maxResults).to.be.above(0);
expect(config.authenticationSchemes).to.have.length.above(0);
config.authenticationSchemes.forEach(function (scheme) { expect(scheme).to.include.keys('type', 'name'); });`,
  ]),
  step('Unknown user', 'GET', '/Users/not-a-user', [
    `var error = JSON.parse(response.body);
expect(response.status).to.be.equal(404);
expect(error.schemas).to.include('urn:ietf:params:scim:api:messages:2.0:Error');
expect(error).to.include.keys('detail', 'status');
expect(error.status).to.be.oneOf(['404', 404]);`,
  ]),
  step('Wrong expectation', 'GET', '/Users?count=1', [
    `var data = JSON.parse(response.body);
expect(data.itemsPerPage).to.be.equal(1);
expect(data.Resources[0]).to.include.keys('nickName');`,
  ]),
  step('Clean up', 'DELETE', '/Users/{{createdId}}', ['expect(response.status).to.be.equal(204);']),
];

test("an expect-heavy suite runs in the page with Chai 4's messages, and Chai is downloaded once", async () => {
  const file = suiteFile('Expect heavy', EXPECT_HEAVY);
  await withPage(browser, 'expect heavy', site.url, async (page, consoleLog) => {
    const downloads = sandboxRequests(page);
    await loadSuite(page, file, 'Expect heavy');
    await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    // Chai is provided: no step is flagged for a missing library (or anything else).
    assert.equal(await page.locator('ol.plan li[data-problem="true"]').count(), 0);
    await runToEnd(page);
    const outcomes = Object.fromEntries(await outcomesByNote(page));
    assert.deepEqual(outcomes, {
      'List users': 'pass',
      'Create a user': 'pass',
      'Read the user': 'pass',
      'List groups': 'pass',
      'Service provider configuration': 'pass',
      'Unknown user': 'pass',
      'Wrong expectation': 'fail',
      'Clean up': 'pass',
    });
    let passed = 0;
    for (const note of Object.keys(outcomes)) {
      passed += (await scriptAssertions(page, note)).filter(([outcome]) => outcome === 'pass').length;
    }
    assert.ok(passed >= 100, `${passed} passing expect assertions`);
    const users = await scriptAssertions(page, 'List users');
    assert.ok(users.some(([, text]) => text.endsWith('expected 200 to equal 200')), users.join('\n'));
    const wrong = await scriptAssertions(page, 'Wrong expectation');
    assert.equal(wrong.length, 2);
    assert.equal(wrong[1][0], 'fail');
    assert.match(wrong[1][1], /expected \{ active: true, …\(11\) \} to contain key 'nickName' expected \[ 'nickName' \], actual \[ 'active', /);
    assert.match(await row(page, 'Wrong expectation').locator('.step-detail').textContent(), /to contain key 'nickName'/);
    assert.deepEqual(libraryFiles(downloads), ['libraries/chai']);
    assert.deepEqual(consoleErrors(consoleLog), []);
  });
});

test('Underscore, Moment, CryptoJS, Marked and tv4 in scripts; each file only when named', async () => {
  const checksum = createHmac('sha256', 'signing-key').update('GET /Users').digest('base64');
  const steps = [
    step('Checksum the request', 'GET', '/Users?count=2', ['assert.equal(response.status, 200);'], {
      before_scripts: [
        `request.headers['X-Checksum'] = CryptoJS.enc.Base64.stringify(CryptoJS.HmacSHA256('GET /Users', 'signing-key'));
variables.set('checksum', request.headers['X-Checksum']);
request.headers['X-Since'] = moment.utc('2024-01-31T00:00:00Z').add(1, 'month').format('YYYY-MM-DD');`,
      ],
    }),
    step('Pick with Underscore', 'GET', '/Users', [
      `var data = JSON.parse(response.body);
var names = _.chain(data.Resources).pluck('userName').sortBy(_.identity).value();
assert.isAbove(names.length, 0);
assert.equal(_.uniq(names).length, names.length, 'user names are unique');
variables.set('userNames', names.join(','));
log(marked.parse('**' + names.length + ' users**').trim());
var schema = { type: 'object', required: ['Resources', 'totalResults'] };
assert.isTrue(tv4.validate(data, schema), 'a SCIM list response');`,
    ]),
    step('Plain assert', 'GET', '/Users?count=1', ['assert.equal(response.status, 200)']),
  ];
  const file = suiteFile('Helper libraries', steps);
  await withPage(browser, 'helper libraries', site.url, async (page, consoleLog) => {
    const downloads = sandboxRequests(page);
    await loadSuite(page, file, 'Helper libraries');
    await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    assert.equal(await page.locator('ol.plan li[data-problem="true"]').count(), 0);
    await runToEnd(page);
    assert.deepEqual(Object.values(Object.fromEntries(await outcomesByNote(page))), ['pass', 'pass', 'pass']);
    const sign = row(page, 'Checksum the request');
    await sign.locator('button.step-line').click();
    const detail = await sign.locator('.step-detail').textContent();
    assert.ok(detail.includes(checksum), `the X-Checksum header ${checksum} is not in:\n${detail}`);
    assert.ok(detail.includes('2024-02-29'), detail);
    const pick = row(page, 'Pick with Underscore');
    await pick.locator('button.step-line').click();
    assert.match(await pick.locator('.step-detail').textContent(), /<p><strong>\d+ users<\/strong><\/p>/);
    // Chai was not named, so not downloaded; each library once, though two steps use them.
    assert.deepEqual(libraryFiles(downloads).sort(), ['libraries/crypto-js', 'libraries/marked', 'libraries/moment', 'libraries/tv4', 'libraries/underscore']);
    assert.deepEqual(consoleErrors(consoleLog), []);
  });
});

test('a run whose scripts name no library downloads no library file; xml2json is named before the run', async () => {
  const steps = [
    step('Assert only', 'GET', '/Users', ["assert.equal(response.status, 200); log('no libraries here')"]),
    step('Uses xml2json', 'GET', '/Users', ['var data = xml2json.toJson(response.body);']),
  ];
  const file = suiteFile('No libraries', steps);
  await withPage(browser, 'no libraries', site.url, async (page) => {
    const downloads = sandboxRequests(page);
    await loadSuite(page, file, 'No libraries');
    await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    const flagged = page.locator('ol.plan li[data-problem="true"]');
    assert.equal(await flagged.count(), 1);
    assert.match(await flagged.textContent(), /xml2json/);
    await runToEnd(page);
    assert.deepEqual(Object.values(Object.fromEntries(await outcomesByNote(page))), ['pass', 'fail']);
    assert.match(await row(page, 'Uses xml2json').locator('.step-detail').textContent(), /xml2json \(xml2json\) is not available in this runner/);
    assert.deepEqual(libraryFiles(downloads), []);
    assert.equal(downloads.length, 2, `downloaded: ${downloads}`);
  });
});
