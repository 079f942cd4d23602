// The web UI in a real browser against a real server: sign-in, search in two languages,
// a phone-sized screen, revealing identifiers, switching language, errors next to their
// fields, the forced password change; a screenshot of every page in artifacts/.
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
  signIn,
  signInHome,
  skipUnlessRunnable,
  useServerAndBrowser,
} from './harness.mjs';

skipUnlessRunnable();

const suite = useServerAndBrowser();

// A resident of the grid worker's grid, as the API sees it.
async function someResident(page) {
  const page1 = await apiGet(page, '/persons?limit=50');
  const person = page1.items.find((p) => p.name.length >= 2 && p.name_initials.length >= 2);
  assert.ok(person, 'the demo city has residents');
  return person;
}

describe('web UI', () => {
  it('signs in in simplified Chinese by default and shows the pages of the role', async () => {
    const page = await newPage(suite.browser, suite.server.url, DESKTOP);
    await page.goto('/');
    await page.waitForURL(/\/login/);
    assert.equal(await page.textContent('h1'), '登录');
    await screenshot(page, 'login-zh-CN');

    await signIn(page, 'admin', 'wrong-password');
    const error = await page.waitForSelector('[data-test=form-error]');
    assert.equal(await error.textContent(), '用户名或密码不正确');

    await signInHome(page, 'admin');
    const nav = await page.$$eval('[data-test=nav] a', (as) => as.map((a) => a.textContent.trim()));
    assert.deepEqual(nav, [
      '首页',
      '辖区',
      '人员',
      '今日随访',
      '我的任务',
      '举报处置',
      '隔离点',
      '病例',
      '账号',
      '审计日志',
      '返乡登记',
      '隔离管理',
      '核酸检测',
      '防控方案',
      '联动协助',
      '走访排查',
      '导入导出',
    ]);
    await page.waitForSelector('[data-test=chart] canvas');
    await screenshot(page, 'dashboard-admin-zh-CN');
    await finish(page);
  });

  it('shows a grid worker only the pages of the role', async () => {
    const page = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(page, 'grid');
    const nav = await page.$$eval('[data-test=nav] a', (as) => as.map((a) => a.getAttribute('data-nav')));
    assert.deepEqual(nav, [
      'dashboard',
      'places',
      'persons',
      'followups',
      'tasks',
      'reports',
      'sites',
      'arrivals',
      'orders',
      'labtests',
      'policy',
      'assists',
      'screening',
      'transfer',
    ]);
    // The tree starts at the worker's own grid.
    await page.click('[data-nav=places]');
    const top = page.locator('[data-test=place-tree] > .tree-node .tree-row').first();
    await top.waitFor();
    assert.match(await top.textContent(), /网格/);
    // A grid worker adds a compound below the grid; the same name twice is refused in words.
    for (const attempt of ['created', 'duplicate']) {
      await top.locator('[data-test=add-child]').click();
      await page.fill('[data-test=place-form] input[name=name]', '新建小区');
      await page.click('[data-test=place-form] button[type=submit]');
      if (attempt === 'created') {
        await page.locator('[data-test=place-tree] .tree .tree-row', { hasText: '新建小区' }).waitFor();
      } else {
        const refusal = await page.waitForSelector('[data-test=place-form] [data-field-error=name]');
        assert.equal(await refusal.textContent(), '已存在，不能重复');
      }
    }
    await screenshot(page, 'places-grid-worker-zh-CN');
    // A page the role may not use sends it home instead.
    await page.goto('/audit');
    await page.waitForSelector('[data-test=welcome]');
    await finish(page);
  });

  it('finds a person as you type, by characters in Chinese and by pinyin in English', async () => {
    const page = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(page, 'admin');
    const person = await someResident(page);

    await page.click('[data-nav=persons]');
    await page.fill('[data-test=person-search]', person.name);
    await page.waitForFunction(
      (name) => [...document.querySelectorAll('[data-test=person-row] .name')].some((n) => n.textContent === name),
      person.name,
    );
    assert.match(await page.textContent('[data-test=person-results]'), /男|女/);
    await screenshot(page, 'persons-search-zh-CN');

    await page.selectOption('[data-test=locale]', 'en');
    await page.fill('[data-test=person-search]', person.name_initials);
    await page.waitForFunction(
      (name) => [...document.querySelectorAll('[data-test=person-row] .name')].some((n) => n.textContent === name),
      person.name,
    );
    assert.equal(await page.textContent('h1'), 'Persons');
    assert.match(await page.textContent('[data-test=person-results]'), /Male|Female/);
    await screenshot(page, 'persons-search-en');

    // The choice of language survives a reload.
    await page.reload();
    await page.waitForSelector('[data-test=person-search]');
    assert.equal(await page.textContent('h1'), 'Persons');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await finish(page);
  });

  it('on a phone, a police officer finds a person and reveals the identifiers', async () => {
    const page = await newPage(suite.browser, suite.server.url, PHONE);
    await signInHome(page, 'police');
    assert.ok(await page.isVisible('[data-test=phonenav]'), 'bottom bar on a phone');
    await screenshot(page, 'dashboard-police-phone');
    const person = await someResident(page);

    await page.selectOption('[data-test=locale]', 'zh-TW');
    await page.click('[data-test=phonenav] a[href="/persons"]');
    await page.fill('[data-test=person-search]', person.name_pinyin);
    const row = page.locator('[data-test=person-row]', { hasText: person.name }).first();
    await row.waitFor();
    assert.equal(await page.textContent('h1'), '人員');
    await screenshot(page, 'persons-search-phone-zh-TW');
    await row.click();

    await page.waitForSelector('[data-test=person-name]');
    const masked = (await page.textContent('[data-test=id-number]')).trim();
    assert.match(masked, /\*/, 'identifiers masked at first');
    await page.click('[data-test=reveal]');
    await page.waitForFunction(() => !document.querySelector('[data-test=id-number]').textContent.includes('*'));
    const full = (await page.textContent('[data-test=id-number]')).trim();
    assert.match(full, /\d{17}[\dX]/);
    // Fits the screen: nothing wider than the viewport.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await screenshot(page, 'person-revealed-phone-zh-TW');
    await finish(page);
  });

  it('hides the reveal button from roles without the permission', async () => {
    const page = await newPage(suite.browser, suite.server.url, PHONE);
    await signInHome(page, 'grid');
    const person = await someResident(page);
    await page.goto(`/persons/${person.id}`);
    await page.waitForSelector('[data-test=person-name]');
    assert.equal(await page.locator('[data-test=reveal]').count(), 0);
    await finish(page);
  });

  it('on a phone, a grid worker registers a resident; a mistyped ID is flagged beside its field', async () => {
    const page = await newPage(suite.browser, suite.server.url, PHONE);
    await signInHome(page, 'grid');
    await page.click('[data-test=phonenav] a[href="/persons"]');
    await page.click('[data-test=person-new]');
    await page.waitForSelector('[data-test=person-form]');
    // The grid worker's own grid is the only choice, so it is chosen already.
    await page.waitForFunction(() => {
      const selects = document.querySelectorAll('[data-test=grid-picker] select');
      return selects.length > 0 && selects[selects.length - 1].value !== '';
    });
    await page.fill('input[name=name]', '刘东升');
    await page.fill('input[name=id_number]', '11010119900307001X'); // the check character is 1
    await page.fill('input[name=phone]', '13800138000');
    await page.check('input[type=checkbox][value=elderly]');
    await page.click('[data-test=person-form] button[type=submit]');
    const idError = await page.waitForSelector('[data-field-error=id_number]');
    assert.equal(await idError.textContent(), '身份证号校验位不符，可能有数字输错');
    await screenshot(page, 'person-register-error-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `form is ${overflow}px wider than the phone`);

    await page.fill('input[name=id_number]', '110101199003070011');
    await page.click('[data-test=person-form] button[type=submit]');
    await page.waitForSelector('[data-test=person-name]');
    assert.equal(await page.textContent('[data-test=person-name]'), '刘东升');
    assert.match(await page.textContent('[data-test=id-number]'), /\*/);
    assert.match(await page.textContent('.facts'), /老年人/);
    await screenshot(page, 'person-registered-phone');

    // A correction made meanwhile by someone else is not overwritten: 409, in words.
    await page.click('[data-test=edit]');
    await page.fill('input[name=address]', '滨河小区1栋1单元101室');
    const id = page.url().split('/').pop();
    const current = await apiGet(page, `/persons/${id}`);
    const status = await apiSend(page, 'PATCH', `/persons/${id}`, { address: '别处', version: current.version });
    assert.equal(status, 200);
    await page.click('[data-test=person-form] button[type=submit]');
    assert.equal(await (await page.waitForSelector('[data-test=form-error]')).textContent(), '记录已被他人修改，请刷新后重试');
    await page.reload();
    await page.click('[data-test=edit]');
    await page.fill('input[name=address]', '滨河小区1栋1单元101室');
    await page.click('[data-test=person-form] button[type=submit]');
    await page.waitForSelector('.facts');
    assert.match(await page.textContent('.facts'), /滨河小区1栋1单元101室/);

    // Found again in traditional script, and by initials.
    await page.click('[data-test=phonenav] a[href="/persons"]');
    for (const q of ['劉東升', 'lds']) {
      await page.fill('[data-test=person-search]', q);
      await page.locator('[data-test=person-row]', { hasText: '刘东升' }).first().waitFor();
    }
    await finish(page);
  });

  it('sets up a quarantine site with rooms and shows its board', async () => {
    const page = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(page, 'admin');
    await page.click('[data-nav=sites]');
    await page.waitForSelector('[data-test=site-form]');
    // Without an address the API refuses, beside the field concerned.
    await page.fill('[data-test=site-form] input[name=name]', '示范大酒店');
    await page.fill('[data-test=site-form] input[name=capacity]', '40');
    await page.click('[data-test=site-form] button[type=submit]');
    assert.equal(await (await page.waitForSelector('[data-test=site-form] [data-field-error=address]')).textContent(), '必填');
    await page.fill('[data-test=site-form] input[name=address]', '胜利路1号');
    // City, district, street chosen: created in the street.
    const picker = page.locator('[data-test=site-form] [data-test=grid-picker] select');
    for (let depth = 0; depth < 3; depth++) {
      const select = picker.nth(depth);
      await select.waitFor();
      if ((await select.inputValue()) === '') await select.selectOption({ index: 1 });
    }
    await page.click('[data-test=site-form] button[type=submit]');
    const card = page.locator('[data-test=site]', { hasText: '示范大酒店' });
    await card.waitFor();
    assert.match(await card.textContent(), /已住 0 \/ 容量 40，空余 40/);
    await screenshot(page, 'sites-zh-CN');

    await card.click();
    await page.waitForSelector('[data-test=site-name]');
    for (const [number, floor] of [['301', '3'], ['302', '3'], ['201', '2']]) {
      await page.fill('[data-test=room-form] input[name=number]', number);
      await page.fill('[data-test=room-form] input[name=floor]', floor);
      await page.click('[data-test=room-form] button[type=submit]');
      await page.waitForSelector(`[data-room="${number}"]`);
    }
    // The same number twice is a conflict, said in words.
    await page.fill('[data-test=room-form] input[name=number]', '301');
    await page.click('[data-test=room-form] button[type=submit]');
    await page.waitForSelector('[data-test=room-form] [role=alert], [data-test=room-form] .field-errors');
    assert.equal(await page.locator('[data-test=room-board] .room').count(), 3);
    await screenshot(page, 'site-board-zh-CN');
    await finish(page);
  });

  it('on a phone, a grid worker opens the follow-ups due today', async () => {
    const page = await newPage(suite.browser, suite.server.url, PHONE);
    await signInHome(page, 'grid');
    await page.click('[data-test=phonenav] a[href="/follow-ups"]');
    // The worker's grid is chosen already; nobody is in quarantine in a fresh city.
    await page.waitForSelector('[data-test=nothing-due]');
    assert.match(await page.textContent('[data-test=due-day]'), /\d{4}年\d+月\d+日 应随访/);
    await screenshot(page, 'followups-phone-zh-CN');
    await finish(page);
  });

  it('in English, health staff report a case, see its contacts and chain, and the epidemic curve', async () => {
    const page = await newPage(suite.browser, suite.server.url, DESKTOP);
    await page.goto('/login');
    await page.selectOption('[data-test=locale]', 'en');
    await signInHome(page, 'health');
    const residents = (await apiGet(page, '/persons?limit=3')).items;
    const [patient, contact] = residents;
    await page.goto(`/persons/${patient.id}`);
    await page.click('[data-test=report-case]');
    await page.selectOption('[data-test=case-form] select[name=classification]', 'confirmed');
    await page.fill('[data-test=case-form] input[name=onset_date]', '2026-01-01');
    await page.click('[data-test=case-form] button[type=submit]');
    await page.waitForURL(/\/cases\/\d+$/);
    const caseId = page.url().split('/').pop();
    await page.waitForFunction(
      (text) => document.querySelector('[data-test=case-title]')?.textContent.trim() === text,
      `Case ${caseId}: ${patient.name}`,
    );

    // A household contact recorded through the API appears with its name and setting.
    const status = await apiSend(page, 'POST', `/cases/${caseId}/contacts`, {
      contacts: [{ person_id: contact.id, setting: 'household', last_date: '2026-01-01' }],
    });
    assert.ok(status < 300, `contacts answered ${status}`);
    await page.reload();
    const contacts = page.locator('[data-test=contacts] .row', { hasText: contact.name });
    await contacts.waitFor();
    assert.match(await contacts.textContent(), /Household/);
    await page.waitForSelector('[data-test=chart] canvas');
    await screenshot(page, 'case-en');

    await page.click('[data-nav=cases]');
    await page.waitForSelector(`[data-case="${caseId}"]`);
    assert.match(await page.textContent(`[data-case="${caseId}"]`), /Confirmed/);
    await page.click('[data-nav=dashboard]');
    await page.waitForSelector('[data-test=epi-curve] canvas');
    assert.match(await page.textContent('main'), /Epidemic curve/);
    await screenshot(page, 'dashboard-health-en');
    await finish(page);
  });

  it('browses the jurisdiction tree and verifies the audit log', async () => {
    const page = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(page, 'admin');
    await page.click('[data-nav=places]');
    await page.click('[data-test=place-tree] [data-test=toggle]');
    await page.waitForSelector('[data-test=place-tree] .tree .tree-node');
    await page.locator('[data-test=place-tree] .tree [data-test=toggle]').first().click();
    await page.waitForSelector('[data-test=place-tree] .tree .tree .tree-node');
    await screenshot(page, 'places-zh-CN');

    await page.click('[data-nav=audit]');
    await page.waitForSelector('[data-test=audit-table] tbody tr');
    await page.click('[data-test=verify]');
    const verdict = await page.waitForSelector('[data-test=verification].ok');
    assert.match(await verdict.textContent(), /哈希链完整/);
    await screenshot(page, 'audit-zh-CN');
    await finish(page);
  });

  it('shows API errors next to their field, and makes a new account change its one-time password', async () => {
    const page = await newPage(suite.browser, suite.server.url, DESKTOP);
    await signInHome(page, 'admin');
    await page.click('[data-nav=users]');
    await page.waitForSelector('[data-test=user-table] tbody tr');

    await page.fill('[data-test=user-form] input[name=username]', 'bad name!');
    await page.click('[data-test=user-form] button[type=submit]');
    const fieldError = await page.waitForSelector('[data-field-error=username]');
    assert.equal(await fieldError.textContent(), '格式不正确');
    await page.selectOption('[data-test=locale]', 'en');
    assert.equal(await fieldError.textContent(), 'Not valid');
    await screenshot(page, 'users-field-error-en');

    await page.fill('[data-test=user-form] input[name=username]', 'newgrid');
    await page.selectOption('[data-test=user-form] select[name=role]', 'grid_worker');
    await page.click('[data-test=user-form] button[type=submit]');
    const otp = await page.waitForSelector('[data-test=one-time-password] code');
    const oneTime = (await otp.textContent()).trim();
    assert.ok(oneTime.length >= 8);
    await page.waitForSelector('[data-user=newgrid]');
    await page.click('[data-test=logout]');
    await page.waitForURL(/\/login/);

    await signIn(page, 'newgrid', oneTime);
    await page.waitForSelector('[data-test=must-change]');
    await page.fill('input[name=current_password]', oneTime);
    await page.fill('input[name=new_password]', 'x');
    await page.fill('input[name=repeat_password]', 'x');
    await page.click('[data-test=password-form] button[type=submit]');
    assert.equal(await (await page.waitForSelector('[data-field-error=new_password]')).textContent(), 'The password is too short');
    await screenshot(page, 'password-change-en');
    await page.fill('input[name=new_password]', 'a-much-better-password');
    await page.fill('input[name=repeat_password]', 'a-much-better-password');
    await page.click('[data-test=password-form] button[type=submit]');
    await page.waitForSelector('[data-test=password-changed]');
    await signIn(page, 'newgrid', 'a-much-better-password');
    await page.waitForSelector('[data-test=welcome]');
    await finish(page);
  });

  it('serves the app for client routes and refuses unknown assets', async () => {
    const res = await fetch(`${suite.server.url}/persons/1`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.match(await res.text(), /<div id="app">/);
    const missingAsset = await fetch(`${suite.server.url}/assets/no-such-file.js`);
    assert.equal(missingAsset.status, 404);
    const api = await fetch(`${suite.server.url}/api/v1/no-such-route`);
    assert.equal(api.status, 404);
    assert.equal(api.headers.get('content-type'), 'application/problem+json');
  });
});
