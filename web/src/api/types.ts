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
