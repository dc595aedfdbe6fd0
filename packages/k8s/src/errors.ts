// Errors of the observer. Callers and tests branch on `code`, never on the message.
export type K8sErrorCode =
  | 'WRITE_REFUSED' // the read-only client refused a request that is not a read (any non-GET method)
  | 'CONNECT_REFUSED' // the read-only client refused exec, attach, portforward or proxy: they act on pods
  | 'UNREACHABLE' // the API server could not be reached (connection refused, DNS, TLS, timeout)
  | 'API_ERROR' // the API server answered with an error status
  | 'INVALID_RESPONSE' // the API server's answer is not what the API promises
  | 'CONFIG_ERROR'; // no usable kubeconfig or in-cluster configuration, or an unknown context

export class K8sError extends Error {
  override readonly name = 'K8sError';
  readonly code: K8sErrorCode;
  /** The API server the request went to, when there was one. */
  readonly server: string | undefined;
  /** The HTTP status of an API_ERROR. */
  readonly status: number | undefined;

  constructor(
    code: K8sErrorCode,
    message: string,
    options: { server?: string | undefined; status?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.server = options.server;
    this.status = options.status;
  }
}

export function isK8sError(e: unknown): e is K8sError {
  return e instanceof K8sError;
}
