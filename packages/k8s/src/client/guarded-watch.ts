import { type KubeConfig, Watch } from '@kubernetes/client-node';
import type { RequestGuard } from './request-guard.js';

type WatchCallback = (phase: string, apiObj: unknown, watchObj?: unknown) => void;
type DoneCallback = (err: unknown) => void;

// client-node's Watch calls fetch itself, outside any HttpLibrary: this subclass admits each
// watch request through the guard first, so informers (ListWatch) built on it cannot open
// anything but a GET.
export class GuardedWatch extends Watch {
  readonly #guard: RequestGuard;

  constructor(config: KubeConfig, guard: RequestGuard) {
    super(config);
    this.#guard = guard;
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: WatchCallback,
    done: DoneCallback,
  ): Promise<AbortController> {
    const server = this.config.getCurrentCluster()?.server ?? 'http://invalid';
    try {
      // Watch always uses GET; the guard still sees the URL, so a connect-like path is refused.
      this.#guard.admit('GET', server.replace(/\/+$/, '') + path);
    } catch (e) {
      // Reported the way Watch reports its own failures, through done(), so an informer hears
      // it on its error callbacks instead of as an unhandled rejection on a reconnect.
      done(e);
      return new AbortController();
    }
    return super.watch(path, queryParams, callback, done);
  }
}
