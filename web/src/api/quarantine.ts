// The JSON shapes of arrivals, quarantine orders, lab tests, policies and assist requests,
// as documented in /api/openapi.json, and the enum values the pages offer.
import type { Problem } from './client';

export const ORDER_KINDS = ['centralized', 'home', 'home_monitoring'] as const;
export const ORDER_REASONS = ['arrival', 'close_contact', 'secondary_contact'] as const;
export const ORDER_STATUSES = ['ordered', 'active', 'released', 'escalated', 'broken'] as const;
export const TRANSPORTS = ['train', 'flight', 'car', 'bus', 'ship', 'other'] as const;
export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export const TEST_KINDS = ['pcr', 'antigen'] as const;
export const TEST_RESULTS = ['pending', 'negative', 'positive'] as const;
export const ASSIST_STATUSES = ['requested', 'accepted', 'declined', 'done'] as const;

export interface Order {
  id: number;
  person_id: number;
  grid_id: number;
  kind: string;
  reason: string;
  status: string;
  anchor_date: string;
  start_date: string;
  end_date: string;
  days: number;
  site_id: number | null;
  policy_code: string;
  policy_version: number;
  stage: number;
  parent_order_id: number | null;
  arrival_id: number | null;
  released_on: string | null;
  note: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface OrderEvent {
  id: number;
  at: string;
  action: string;
  from_status: string;
  to_status: string;
  previous_end_date: string | null;
  end_date: string | null;
  from_site_id: number | null;
  to_site_id: number | null;
  from_kind: string | null;
  to_kind: string | null;
  actor_user_id: number;
  note: string;
}

export interface OrderDetail extends Order {
  history: OrderEvent[];
  follow_on_order_id: number | null;
}

export interface ScheduledTest {
  day: number;
  date: string;
  sample_id: number | null;
  result: string | null;
}

export interface ReleaseItem extends Order {
  release_ready: boolean;
  unmet: Problem['errors'];
}

export interface ReleaseList {
  date: string;
  due: ReleaseItem[];
  due_next: ReleaseItem[];
}

export interface RiskLevelEntry {
  id: number;
  level: string;
  effective_from: string;
}

export interface RiskArea {
  id: number;
  name: string;
  code: string | null;
  levels: RiskLevelEntry[];
  level_on?: string;
}

export interface Arrival {
  id: number;
  person_id: number;
  grid_id: number;
  origin_area_id: number | null;
  origin: string;
  arrival_date: string;
  transport: string;
  transport_detail: string;
  temperature: number | null;
  risk_level: string;
  policy_code: string;
  policy_version: number;
  order_id: number | null;
  created_at: string;
}

export interface ArrivalReport extends Arrival {
  order: Order | null;
  person_created: boolean;
  fever: boolean;
}

export interface PolicyStage {
  kind: string;
  days: number;
  test_days: number[];
  release: { negative_tests: number };
}

export interface Policy {
  code: string;
  version: number;
  name: string;
  effective_date: string | null;
  fever_threshold_celsius: number;
  followups_per_day: number;
  categories: Record<string, { stages: PolicyStage[] }>;
  notes: string;
  in_force?: boolean;
}

export interface PolicyInForce {
  policy: Policy | null;
  since: string | null;
}

export interface RecomputeItem {
  order_id: number;
  person_id: number;
  status: string;
  policy_code: string;
  policy_version: number;
  end_date: string;
  new_policy_code: string;
  new_policy_version: number;
  new_end_date: string | null;
  changes: boolean;
}

export interface Sample {
  id: number;
  person_id: number;
  grid_id: number;
  order_id: number | null;
  pooled_tube_id: number | null;
  kind: string;
  sampled_on: string;
  result: string;
  resulted_on: string | null;
  retest_required: boolean;
}

export interface Tube {
  id: number;
  code: string;
  kind: string;
  grid_id: number;
  sampled_on: string;
  result: string;
  resulted_on: string | null;
  members: Sample[];
}

export interface HealthCheck {
  id: number;
  order_id: number;
  temperature: number | null;
  symptoms: string[];
  method: string;
  taken_at: string;
  recorded_by_name: string;
}

export interface Stay {
  id: number;
  order_id: number;
  site_id: number;
  room_id: number;
}

export interface Task {
  id: number;
  kind: string;
  status: string;
  title: string;
  detail: string;
  subject_person_id: number | null;
  unit_id: number;
  due_at: string;
  result: string | null;
  outcome: string;
}

export interface AssistRequest {
  id: number;
  subject_type: string;
  subject_id: number;
  from_user_id: number;
  from_unit_id: number | null;
  to_unit_id: number;
  to_role: string | null;
  status: string;
  message: string;
  created_at: string;
}

export interface TimelineEntry {
  at: string;
  actor_user_id: number;
  actor_name: string;
  action: string;
  note: string;
}

// "YYYY-MM-DD" of today in the deployment's time zone, plus `days`.
export function localDay(days = 0, timeZone = 'Asia/Shanghai', now = new Date()): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
