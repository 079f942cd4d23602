// Labels for enum values sent by the API ("person.reveal", "grid_worker"): the
// translation under `group.` when there is one, else the value itself, so a value added
// on the server shows up readable instead of as a missing key.
import { useI18n } from 'vue-i18n';

export function useLabel() {
  const { t, te } = useI18n();
  return (group: string, value: string): string => (te(`${group}.${value}`) ? t(`${group}.${value}`) : value);
}
