// Seed story 6 in the browser: a resident files a gathering report on the public form at
// phone size in simplified Chinese and gets a reference number; the command office
// triages and dispatches it to the community police, who verify and resolve it; the
// resident then looks the status up by reference, in English. The police officer's task
// list shows the dispatched task as it comes in, and closes it with its outcome.
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
  signInHome,
  skipUnlessRunnable,
  useServerAndBrowser,
} from './harness.mjs';

skipUnlessRunnable();

const suite = useServerAndBrowser({ residents: 500 });

describe('public reports', () => {
  it('story 6: a gathering reported without an account is handled and followed up by reference', async () => {
    // The resident, on a phone, without an account, from the sign-in page's link.
    const resident = await newPage(suite.browser, suite.server.url, PHONE);
    await resident.goto('/login');
    await resident.click('[data-test=public-report-link]');
    await resident.waitForURL(/\/report$/);
    assert.equal(await resident.textContent('h1'), '我要举报');
    // Nothing described: the field says what is missing, and nothing is filed.
    await resident.click('form[data-test=public-report-form] button[type=submit]');
    const missingField = await resident.waitForSelector('[data-field-error=description]');
    assert.match(await missingField.textContent(), /必填/);
    await resident.selectOption('select[name=category]', 'gathering');
    await resident.fill('input[name=address]', '幸福小区3栋201');
    await resident.fill('textarea[name=description]', '3栋201有六七个人聚餐');
    await resident.click('form[data-test=public-report-form] button[type=submit]');
    const reference = (await (await resident.waitForSelector('[data-test=report-reference]')).textContent()).trim();
    assert.ok(reference.length >= 6, reference);
    await screenshot(resident, 'public-report-phone-zh-CN');

    // The police's community, where the commander places the report.
    const police = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(police, 'police');
    const unit = (await apiGet(police, '/session')).jurisdiction_id;
    assert.ok(unit);
    // The police officer's task list is open before anything is dispatched.
    await police.click('[data-nav=tasks]');
    await police.waitForSelector('[data-test=no-tasks], [data-task]');

    const commander = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(commander, 'commander');
    const reports = (await apiGet(commander, '/reports?limit=100')).items;
    const report = reports.find((r) => r.reference === reference);
    assert.ok(report, `the command office sees report ${reference}`);
    assert.equal(report.category, 'gathering');
    assert.equal(await apiSend(commander, 'POST', `/reports/${report.id}/triage`, { place_id: unit }), 200);
    assert.equal(
      await apiSend(commander, 'POST', `/reports/${report.id}/dispatch`, {
        unit_id: unit,
        assignee_role: 'community_police',
        task_kind: 'visit',
      }),
      200,
    );
    await finish(commander);

    // Dispatched so far: the resident sees that staff were sent.
    await resident.fill('input[name=reference]', reference);
    await resident.click('form[data-test=report-lookup] button[type=submit]');
    await resident.waitForSelector('[data-test=report-status][data-status=dispatched]');
    assert.match(await resident.textContent('[data-test=report-status]'), /已派人处置/);

    const task = (await apiGet(police, '/tasks/inbox')).items.find((t) => t.source_id === report.id);
    assert.ok(task, 'the dispatch gave the police a task');
    // It appeared on the open page without a reload (Server-Sent Events).
    const card = police.locator(`[data-task="${task.id}"]`);
    await card.waitFor();
    assert.match(await card.textContent(), /上门走访/);
    await card.locator('[data-test=accept]').click();
    await police.waitForSelector(`[data-task="${task.id}"][data-status=accepted]`);
    await card.locator('select[name=result]').selectOption('persuaded');
    await card.locator('textarea[name=note]').fill('现场7人聚餐，已劝散');
    await screenshot(police, 'tasks-police-zh-CN');
    await card.locator('form[data-test=outcome-form] button[type=submit]').click();
    await card.waitFor({ state: 'detached' });
    const closed = await apiGet(police, `/tasks/${task.id}`);
    assert.equal(closed.status, 'done');
    assert.equal(closed.result, 'persuaded');
    // The police verify and resolve on the reports board.
    await police.click('[data-nav=reports]');
    const row = police.locator(`[data-report="${reference}"]`);
    await row.locator('input[name=note]').fill('民警现场核查');
    await row.locator('button[data-action=verify]').click();
    await police.waitForSelector(`[data-report="${reference}"][data-status=verified]`);
    await row.locator('input[name=note]').fill('已处置');
    await row.locator('button[data-action=resolve]').click();
    await police.waitForSelector(`[data-report="${reference}"][data-status=resolved]`);
    assert.equal(await row.locator('button').count(), 0, 'a resolved report has no next step here');
    await screenshot(police, 'reports-police-zh-CN');
    await finish(police);

    // The resident follows up in English, the reference typed in lower case.
    await resident.selectOption('[data-test=locale]', 'en');
    await resident.fill('input[name=reference]', reference.toLowerCase());
    await resident.click('form[data-test=report-lookup] button[type=submit]');
    await resident.waitForSelector('[data-test=report-status][data-status=resolved]');
    assert.match(await resident.textContent('[data-test=report-status]'), /Resolved/);
    // An unknown reference is answered in words, not a status.
    await resident.fill('input[name=reference]', 'NOSUCHREF');
    await resident.click('form[data-test=report-lookup] button[type=submit]');
    const error = await resident.waitForSelector('[data-test=lookup-error]');
    assert.equal(await error.textContent(), 'No report has this reference number');
    assert.equal(await resident.$('[data-test=report-status]'), null);
    await screenshot(resident, 'public-report-status-phone-en');
    await finish(resident);
  });
});
