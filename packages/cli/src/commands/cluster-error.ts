import type { K8sError } from '@trustladder/k8s';

// One line naming the server and the problem, for a command that reads the cluster (observe,
// audit approvals --cluster): the cluster is not judged, and the exit code is 2.
export function clusterErrorLine(command: string, e: K8sError): string {
  const where = e.server ? `${e.server}: ` : '';
  const what = e.code === 'UNREACHABLE' ? 'cannot reach the cluster: ' : '';
  return `trustladder ${command}: ${what}${where}${e.message.split('\n')[0]}\n`;
}
