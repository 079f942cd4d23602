// Seed story 1 in the browser, click by click: a returnee from a high-risk area is
// registered as an arrival by the grid worker on a phone, in English (→ centralized
// quarantine); he refuses; the worker opens a persuasion task and asks the community police
// of the street for support; the police accept, record the persuasion and escort him to
// the designated hotel, where he is checked in to a room (the site board shows him); the
// same night 38.5 °C raises an alert and a referral task; a negative test is recorded; he is
// released when the period ends; the dashboard and the audit log show the outcome. The
// desk steps run in simplified Chinese.
//
// cordon serve has no clock to move, so the returnee arrived 14 days ago: the policy in
// force (14 days, counted from the day after the arrival) makes an order that starts and
// ends today, and the release at the end of the period happens in the same run.
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
  shanghaiDay,
  useServerAndBrowser,
} from './harness.mjs';

skipUnlessRunnable();

const suite = useServerAndBrowser({ residents: 500 });

// Signs in at the sign-in page in `locale` first (the choice is remembered).
async function signInAs(username, viewport, locale) {
  const page = await newPage(suite.browser, suite.server.url, viewport);
  if (locale !== 'zh-CN') {
    await page.goto('/login');
    await page.selectOption('[data-test=locale]', locale);
  }
  await signInHome(page, username);
  return page;
}

async function statusIs(page, selector, status) {
  await page.waitForSelector(`${selector}[data-status="${status}"]`);
}

