import { fileNameFromContentDisposition } from './format.js';

/** An answer other than 2xx, with the server's message ({ statusCode, error, message }). */
export class ApiError extends Error {
  constructor(
    /** 0 when the server could not be reached. */
    readonly status: number,
    message: string,
    /** Seconds, from Retry-After on a 429. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface Download {
  blob: Blob;
  fileName: string;
}

export interface ApiOptions {
  token(): string | null;
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

  /** A signed-in download: the file's bytes and the name from Content-Disposition. */
  async download(path: string, query?: Query): Promise<Download> {
    const response = await this.send('GET', withQuery(path, query));
    const fallback = path.split('/').pop() ?? 'download';
    return { blob: await response.blob(), fileName: fileNameFromContentDisposition(response.headers.get('content-disposition')) ?? fallback };
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const token = this.options.token();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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
  let message = response.statusText;
  try {
    const body = (await response.json()) as { message?: unknown };
    if (Array.isArray(body.message)) message = body.message.join('; ');
    else if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON (a proxy's error page): keep the status text.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(response.status, message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
}
