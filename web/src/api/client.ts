// The one way the UI talks to cordon's API: JSON in and out, the session cookie sent by
// the browser, the CSRF token echoed on every state-changing request, and problem+json
// errors turned into ApiError with per-field errors.

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors: FieldProblem[];
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title || problem.code);
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  get code(): string {
    return this.problem.code;
  }
  // The errors that concern `field`.
  fieldErrors(field: string): FieldProblem[] {
    return this.problem.errors.filter((e) => e.field === field);
  }
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

// Reads a problem+json body, or makes one from the status when the body is something else
// (a proxy's HTML page, a dropped connection).
export function toProblem(status: number, body: unknown): Problem {
  const b = (body ?? {}) as Partial<Problem>;
  return {
    status: typeof b.status === 'number' ? b.status : status,
    code: typeof b.code === 'string' ? b.code : status === 0 ? 'network_error' : `http_${status}`,
    title: typeof b.title === 'string' ? b.title : '',
    detail: typeof b.detail === 'string' ? b.detail : '',
    errors: Array.isArray(b.errors) ? b.errors.filter((e) => e && typeof e.field === 'string') : [],
  };
}

export function readCookie(name: string, cookies = document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

// Query string of the defined, non-empty parameters.
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

type UnauthorizedHandler = (problem: Problem) => void;
let onUnauthorized: UnauthorizedHandler = () => {};
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  body?: unknown;
  // Bytes sent as they are (a file to import), with their content type.
  raw?: Blob;
  contentType?: string;
  signal?: AbortSignal;
  idempotencyKey?: string;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.raw !== undefined) headers['Content-Type'] = options.contentType ?? 'application/octet-stream';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie('cordon_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(toProblem(0, null));
  }
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    const problem = toProblem(response.status, body);
    if (response.status === 401 && path !== '/session') onUnauthorized(problem);
    throw new ApiError(problem);
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, { signal }),
  post: <T>(path: string, body?: unknown, idempotencyKey?: string) =>
    request<T>('POST', path, { body: body ?? {}, idempotencyKey }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, file: Blob, contentType: string) => request<T>('POST', path, { raw: file, contentType }),
};

// A fresh key for one create; a retry of the same form submission reuses it.
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
