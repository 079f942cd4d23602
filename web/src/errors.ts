// API errors in the user's language: a problem's `code` (and each field error's `code`)
// picks a translation under "errors."; an unknown code falls back to a generic sentence
// that quotes the server's own message.
import { computed, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError, type FieldProblem } from './api/client';

export function useApiErrors() {
  const { t, te } = useI18n();
  const error: Ref<ApiError | null> = ref(null);

  function translateCode(code: string, message: string): string {
    return te(`errors.${code}`) ? t(`errors.${code}`) : t('errors.unknown', { message });
  }

  function fieldMessages(field: string): string[] {
    return (error.value?.fieldErrors(field) ?? []).map((e: FieldProblem) => translateCode(e.code, e.message));
  }

  // The message for the whole form: the problem's own code, unless every detail is shown
  // next to a field.
  const formMessage = computed(() => {
    const e = error.value;
    if (!e) return '';
    return translateCode(e.code, e.problem.detail);
  });

  // Runs `action`, keeping its ApiError for display; other faults propagate.
  async function capture<T>(action: () => Promise<T>): Promise<T | undefined> {
    error.value = null;
    try {
      return await action();
    } catch (e) {
      if (e instanceof ApiError) {
        error.value = e;
        return undefined;
      }
      throw e;
    }
  }

  return { error, fieldMessages, formMessage, capture, translateCode };
}
