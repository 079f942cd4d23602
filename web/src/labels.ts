// Labels for enum values sent by the API ("person.reveal", "grid_worker"): the
// translation under `group.` when there is one, else the value itself, so a value added
// on the server shows up readable instead of as a missing key.
import { useI18n } from 'vue-i18n';

export function useLabel() {
  const { t, te } = useI18n();
  return (group: string, value: string): string => (te(`${group}.${value}`) ? t(`${group}.${value}`) : value);
}

// A task's heading: the title a person wrote, or for a task the system opened (its title
// is its kind's code, e.g. "referral") the kind in the user's language.
export function useTaskHeading() {
  const label = useLabel();
  return (task: { title?: string | null; kind: string }): string =>
    task.title && task.title !== task.kind ? task.title : label('task_kinds', task.kind);
}
