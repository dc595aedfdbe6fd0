export interface TokenKubeconfigOptions {
  readonly server: string;
  readonly caFile: string;
  readonly token: string;
  /** The user's and the context's name in the file. */
  readonly user: string;
  readonly namespace?: string;
}

/** A kubeconfig (YAML) for one bearer token against one server, verified with its CA. */
export function tokenKubeconfig(options: TokenKubeconfigOptions): string {
  // JSON is YAML: quoting every value keeps tokens and paths from being read as YAML syntax.
  const q = (s: string) => JSON.stringify(s);
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: e2e`,
    `    cluster: { server: ${q(options.server)}, certificate-authority: ${q(options.caFile)} }`,
    'users:',
    `  - name: ${q(options.user)}`,
    `    user: { token: ${q(options.token)} }`,
    'contexts:',
    `  - name: ${q(options.user)}`,
    `    context: { cluster: e2e, user: ${q(options.user)}, namespace: ${q(options.namespace ?? 'default')} }`,
    `current-context: ${q(options.user)}`,
    '',
  ].join('\n');
}
