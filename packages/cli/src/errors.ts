// A usage error: bad flags or arguments. The CLI prints its one line and exits 2.
export type CliErrorCode = 'USAGE' | 'INPUT';

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;
  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
