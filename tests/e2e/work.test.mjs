// Field work in the browser: a grid worker starts a screening campaign and visits
// households at phone size in traditional Chinese, recording each outcome with a thumb;
// a grid worker imports a CSV of persons in English and watches the progress bar and the
// rejected lines; the command office accepts a report and dispatches it from the reports
// board to the community police, who find the task in their list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DESKTOP,
  PHONE,
  apiGet,
  apiSend,
  finish,
  newPage,
  screenshot,
  shanghaiDay,
  signInHome,
  skipUnlessRunnable,
  useServerAndBrowser,
} from './harness.mjs';

skipUnlessRunnable();

const suite = useServerAndBrowser({ residents: 500 });

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function residentId(n) {
  // Born 1985-01-DD, DD from the thousands of n, sequence from the rest.
  const day = String(1 + Math.floor(n / 1000)).padStart(2, '0');
  const first17 = `420106198501${day}${String(n % 1000).padStart(3, '0')}`;
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * WEIGHTS[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

describe('field work', () => {
  it('a screening visit at phone size in traditional Chinese', async () => {
    const page = await newPage(suite.browser, suite.server.url, PHONE);
    await signInHome(page, 'grid');
    await page.selectOption('[data-test=locale]', 'zh-TW');
    await page.click('[data-test=phonenav] a[href="/screening"]');
    await page.waitForSelector('form[data-test=campaign-form]');
    assert.equal(await page.textContent('h1'), '走訪排查');
    // Nothing filled in: the fields say what is missing, and nothing is started.
    await page.click('form[data-test=campaign-form] button[type=submit]');
    await page.waitForSelector('[data-field-error=name]');
    assert.equal(await page.locator('[data-campaign]').count(), 0);
    await page.fill('input[name=name]', '春節返鄉排查');
    await page.fill('input[name=due_date]', shanghaiDay(3));
    // The grid worker's own grid is chosen by itself.
    await page.waitForFunction(() => document.querySelectorAll('[data-test=grid-picker] select').length > 0);
    await page.click('form[data-test=campaign-form] button[type=submit]');
    const card = page.locator('[data-campaign]').first();
    await card.waitFor();
    await page.waitForSelector('[data-test=screening-chart] canvas');
    const campaign = (await apiGet(page, '/screening-campaigns')).items[0];
    const before = await apiGet(page, `/screening-campaigns/${campaign.id}/progress`);
    assert.ok(before.households > 2, `households to visit: ${before.households}`);
    assert.match(await card.textContent(), new RegExp(`${before.households} 戶`));
    await screenshot(page, 'screening-phone-zh-TW');

    await card.locator('[data-test=visit-link]').click();
    await page.waitForSelector('[data-test=household]');
    const first = await page.getAttribute('[data-test=household]', 'data-household');
    assert.ok((await page.textContent('[data-test=household-address]')).trim().length > 0);
    // The outcome buttons fill the phone's width, within a thumb's reach.
    const button = await page.locator('button[data-result=all_home]').boundingBox();
    assert.ok(button.width > 300 && button.height >= 56, JSON.stringify(button));
    await page.tap('button[data-result=all_home]');
    await page.waitForSelector('[data-test=visit-recorded]');
    assert.match(await page.textContent('[data-test=visit-recorded]'), /全家在家/);
    await page.waitForFunction((id) => document.querySelector('[data-test=household]')?.getAttribute('data-household') !== id, first);
    await page.tap('button[data-result=nobody_home]');
    await page.waitForFunction(() => /家中無人/.test(document.querySelector('[data-test=visit-recorded]')?.textContent ?? ''));
    await page.waitForSelector('[data-test=household]');
    await screenshot(page, 'screening-visit-phone-zh-TW');
    const progress = await apiGet(page, `/screening-campaigns/${campaign.id}/progress`);
    assert.equal(progress.visited, 1);
    assert.equal(progress.revisit, 1);
    assert.match(await page.textContent('[data-test=visit-progress]'), /已走訪 1 戶/);
    await finish(page);
  });

  it('an import with its progress bar and its rejected lines, in English', async () => {
    const page = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(page, 'grid');
    await page.selectOption('[data-test=locale]', 'en');
    await page.click('[data-nav=transfer]');
    await page.waitForSelector('form[data-test=import-form]');
    const rows = ['name,id_number,grid,phone'];
    for (let i = 1; i <= 1500; i++) rows.push(`居民${i},${residentId(i)},G0001,`);
    const good = residentId(9001);
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    rows.push(`坏号码,${wrong},G0001,`); // line 1502: a wrong check digit
    rows.push(`无网格,${residentId(9002)},NOPE,`); // line 1503: no such grid
    rows.push(`坏电话,${residentId(9003)},G0001,12345`); // line 1504
    await page.setInputFiles('input[name=file]', {
      name: 'persons.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('\ufeff' + rows.join('\r\n') + '\r\n', 'utf8'),
    });
    await page.click('form[data-test=import-form] button[type=submit]');
    await page.waitForSelector('[data-test=import-job]');
    await page.waitForSelector('[data-test=import-job][data-state=done]', { timeout: 60000 });
    assert.equal(await page.getAttribute('[data-test=import-progress]', 'value'), '100');
    assert.match(await page.textContent('[data-test=import-summary]'), /1,500 created, 0 already registered, 3 rejected/);
    const lines = await page.$$eval('[data-test=import-errors] tr[data-line]', (trs) => trs.map((tr) => tr.dataset.line));
    assert.deepEqual([...new Set(lines)], ['1502', '1503', '1504']);
    assert.match(await page.textContent('[data-test=import-errors] tr[data-line="1503"]'), /No such grid/);
    await screenshot(page, 'import-progress-en');
    // The export link downloads the grid's persons, the imported ones among them.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-persons]')]);
    assert.match(download.suggestedFilename(), /^persons\.xlsx$/);
    await finish(page);
  });

  it('a dispatch from the reports board', async () => {
    const police = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(police, 'police');
    const unit = (await apiGet(police, '/session')).jurisdiction_id;

    const commander = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(commander, 'commander');
    assert.equal(await apiSend(commander, 'POST', '/reports', { category: 'gathering', place_id: unit, address: '幸福小区5栋', description: '五栋楼下有人聚集打牌' }), 201);
    const report = (await apiGet(commander, '/reports?limit=100')).items.find((r) => r.description === '五栋楼下有人聚集打牌');
    const path = (await apiGet(commander, `/places/${unit}`)).ancestors.map((p) => p.id).concat(unit);
    await commander.click('[data-nav=reports]');
    const row = commander.locator(`[data-report="${report.reference}"]`);
    await row.locator('button[data-action=triage]').click();
    await commander.waitForSelector(`[data-report="${report.reference}"][data-status=triaged]`);
    // The dispatch step's deadline is shown before choosing.
    assert.match(await row.locator('[data-test=dispatch-deadline]').textContent(), /本环节时限/);
    const picker = row.locator('[data-test=dispatch-picker]');
    // Down the tree to the police's street (the city is taken by itself).
    for (let depth = 1; depth < path.length; depth++) {
      const select = picker.locator(`select[data-depth="${depth}"]`);
      await select.waitFor();
      await select.selectOption(String(path[depth]));
    }
    await picker.locator('select[name=assignee_role]').selectOption('community_police');
    await picker.locator('select[name=task_kind]').selectOption('persuasion');
    await screenshot(commander, 'dispatch-picker-zh-CN');
    await picker.locator('[data-test=dispatch-submit]').click();
    await commander.waitForSelector(`[data-report="${report.reference}"][data-status=dispatched]`);
    await commander.waitForSelector('[data-test=dispatched]');
    await finish(commander);

    await police.click('[data-nav=tasks]');
    const task = (await apiGet(police, '/tasks/inbox')).items.find((t) => t.source_id === report.id);
    assert.ok(task, 'the police have the task');
    assert.equal(task.kind, 'persuasion');
    await police.waitForSelector(`[data-task="${task.id}"]`);
    await screenshot(police, 'dispatched-task-zh-CN');
    await finish(police);
  });

  it("the person page shows the person's records by tab", async () => {
    const page = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(page, 'admin');
    const person = (await apiGet(page, '/persons?limit=1')).items[0];
    const today = shanghaiDay(0);
    assert.equal(await apiSend(page, 'POST', '/quarantine-orders', { person_id: person.id, reason: 'close_contact', anchor_date: today }), 201);
    await page.goto(`/persons/${person.id}`);
    await page.waitForSelector('[data-test=person-records]');
    // The first tab is the quarantine orders, read by person_id.
    await page.waitForSelector('[data-test=tab-orders] [data-order]');
    assert.match(await page.textContent('[data-test=tab-orders]'), /密切接触者/);
    await page.click('[data-tab=tests]');
    await page.waitForSelector('[data-test=tab-empty]');
    await page.click('[data-tab=audit]');
    await page.waitForFunction(() => document.querySelectorAll('[data-test=tab-audit] li').length > 0);
    assert.equal(await page.locator('[data-tab]').count(), 7, 'an administrator sees every tab');
    await screenshot(page, 'person-tabs-zh-CN');
    await finish(page);

    // A grid worker has no cases.read nor audit.read: those tabs are not offered.
    const grid = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(grid, 'grid');
    const own = (await apiGet(grid, '/persons?limit=1')).items[0];
    await grid.goto(`/persons/${own.id}`);
    await grid.waitForSelector('[data-test=person-records]');
    const tabs = await grid.$$eval('[data-tab]', (bs) => bs.map((b) => b.dataset.tab));
    assert.deepEqual(tabs, ['orders', 'followups', 'tests', 'tasks']);
    await finish(grid);
  });
});
