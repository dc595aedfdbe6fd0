import {
  type HttpLibrary,
  IsomorphicFetchHttpLibrary,
  Observable,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { RequestGuard } from './request-guard.js';

// The HttpLibrary every typed API client of the observer is configured with: each request is
// admitted by the guard before the inner library (client-node's fetch) sends it. A refused
// request fails its Observable and never reaches the network.
export class GuardedHttpLibrary implements HttpLibrary {
  readonly #guard: RequestGuard;
  readonly #inner: HttpLibrary;

  constructor(guard: RequestGuard, inner: HttpLibrary = new IsomorphicFetchHttpLibrary()) {
    this.#guard = guard;
    this.#inner = inner;
  }

  send(request: RequestContext): Observable<ResponseContext> {
    try {
      this.#guard.admit(request.getHttpMethod(), request.getUrl());
    } catch (e) {
      return new Observable<ResponseContext>(Promise.reject(e));
    }
    return this.#inner.send(request);
  }
}
