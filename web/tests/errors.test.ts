// API errors are shown next to their field, in the user's language, by code.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { ApiError, toProblem } from '../src/api/client';
import FieldErrors from '../src/components/FieldErrors.vue';
import { useApiErrors } from '../src/errors';
import { i18n, setLocale } from '../src/i18n';

const problem = toProblem(422, {
  status: 422,
  code: 'validation_failed',
  detail: 'invalid account',
  errors: [
    { field: 'username', code: 'required', message: 'username is required' },
    { field: 'role', code: 'some_new_code', message: 'role is odd' },
  ],
});

const Form = defineComponent({
  setup() {
    const errors = useApiErrors();
    void errors.capture(() => Promise.reject(new ApiError(problem)));
    return () =>
      h('form', [
        h(FieldErrors, { field: 'username', messages: errors.fieldMessages('username') }),
        h(FieldErrors, { field: 'role', messages: errors.fieldMessages('role') }),
        h(FieldErrors, { field: 'password', messages: errors.fieldMessages('password') }),
        h('p', { class: 'form' }, errors.formMessage.value),
      ]);
  },
});

describe('field errors', () => {
  it('are translated by code beside their field, in the chosen language', async () => {
    setLocale('zh-CN');
    const wrapper = mount(Form, { global: { plugins: [i18n] } });
    await new Promise((r) => setTimeout(r));
    expect(wrapper.find('[data-field-error=username]').text()).toBe('必填');
    expect(wrapper.find('[data-field-error=role]').text()).toBe('操作未成功：role is odd');
    expect(wrapper.find('[data-field-error=password]').exists()).toBe(false);
    expect(wrapper.find('p.form').text()).toBe('请检查标出的字段');

    setLocale('en');
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-field-error=username]').text()).toBe('Required');
    expect(wrapper.find('p.form').text()).toBe('Check the marked fields');
    setLocale('zh-CN');
  });

  it('let faults other than API errors propagate', async () => {
    let thrown: unknown;
    const Probe = defineComponent({
      setup() {
        const errors = useApiErrors();
        errors.capture(() => Promise.reject(new TypeError('bug'))).catch((e) => (thrown = e));
        return () => h('div');
      },
    });
    mount(Probe, { global: { plugins: [i18n] } });
    await new Promise((r) => setTimeout(r));
    expect(thrown).toBeInstanceOf(TypeError);
  });
});
