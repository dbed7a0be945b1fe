// The console in headless Chromium (playwright-core with the system's chromium), against a real
// `gongzhi serve --demo` started here: sign in with a demo token, walk the area tree to a
// community's grids and a building's residents (masked, then one revealed and audited), the
// service points and their coverage gaps, book a health check for an eligible resident, see an
// ineligible one refused with the reason, cancel a booking of a full slot and see the first in
// line offered the place, and the audit log. Each page is photographed into test-output/ at phone
// width (390 px), and no page is wider than the phone.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startServer } from './server.mjs';

const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** Long enough for a debug server on a shared two-core machine; most waits end far sooner. */
const WAIT = 60_000;

const shanghaiDay = (d) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    typeof d === 'string' ? new Date(d) : d,
  );
const addDays = (day, n) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

let server;
let browser;
let page;
let admin;
let revealer;
const shots = [];
/** Uncaught errors of the page: none is expected. */
const pageErrors = [];
const timings = {};

async function shot(name) {
  const path = `${OUT}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  shots.push(path);
  assert.deepEqual(pageErrors, [], `${name}: the page threw`);
  // Usable at phone width: nothing scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the phone`);
}

const clock = (label, t0) => {
  timings[label] = Date.now() - t0;
};

before(async () => {
  await mkdir(OUT, { recursive: true });
  const t0 = Date.now();
  server = await startServer();
  timings['server ready'] = server.readyMs;
  admin = await server.token('console-admin', '--role', 'DISTRICT_ADMIN');
  revealer = await server.token('console-reveal', '--role', 'DISTRICT_ADMIN', '--permission', 'PERSONAL_DATA');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (e) => pageErrors.push(e));
  clock('setup', t0);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  console.log(`timings (ms): ${JSON.stringify(timings)}`);
  console.log(`screenshots:\n${shots.join('\n')}`);
});

