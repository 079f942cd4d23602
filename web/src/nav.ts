// The pages of the app shell, each with the permission its API needs; the navigation
// shows only what the signed-in role may use. `phone` marks pages for field roles that
// also appear in the bottom bar on small screens.
export interface NavItem {
  name: string; // route name and translation key under "nav."
  path: string;
  permission: string; // "authenticated" for every account
  phone?: boolean;
}

export const NAV: NavItem[] = [
  { name: 'dashboard', path: '/', permission: 'authenticated', phone: true },
  { name: 'places', path: '/places', permission: 'places.read' },
  { name: 'persons', path: '/persons', permission: 'persons.read', phone: true },
  { name: 'followups', path: '/follow-ups', permission: 'quarantine.read', phone: true },
  { name: 'tasks', path: '/tasks', permission: 'tasks.work', phone: true },
  { name: 'reports', path: '/reports', permission: 'reports.handle' },
  { name: 'sites', path: '/sites', permission: 'quarantine.read' },
  { name: 'cases', path: '/cases', permission: 'cases.read' },
  { name: 'users', path: '/users', permission: 'users.manage' },
  { name: 'audit', path: '/audit', permission: 'audit.read' },
  { name: 'arrivals', path: '/arrivals', permission: 'arrivals.report', phone: true },
  { name: 'orders', path: '/orders', permission: 'quarantine.read' },
  { name: 'labtests', path: '/tests', permission: 'quarantine.read' },
  { name: 'policy', path: '/policy', permission: 'quarantine.read' },
  { name: 'assists', path: '/assists', permission: 'tasks.work' },
  { name: 'screening', path: '/screening', permission: 'screening.manage', phone: true },
  { name: 'transfer', path: '/transfer', permission: 'persons.read' },
];

export function visibleNav(permissions: readonly string[]): NavItem[] {
  return NAV.filter((item) => item.permission === 'authenticated' || permissions.includes(item.permission));
}
