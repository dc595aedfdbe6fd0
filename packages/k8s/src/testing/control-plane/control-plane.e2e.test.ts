import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { e2eBinaries, rawRequest } from '../../e2e/e2e-environment.js';
import { type ControlPlane, startControlPlane } from './control-plane.js';

// The throwaway control plane itself: loopback only, real authentication and RBAC, and
// nothing left behind after stop().

const binaries = e2eBinaries();

function connects(server: string): Promise<boolean> {
  const { hostname, port } = new URL(server);
  return new Promise((resolveConnect) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once('error', () => resolveConnect(false));
  });
}

describe.skipIf(binaries === undefined)('startControlPlane', () => {
  let plane: ControlPlane;
  beforeAll(async () => {
    plane = await startControlPlane({
      binaries: binaries as NonNullable<typeof binaries>,
      users: [{ name: 'nobody', groups: ['acme:nobodies'] }],
    });
  });
  afterAll(async () => {
    await plane?.stop();
  });

  test('serves HTTPS on 127.0.0.1 with a certificate for that address', async () => {
    expect(plane.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await rawRequest(plane, plane.adminToken, 'GET', '/readyz');
    expect(r).toEqual({ status: 200, body: 'ok' });
  });

  test('authenticates by token and authorizes by RBAC', async () => {
    const admin = await rawRequest(plane, plane.adminToken, 'GET', '/api/v1/namespaces');
    expect(admin.status).toBe(200);
    const nobody = await rawRequest(plane, plane.tokens.get('nobody') ?? '', 'GET', '/api/v1/namespaces');
    expect(nobody.status).toBe(403);
    expect(JSON.parse(nobody.body).message).toContain('"nobody"');
    const stranger = await rawRequest(plane, 'not-a-token', 'GET', '/api/v1/namespaces');
    expect(stranger.status).toBe(401);
  });

  test('two control planes run side by side on different ports, and stop() removes everything', async () => {
    const other = await startControlPlane({ binaries: binaries as NonNullable<typeof binaries> });
    expect(other.server).not.toBe(plane.server);
    expect(await connects(other.server)).toBe(true);
    expect((await rawRequest(other, other.adminToken, 'GET', '/readyz')).status).toBe(200);
    // Tokens are per control plane.
    expect((await rawRequest(other, plane.adminToken, 'GET', '/readyz')).status).toBe(401);
    await other.stop();
    expect(existsSync(other.dir)).toBe(false);
    expect(await connects(other.server)).toBe(false);
  });
});
