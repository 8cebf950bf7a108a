import { fileNameFromContentDisposition } from './format.js';

/** One field a validation error names (`fields` of the error body). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * An answer other than 2xx: the server's `code`, which the pages decide on, and its `message`,
 * written in the language the page asked for, which they show as it is.
 */
export class ApiError extends Error {
  constructor(
    /** 0 when the server could not be reached. */
    readonly status: number,
    message: string,
    /** Seconds, from Retry-After on a 429. */
    readonly retryAfter: number | null = null,
    /** The error body's `code` (stale_version, validation_failed …); null when there was none. */
    readonly code: string | null = null,
    /** For a validation error: each field that failed. */
    readonly fields: readonly FieldError[] = [],
    /** The error body's `requestId`, to quote to an administrator. */
    readonly requestId: string | null = null,
  ) {
    super(message);
  }

  /** Whether the server named `field` among the fields that failed. */
  names(field: string): boolean {
    return this.fields.some((f) => f.field === field);
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface Download {
  blob: Blob;
  fileName: string;
}

export interface ApiOptions {
  token(): string | null;
  /** The page's language as an Accept-Language value (`zh-CN`, `en`): the server writes its messages in it. */
  language(): string;
  /** Called when a signed-in request answers 401: the token expired or the session was ended. */
  onUnauthorized(): void;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Calls under /api with the bearer token; JSON in and out, or a file as a Blob. */
export class Api {
  constructor(private readonly options: ApiOptions) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.json<T>('GET', withQuery(path, query));
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('POST', path, body);
  }

  /** A multipart form (a file upload): the browser writes its Content-Type with the boundary. */
  postForm<T>(path: string, form: FormData): Promise<T> {
    return this.json<T>('POST', path, form);
  }

  /** A signed-in file's bytes, e.g. an image to show through URL.createObjectURL (an <img src> cannot send the token). */
  async blob(path: string): Promise<Blob> {
    return (await this.send('GET', path)).blob();
  }

  /** A DELETE: its answer (204) has no body to read. */
  async delete(path: string): Promise<void> {
    await this.send('DELETE', path);
  }

  /** A signed-in download: the file's bytes and the name from Content-Disposition. */
  async download(path: string, query?: Query): Promise<Download> {
    const response = await this.send('GET', withQuery(path, query));
    const fallback = path.split('/').pop() ?? 'download';
    return {
      blob: await response.blob(),
      fileName: fileNameFromContentDisposition(response.headers.get('content-disposition')) ?? fallback,
    };
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const token = this.options.token();
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': this.options.language() };
    if (token) headers.authorization = `Bearer ${token}`;
    // A form goes as it is: the browser writes its multipart Content-Type, boundary included.
    const payload: BodyInit | undefined = body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body);
    if (typeof payload === 'string') headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`/api${path}`, { method, headers, body: payload });
    } catch (error) {
      throw new ApiError(0, error instanceof Error ? error.message : String(error));
    }
    if (response.ok) return response;
    const error = await errorOf(response);
    if (response.status === 401 && token) this.options.onUnauthorized();
    throw error;
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: { message?: unknown; code?: unknown; fields?: unknown; requestId?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): keep the status text.
  }
  const message =
    typeof body.message === 'string' ? body.message : Array.isArray(body.message) ? body.message.join('; ') : response.statusText;
  const fields = Array.isArray(body.fields) ? body.fields.filter(isFieldError) : [];
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    message,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    typeof body.code === 'string' ? body.code : null,
    fields,
    typeof body.requestId === 'string' ? body.requestId : null,
  );
}

function isFieldError(value: unknown): value is FieldError {
  const f = value as Partial<FieldError> | null;
  return typeof f === 'object' && f !== null && typeof f.field === 'string' && typeof f.code === 'string' && typeof f.message === 'string';
}