describe('seed story 1', () => {
  it('a returnee refusing centralized quarantine is persuaded, escorted, followed up, tested and released', async () => {
    // --- The command office lists the risk area and sets up the designated hotel.
    const commander = await signInAs('commander', DESKTOP, 'zh-CN');
    await commander.click('[data-nav=policy]');
    await commander.waitForSelector('[data-test=policy-in-force]');
    await commander.fill('[data-test=area-form] input[name=area_name]', '武汉市');
    await commander.selectOption('[data-test=area-form] select[name=area_level]', 'high');
    await commander.fill('[data-test=area-form] input[name=area_effective_from]', shanghaiDay(-30));
    await commander.click('[data-test=area-form] button[type=submit]');
    await commander.waitForSelector('[data-area="武汉市"][data-level=high]');
    assert.match(await commander.textContent('[data-area="武汉市"]'), /高风险/);
    await screenshot(commander, 'story1-policy-zh-CN');

    await commander.click('[data-nav=sites]');
    await commander.fill('[data-test=site-form] input[name=name]', '胜利定点酒店');
    await commander.fill('[data-test=site-form] input[name=address]', '胜利路8号');
    await commander.fill('[data-test=site-form] input[name=capacity]', '20');
    const picker = commander.locator('[data-test=site-form] [data-test=grid-picker] select');
    for (let depth = 0; depth < 3; depth++) {
      const select = picker.nth(depth);
      await select.waitFor();
      if ((await select.inputValue()) === '') await select.selectOption({ index: 1 });
    }
    await commander.click('[data-test=site-form] button[type=submit]');
    await commander.locator('[data-test=site]', { hasText: '胜利定点酒店' }).click();
    await commander.waitForSelector('[data-test=site-name]');
    await commander.fill('[data-test=room-form] input[name=number]', '301');
    await commander.fill('[data-test=room-form] input[name=floor]', '3');
    await commander.click('[data-test=room-form] button[type=submit]');
    await commander.waitForSelector('[data-room="301"]');

    // --- The grid worker registers the returnee on the doorstep, on a phone, in English.
    const grid = await signInAs('grid', PHONE, 'en');
    await grid.click('[data-test=phonenav] a[href="/arrivals"]');
    await grid.waitForSelector('[data-test=arrival-form]');
    await grid.check('[data-test=arrival-form] input[name=mode][value=new]');
    // Nothing typed: the API says which field is missing, beside it.
    await grid.click('[data-test=arrival-form] button[type=submit]');
    const missing = await grid.waitForSelector('[data-field-error=origin]');
    assert.equal(await missing.textContent(), 'Required');
    await grid.fill('[data-test=arrival-form] input[name=person_name]', '刘东升');
    await grid.fill('[data-test=arrival-form] input[name=person_phone]', '13800138000');
    await grid.selectOption('[data-test=arrival-form] select[name=origin_area_id]', { label: '武汉市 · High risk' });
    await grid.fill('[data-test=arrival-form] input[name=origin]', '武汉');
    await grid.fill('[data-test=arrival-form] input[name=arrival_date]', shanghaiDay(-14));
    await grid.selectOption('[data-test=arrival-form] select[name=transport]', 'train');
    await grid.fill('[data-test=arrival-form] input[name=transport_detail]', 'G1234');
    await grid.fill('[data-test=arrival-form] input[name=temperature]', '36.6');
    await grid.click('[data-test=arrival-form] button[type=submit]');
    const answer = grid.locator('[data-test=arrival-answer]');
    await answer.waitFor();
    assert.match(await answer.textContent(), /Required: Centralized quarantine/);
    assert.match(await answer.textContent(), /High risk/);
    const orderId = await answer.getAttribute('data-order');
    assert.ok(Number(orderId) > 0, 'the policy required an order');
    await grid.locator(`[data-test=arrival-list] [data-arrival]`, { hasText: '刘东升' }).waitFor();
    await screenshot(grid, 'story1-arrival-phone-en');

    // He refuses: the worker opens a persuasion task and asks the street's police.
    await grid.click('[data-test=arrival-order-link]');
    await statusIs(grid, '[data-test=order-status]', 'ordered');
    assert.match(await grid.textContent('[data-test=order-title]'), new RegExp(`Order ${orderId}: 刘东升`));
    await grid.selectOption('[data-test=task-form] select[name=task_kind]', 'persuasion');
    await grid.fill('[data-test=task-form] input[name=task_title]', '刘东升拒绝集中隔离');
    await grid.click('[data-test=task-form] button[type=submit]');
    await grid.waitForSelector('[data-test=created-task]');
    await screenshot(grid, 'story1-order-phone-en');
    await grid.click('[data-test=ask-assist]');
    await grid.waitForSelector('[data-test=assist-form]');
    await grid.selectOption('[data-test=assist-form] select[name=to_unit]', { label: 'Street · 胜利街道' });
    assert.equal(await grid.inputValue('[data-test=assist-form] select[name=to_role]'), 'community_police');
    await grid.fill('[data-test=assist-form] textarea[name=message]', '返乡人员拒绝集中隔离，请社区民警协助劝导');
    await grid.click('[data-test=assist-form] button[type=submit]');
    await statusIs(grid, '[data-test=assist-status]', 'requested');
    const assistId = grid.url().split('/').pop();
    await screenshot(grid, 'story1-assist-phone-en');

    // --- The community police accept, persuade him and record it on the shared timeline.
    const police = await signInAs('police', DESKTOP, 'zh-CN');
    await police.click('[data-nav=assists]');
    await police.click(`[data-assist="${assistId}"] a`);
    await statusIs(police, '[data-test=assist-status]', 'requested');
    assert.match(await police.textContent('[data-test=assist-task]'), /刘东升拒绝集中隔离/);
    await police.fill('[data-test=assist-note] textarea[name=note]', '民警已接手');
    await police.click('[data-test=assist-note] button[data-action=accept]');
    await statusIs(police, '[data-test=assist-status]', 'accepted');
    await police.fill('[data-test=assist-note] textarea[name=note]', '经民警劝导，本人同意到定点酒店集中隔离');
    await police.click('[data-test=assist-note] button[data-action=note]');
    await police.waitForSelector('[data-test=assist-timeline] [data-action="assist.note"]');
    await police.click('[data-test=assist-note] button[data-action=complete]');
    await statusIs(police, '[data-test=assist-status]', 'done');
    const timeline = await police.textContent('[data-test=assist-timeline]');
    for (const step of ['请求协助', '接受协助', '经民警劝导', '完成协助']) assert.ok(timeline.includes(step), `timeline shows ${step}`);
    await screenshot(police, 'story1-assist-police-zh-CN');

    // The worker sees the police's record on the same timeline.
    await grid.reload();
    await statusIs(grid, '[data-test=assist-status]', 'done');
    assert.match(await grid.textContent('[data-test=assist-timeline]'), /经民警劝导/);

    // Escorted to the hotel, the police check him in to room 301.
    await police.goto(`/orders/${orderId}`);
    await police.waitForSelector('[data-test=stay-form]');
    await police.selectOption('[data-test=stay-form] select[name=stay_site]', { label: '胜利定点酒店 · 空余20' });
    await police.locator('[data-test=stay-form] select[name=room_id] option', { hasText: '301' }).waitFor({ state: 'attached' });
    await police.selectOption('[data-test=stay-form] select[name=room_id]', { index: 1 });
    await police.click('[data-test=stay-form] button[type=submit]');
    await statusIs(police, '[data-test=order-status]', 'active');
    assert.match(await police.textContent('[data-test=order-stay]'), /胜利定点酒店 · 301房间|胜利定点酒店/);
    await screenshot(police, 'story1-order-checked-in-zh-CN');
    await police.click('[data-nav=sites]');
    await police.locator('[data-test=site]', { hasText: '胜利定点酒店' }).click();
    const room = police.locator('[data-room="301"]');
    await room.waitFor();
    assert.match(await room.textContent(), /刘东升/);
    await screenshot(police, 'story1-site-board-zh-CN');
    await finish(police);

    // --- That night the hotel's site staff take his temperature: 38.5 °C.
    const site = await signInAs('site', DESKTOP, 'zh-CN');
    await site.click('[data-nav=followups]');
    await site.check('input[name=scope][value=site]');
    await site.selectOption('[data-test=site-select]', { label: '胜利定点酒店' });
    const due = site.locator('[data-test=due-list] li', { hasText: '刘东升' });
    await due.waitFor();
    const slot = due.locator('form.quick').first();
    await slot.locator('input[name=temperature]').fill('38.5');
    await slot.locator('button[type=submit]').click();
    await due.locator('[data-test=alert]').waitFor();
    await screenshot(site, 'story1-fever-zh-CN');
    await finish(site);

    // The fever gave the grid a referral task, in the worker's inbox.
    await grid.click('[data-test=phonenav] a[href="/tasks"]');
    const referral = grid.locator('[data-test=task-list] li', { hasText: 'Referral' });
    await referral.first().waitFor();
    // A task the system opened is headed by its kind in the reader's language.
    assert.equal((await referral.first().locator('h2').textContent()).trim(), 'Referral');
    await screenshot(grid, 'story1-referral-phone-en');
    await finish(grid);

    // --- Referred to hospital, he tests negative; health staff record it from the order.
    const health = await signInAs('health', DESKTOP, 'zh-CN');
    await health.goto(`/orders/${orderId}`);
    await health.click('[data-test=record-test]');
    await health.waitForSelector('[data-test=sample-person]');
    assert.equal(await health.textContent('[data-test=sample-person]'), '刘东升');
    await health.selectOption('[data-test=sample-form] select[name=kind]', 'pcr');
    await health.selectOption('[data-test=sample-form] select[name=result]', 'negative');
    await health.click('[data-test=sample-form] button[type=submit]');
    await health.waitForSelector('[data-test=sample-table] tr[data-result=negative]');
    // The same day a pooled tube of two other residents comes back positive: both are
    // flagged for an individual retest.
    await health.click('[data-nav=labtests]');
    await health.waitForFunction(() => !document.querySelector('[data-test=sample-person]'));
    const residents = (await apiGet(health, '/persons?limit=2')).items;
    await health.fill('[data-test=tube-form] input[name=code]', 'HG-0001');
    for (const r of residents) {
      await health.fill('[data-test=tube-form] input[name=person_search]', r.name);
      await health.click(`[data-test=tube-form] button[data-person="${r.id}"]`);
    }
    await health.click('[data-test=tube-form] button[type=submit]');
    const tube = health.locator('[data-test=tube][data-tube=HG-0001]');
    await tube.waitFor();
    await tube.locator('button[data-result-button=positive]').click();
    await health.waitForSelector('[data-test=tube][data-tube=HG-0001][data-result=positive]');
    assert.equal(await tube.locator('[data-retest=true]').count(), 2);
    await health.check('input[name=only_retest]');
    await health.waitForFunction(() => document.querySelectorAll('[data-test=sample-table] tbody tr[data-retest=true]').length === 2);
    assert.equal(await health.locator('[data-test=sample-table] tbody tr[data-retest=false]').count(), 0);
    await screenshot(health, 'story1-lab-tests-zh-CN');
    await finish(health);

    // --- The period ends today: the command office releases him from the release list.
    await commander.click('[data-nav=orders]');
    const dueRow = commander.locator(`[data-release=due_on_day] [data-order="${orderId}"]`);
    await dueRow.waitFor();
    assert.equal(await dueRow.getAttribute('data-ready'), 'true');
    assert.ok((await commander.getAttribute('[data-test=release-xlsx]', 'href')).includes('format=xlsx'));
    await screenshot(commander, 'story1-release-list-zh-CN');
    await dueRow.locator('a').click();
    await statusIs(commander, '[data-test=order-status]', 'active');
    // A second tab still shows the order active; releasing there after this one is
    // refused in words.
    const stale = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(stale, 'commander');
    await stale.goto(`/orders/${orderId}`);
    await statusIs(stale, '[data-test=order-status]', 'active');
    await commander.fill('[data-test=order-actions] input[name=note]', '隔离期满，检测阴性');
    await commander.click('[data-test=order-actions] button[data-action=release]');
    await statusIs(commander, '[data-test=order-status]', 'released');
    assert.match(await commander.textContent('[data-test=order-history]'), /解除/);
    await screenshot(commander, 'story1-order-released-zh-CN');
    await stale.click('[data-test=order-actions] button[data-action=release]');
    const refused = await stale.waitForSelector('[data-test=action-error]');
    assert.match(await refused.textContent(), /他人修改|当前状态不能/);
    await finish(stale);

    // The dashboard: nobody left in quarantine, the fever of today and its open alert.
    await commander.click('[data-nav=dashboard]');
    await commander.waitForSelector('[data-test=quarantine-summary]');
    assert.equal(await commander.textContent('[data-test=under-quarantine]'), '0');
    assert.equal(await commander.textContent('[data-test=fevers-today]'), '1');
    assert.equal(await commander.textContent('[data-test=open-alerts]'), '1');
    await screenshot(commander, 'story1-dashboard-zh-CN');
    await finish(commander);

    // The audit log holds every step taken on the order.
    const admin = await signInAs('admin', DESKTOP, 'zh-CN');
    await admin.click('[data-nav=audit]');
    await admin.fill('input[name=record_type]', 'quarantine_order');
    await admin.fill('input[name=record_id]', orderId);
    await admin.press('input[name=record_id]', 'Enter');
    // The page first lists the latest entries of every record; wait for the filtered
    // answer: every row names this order (and its release is among them).
    await admin.waitForFunction((record) => {
      const rows = [...document.querySelectorAll('[data-test=audit-table] tbody tr')];
      return rows.length > 0 && rows.every((row) => row.cells[4].textContent.trim() === record) &&
        rows.some((row) => row.textContent.includes('解除隔离'));
    }, `quarantine_order ${orderId}`);
    const audit = await admin.textContent('[data-test=audit-table]');
    for (const step of ['下达隔离', '入住隔离点', '解除隔离']) assert.ok(audit.includes(step), `audit shows ${step}`);
    await screenshot(admin, 'story1-audit-zh-CN');
    await finish(admin);
  });

  it('a hotel front desk registers travellers at phone size in traditional Chinese', async () => {
    // The grid the travellers stay in, as the hotel's paper form gives it.
    const grid = await signInAs('grid', DESKTOP, 'zh-CN');
    const gridId = (await apiGet(grid, '/session')).jurisdiction_id;
    await finish(grid);

    const hotel = await signInAs('hotel', PHONE, 'zh-TW');
    const nav = await hotel.$$eval('[data-test=phonenav] a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(nav, ['/', '/arrivals'], 'a front desk sees only the arrival form');
    await hotel.click('[data-test=phonenav] a[href="/arrivals"]');
    await hotel.waitForSelector('[data-test=arrival-form]');
    // A front desk cannot search persons: only the new-person form, with a grid number.
    assert.equal(await hotel.locator('input[name=mode]').count(), 0);
    await hotel.fill('[data-test=arrival-form] input[name=person_name]', '旅客甲');
    await hotel.fill('[data-test=arrival-form] input[name=grid_id]', '999999');
    await hotel.fill('[data-test=arrival-form] input[name=origin]', '广州');
    await hotel.selectOption('[data-test=arrival-form] select[name=transport]', 'flight');
    await hotel.click('[data-test=arrival-form] button[type=submit]');
    const wrongGrid = await hotel.waitForSelector('[data-field-error=grid_id]');
    assert.match(await wrongGrid.textContent(), /網格/);
    await hotel.fill('[data-test=arrival-form] input[name=grid_id]', String(gridId));
    await hotel.fill('[data-test=arrival-form] input[name=temperature]', '36.8');
    await hotel.click('[data-test=arrival-form] button[type=submit]');
    await hotel.waitForSelector('[data-test=arrival-answer] [data-test=no-order]');
    assert.equal((await hotel.textContent('[data-test=no-order]')).trim(), '無需隔離');
    assert.equal(await hotel.locator('[data-test=arrival-list]').count(), 0, 'no list without quarantine.read');
    await screenshot(hotel, 'arrival-hotel-phone-zh-TW');
    await finish(hotel);
  });

  it('the command office moves an order, then switches the policy and recomputes it', async () => {
    const grid = await signInAs('grid', DESKTOP, 'zh-CN');
    const gridId = (await apiGet(grid, '/session')).jurisdiction_id;
    const commander = await signInAs('commander', DESKTOP, 'zh-CN');
    assert.equal(await apiSend(commander, 'POST', '/risk-areas', { name: '上海市', level: 'high', effective_from: shanghaiDay(-10) }), 201);
    const area = (await apiGet(commander, '/risk-areas')).items.find((a) => a.name === '上海市');
    assert.equal(
      await apiSend(grid, 'POST', '/arrivals', {
        person: { name: '王芳', grid_id: gridId },
        origin_area_id: area.id,
        arrival_date: shanghaiDay(-3),
        transport: 'train',
      }),
      201,
    );
    await finish(grid);
    const order = (await apiGet(commander, '/quarantine-orders?status=ordered&kind=centralized')).items.find((o) => o.reason === 'arrival');
    assert.ok(order, 'the arrival made a centralized order');

    // The order list filtered by kind and state finds it.
    await commander.click('[data-nav=orders]');
    await commander.selectOption('[data-test=order-filters] select[name=kind]', 'centralized');
    await commander.selectOption('[data-test=order-filters] select[name=status]', 'ordered');
    await commander.selectOption('[data-test=order-filters] select[name=reason]', 'arrival');
    await commander.click(`[data-test=order-table] [data-order="${order.id}"] a`);
    await statusIs(commander, '[data-test=order-status]', 'ordered');

    // An extension must end later than the order does: said beside the date.
    await commander.fill('[data-test=order-actions] input[name=end_date]', shanghaiDay(1));
    await commander.click('[data-test=order-actions] button[data-action=extend]');
    const notLater = await commander.waitForSelector('[data-test=order-actions] [data-field-error=end_date]');
    assert.equal(await notLater.textContent(), '新的结束日期必须晚于现结束日期');
    // Moved to home quarantine: the history keeps the transfer.
    await commander.selectOption('[data-test=order-actions] select[name=transfer_kind]', 'home');
    await commander.click('[data-test=order-actions] button[data-action=transfer]');
    await commander.waitForSelector('[data-test=order-history] [data-event=transfer]');
    assert.match(await commander.textContent('[data-test=order-history] [data-event=transfer]'), /集中隔离 → 居家隔离/);

    // The 9th edition replaces the 2020 rules: the preview shows what it changes.
    await commander.click('[data-nav=policy]');
    await commander.waitForSelector('[data-test=policy-in-force][data-code=cn-2020-early]');
    await commander.selectOption('[data-test=policy-switch] select[name=policy]', 'cn-9th-2022@1');
    await commander.click('[data-test=policy-switch] button[type=submit]');
    await commander.waitForSelector('[data-test=policy-in-force][data-code=cn-9th-2022]');
    const row = commander.locator(`[data-test=recompute-preview] [data-order="${order.id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-changes'), 'true');
    await screenshot(commander, 'policy-preview-zh-CN');
    await commander.click('[data-test=recompute-apply]');
    await commander.waitForSelector('[data-test=recompute-applied]');
    await commander.goto(`/orders/${order.id}`);
    await commander.waitForSelector('[data-test=order-history] [data-event=recompute]');
    assert.match(await commander.textContent('[data-test=order-history]'), /按现行方案重新计算/);
    await screenshot(commander, 'order-recomputed-zh-CN');
    await finish(commander);
  });
});
