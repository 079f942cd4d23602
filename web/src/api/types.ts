// The shapes of the API's JSON, as documented in /api/openapi.json.

export interface Me {
  id: number;
  username: string;
  role: string;
  jurisdiction_id: number | null;
  must_change_password: boolean;
  permissions: string[];
}

export interface Place {
  id: number;
  parent_id: number | null;
  kind: string;
  name: string;
  code: string | null;
  depth: number;
  ancestors?: Place[];
}

export interface Person {
  id: number;
  name: string;
  name_simplified: string;
  name_pinyin: string;
  name_initials: string;
  id_type: string;
  id_number: string | null;
  sex: string;
  birth_date: string | null;
  phone: string | null;
  grid_id: number;
  address_id: number | null;
  address: string;
  tags: string[];
  created_at: string;
  updated_at: string;
  version: number;
}

export interface Identifiers {
  id: number;
  id_type: string;
  id_number: string | null;
  phone: string | null;
}

export interface User {
  id: number;
  username: string;
  display_name: string;
  role: string;
  jurisdiction_id: number | null;
  disabled: boolean;
  must_change_password: boolean;
  created_at: string;
  one_time_password?: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor_user_id: number;
  actor_name: string;
  action: string;
  record_type: string;
  record_id: number;
  remote_address: string;
  detail: string;
}

export interface AuditVerification {
  ok: boolean;
  entries_checked: number;
  first_bad_seq: number | null;
  problem: string;
}

export const ROLES = [
  'administrator',
  'commander',
  'health_staff',
  'community_police',
  'auxiliary_police',
  'grid_worker',
  'community_worker',
  'site_staff',
  'hotel_front_desk',
] as const;

export const PLACE_KINDS = ['city', 'district', 'street', 'community', 'grid', 'compound', 'building', 'unit', 'room'] as const;

export const PERSON_TAGS = ['elderly', 'pregnant', 'chronic_illness', 'disabled', 'child', 'lives_alone'] as const;

export interface Site {
  id: number;
  name: string;
  address: string;
  kind: string;
  node_id: number;
  capacity: number;
  occupied: number;
  available: number;
}

export interface Occupant {
  stay_id: number;
  order_id: number;
  person_id: number;
  name: string;
  sex: string;
  phone: string | null;
  checked_in_at: string;
  order_status: string;
  order_end_date: string;
}

export interface Room {
  id: number;
  site_id: number;
  number: string;
  floor: number | null;
  beds: number;
  family: boolean;
  occupied: number;
  limit: number;
  occupants: Occupant[];
}

export interface DayOccupancy {
  day: string;
  occupied: number;
  checked_in: number;
  checked_out: number;
}

export interface DueSlot {
  slot: number;
  name: string;
  due_by: string;
  done: boolean;
  check_id: number | null;
  temperature: number | null;
}

export interface DueItem {
  order_id: number;
  person_id: number;
  person_name: string;
  grid_id: number;
  site_id: number | null;
  room_number: string | null;
  kind: string;
  start_date: string;
  end_date: string;
  overdue: boolean;
  slots: DueSlot[];
}

export interface Alert {
  id: number;
  kind: string;
  order_id: number;
  person_id: number;
  status: string;
  detail: string;
  raised_at: string;
}

export interface Case {
  id: number;
  person_id: number;
  classification: string;
  onset_date: string | null;
  sampling_date: string | null;
  report_date: string | null;
  outcome: string | null;
  outcome_date: string | null;
  version: number;
}

export interface Exposure {
  id: number;
  person_id: number;
  source_person_id: number;
  setting: string;
  first_date: string;
  last_date: string;
  place: string;
  category: string;
}

export interface Chain {
  case_id: number;
  generation: number;
  ancestors: { case_id: number; distance: number }[];
  descendants: { case_id: number; distance: number }[];
  links: { source_case_id: number; target_case_id: number; settings: string[] }[];
}

export interface EpiCurve {
  by: string;
  from: string;
  to: string;
  days: { date: string; suspected: number; confirmed: number; asymptomatic: number; total: number }[];
}

export const CASE_CLASSIFICATIONS = ['suspected', 'confirmed', 'asymptomatic'] as const;
