import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, test } from 'vitest';
import { SupervisedProcess } from './supervised-process.js';

// The guarantee that a throwaway control plane stops by itself: its processes end when the
// test process ends (even by kill -9) and when their lifetime is over.

const dir = mkdtempSync(join(tmpdir(), 'tl-supervised-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(holds: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (holds()) return true;
    await sleep(50);
  }
  return holds();
}

// sh writes its pid, which then becomes sleep's, into the file.
function sleeper(pidFile: string): string[] {
  return ['-c', 'echo $$ >"$0"; exec sleep 300', pidFile];
}

async function pidFrom(pidFile: string): Promise<number> {
  expect(await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 10_000)).toBe(
    true,
  );
  return Number(readFileSync(pidFile, 'utf8'));
}

describe('SupervisedProcess', () => {
  test('stop() ends the command and reports its exit', async () => {
    const pidFile = join(dir, 'stop.pid');
    const p = new SupervisedProcess({
      command: 'sh',
      args: sleeper(pidFile),
      logFile: join(dir, 'stop.log'),
      lifetimeSeconds: 60,
    });
    const pid = await pidFrom(pidFile);
    expect(alive(pid)).toBe(true);
    expect(p.running).toBe(true);
    await p.stop();
    expect(p.running).toBe(false);
    expect(await until(() => !alive(pid), 5000)).toBe(true);
  });

  test('the command ends by itself when its lifetime is over', async () => {
    const p = new SupervisedProcess({
      command: 'sleep',
      args: ['300'],
      logFile: join(dir, 'life.log'),
      lifetimeSeconds: 1,
    });
    const started = Date.now();
    const code = await p.exited;
    // timeout(1) exits 124 when it had to stop the command.
    expect(code).toBe(124);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('what the command writes lands in the log', async () => {
    const p = new SupervisedProcess({
      command: 'sh',
      args: ['-c', 'echo to-stdout; echo to-stderr >&2'],
      logFile: join(dir, 'log.log'),
      lifetimeSeconds: 60,
    });
    expect(await p.exited).toBe(0);
    expect(p.logTail()).toContain('to-stdout');
    expect(p.logTail()).toContain('to-stderr');
  });

  test('the command ends when the process that started it is killed with SIGKILL', async () => {
    const pidFile = join(dir, 'orphan.pid');
    // A parent Node process that starts a supervised sleeper and then waits forever.
    const parentScript = `
      const { SupervisedProcess } = await import(${JSON.stringify(new URL('./supervised-process.ts', import.meta.url).href)});
      new SupervisedProcess(${JSON.stringify({ command: 'sh', args: sleeper(pidFile), logFile: join(dir, 'orphan.log'), lifetimeSeconds: 120 })});
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', parentScript], { stdio: 'ignore' });
    const pid = await pidFrom(pidFile);
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await until(() => !alive(pid), 5000)).toBe(true);
  });
});