describe('the console', { concurrency: false }, () => {
  it('refuses a bad token with its code, and signs in with a demo token', async () => {
    const t0 = Date.now();
    await page.goto(`${server.base}/console`);
    await page.waitForURL('**/console/login');
    await page.fill('textarea[name=token]', 'not-a-token');
    await page.click('button[type=submit]');
    const error = page.locator('.error');
    await error.locator('.code', { hasText: 'UNAUTHENTICATED' }).waitFor();
    assert.ok((await error.locator('.message').innerText()).length > 0, 'the message is shown with the code');
    await page.fill('textarea[name=token]', admin);
    await page.fill('textarea[name=personalDataToken]', revealer);
    await shot('01-login');
    await page.click('button[type=submit]');
    await page.waitForURL('**/console/areas');
    const viewer = page.getByTestId('viewer');
    await viewer.getByText('console-admin').waitFor();
    await viewer.locator('[data-value=DISTRICT_ADMIN]').waitFor();
    assert.equal(await viewer.locator('[data-value=DISTRICT_ADMIN]').getAttribute('title'), 'District admin (DISTRICT_ADMIN)');
    clock('sign in', t0);
  });

  it('walks the area tree to a community and sees its grids, then a building with masked residents', async () => {
    const t0 = Date.now();
    await page.getByRole('link', { name: '八公山区' }).click();
    const streets = page.locator('[data-testid=children] li[data-kind=STREET] a');
    await streets.first().waitFor();
    await streets.first().click();
    const communities = page.locator('[data-testid=children] li[data-kind=COMMUNITY] a');
    await communities.first().waitFor();
    const communityName = await communities.first().innerText();
    await communities.first().click();
    await page.locator('[data-testid=area][data-area-kind=COMMUNITY]').waitFor();
    const grids = page.locator('[data-testid=children] li[data-kind=GRID]');
    await grids.first().waitFor();
    const { areas } = await server.gql(
      admin,
      'query($n: String) { areas(kind: COMMUNITY, nameContains: $n) { nodes { name children { totalCount nodes { name kind } } } } }',
      { n: communityName },
    );
    const community = areas.nodes.find((a) => a.name === communityName);
    assert.ok(community.children.totalCount > 0);
    assert.equal(await grids.count(), community.children.totalCount, `${communityName}: every grid is listed`);
    assert.deepEqual(await grids.allInnerTexts(), community.children.nodes.map((g) => g.name));
    // Chinese first, the English term in `title`.
    assert.equal(await page.locator('[data-testid=children] h3 [data-value=GRID]').getAttribute('title'), 'Grid (GRID)');
    await page.getByTestId('audit-notice').waitFor();
    await shot('02-community-grids');

    await grids.first().locator('a').click();
    await page.locator('[data-testid=area][data-area-kind=GRID]').waitFor();
    await page.getByTestId('grid-workers').waitFor();
    await page.locator('[data-testid=children] li[data-kind=BUILDING] a').first().click();
    await page.locator('[data-testid=area][data-area-kind=BUILDING]').waitFor();
    await page.getByTestId('building-leader').waitFor();
    const first = page.locator('[data-testid=residents] li[data-person-id]').first();
    await first.waitFor();
    const masked = await first.locator('[data-field=idCardNumber]').innerText();
    assert.match(masked, /\*/, 'the list shows the ID-card number masked');
    const personId = await first.getAttribute('data-person-id');
    await first.getByRole('button', { name: '显示完整信息' }).click();
    await first.getByTestId('reveal-audited').waitFor();
    const whole = await first.locator('[data-field=idCardNumber]').innerText();
    assert.doesNotMatch(whole, /\*/, 'the personal-data token reads it whole');
    const { auditLog } = await server.gql(
      admin,
      'query($p: ID) { auditLog(filter: { personId: $p, actor: "console-reveal" }) { totalCount } }',
      { p: personId },
    );
    assert.ok(auditLog.totalCount >= 1, 'the reveal is in the audit log');
    await shot('03-building-residents-revealed');
    clock('area tree', t0);
  });

  let point;
  let service;
  it('lists the service points and the 15-minute coverage gaps', async () => {
    const t0 = Date.now();
    const { servicePoints } = await server.gql(
      admin,
      `{ servicePoints(kind: HEALTH_STATION, first: 1) { nodes { id name servedAreas { id }
         services { id name capacity claimMinutes rules { kind description } } } } }`,
    );
    point = servicePoints.nodes[0];
    service = point.services.find((s) => s.name === '免费体检');
    assert.ok(service, 'the demo health station offers 免费体检');
    await page.getByRole('link', { name: '服务阵地' }).click();
    await page.locator('[data-testid=points] li[data-point-id]').first().waitFor();
    await page.locator('[data-testid=coverage] li[data-community-id]').first().waitFor();
    assert.ok((await page.locator('[data-testid=coverage] li.gap').count()) > 0, 'the demo has coverage gaps');
    await shot('04-service-points');
    await page.selectOption('select[name=kind]', 'HEALTH_STATION');
    await page.locator(`li[data-point-id="${point.id}"]`).getByRole('link', { name: '免费体检' }).click();
    await page.getByTestId('service').getByText('年满60周岁').waitFor();
    clock('service points', t0);
  });

  /** A resident of the point's area by age, whose name finds at most 20 people, free on `day`. */
  async function resident(ages, day, skip = new Set()) {
    const { people } = await server.gql(
      admin,
      'query($w: ID, $min: Int, $max: Int) { people(within: $w, minAge: $min, maxAge: $max, first: 100) { nodes { id name } } }',
      { w: point.servedAreas[0].id, ...ages },
    );
    for (const p of people.nodes) {
      if (skip.has(p.id)) continue;
      const d = await server.gql(
        admin,
        `query($n: String, $p: ID) { people(nameContains: $n, first: 1) { totalCount }
           bookings(personId: $p, first: 100) { nodes { state startsAt } } }`,
        { n: p.name, p: p.id },
      );
      const busy = d.bookings.nodes.some((b) => shanghaiDay(b.startsAt) === day && ['CONFIRMED', 'WAITLISTED', 'OFFERED'].includes(b.state));
      if (d.people.totalCount <= 20 && !busy) return p;
    }
    throw new Error(`no resident of ${JSON.stringify(ages)} free on ${day}`);
  }

  async function slots() {
    const tomorrow = addDays(shanghaiDay(new Date()), 1);
    const { node } = await server.gql(
      admin,
      'query($s: ID!, $f: Date!, $t: Date!) { node(id: $s) { ... on Service { availability(from: $f, to: $t) { id startsAt capacity booked waitlisted free } } } }',
      { s: service.id, f: tomorrow, t: addDays(tomorrow, 5) },
    );
    return node.availability;
  }

  async function openSlot(slot) {
    await page.fill('input[name=day]', shanghaiDay(slot.startsAt));
    await page.locator(`button[data-slot-id="${slot.id}"]`).click();
    await page.getByTestId('slot').waitFor();
  }

  async function find(person) {
    const form = page.getByTestId('book');
    await form.locator('input[name=person]').fill(person.name);
    await form.getByRole('button', { name: '查找' }).click();
    await form.locator(`li[data-person-id="${person.id}"] input[type=radio]`).check();
    return form;
  }

  let booked;
  it('books a health check for an eligible resident', async () => {
    const t0 = Date.now();
    const slot = (await slots()).find((s) => s.free >= 1);
    assert.ok(slot, 'a slot with a free place in the next days');
    const person = await resident({ min: 65 }, shanghaiDay(slot.startsAt));
    booked = person.id;
    await openSlot(slot);
    const form = await find(person);
    await form.getByTestId('eligible').waitFor();
    await form.getByRole('button', { name: `为${person.name}预约` }).click();
    await form.locator('[data-testid=booked][data-state=CONFIRMED]').waitFor();
    await page.locator(`[data-testid=confirmed] li[data-person-id="${person.id}"]`).waitFor();
    await page
      .locator(`button[data-slot-id="${slot.id}"] [data-field=free]`)
      .filter({ hasText: String(slot.free - 1) })
      .waitFor();
    await shot('05-booked');
    clock('book', t0);
  });

  it('refuses an ineligible resident with the reason', async () => {
    const t0 = Date.now();
    const slot = (await slots()).find((s) => s.free >= 1);
    const young = await resident({ max: 40 }, shanghaiDay(slot.startsAt));
    await openSlot(slot);
    const form = await find(young);
    await form.getByTestId('ineligible').getByText('年满60周岁').waitFor();
    await form.getByRole('button', { name: `为${young.name}预约` }).click();
    const error = form.locator('.error');
    await error.locator('.code', { hasText: 'INELIGIBLE' }).waitFor();
    assert.match(await error.locator('.message').first().innerText(), /60/, 'the message names the rule failed');
    await shot('06-ineligible-refused');
    clock('ineligible', t0);
  });

  it('cancels a booking of a full slot, and the first in line is offered the place', async () => {
    const t0 = Date.now();
    // A full slot with a line: the demo's, or one filled here through the API.
    let slot = (await slots()).find((s) => s.waitlisted >= 1);
    if (!slot) {
      slot = (await slots()).find((s) => s.free >= 1);
      const day = shanghaiDay(slot.startsAt);
      const skip = new Set([booked]);
      for (let waiting = 0; waiting < 2; ) {
        const p = await resident({ min: 65 }, day, skip);
        skip.add(p.id);
        const { book } = await server.gql(
          admin,
          'mutation($i: BookInput!) { book(input: $i) { booking { state } userErrors { code message } } }',
          { i: { slot: slot.id, personId: p.id } },
        );
        if (book.booking?.state === 'WAITLISTED') waiting++;
      }
    }
    const line = await server.gql(
      admin,
      'query($p: ID) { bookings(pointId: $p, state: WAITLISTED, last: 100) { nodes { id slotId waitlistPosition person { id } } } }',
      { p: point.id },
    );
    const next = line.bookings.nodes.find((b) => b.slotId === slot.id && b.waitlistPosition === 1);
    assert.ok(next, 'the slot has a first in line');
    await openSlot(slot);
    await page.locator(`[data-testid=waitlist] li[data-person-id="${next.person.id}"]`).waitFor();
    const confirmed = page.locator('[data-testid=confirmed] li[data-state=CONFIRMED]');
    await confirmed.first().waitFor();
    const cancelled = await confirmed.first().getAttribute('data-booking-id');
    await confirmed.first().getByRole('button', { name: '取消预约' }).click();
    await page.locator(`[data-testid=offered] li[data-person-id="${next.person.id}"][data-state=OFFERED]`).waitFor();
    assert.equal(await page.locator(`[data-booking-id="${cancelled}"]`).count(), 0, 'the cancelled booking left the slot');
    const { node } = await server.gql(admin, 'query($b: ID!) { node(id: $b) { ... on Booking { state offerExpiresAt } } }', {
      b: next.id,
    });
    assert.equal(node.state, 'OFFERED');
    assert.ok(node.offerExpiresAt);
    await shot('07-waitlist-offered');
    // Claimed elsewhere (through the API, as the front desk's system would): the page, polling,
    // moves them to the confirmed without being touched.
    const { claimOffer } = await server.gql(
      admin,
      'mutation($b: ID!) { claimOffer(input: { id: $b }) { booking { state } userErrors { code message } } }',
      { b: next.id },
    );
    assert.deepEqual(claimOffer.userErrors, []);
    assert.equal(claimOffer.booking.state, 'CONFIRMED');
    await page.locator(`[data-testid=confirmed] li[data-person-id="${next.person.id}"][data-state=CONFIRMED]`).waitFor();
    clock('cancel and offer', t0);
  });

  it('shows partner clients and the audit log to a district admin', async () => {
    const t0 = Date.now();
    const { areas } = await server.gql(admin, '{ areas(kind: DISTRICT) { nodes { id } } }');
    const { createPartnerClient } = await server.gql(
      admin,
      `mutation($i: CreatePartnerClientInput!) { createPartnerClient(input: $i) {
         issued { client { clientId } } userErrors { code message } } }`,
      { i: { name: '区人民医院体检中心', areaId: areas.nodes[0].id, scopes: ['PEOPLE_READ', 'SERVICES_BOOK'], purposes: ['HEALTH_CHECK'] } },
    );
    assert.deepEqual(createPartnerClient.userErrors, []);
    const clientId = createPartnerClient.issued.client.clientId;
    await page.getByRole('link', { name: '接入与审计' }).click();
    const partner = page.locator(`[data-testid=partners] li[data-client-id="${clientId}"]`);
    await partner.getByText('区人民医院体检中心').waitFor();
    await partner.locator('[data-value=HEALTH_CHECK]').waitFor();
    await page
      .locator('[data-testid=audit] li[data-action=create_partner_client]')
      .filter({ hasText: 'console-admin' })
      .first()
      .waitFor();
    await page
      .locator('[data-testid=audit] li[data-action=read_personal_data]')
      .filter({ hasText: 'console-reveal' })
      .first()
      .waitFor();
    await shot('08-partners-and-audit');
    clock('admin', t0);
  });
});
