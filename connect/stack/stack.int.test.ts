import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTemplate, stackLayout } from './layout';
import { startPostgres } from './postgres';
import { StackError } from './processes';
import { stackUp } from './stack';
import { findPostgresBin } from './toolchain';

const nativeStack = (process.env.SIPEAT_STACK ?? 'native') === 'native';

describe('stack launcher', () => {
  it.skipIf(!nativeStack)('leaves a running stack alone when asked to start it again', async () => {
    const steps: Record<string, string> = {};
    await stackUp(stackLayout(), { javaHome: process.env.JAVA_HOME }, (step, outcome) => {
      steps[step] = outcome;
    });
    expect(steps).toMatchObject({
      postgres: 'running',
      kafka: 'running',
      connect: 'running',
      jars: 'cached',
    });
  });

  it('refuses to start on a port another process holds, and says what to do', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sipeat-stack-'));
    try {
      const attempt = startPostgres(
        stackLayout(root, { postgres: port }),
        findPostgresBin(process.env.PG_BIN),
      );
      await expect(attempt).rejects.toBeInstanceOf(StackError);
      await expect(attempt).rejects.toThrow(`port ${port} is taken`);
      expect(fs.existsSync(path.join(root, 'pg'))).toBe(false);
    } finally {
      squatter.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('fills config templates and rejects a placeholder without a value', () => {
    expect(renderTemplate('port=${KAFKA_PORT}', { KAFKA_PORT: 19092 })).toBe('port=19092');
    expect(() => renderTemplate('dir=${DATA_DIR}', {})).toThrow('${DATA_DIR}');
  });
});
