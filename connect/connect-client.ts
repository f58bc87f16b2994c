import { OperatorError } from '../lib/env';

/** A failure talking to the Kafka Connect REST API, with the status and body it answered. */
export class ConnectApiError extends OperatorError {
  constructor(
    message: string,
    readonly status?: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, 'check Kafka Connect (npm run stack:status, .stack/logs/connect.log)', options);
    this.name = 'ConnectApiError';
  }
}

export type TaskState = { id: number; state: string; worker_id: string; trace?: string };
export type ConnectorStatus = {
  name: string;
  connector: { state: string; worker_id: string; trace?: string };
  tasks: TaskState[];
};

/** The few Connect REST calls SipEat needs; `fetchImpl` is injectable for clarity in tests. */
export function createConnectClient(options: { baseUrl: string; timeoutMs?: number }) {
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T | undefined> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ConnectApiError(`Kafka Connect is not reachable at ${baseUrl}`, undefined, {
        cause: error,
      });
    }
    if (response.status === 404) return undefined;
    const text = await response.text();
    if (!response.ok) {
      const message = safeMessage(text) ?? text.slice(0, 500);
      throw new ConnectApiError(
        `${method} ${path} failed with ${response.status}: ${message}`,
        response.status,
      );
    }
    return text ? (JSON.parse(text) as T) : undefined;
  }

  return {
    /** PUT is create-or-update, so applying the same config twice is harmless. */
    putConfig: (name: string, config: Record<string, string>) =>
      call<unknown>('PUT', `/connectors/${encodeURIComponent(name)}/config`, config),
    status: (name: string) =>
      call<ConnectorStatus>('GET', `/connectors/${encodeURIComponent(name)}/status`),
    config: (name: string) =>
      call<Record<string, string>>('GET', `/connectors/${encodeURIComponent(name)}/config`),
    restart: (name: string) =>
      call<unknown>(
        'POST',
        `/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=false`,
      ),
    pause: (name: string) => call<unknown>('PUT', `/connectors/${encodeURIComponent(name)}/pause`),
    resume: (name: string) =>
      call<unknown>('PUT', `/connectors/${encodeURIComponent(name)}/resume`),
    remove: (name: string) => call<unknown>('DELETE', `/connectors/${encodeURIComponent(name)}`),
  };
}

export type ConnectClient = ReturnType<typeof createConnectClient>;

function safeMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}
